"""`midi-diag diagnose` and `midi-diag checks` as a user runs them: exit codes, one-line errors, files."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from diag.events import MidiEvent
from tests.engine.builders import clock, merged, notes, raw, sensing
from tests.support.jack import client_env

NO_MIDI = client_env("no-such-jack-server")

RIG = """
[rig]
name = "KeyStep and Digitakt"

[devices.keystep]
model = "arturia-keystep"
settings = { channel = 1 }

[devices.digitakt]
model = "elektron-digitakt"

[devices.computer]
model = "computer"

[[connections]]
from = "keystep.out"
to = "digitakt.in"

[[connections]]
from = "keystep.usb"
to = "computer.usb"

[[observe]]
port = "KeyStep"
sees = "keystep.usb"
"""


def midi_diag(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "diag", *args], capture_output=True, text=True, timeout=60,
                          env=env or NO_MIDI)


def write_capture(path: Path, events: list[MidiEvent], ports: list[str]) -> Path:
    lines = [json.dumps({"midi_diag_capture": 1, "ports": ports})]
    lines += [json.dumps({"t": e.t, "port": e.port, "data": e.data.hex(" ").upper(), "step": e.step}) for e in events]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def healthy(tmp_path):
    events = merged(notes("KeyStep 32", [60, 62, 64]), clock("KeyStep 32", beats=4), sensing("KeyStep 32", 2))
    return write_capture(tmp_path / "healthy.jsonl", events, ["KeyStep 32"])


@pytest.fixture
def stuck(tmp_path):
    events = merged([raw("KeyStep 32", 0.1, "90 48 64")], clock("KeyStep 32", beats=8))
    return write_capture(tmp_path / "stuck.jsonl", events, ["KeyStep 32"])


def test_a_healthy_capture_is_exit_0_with_the_text_report(healthy):
    result = midi_diag("diagnose", "--capture", str(healthy))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("MIDI diagnosis: ") and "PASS" in result.stdout and "FAIL" not in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour


def test_a_failed_finding_is_exit_1_and_the_report_goes_to_the_file(stuck, tmp_path):
    output = tmp_path / "report.json"
    result = midi_diag("diagnose", "--capture", str(stuck), "--format", "json", "-o", str(output))
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and result.stderr == f"report written to {output}\n"
    report = json.loads(output.read_text())
    assert report["findings"][0]["check"] == "stuck-notes" and report["findings"][0]["status"] == "fail"
    assert report["rig"] is None and report["environment"]["api"] is None


@pytest.mark.parametrize("format, start", [("md", "## MIDI diagnosis"), ("html", "<!DOCTYPE html>")])
def test_every_format_prints(healthy, format, start):
    result = midi_diag("diagnose", "--capture", str(healthy), "--format", format)
    assert result.returncode == 0 and result.stdout.startswith(start)


def test_with_a_rig_the_report_shows_it(healthy, tmp_path):
    rig = tmp_path / "rig.toml"
    rig.write_text(RIG)
    result = midi_diag("diagnose", "--rig", str(rig), "--capture", str(healthy), "--format", "json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["rig"]["name"] == "KeyStep and Digitakt"
    assert [d["name"] for d in report["rig"]["devices"]] == ["keystep", "digitakt", "computer"]


def one_line_error(result: subprocess.CompletedProcess, code: int = 2) -> str:
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("midi-diag: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


def test_a_capture_port_the_rig_does_not_observe_is_exit_2_naming_port_and_file(tmp_path):
    capture = write_capture(tmp_path / "other.jsonl", notes("Mystery Synth", [60]), ["Mystery Synth"])
    rig = tmp_path / "rig.toml"
    rig.write_text(RIG)
    error = one_line_error(midi_diag("diagnose", "--rig", str(rig), "--capture", str(capture)))
    assert f"{capture}: port 'Mystery Synth' is not observed in the rig file" in error


def test_unreadable_inputs_are_exit_2(tmp_path, healthy):
    assert "no-such.jsonl" in one_line_error(midi_diag("diagnose", "--capture", str(tmp_path / "no-such.jsonl")))
    broken = tmp_path / "broken.toml"
    broken.write_text("[devices.keystep\nmodel = 1\n")
    assert f"{broken}:1" in one_line_error(midi_diag("diagnose", "--rig", str(broken), "--capture", str(healthy)))
    bad_line = tmp_path / "bad.jsonl"
    bad_line.write_text('{"t": 0, "port": "A", "data": "zz"}\n{"t": 1, "port": "A", "data": "90 3C 64"}\n')
    assert "line 1" in one_line_error(midi_diag("diagnose", "--capture", str(bad_line)))
    unwritable = tmp_path / "no-dir" / "r.md"
    assert "cannot write" in one_line_error(midi_diag("diagnose", "--capture", str(healthy), "-o", str(unwritable)))


def test_usage_errors_are_exit_2():
    assert "nothing to diagnose" in one_line_error(midi_diag("diagnose"))
    error = one_line_error(midi_diag("diagnose", "--listen", "a", "--seconds", "1", "--listen", "b", "--step", "x"))
    assert "each --listen PORT needs its own --seconds S and --step NAME" in error
    assert midi_diag("diagnose", "--capture", "x.jsonl", "--format", "pdf").returncode == 2


def test_listening_without_a_midi_system_is_exit_3():
    error = one_line_error(midi_diag("diagnose", "--listen", "a", "--seconds", "1", "--step", "keys",
                                     "--api", "jack"), code=3)
    assert "jack" in error


def test_checks_lists_every_check_with_its_page():
    result = midi_diag("checks")
    assert result.returncode == 0 and result.stderr == ""
    for check_id in ("no-traffic", "feedback-loop", "stuck-notes", "clock", "malformed"):
        assert f"docs: docs/checks/{check_id}.md" in result.stdout
    rows = json.loads(midi_diag("checks", "--json").stdout)
    assert {"id", "title", "symptom", "docs"} == set(rows[0])
    assert {row["id"] for row in rows} >= {"no-traffic", "clock"}
