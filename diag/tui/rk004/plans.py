"""What a confirmation shows before anything is written: the changes, the exact frames, what happens after."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from diag.rk004.client import WriteResult, write_plan
from diag.rk004.frames import Command, Request, factory_reset_request, to_hex
from diag.rk004.params import PARAMS, Param

ARROW = "→"
BACKUP_FIRST = (f"First all {len(PARAMS)} parameters are read (one GET each) for an automatic backup; "
                "then these frames go out, each after the answer to the one before:")
NOT_STORED = ("Nothing is stored until you commit (c): switching the hub off and on brings back its stored "
              "settings.")
RESTORE_OFFER = ("Restore shows what it writes, then writes it back, reads each value back and stores them; "
                 "the hub has to answer again first.")
STORED_IF_ALL_TOOK = "The COMMIT goes out only if every value reads back as asked; otherwise nothing is stored."


@dataclass(frozen=True)
class Section:
    """Lines under a heading; prose wraps, frames do not."""

    heading: str
    lines: tuple[str, ...]
    wrap: bool = True


@dataclass(frozen=True)
class Plan:
    """A confirmation: a title, its sections, and the word on the button that goes ahead."""

    title: str
    sections: tuple[Section, ...]
    go: str

    @property
    def frames(self) -> list[str]:
        """The frame lines, in the order they are sent."""
        return [line for section in self.sections if not section.wrap for line in section.lines]


def sent(changes: Mapping[Param, int], *, commit: bool) -> tuple[Section, Section]:
    """What goes out for a verified write: the backup read first, then the exact frames."""
    return Section("what is sent", (BACKUP_FIRST,)), Section("", tuple(frame_lines(changes, commit=commit)), False)


def write_confirmation(changes: Mapping[Param, int], held: Mapping[int, int], *, commit: bool,
                       pending_dropped: int = 0) -> Plan:
    """The confirmation of a verified write of `changes` (set, read back, commit when asked)."""
    count = len(changes)
    title = f"write {count} change{'s' if count != 1 else ''}" + (" and store them" if commit else "")
    after = [STORED_IF_ALL_TOOK if commit else NOT_STORED]
    return Plan(title, (Section("what changes", tuple(change_lines(changes, held))),
                        *sent(changes, commit=commit), Section("after", tuple(after))),
                "Write and store" if commit else "Write")


def restore_confirmation(path: Path, values: Mapping[Param, int], held: Mapping[int, int],
                         pending: int) -> Plan:
    """The confirmation of a restore: every parameter written and read back, stored when all took."""
    changed = {param: value for param, value in values.items() if held.get(param.number) != value}
    summary = f"{len(changed)} of {len(values)} parameters differ from what the hub holds; all are written."
    lines = (summary, *change_lines(changed, held))
    if pending:
        lines += (f"Your {pending} pending change{'s are' if pending != 1 else ' is'} dropped.",)
    return Plan(f"restore {path.name}", (Section("what changes", lines), *sent(values, commit=True),
                                         Section("after", (STORED_IF_ALL_TOOK,))), "Restore")


def commit_confirmation(pending: int) -> Plan:
    """The confirmation of a commit: the hub keeps what it holds now."""
    lines = ["The hub keeps the values it holds now (the table's 'hub holds' column) when switched off."]
    if pending:
        lines.append(f"Your {pending} pending change{'s are' if pending != 1 else ' is'} not written yet and "
                     "will not be stored: a writes them first.")
    return Plan("store the hub's settings", (Section("what changes", tuple(lines)),
                                             Section("what is sent", (BACKUP_FIRST,)),
                                             Section("", tuple(commit_frame_lines()), False)), "Store")


def reset_confirmation(pending: int) -> Plan:
    """The confirmation of a factory reset: every parameter back to the hub's own factory value."""
    lines = [("Every parameter goes back to the hub's factory value (Retrokits publishes neither the values "
              "nor whether the reset is also stored)."),
             "The automatic backup taken first is the way back: o restores it."]
    if pending:
        lines.append(f"Your {pending} pending change{'s stay' if pending != 1 else ' stays'} pending, not written.")
    request = factory_reset_request()
    frame = f"{to_hex(request.frame)}  {request.label}: back to the factory settings"
    return Plan("reset the hub to its factory settings", (Section("what changes", tuple(lines)),
                                                          Section("what is sent", (BACKUP_FIRST,)),
                                                          Section("", (frame,), False)), "Reset")


def stopped_confirmation(message: str, backup: Path) -> Plan:
    """After a write the hub stopped answering in: what it holds now, and the offer to restore the backup."""
    return Plan("the hub stopped answering", (
        Section("what happened", (message,)),
        Section("the way back", (f"The settings from before are in {backup}.", RESTORE_OFFER)),
    ), "Restore them")


def change_lines(changes: Mapping[Param, int], held: Mapping[int, int]) -> list[str]:
    """"DIN1_MODE (8): 4 (MIDI_AUTO) → 6 (MIDI_OUT)" per change; "?" where the hub was not read."""
    return [f"{param.name} ({param.number}): {_held(param, held)} {ARROW} {param.describe_value(value)}"
            for param, value in changes.items()]


def _held(param: Param, held: Mapping[int, int]) -> str:
    value = held.get(param.number)
    return "?" if value is None else param.describe_value(value)


def frame_lines(changes: Mapping[Param, int], *, commit: bool) -> list[str]:
    """The exact frames a verified write sends, in hex with their meaning, as `rk004 set --dry-run` lists them."""
    plan = write_plan(changes, commit=commit)
    frames = [to_hex(request.frame) for request in plan]
    width = max(len(frame) for frame in frames)
    return [f"{frame:<{width}}  {meaning(request)}" for frame, request in zip(frames, plan, strict=True)]


def commit_frame_lines() -> list[str]:
    """The one frame a commit on its own sends."""
    request = write_plan({}, commit=True)[0]
    return [f"{to_hex(request.frame)}  {request.label}: store the values the hub holds now"]


def meaning(request: Request) -> str:
    """What a request does, in the words of the command line's dry run."""
    if request.command is Command.GET:
        return f"{request.label}: read back"
    if request.command is Command.COMMIT:
        return f"{request.label}: store, sent only if every read-back matched"
    return request.label


def written_text(result: WriteResult, saved_path: Path, *, restored_from: Path | None = None) -> str:
    """How a verified write ended, in the command line's words, with the way back."""
    count = len(result.checks)
    if not result.ok:
        names = ", ".join(check.param.name for check in result.not_taken)
        return (f"✗ {len(result.not_taken)} of {count} changes did not take ({names}): the hub kept its old "
                "value. Nothing was committed; the changes that took last until the hub is switched off. "
                f"The settings from before are in {saved_path}: o restores them.")
    if restored_from is not None:
        return f"✓ restored {count} parameters from {restored_from}, read each back and stored them."
    if result.committed:
        return f"✓ {_changes(count)} written, read back and stored: the hub keeps them when switched off."
    return (f"✓ {_changes(count)} written and read back. Not stored yet: c commits them; until then they "
            f"last until the hub is switched off. The settings from before are in {saved_path}.")


def _changes(count: int) -> str:
    return f"{count} change{'s' if count != 1 else ''}"
