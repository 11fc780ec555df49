"""`midi-diag rk004` where no MIDI system is needed: dry runs, argument errors, the reset question."""

from __future__ import annotations

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest

from diag.commands import rk004
from diag.errors import UsageError
from diag.rk004.client import WriteCheck
from diag.rk004.params import find_param
from diag.rk004.ports import PortPair
from tests.rk004.hub_process import midi_diag
from tests.support.jack import client_env

NO_MIDI = client_env("no-such-jack-server")
"""An environment in which any attempt to open a port fails with exit 3."""


def test_dry_run_prints_the_published_example_frame_and_needs_no_midi_system() -> None:
    result = midi_diag(NO_MIDI, "rk004", "set", "SYNCOUT_PPSN=6", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "F0 00 21 23 00 04 03 00 05 06 F7  SET SYNCOUT_PPSN (param 5) = 6",
        "F0 00 21 23 00 04 04 00 05 F7     GET SYNCOUT_PPSN (param 5): read back",
    ]
    assert result.stdout.startswith("dry run: nothing is sent.")
    assert result.stderr == ""


def test_dry_run_with_commit_shows_the_commit_last_and_values_above_127() -> None:
    result = midi_diag(NO_MIDI, "rk004", "set", "din1-mode=midi_out", "4=200", "--commit", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "F0 00 21 23 00 04 03 00 08 06 F7  SET DIN1_MODE (param 8) = 6 (MIDI_OUT)",
        "F0 00 21 23 00 04 04 00 08 F7     GET DIN1_MODE (param 8): read back",
        "F0 00 21 23 00 04 03 02 04 48 F7  SET SYNCOUT_MODE (param 4) = 200 (BATTSYNTH)",
        "F0 00 21 23 00 04 04 00 04 F7     GET SYNCOUT_MODE (param 4): read back",
        "F0 00 21 23 00 04 07 F7           COMMIT: store, sent only if every read-back matched",
    ]


def test_a_dry_run_checks_values_like_a_real_one() -> None:
    result = midi_diag(NO_MIDI, "rk004", "set", "DIN2_MODE=UART@31250", "--dry-run")
    assert result.returncode == 2
    assert result.stderr.startswith("midi-diag: DIN2_MODE has no value 'UART@31250'; known: SYNCOUT_POS_SHORT,")
    assert result.stdout == ""


def test_set_without_ports_is_a_usage_error_after_checking_the_values() -> None:
    result = midi_diag(NO_MIDI, "rk004", "set", "DIN1_MODE=MIDI_OUT")
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "midi-diag: rk004 needs --in PORT and --out PORT: the ports the hub answers on and listens to"
    )


def test_rk004_help_names_every_action_and_an_action_is_required() -> None:
    result = midi_diag(NO_MIDI, "rk004", "--help")
    assert result.returncode == 0
    for action in ("dump", "get", "set", "commit", "reset", "backup", "restore"):
        assert f"    {action} " in result.stdout
    assert midi_diag(NO_MIDI, "rk004").returncode == 2
    missing_ports = midi_diag(NO_MIDI, "rk004", "dump")
    assert missing_ports.returncode == 2 and "--in" in missing_ports.stderr


def test_the_midi_system_being_absent_is_exit_3() -> None:
    result = midi_diag(NO_MIDI, "rk004", "dump", "--in", "a", "--out", "b", "--api", "jack")
    assert result.returncode == 3
    assert "'jack' is not available" in result.stderr


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def reset_args(**options: object) -> argparse.Namespace:
    return argparse.Namespace(**({"yes": False, "in_port": "rk004", "out_port": "rk004", "api": "jack",
                                  "timeout": 0.1} | options))


@pytest.mark.parametrize("answer", ["", "n\n", "no\n", "maybe\n"])
def test_reset_on_a_terminal_asks_and_anything_but_yes_sends_nothing(monkeypatch, capsys, answer: str) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal(answer))
    monkeypatch.setattr(rk004, "_connected", _must_not_connect)
    assert rk004.reset(reset_args()) == 0
    captured = capsys.readouterr()
    assert "to its factory settings? The current settings are backed up first. [y/N]" in captured.err
    assert captured.out == "not reset: nothing was sent to the hub\n"


@pytest.mark.parametrize("answer", ["y\n", "YES\n"])
def test_reset_on_a_terminal_goes_ahead_on_yes(monkeypatch, answer: str) -> None:
    monkeypatch.setattr("sys.stdin", FakeTerminal(answer))
    monkeypatch.setattr(rk004, "_connected", _must_not_connect)
    with pytest.raises(AssertionError, match="connected"):
        rk004.reset(reset_args())


def test_reset_without_a_terminal_and_without_yes_refuses(monkeypatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("y\n"))
    monkeypatch.setattr(rk004, "_connected", _must_not_connect)
    with pytest.raises(UsageError, match="add --yes"):
        rk004.reset(reset_args())


def _must_not_connect(*args: object, **kwargs: object) -> None:
    raise AssertionError("connected")


class InterruptedClient:
    """A client whose write is cut off by Ctrl-C after the first change was set and read back."""

    def write_verified(self, changes, *, commit, journal):
        journal.planned = ((find_param("DIN1_MODE"), 6), (find_param("DIN2_MODE"), 5))
        journal.checks.append(WriteCheck(find_param("DIN1_MODE"), 6, 6, 6))
        journal.pending = (find_param("DIN2_MODE"), 5)
        raise KeyboardInterrupt


def test_ctrl_c_in_the_middle_of_a_write_reports_what_the_hub_holds(capsys) -> None:
    hub = rk004.Hub(PortPair("jack", "rk004-01:out", "rk004:in"), InterruptedClient())  # type: ignore[arg-type]
    saved = rk004.SavedState(Path("b.json"), {8: 4, 9: 4}, "midi-diag rk004 restore b.json")
    with pytest.raises(KeyboardInterrupt):
        rk004._guarded_write(hub, saved, {}, commit=True)
    report = capsys.readouterr().err
    assert report.startswith("midi-diag: interrupted. Set and read back (confirmed): DIN1_MODE = 6 (MIDI_OUT). ")
    assert "Sent, not confirmed (unknown): DIN2_MODE = 4 (MIDI_AUTO) or 5 (MIDI_IN)" in report
    assert report.rstrip().endswith("run: midi-diag rk004 restore b.json")


def test_the_emulator_process_without_a_midi_system_is_exit_3_in_one_line() -> None:
    result = subprocess.run([sys.executable, "-m", "diag.rk004.virtual", "--api", "jack"], env=NO_MIDI,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30, check=False)
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr.startswith("rk004 emulator: the MIDI system 'jack' is not available")
    assert len(result.stderr.strip().splitlines()) == 1
