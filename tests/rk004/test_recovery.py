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
DIN1, DIN2, DIN3 = find_param("DIN1_MODE"), find_param("DIN2_MODE"), find_param("DIN3_MODE")
BEFORE = {8: 4, 9: 4, 10: 4}
PLAN = ((DIN1, 6), (DIN2, 5), (DIN3, 6))


def test_the_undo_command_is_quoted_for_the_shell_and_repeats_an_unusual_timeout() -> None:
    command = restore_command(Path("/home/ann/my backups/b.json"), PORTS)
    assert shlex.split(command) == [
        "midi-diag", "rk004", "restore", "/home/ann/my backups/b.json",
        "--in", "RK-004 MIDI 1 24:0", "--out", "RK-004 MIDI 1 24:0", "--api", "alsa",
    ]
    assert shlex.split(command_line("commit", PORTS))[:3] == ["midi-diag", "rk004", "commit"]
    assert shlex.split(restore_command(Path("b.json"), PORTS, timeout=2.0))[-2:] == ["--timeout", "2"]


def test_a_set_that_went_unanswered_at_once_leaves_the_old_value_or_the_new_one() -> None:
    journal = WriteJournal(PLAN, pending=(DIN1, 6))
    message = interrupted_write("RK-004 did not answer SET DIN1_MODE", journal, BEFORE, UNDO)
    assert message == (
        "RK-004 did not answer SET DIN1_MODE. Sent, not confirmed (unknown): DIN1_MODE = 4 (MIDI_AUTO) or "
        "6 (MIDI_OUT): its SET went out and no answer came back. Not sent: DIN2_MODE keeps 4 (MIDI_AUTO), "
        "DIN3_MODE keeps 4 (MIDI_AUTO). The other 15 parameters were not touched. Nothing was committed: "
        "switching the hub off and on brings back its stored settings. To go back to the settings from before "
        f"this command, run: {UNDO}"
    )


def test_an_echoed_set_whose_read_back_went_unanswered_is_named_as_set() -> None:
    journal = WriteJournal(PLAN, [WriteCheck(DIN1, 6, 6, 6)], pending=(DIN2, 5), pending_echo=5)
    message = interrupted_write("cut off", journal, BEFORE, UNDO)
    assert ("Set and read back (confirmed): DIN1_MODE = 6 (MIDI_OUT). Sent, not confirmed (unknown): "
            "DIN2_MODE = 5 (MIDI_IN) by its echo, not read back. Not sent: DIN3_MODE keeps 4 (MIDI_AUTO). "
            "The other 15 parameters were not touched.") in message


def test_a_set_held_back_by_xoff_counts_as_not_sent() -> None:
    journal = WriteJournal(PLAN, [WriteCheck(DIN1, 6, 6, 6)], pending=(DIN2, 5), pending_sent=False)
    message = interrupted_write("held", journal, BEFORE, UNDO)
    assert "Sent, not confirmed" not in message
    assert "Not sent: DIN2_MODE keeps 4 (MIDI_AUTO), DIN3_MODE keeps 4 (MIDI_AUTO)." in message


def test_a_change_that_did_not_take_shows_what_the_hub_holds_instead() -> None:
    journal = WriteJournal(PLAN, [WriteCheck(DIN1, 6, 6, 4)], pending=(DIN2, 5))
    message = interrupted_write("cut off", journal, BEFORE, UNDO)
    assert "Did not take (read back): DIN1_MODE = 4 (MIDI_AUTO), not the 6 asked." in message
    assert "DIN2_MODE = 4 (MIDI_AUTO) or 5 (MIDI_IN)" in message


def test_values_that_read_back_unchanged_are_counted_not_listed() -> None:
    journal = WriteJournal(PLAN, [WriteCheck(DIN1, 4, 4, 4), WriteCheck(DIN2, 5, 5, 5)], pending=(DIN3, 6))
    message = interrupted_write("cut off", journal, BEFORE, UNDO, finish="midi-diag rk004 restore a.json")
    assert "Set and read back (confirmed): DIN2_MODE = 5 (MIDI_IN); 1 more read back the value it already had." \
        in message
    assert message.endswith(f"run: {UNDO} To finish the restore instead, run: midi-diag rk004 restore a.json")


def test_an_unanswered_commit_may_or_may_not_have_stored() -> None:
    journal = WriteJournal(PLAN[:1], [WriteCheck(DIN1, 6, 6, 6)], commit_sent=True)
    message = interrupted_write("RK-004 did not answer COMMIT", journal, BEFORE, UNDO)
    assert "Set and read back (confirmed): DIN1_MODE = 6 (MIDI_OUT). The other 17 parameters were not touched." \
        in message
    assert "the hub may or may not have stored these values" in message
    assert "Nothing was committed" not in message


def test_nothing_answered_means_nothing_changed() -> None:
    message = interrupted_write("interrupted", WriteJournal(PLAN, pending=(DIN1, 6), pending_sent=False),
                                BEFORE, UNDO)
    assert message.startswith("interrupted. Nothing of this write reached the hub, so it holds what it held before."
                              " Nothing was committed")


def test_a_single_request_that_went_unanswered_points_at_the_backup() -> None:
    message = interrupted_request("RK-004 did not answer FACTORY RESET", "reset itself to factory settings",
                                  Path("b.json"), UNDO)
    assert message == (
        "RK-004 did not answer FACTORY RESET. The hub may or may not have reset itself to factory settings. "
        f"The settings from before are in b.json; to write them back, run: {UNDO}"
    )
    held = interrupted_request("RK-004 held XOFF", "stored its current settings", Path("b.json"), UNDO, sent=False)
    assert "It never went out, so the hub has not stored its current settings" in held
