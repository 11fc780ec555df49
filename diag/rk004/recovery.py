"""What an RK-004 holds after a write that stopped half-way, and the one command that undoes it."""

from __future__ import annotations

import shlex
from collections.abc import Mapping
from pathlib import Path

from diag.rk004.client import WriteJournal
from diag.rk004.params import PARAMS, Param
from diag.rk004.ports import PortPair

DEFAULT_TIMEOUT = 0.5
"""The commands' default --timeout; a command line for the user repeats any other value."""


def command_line(action: str, ports: PortPair, *arguments: str, timeout: float = DEFAULT_TIMEOUT) -> str:
    """A shell-quoted `midi-diag rk004` command line for the hub on these ports, ready to paste."""
    words = ["midi-diag", "rk004", action, *arguments, "--in", ports.input, "--out", ports.output,
             "--api", ports.api]
    if timeout != DEFAULT_TIMEOUT:
        words += ["--timeout", f"{timeout:g}"]
    return " ".join(shlex.quote(word) for word in words)


def restore_command(backup: Path, ports: PortPair, timeout: float = DEFAULT_TIMEOUT) -> str:
    """The command line that writes a backup back to the hub on these ports, verifies it and commits."""
    return command_line("restore", ports, str(backup), timeout=timeout)


def interrupted_write(cause: str, journal: WriteJournal, before: Mapping[int, int], undo: str,
                      finish: str | None = None) -> str:
    """One line: why the write stopped, what the hub now holds, whether any of it is stored, and the undo.

    The hub's parameters fall in four groups: set and read back (confirmed), sent but not confirmed
    (unknown), not sent, and not touched at all. `finish`, for a restore, is the command that completes it.
    """
    return " ".join([
        _sentence(cause),
        _holds(journal, before),
        _stored(journal),
        f"To go back to the settings from before this command, run: {undo}",
        *([f"To finish the restore instead, run: {finish}"] if finish else []),
    ])


def interrupted_request(cause: str, effect: str, backup: Path, undo: str, sent: bool = True) -> str:
    """One line for a single write request (commit, factory reset) that went unanswered or never went out."""
    if not sent:
        return (f"{_sentence(cause)} It never went out, so the hub has not {effect}: it holds what it held "
                f"before (backed up in {backup}).")
    return (f"{_sentence(cause)} The hub may or may not have {effect}. The settings from before are in "
            f"{backup}; to write them back, run: {undo}")


def unknown_params(journal: WriteJournal) -> list[Param]:
    """The parameters whose value is not known after the write stopped: sent, never confirmed."""
    pending = journal.pending
    return [pending[0]] if pending is not None and journal.pending_sent else []


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _holds(journal: WriteJournal, before: Mapping[int, int]) -> str:
    unknown = unknown_params(journal)
    if not journal.checks and not unknown:
        return "Nothing of this write reached the hub, so it holds what it held before."
    sentences = [_confirmed(journal, before), _refused(journal), _unknown(journal, before)]
    unsent = _unsent(journal, before)
    sentences.append(f"Not sent: {', '.join(unsent)}." if unsent else "")
    touched = len({check.param for check in journal.checks} | set(unknown)) + len(unsent)
    untouched = len(PARAMS) - touched
    if untouched:
        sentences.append(f"The other {untouched} parameter{'s were' if untouched != 1 else ' was'} not touched.")
    return " ".join(sentence for sentence in sentences if sentence)


def _confirmed(journal: WriteJournal, before: Mapping[int, int]) -> str:
    took = [check for check in journal.checks if check.took]
    changed = [check for check in took if before.get(check.param.number) != check.read_back]
    same = len(took) - len(changed)
    if not took:
        return ""
    listed = ", ".join(f"{check.param.name} = {check.param.describe_value(check.read_back)}" for check in changed)
    unchanged = f"{same} more read back the value {'they' if same != 1 else 'it'} already had" if same else ""
    return f"Set and read back (confirmed): {'; '.join(part for part in (listed, unchanged) if part)}."


def _refused(journal: WriteJournal) -> str:
    refused = [check for check in journal.checks if not check.took]
    if not refused:
        return ""
    return "Did not take (read back): " + ", ".join(
        f"{check.param.name} = {check.param.describe_value(check.read_back)}, not the {check.wanted} asked"
        for check in refused) + "."


def _unknown(journal: WriteJournal, before: Mapping[int, int]) -> str:
    if not unknown_params(journal):
        return ""
    assert journal.pending is not None
    param, wanted = journal.pending
    old = before.get(param.number)
    if journal.pending_echo is not None:
        held = f"{param.describe_value(wanted)} by its echo, not read back"
    else:
        held = f"{_either(param, old, wanted)}: its SET went out and no answer came back"
    return f"Sent, not confirmed (unknown): {param.name} = {held}."


def _unsent(journal: WriteJournal, before: Mapping[int, int]) -> list[str]:
    """The write's changes that never went out, where they would have changed something."""
    start = len(journal.checks) + len(unknown_params(journal))
    return [f"{param.name} keeps {_kept(param, before.get(param.number))}"
            for param, value in journal.planned[start:] if before.get(param.number) != value]


def _kept(param: Param, old: int | None) -> str:
    return "its value" if old is None else param.describe_value(old)


def _either(param: Param, old: int | None, wanted: int) -> str:
    if old is None:
        return f"{param.describe_value(wanted)} or its old value"
    if old == wanted:
        return param.describe_value(wanted)
    return f"{param.describe_value(old)} or {param.describe_value(wanted)}"


def _stored(journal: WriteJournal) -> str:
    if journal.commit_sent and not journal.committed:
        return ("The COMMIT went out unconfirmed, so the hub may or may not have stored these values; if it did "
                "not, switching it off and on brings back its stored settings.")
    return "Nothing was committed: switching the hub off and on brings back its stored settings."
