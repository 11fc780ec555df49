"""How the RK-004 screen's jobs end: results drawn, failures said (with the way back), never a crash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual.app import SystemCommand

from diag.commands.rk004 import SavedState
from diag.errors import DiagError
from diag.rk004.client import Setting, WriteResult
from diag.tui.rk004.dialogs import ConfirmDialog
from diag.tui.rk004.plans import stopped_confirmation, written_text
from diag.tui.rk004.session import WriteStopped, Written

if TYPE_CHECKING:
    from diag.tui.rk004.screen import Rk004Screen


@dataclass(frozen=True)
class Read:
    settings: list[Setting]


@dataclass(frozen=True)
class BackedUp:
    path: Path
    settings: list[Setting]


@dataclass(frozen=True)
class Wrote:
    written: Written
    restored_from: Path | None


@dataclass(frozen=True)
class Stored:
    saved: SavedState


@dataclass(frozen=True)
class Reset:
    saved: SavedState


class JobEndings:
    """The part of `Rk004Screen` that takes a job's result or error; mixed into the screen."""

    written: WriteResult | None
    stored: bool
    _after_read: str | None = None
    """What to say once the next read ends, instead of the plain count (after a factory reset)."""

    def _succeeded(self: Rk004Screen, result: object) -> None:
        if isinstance(result, Read):
            self._read(result.settings)
        elif isinstance(result, BackedUp):
            self.edits.update_held(result.settings)
            self.say(f"✓ backed up {len(result.settings)} parameters to {result.path.resolve()}")
        elif isinstance(result, Wrote):
            self._wrote(result)
        elif isinstance(result, Stored):
            self.edits.held.update(result.saved.values)
            self.stored = True
            self.say(f"✓ stored: the hub keeps its current settings when switched off. "
                     f"The settings from before are in {result.saved.path}.")
        elif isinstance(result, Reset):
            self.stored = True
            self._after_read = (f"✓ reset to factory settings and read back. The settings from before are in "
                                f"{result.saved.path}: o restores them.")
            self.action_reload()

    def _read(self: Rk004Screen, settings: list[Setting]) -> None:
        self.edits.update_held(settings)
        self.say(self._after_read or f"✓ read all {len(settings)} parameters.")
        self._after_read = None
        if self._confirm_on_read:
            self._confirm_on_read = False
            self.action_apply(commit=self._prefilled_commit)

    def _wrote(self: Rk004Screen, wrote: Wrote) -> None:
        written = wrote.written
        if wrote.restored_from is not None:
            self.edits.pending.clear()
        self.edits.held.update(written.saved.values)
        self.edits.record(written.result)
        self.written = written.result
        self.stored = self.stored or written.result.committed
        self.say(written_text(written.result, written.saved.path, restored_from=wrote.restored_from),
                 error=not written.result.ok)

    def _failed(self: Rk004Screen, what: str, error: BaseException | None) -> None:
        reason = str(error) if isinstance(error, DiagError) else f"internal error: {type(error).__name__}: {error}"
        self.say(f"✗ could not {what}: {reason}", error=True)
        self.notify(reason, title=f"could not {what}", severity="error", timeout=10)
        if isinstance(error, WriteStopped):
            self.edits.held.update(error.saved.values)
            self.edits.record(error.result)
            self.edits.forget(error.unknown)
            self._offer_restore(str(error), error.saved.path)

    def _offer_restore(self: Rk004Screen, message: str, backup: Path) -> None:
        def answered(restore: bool | None) -> None:
            if restore:
                self.action_restore(backup)

        self.app.push_screen(ConfirmDialog(stopped_confirmation(message, backup), "Close"), answered)


def palette_commands(screen: Rk004Screen) -> Iterable[SystemCommand]:
    """The screen's actions, for the command palette."""
    name = screen.selected.name
    yield SystemCommand(f"Edit {name}", "A new value by number or name, checked before it is kept (e)",
                        screen.action_edit)
    yield SystemCommand(f"Undo the edit of {name}", "Drop its pending change (u)", screen.action_undo)
    yield SystemCommand("Apply pending changes", "Write them and read each back; nothing is stored (a)",
                        screen.action_apply)
    yield SystemCommand("Apply and store pending changes", "Write, read back, and commit if all took",
                        lambda: screen.action_apply(commit=True))
    yield SystemCommand("Commit (store) the hub's settings", "The hub keeps them when switched off (c)",
                        screen.action_commit)
    yield SystemCommand("Back up the RK-004 to a file", "Every parameter to a JSON file (b)", screen.action_backup)
    yield SystemCommand("Restore an RK-004 backup", "Write a backup file back, read back, store (o)",
                        screen.action_restore)
    yield SystemCommand("Factory reset the RK-004", "Backed up first; o brings the settings back (x)",
                        screen.action_reset)
    yield SystemCommand("Read the RK-004 again", "Every parameter, fresh from the hub (r)", screen.action_reload)
    yield SystemCommand("Leave the RK-004 screen", "Pending changes are not written (esc)", screen.action_done)
