"""The RK-004 screen: every parameter with its value name, validated edits, the diff, verified writes, backups."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static
from textual.worker import Worker, WorkerState

from diag.errors import DiagError
from diag.rk004.backup import Backup
from diag.rk004.client import WriteResult
from diag.rk004.params import PARAMS, Param, ParamRef
from diag.tui.keys import PALETTE
from diag.tui.rk004.dialogs import (
    ConfirmDialog,
    EditValueDialog,
    PathDialog,
    readable_backup,
    value_names_text,
    writable_path,
)
from diag.tui.rk004.edits import LEGEND, Edits
from diag.tui.rk004.endings import (
    BackedUp,
    JobEndings,
    Read,
    Reset,
    Stored,
    Wrote,
    palette_commands,
)
from diag.tui.rk004.plans import (
    Plan,
    commit_confirmation,
    reset_confirmation,
    restore_confirmation,
    write_confirmation,
)
from diag.tui.rk004.session import ClientFactory, HubSession, Rk004Outcome

__all__ = ["Rk004Outcome", "Rk004Screen"]

JOBS = "rk004"
"""The worker group of every job that talks to the hub: one at a time."""
COLUMNS = (("", "mark", 1), ("#", "number", 2), ("parameter", "name", 12), ("hub holds", "held", 21),
           ("pending", "pending", 23))
"""The table's columns: label, key and width."""


