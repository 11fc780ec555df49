"""The screen's conversation with one RK-004, kept to the command line's rules; blocking, so run it in a worker.

Every write is preceded by a read of all parameters and an automatic backup, each change is read back,
a commit goes out only when every read-back matched, and a write that stops half-way says what the hub
now holds and which backup undoes it. Nothing here prints.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from diag.commands.rk004 import MIN_XON_WAIT, TRIES, Hub, SavedState
from diag.errors import NoAnswerError
from diag.rk004.backup import (
    backup_document,
    check_writable,
    write_automatic_backup,
    write_backup,
)
from diag.rk004.client import Rk004Client, Setting, WriteJournal, WriteResult
from diag.rk004.errors import PortGoneError
from diag.rk004.params import Param
from diag.rk004.ports import PortTransport, open_transport
from diag.rk004.recovery import (
    interrupted_request,
    interrupted_write,
    restore_command,
    unknown_params,
)

ClientFactory = Callable[[], Hub]
"""Gives the hub to talk to (its client and the ports it is on); called once per screen, in a worker.
Whoever made the factory closes the transport afterwards."""


@dataclass(frozen=True)
class Written:
    """A verified write that ran to its end (every change answered), taken or not."""

    result: WriteResult
    saved: SavedState
    """The automatic backup taken just before it, and what the hub held then."""


@dataclass(frozen=True)
class Rk004Outcome:
    """What happened on the screen, for whoever opened it (the wizard checks a fix with it)."""

    written: WriteResult | None
    """The last write that ran to its end (None when nothing was written)."""
    stored: bool
    """True when a commit was acknowledged during this visit."""
    automatic_backup: Path | None
    """The latest automatic backup: the settings from before the last write."""
    error: str | None
    """Why the last job failed, when it did."""
    pending: dict[str, int] = field(default_factory=dict)
    """Changes left unwritten, by parameter name."""


class WriteStopped(NoAnswerError):
    """The hub stopped answering in the middle of a write; the message says what it holds now."""

    def __init__(self, message: str, result: WriteResult, saved: SavedState,
                 unknown: Sequence[Param] = ()) -> None:
        super().__init__(message)
        self.result = result
        """The changes set and read back before it went quiet (never committed)."""
        self.saved = saved
        """The automatic backup that undoes them."""
        self.unknown = tuple(unknown)
        """Parameters sent but never confirmed: the hub may hold the old value or the new one."""


class HubSession:
    """One hub, reached by the screen's worker threads one job at a time."""

    def __init__(self, hub: Hub, backup_folders: Sequence[Path] | None = None) -> None:
        self.hub = hub
        self.backup_folders = backup_folders
        """Where automatic backups go (None: the platform's data folder, else the current one)."""
        self.last_saved: SavedState | None = None
        """The latest automatic backup, the way back after a write."""
        self.port_gone = False
        """True once a job found the hub's port gone: the ports need opening again before the next job."""

    def read(self) -> list[Setting]:
        """Every parameter's value, in number order."""
        with self._explained():
            return self.hub.client.dump()

    def write(self, changes: Mapping[Param, int], *, commit: bool, restored_from: Path | None = None) -> Written:
        """Automatic backup, then set and read back each change; commit only when asked and all took.

        With `restored_from` (the backup being written back) it is a restore: named so in the automatic
        backup, and a restore cut off says how to finish it as well as how to undo it.
        """
        with self._explained():
            saved = self._save_before("set" if restored_from is None else "restore")
            finish = None if restored_from is None else restore_command(restored_from, self.hub.ports,
                                                                         self.hub.client.timeout)
            journal = WriteJournal()
            try:
                result = self.hub.client.write_verified(changes, commit=commit, journal=journal)
            except NoAnswerError as error:
                cause = error.__cause__ if isinstance(error.__cause__, NoAnswerError) else error
                message = interrupted_write(cause.message, journal, saved.values, saved.undo, finish)
                raise WriteStopped(message, journal.result(), saved, unknown_params(journal)) from error
            return Written(result, saved)

    def commit(self) -> SavedState:
        """Automatic backup, then store the values the hub holds now."""
        return self._single("commit", self.hub.client.commit, "stored its current settings")

    def factory_reset(self) -> SavedState:
        """Automatic backup, then the factory reset (which, on the emulator at least, also stores)."""
        return self._single("reset", self.hub.client.factory_reset, "reset itself to factory settings")

    def _single(self, command: str, action: Callable[[], None], effect: str) -> SavedState:
        with self._explained():
            saved = self._save_before(command)
            try:
                action()
            except NoAnswerError as error:
                message = interrupted_request(error.message, effect, saved.path, saved.undo,
                                              sent=self.hub.client.last_request_sent)
                raise WriteStopped(message, WriteResult((), committed=False), saved) from error
            return saved

    def backup(self, path: Path) -> list[Setting]:
        """Read every parameter and write them to a backup file (replaced whole if it exists)."""
        check_writable(path)
        settings = self.read()
        write_backup(path, backup_document(_pairs(settings), self.hub.description(), _now(), reason="backup"))
        return settings

    def _save_before(self, command: str) -> SavedState:
        try:
            settings = self.hub.client.dump()
        except NoAnswerError as error:
            raise NoAnswerError(f"{error.message} while reading the settings to back them up; nothing was "
                                "written to the hub") from error
        created = _now()
        document = backup_document(_pairs(settings), self.hub.description(), created,
                                   reason=f"automatic backup before rk004 {command}")
        path = write_automatic_backup(document, command, created, self.backup_folders)
        values = {setting.param.number: setting.value for setting in settings}
        self.last_saved = SavedState(path, values, restore_command(path, self.hub.ports, self.hub.client.timeout))
        return self.last_saved

    @contextlib.contextmanager
    def _explained(self) -> Iterator[None]:
        """A hub that never answered gets the command line's hint: which ports to check."""
        try:
            yield
        except NoAnswerError as error:
            self.port_gone = self.port_gone or _port_gone(error)
            if self.hub.client.answers:
                raise
            ports = self.hub.ports
            raise NoAnswerError(
                f"{error.message}; nothing on these ports has answered like an RK-004: is the hub connected to "
                f"input '{ports.input}' and output '{ports.output}'?") from error


