"""What an RK-004 holds after a write that stopped half-way, and the one command that undoes it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

from diag.rk004.client import WriteCheck, WriteJournal
from diag.rk004.params import PARAMS, Param
from diag.rk004.ports import PortPair


def command_line(action: str, ports: PortPair, *arguments: str) -> str:
    """A shell-quoted `midi-diag rk004` command line for the hub on these ports, ready to paste."""
    words = ["midi-diag", "rk004", action, *arguments, "--in", ports.input, "--out", ports.output,
             "--api", ports.api]
    return " ".join(shlex.quote(word) for word in words)


def restore_command(backup: Path, ports: PortPair) -> str:
    """The command line that writes a backup back to the hub on these ports, verifies it and commits."""
    return command_line("restore", ports, str(backup))


def interrupted_write(cause: str, journal: WriteJournal, before: Mapping[int, int], undo: str) -> str:
    """One line: why the write stopped, what the hub now holds, whether any of it is stored, and the undo."""
    return " ".join([
        _sentence(cause),
        _holds(journal, before),
        _stored(journal),
        f"To go back to the settings from before this command, run: {undo}",
    ])


def interrupted_request(cause: str, effect: str, backup: Path, undo: str) -> str:
    """One line for a single write request (commit, factory reset) that went unanswered."""
    return (f"{_sentence(cause)} The hub may or may not have {effect}. The settings from before are in "
            f"{backup}; to write them back, run: {undo}")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _holds(journal: WriteJournal, before: Mapping[int, int]) -> str:
    parts = [_checked(check) for check in journal.checks]
    if journal.pending is not None:
        parts.append(_pending(journal, before))
    touched = {check.param.number for check in journal.checks}
    if journal.pending is not None:
        touched.add(journal.pending[0].number)
    untouched = len(PARAMS) - len(touched)
    if not parts:
        return "Nothing was sent before that, so the hub holds what it held before."
    rest = f"; the other {untouched} parameters are unchanged" if untouched else ""
    return f"The hub now holds: {'; '.join(parts)}{rest}."


def _checked(check: WriteCheck) -> str:
    held = check.param.describe_value(check.read_back)
    if check.took:
        return f"{check.param.name} = {held} (read back)"
    return f"{check.param.name} = {held} (did not take; {check.wanted} was asked)"


def _pending(journal: WriteJournal, before: Mapping[int, int]) -> str:
    assert journal.pending is not None
    param, wanted = journal.pending
    if journal.pending_echo is not None:
        return f"{param.name} = {param.describe_value(wanted)} (set and echoed, not read back)"
    return f"{param.name} = {_either(param, before.get(param.number), wanted)} (its set went unanswered)"


def _either(param: Param, old: int | None, wanted: int) -> str:
    if old is None or old == wanted:
        return f"{param.describe_value(wanted)} or its old value" if old is None else param.describe_value(wanted)
    return f"{param.describe_value(old)} or {param.describe_value(wanted)}"


def _stored(journal: WriteJournal) -> str:
    if journal.commit_sent and not journal.committed:
        return ("The COMMIT went unanswered, so these may or may not be stored; if not, switching the hub off "
                "and on brings back its stored settings.")
    return "Nothing was committed: switching the hub off and on brings back its stored settings."