class Rk004Screen(JobEndings, ModalScreen[Rk004Outcome]):
    """Reads the hub on opening; edits stay pending until applied, and every write is confirmed first.

    `pending_changes` (names or numbers to values or value names) are checked and pre-filled, and the
    confirmation of writing them (with `commit`, also storing them) opens once the hub has been read.
    """

    DEFAULT_CSS = """
    Rk004Screen { background: $background; }
    Rk004Screen #hub { height: 1; padding: 0 1; background: $panel; text-wrap: nowrap; text-overflow: ellipsis; }
    Rk004Screen #notice { height: auto; max-height: 5; padding: 0 1; }
    Rk004Screen #notice.-error { color: $text-error; text-style: bold; }
    Rk004Screen #params { height: 1fr; }
    Rk004Screen #about { height: 3; padding: 0 1; color: $text-muted; text-overflow: ellipsis; }
    Rk004Screen #pending { height: auto; max-height: 6; padding: 0 1; background: $panel; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit"),
        Binding("u", "undo", "Undo edit", show=False),
        Binding("a", "apply", "Apply"),
        Binding("c", "commit", "Commit"),
        Binding("b", "backup", "Backup"),
        Binding("o", "restore", "Restore"),
        Binding("x", "reset", "Factory reset", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("escape,q", "done", "Done"),
        PALETTE,
    ]

    def __init__(self, client_factory: ClientFactory, *, pending_changes: Mapping[ParamRef, int | str] | None = None,
                 commit: bool = False, backup_folders: Sequence[Path] | None = None) -> None:
        super().__init__()
        self.client_factory = client_factory
        self.backup_folders = backup_folders
        self.session: HubSession | None = None
        """Made by the first job, in its worker thread."""
        self.doing = ""
        """What the running job does, in a few words; empty when the hub is idle."""
        self.jobs_ended = 0
        """How many jobs have ended, well or not."""
        self.notice, self.notice_is_error = "", False
        self.written: WriteResult | None = None
        self.stored = False
        self._leave_armed = False
        self._prefilled_commit = commit
        self.edits, self._confirm_on_read = self._prefill(pending_changes or {})

    def _prefill(self, changes: Mapping[ParamRef, int | str]) -> tuple[Edits, bool]:
        try:
            return Edits.prefilled(changes), bool(changes)
        except DiagError as error:
            self.notice, self.notice_is_error = f"✗ the changes to make were refused, nothing is sent: {error}", True
            return Edits(), False

    def compose(self) -> ComposeResult:
        yield Static(id="hub", markup=False)
        yield Static(id="notice", markup=False)
        yield DataTable(id="params", cursor_type="row", zebra_stripes=True)
        yield Static(id="about", markup=False)
        yield Static(id="pending", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.table
        for label, key, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        for param in PARAMS:
            table.add_row(*self.edits.row(param), key=param.name)
        table.focus()
        self.say(self.notice, self.notice_is_error)
        self.action_reload()

    @property
    def table(self) -> DataTable[str]:
        return self.query_one("#params", DataTable)

    @property
    def selected(self) -> Param:
        return PARAMS[self.table.cursor_row]

    # Showing -------------------------------------------------------------------

    def say(self, notice: str, error: bool = False) -> None:
        """A notice under the hub line; errors start with ✗ so that they do not rest on colour."""
        self.notice, self.notice_is_error = notice, error
        widget = self.query_one("#notice", Static)
        widget.update(notice)
        widget.set_class(error, "-error")
        widget.display = bool(notice)

    def redraw(self, params: Iterable[Param] = PARAMS) -> None:
        """Bring rows, the hub line, the pending panel and the parameter's details up to date."""
        table = self.table
        for param in params:
            for (_, key, _), text in zip(COLUMNS, self.edits.row(param), strict=True):
                table.update_cell(param.name, key, text)
        self.query_one("#hub", Static).update(self._hub_line())
        self.query_one("#pending", Static).update("\n".join(self._pending_lines()))
        self._show_about()

    def _hub_line(self) -> str:
        ports = f"in '{self.session.hub.ports.input}', out '{self.session.hub.ports.output}'" if self.session else ""
        state = f"{self.doing} …" if self.doing else ("read" if self.edits.held else "not read")
        return "  ·  ".join(part for part in ("RK-004", ports, state) if part)

    def _pending_lines(self) -> list[str]:
        diff = self.edits.diff_lines()
        marks = any(self.edits.row(param)[0] for param in PARAMS)
        legend = [LEGEND] if marks else []
        if not diff:
            return ["No changes pending: e or Enter edits the selected parameter.", *legend]
        return [f"{len(diff)} pending: a writes them and reads each back, u undoes the selected one.", *diff,
                *legend]

    @on(DataTable.RowHighlighted)
    def _show_about(self) -> None:
        param = self.selected
        self.query_one("#about", Static).update(
            f"{param.name} ({param.number}), valid {param.range_text}: {value_names_text(param)}. "
            f"{param.description[:1].upper()}{param.description[1:]}.")

    # Editing -------------------------------------------------------------------

    @on(DataTable.RowSelected)
    def action_edit(self) -> None:
        param = self.selected
        value = self.edits.pending.get(param.number, self.edits.held.get(param.number))
        dialog = EditValueDialog(param, self.edits.held_text(param), "" if value is None else str(value))
        self.app.push_screen(dialog, lambda value: self._staged(param, value))

    def _staged(self, param: Param, value: int | None) -> None:
        if value is None:
            return
        self.edits.stage(param, value)
        self._leave_armed = False
        self.redraw([param])
        if param.number in self.edits.pending:
            self.say(f"{param.name}: {self.edits.held_text(param)} → {param.describe_value(value)} is pending; "
                     "a writes the pending changes.")
        else:
            self.say(f"{param.name}: the hub holds {param.describe_value(value)} already; nothing pending.")

    def action_undo(self) -> None:
        param = self.selected
        if self.edits.drop(param):
            self._leave_armed = False
            self.redraw([param])
            self.say(f"{param.name}: pending change dropped.")
        else:
            self.say(f"{param.name} has no pending change.")

    # Jobs ----------------------------------------------------------------------

    def _begin(self, doing: str) -> bool:
        """Mark a job as running; False (and a notice) when one is already under way."""
        if self.doing:
            self.say(f"wait: {self.doing} is under way.")
            return False
        self.doing = doing
        self.redraw(())
        return True

    def _session(self) -> HubSession:
        """The hub, reached on the first job (runs in the worker thread)."""
        if self.session is None:
            self.session = HubSession(self.client_factory(), self.backup_folders)
        elif self.session.port_gone and callable(reopen := getattr(self.client_factory, "reopen", None)):
            self.session.hub = reopen()  # the hub's ports came back: connect to them again
            self.session.port_gone = False
        return self.session

    def action_reload(self) -> None:
        if self._begin("reading every parameter"):
            self.read_job()

    @work(thread=True, exclusive=True, exit_on_error=False, group=JOBS, name="read the RK-004")
    def read_job(self) -> Read:
        return Read(self._session().read())

    def action_apply(self, commit: bool = False) -> None:
        changes = self.edits.changes()
        if not changes:
            self.say("Nothing to write: e edits the selected parameter.")
            return
        plan = write_confirmation(changes, self.edits.held, commit=commit)
        self._confirm(plan, lambda: self._begin("writing") and self.write_job(changes, commit, None))

    def action_commit(self) -> None:
        plan = commit_confirmation(len(self.edits.pending))
        self._confirm(plan, lambda: self._begin("storing") and self.commit_job())

    def action_backup(self) -> None:
        suggested = Path.cwd() / f"rk004-backup-{datetime.now():%Y%m%d-%H%M%S}.json"
        what = "Every parameter is read from the hub and written to this file (replaced if it exists)."
        self.app.push_screen(PathDialog("back up the RK-004", what, suggested, writable_path), self._back_up_to)

    def _back_up_to(self, path: Path | None) -> None:
        if path is not None and self._begin("backing up"):
            self.backup_job(path)

    def action_restore(self, suggested: Path | None = None) -> None:
        if suggested is None and self.session and self.session.last_saved:
            suggested = self.session.last_saved.path
        what = "A backup file (from b, rk004 backup, or an automatic one); it is checked before anything is sent."
        self.app.push_screen(PathDialog("restore a backup", what, suggested, readable_backup), self._confirm_restore)

    def _confirm_restore(self, chosen: tuple[Path, Backup] | None) -> None:
        if chosen is None:
            return
        path, backup = chosen
        plan = restore_confirmation(path, backup.values, self.edits.held, len(self.edits.pending))
        self._confirm(plan, lambda: self._begin("restoring") and self.write_job(backup.values, True, path))

    def action_reset(self) -> None:
        plan = reset_confirmation(len(self.edits.pending))
        self._confirm(plan, lambda: self._begin("resetting") and self.reset_job())

    def _confirm(self, plan: Plan, go: Callable[[], object], cancel: str = "Cancel") -> None:
        if self.doing:
            self.say(f"wait: {self.doing} is under way.")
            return
        def answered(yes: bool | None) -> None:
            if yes:
                go()

        self.app.push_screen(ConfirmDialog(plan, cancel), answered)

    @work(thread=True, exclusive=True, exit_on_error=False, group=JOBS, name="write to the RK-004")
    def write_job(self, changes: Mapping[Param, int], commit: bool, restored_from: Path | None) -> Wrote:
        return Wrote(self._session().write(changes, commit=commit, restored_from=restored_from), restored_from)

    @work(thread=True, exclusive=True, exit_on_error=False, group=JOBS, name="store the RK-004's settings")
    def commit_job(self) -> Stored:
        return Stored(self._session().commit())

    @work(thread=True, exclusive=True, exit_on_error=False, group=JOBS, name="reset the RK-004")
    def reset_job(self) -> Reset:
        return Reset(self._session().factory_reset())

    @work(thread=True, exclusive=True, exit_on_error=False, group=JOBS, name="back up the RK-004")
    def backup_job(self, path: Path) -> BackedUp:
        return BackedUp(path, self._session().backup(path))

    @on(Worker.StateChanged)
    def job_changed(self, event: Worker.StateChanged) -> None:
        """The one place the hub's jobs end: results drawn, failures shown (never only in colour)."""
        worker = event.worker
        if worker.group != JOBS or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR,
                                                        WorkerState.CANCELLED):
            return
        event.stop()
        self.doing = ""
        self.jobs_ended += 1
        if event.state == WorkerState.SUCCESS:
            self._succeeded(worker.result)
        elif event.state == WorkerState.ERROR:
            self._failed(worker.name, worker.error)
        self.redraw()

    # Leaving -------------------------------------------------------------------

    def action_done(self) -> None:
        if self.doing:
            self.say(f"wait: {self.doing} is under way; leaving now could cut a write in half.")
            return
        pending = len(self.edits.pending)
        if pending and not self._leave_armed:
            self._leave_armed = True
            self.say(f"{pending} change{'s are' if pending != 1 else ' is'} not written: Esc again leaves without "
                     "writing them, a writes them.")
            return
        self.dismiss(self.outcome())

    def outcome(self) -> Rk004Outcome:
        saved = self.session.last_saved if self.session else None
        return Rk004Outcome(self.written, self.stored, saved.path if saved else None,
                            self.notice if self.notice_is_error else None,
                            {param.name: value for param, value in self.edits.changes().items()})

    # Command palette -----------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The screen's actions, for the command palette."""
        return palette_commands(self)
