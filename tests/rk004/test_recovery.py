"""What a cut-off write reports: the hub's state parameter by parameter, whether it is stored, and the undo."""

from __future__ import annotations

import shlex
from pathlib import Path

from diag.rk004.client import WriteCheck, WriteJournal
from diag.rk004.params import find_param
from diag.rk004.ports import PortPair
from diag.rk004.recovery import (
    command_line,
    interrupted_request,
    interrupted_write,
    restore_command,
)

PORTS = PortPair("alsa", "RK-004 MIDI 1 24:0", "RK-004 MIDI 1 24:0")
UNDO = "midi-diag rk004 restore b.json"
DIN1, DIN2 = find_param("DIN1_MODE"), find_param("DIN2_MODE")
BEFORE = {8: 4, 9: 4}


def test_the_undo_command_is_quoted_for_the_shell() -> None:
    command = restore_command(Path("/home/ann/my backups/b.json"), PORTS)
    assert shlex.split(command) == [
        "midi-diag", "rk004", "restore", "/home/ann/my backups/b.json",
        "--in", "RK-004 MIDI 1 24:0", "--out", "RK-004 MIDI 1 24:0", "--api", "alsa",
    ]
    assert shlex.split(command_line("commit", PORTS))[:3] == ["midi-diag", "rk004", "commit"]


def test_a_set_that_went_unanswered_at_once_leaves_the_old_value_or_the_new_one() -> None:
    journal = WriteJournal(pending=(DIN1, 6))
    message = interrupted_write("RK-004 did not answer SET DIN1_MODE", journal, BEFORE, UNDO)
    assert message == (
        "RK-004 did not answer SET DIN1_MODE. The hub now holds: DIN1_MODE = 4 (MIDI_AUTO) or 6 (MIDI_OUT) "
        "(its set went unanswered); the other 17 parameters are unchanged. Nothing was committed: switching the "
        "hub off and on brings back its stored settings. To go back to the settings from before this command, "
        f"run: {UNDO}"
    )


def test_an_echoed_set_whose_read_back_went_unanswered_is_named_as_set() -> None:
    journal = WriteJournal([WriteCheck(DIN1, 6, 6, 6)], pending=(DIN2, 5), pending_echo=5)
    message = interrupted_write("cut off", journal, BEFORE, UNDO)
    assert "DIN1_MODE = 6 (MIDI_OUT) (read back); DIN2_MODE = 5 (MIDI_IN) (set and echoed, not read back); " \
           "the other 16 parameters are unchanged." in message


def test_a_change_that_did_not_take_shows_what_the_hub_holds_instead() -> None:
    journal = WriteJournal([WriteCheck(DIN1, 6, 6, 4)], pending=(DIN2, 5))
    message = interrupted_write("cut off", journal, BEFORE, UNDO)
    assert "DIN1_MODE = 4 (MIDI_AUTO) (did not take; 6 was asked)" in message
    assert "DIN2_MODE = 4 (MIDI_AUTO) or 5 (MIDI_IN)" in message


def test_an_unanswered_commit_may_or_may_not_have_stored() -> None:
    journal = WriteJournal([WriteCheck(DIN1, 6, 6, 6)], commit_sent=True)
    message = interrupted_write("RK-004 did not answer COMMIT", journal, BEFORE, UNDO)
    assert "The hub now holds: DIN1_MODE = 6 (MIDI_OUT) (read back); the other 17 parameters are unchanged." in message
    assert "The COMMIT went unanswered, so these may or may not be stored" in message


def test_nothing_answered_means_nothing_changed() -> None:
    message = interrupted_write("interrupted", WriteJournal(), BEFORE, UNDO)
    assert message.startswith("interrupted. Nothing was sent before that, so the hub holds what it held before.")


def test_a_single_request_that_went_unanswered_points_at_the_backup() -> None:
    message = interrupted_request("RK-004 did not answer FACTORY RESET", "reset itself to factory settings",
                                  Path("b.json"), UNDO)
    assert message == (
        "RK-004 did not answer FACTORY RESET. The hub may or may not have reset itself to factory settings. "
        f"The settings from before are in b.json; to write them back, run: {UNDO}"
    )
