"""`midi-diag demo` and the errors of `simulate`, run as a user runs them."""

import json
import subprocess
import sys

from diag.sim import scenario_names
from tests.sim.support import write_scenario


def midi_diag(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "diag", *args], capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, check=False)


def test_list_names_and_describes_every_scenario_and_marks_the_default():
    result = midi_diag("demo", "--list")
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == scenario_names()
    assert all(len(line.split()) > 3 for line in lines)
    assert sum("(the default)" in line for line in lines) == 1


def test_headless_on_a_forum_case_prints_the_report_and_exits_1():
    result = midi_diag("demo", "loopback-mode", "--headless", "--fast", "--format", "json")
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "midi-diag/report/1" and report["environment"]["api"] == "simulated"
    assert "fail" in {f["status"] for f in report["findings"] if f["check"] == "no-traffic"}
    assert "see it work: midi-diag demo loopback-mode --headless --fixed" in result.stderr


def test_headless_with_the_fix_exits_0_and_writes_the_report_where_asked(tmp_path):
    output = tmp_path / "report.md"
    result = midi_diag("demo", "loopback-mode", "--headless", "--fast", "--fixed", "--format", "md", "-o", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and output.read_text(encoding="utf-8").startswith("#")
    assert f"report written to {output}" in result.stderr and "with the fix applied" in result.stderr


def test_without_a_terminal_the_report_comes_instead_of_the_wizard_with_a_one_line_note():
    result = midi_diag("demo", "--fast")
    assert result.returncode in (0, 1)
    assert result.stderr.splitlines()[0].startswith("not a terminal, so no wizard")
    assert "MIDI diagnosis" in result.stdout and "auto-channel" in result.stderr


def test_an_unknown_scenario_is_exit_2_naming_the_known_ones():
    result = midi_diag("demo", "no-such-case")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "unknown scenario 'no-such-case'" in result.stderr
    assert "healthy-rk004-hub" in result.stderr


def test_a_scenario_file_that_does_not_validate_is_exit_2_with_its_line(tmp_path):
    path = write_scenario(tmp_path, "mine", '[scenario]\nname = "mine"\ndescription = "x"\nrig = "auto-channel"\n'
                                            '[[steps]]\nname = "keys"\ndevice = "keystep"\nsay = "x"\nnotes = [200]\n')
    result = midi_diag("demo", str(path), "--headless")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert f"{path}:9: steps #1.notes #1: 200 is not a whole number from 0 to 127" in result.stderr


def test_simulate_on_winmm_is_exit_3_in_one_line():
    result = midi_diag("simulate", "auto-channel", "--api", "winmm")
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert "cannot create virtual ports" in result.stderr


def test_simulate_with_an_unknown_step_is_exit_2():
    result = midi_diag("simulate", "auto-channel", "--step", "sequencer", "--api", "jack")
    assert result.returncode == 2 and "its steps: 1 keys, 2 pads" in result.stderr