def _port_gone(error: BaseException | None) -> bool:
    """Whether a port that disappeared is somewhere behind this error."""
    while error is not None:
        if isinstance(error, PortGoneError):
            return True
        error = error.__cause__
    return False


def _pairs(settings: list[Setting]) -> list[tuple[Param, int]]:
    return [(setting.param, setting.value) for setting in settings]


def _now() -> datetime:
    return datetime.now().astimezone()


class PortHub:
    """A client factory over a real pair of ports, opened on the first call; `close()` closes them."""

    def __init__(self, api: str, in_fragment: str, out_fragment: str, timeout: float = 0.5) -> None:
        self.api, self.in_fragment, self.out_fragment, self.timeout = api, in_fragment, out_fragment, timeout
        self._transport: PortTransport | None = None
        self._hub: Hub | None = None

    def __call__(self) -> Hub:
        if self._hub is None:
            self._transport = open_transport(self.api, self.in_fragment, self.out_fragment)
            client = Rk004Client(self._transport, timeout=self.timeout, tries=TRIES,
                                 xon_timeout=max(MIN_XON_WAIT, 4 * self.timeout))
            self._hub = Hub(self._transport.ports, client)
        return self._hub

    def reopen(self) -> Hub:
        """Open the ports again, by the same fragments: after the hub's ports disappeared and came back."""
        self.close()
        return self()

    def close(self) -> None:
        if self._transport is not None:
            self._transport.close()
        self._transport = self._hub = None
