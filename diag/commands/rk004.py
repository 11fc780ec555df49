"""`midi-diag rk004 ...`: read, change, store, back up and restore the settings of a Retrokits RK-004."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from diag.commands.theme import chosen_theme
from diag.errors import ExitCode, NoAnswerError, UsageError
from diag.midi.apis import choose_api
from diag.rk004.backup import (
    Backup,
    backup_document,
    check_writable,
    parameter_entries,
    read_backup,
    write_automatic_backup,
    write_backup,
)
from diag.rk004.client import (
    Rk004Client,
    Setting,
    WriteCheck,
    WriteJournal,
    WriteResult,
    write_plan,
)
from diag.rk004.errors import ParameterError
from diag.rk004.frames import Command, Request, to_hex
from diag.rk004.params import PARAMS, Param, find_param, parse_assignment
from diag.rk004.ports import PortPair, open_transport
from diag.rk004.recovery import (
    command_line,
    interrupted_request,
    interrupted_write,
    restore_command,
)

TRIES = 3
"""How often each request is sent before the hub counts as not answering."""

MIN_XON_WAIT = 2.0
"""Seconds to wait at least for XON after an XOFF (four answer timeouts when that is longer)."""


@dataclass
class Hub:
    """An RK-004 reached over a pair of ports."""

    ports: PortPair
    client: Rk004Client

    def description(self) -> dict[str, Any]:
        """What answered, for backup files."""
        code = self.client.get_response_code
        return {"product": "RK-004", "api": self.ports.api, "input": self.ports.input,
                "output": self.ports.output, "get_response_code": None if code is None else f"0x{code:02X}"}


@dataclass(frozen=True)
class SavedState:
    """The automatic backup written before a command's first write."""

    path: Path
    values: dict[int, int]
    """Each parameter's value by number, as read just before the write."""
    undo: str
    """The command that writes these values back."""


def dump(args: argparse.Namespace) -> int:
    with _connected(args) as hub:
        settings = hub.client.dump()
    print(_settings_text(settings, args.json))
    return ExitCode.OK


def get(args: argparse.Namespace) -> int:
    params = list(dict.fromkeys(find_param(name) for name in args.names))
    with _connected(args) as hub:
        settings = hub.client.read(params)
    print(_settings_text(settings, args.json))
    return ExitCode.OK


def set_values(args: argparse.Namespace) -> int:
    changes = _changes(args.assignments)
    if args.dry_run:
        print(dry_run_text(changes, args.commit))
        return ExitCode.OK
    with _connected(args) as hub:
        return write_changes(hub, changes, commit=args.commit)


def write_changes(hub: Hub, changes: Mapping[Param, int], commit: bool) -> int:
    """`set` on a connected hub: automatic backup, each change set and read back, commit when asked and all took."""
    saved = _save_before(hub, "set")
    result = _guarded_write(hub, saved, changes, commit=commit)
    for check in result.checks:
        print(_change_line(check, saved.values))
    return _conclude(result, saved, hub, len(changes))


def commit(args: argparse.Namespace) -> int:
    with _connected(args) as hub:
        return commit_on(hub)


def commit_on(hub: Hub) -> int:
    """`commit` on a connected hub: automatic backup, then COMMIT."""
    saved = _save_before(hub, "commit")
    _single_write(hub, hub.client.commit, "stored its current settings", saved)
    print("stored: the hub keeps its current settings when switched off")
    return ExitCode.OK


def reset(args: argparse.Namespace) -> int:
    if not _reset_confirmed(args):
        print("not reset: nothing was sent to the hub")
        return ExitCode.OK
    with _connected(args) as hub:
        return reset_on(hub)


def reset_on(hub: Hub) -> int:
    """`reset` on a connected hub, once confirmed: automatic backup, then FACTORY RESET."""
    saved = _save_before(hub, "reset")
    _single_write(hub, hub.client.factory_reset, "reset itself to factory settings", saved)
    print(f"reset to factory settings; the settings from before are in {saved.path}")
    print(f"to bring them back, run: {saved.undo}")
    return ExitCode.OK


def backup(args: argparse.Namespace) -> int:
    path = Path(args.file)
    check_writable(path)
    with _connected(args) as hub:
        settings = hub.client.dump()
        document = backup_document(_pairs(settings), hub.description(), _now(), reason="backup")
    write_backup(path, document)
    print(f"backed up {len(settings)} parameters to {path}")
    return ExitCode.OK


def restore(args: argparse.Namespace) -> int:
    path = Path(args.file)
    wanted = read_backup(path)
    with _connected(args) as hub:
        return restore_backup(hub, path, wanted)


def restore_backup(hub: Hub, path: Path, wanted: Backup) -> int:
    """`restore` on a connected hub: automatic backup first (so a restore can be undone too), then every
    parameter written, read back, and stored when all took."""
    saved = _save_before(hub, "restore")
    finish = restore_command(path, hub.ports, hub.client.timeout)
    result = _guarded_write(hub, saved, wanted.values, commit=True, finish=finish)
    changed = [check for check in result.checks if saved.values[check.param.number] != check.wanted]
    for check in changed:
        print(_change_line(check, saved.values))
    if result.ok:
        print(f"restored {len(result.checks)} parameters from {path} ({len(changed)} differed), "
              "read each back and stored them")
    return _conclude(result, saved, hub, len(result.checks), quiet=True)


def edit(args: argparse.Namespace) -> int:
    """The RK-004 screen (Textual); the ports are opened first, so that a bad one is a one-line error."""
    from diag.tui.app import make_rk004_app
    from diag.tui.rk004.session import PortHub

    theme = chosen_theme()
    hub = PortHub(choose_api(args.api), args.in_port, args.out_port, timeout=args.timeout)
    try:
        hub()
        make_rk004_app(hub, theme=theme).run()
    finally:
        hub.close()
    return ExitCode.OK


@contextlib.contextmanager
def _connected(args: argparse.Namespace) -> Iterator[Hub]:
    """The hub on the ports the arguments name; closed again however the command ends."""
    if not args.in_port or not args.out_port:
        raise UsageError("rk004 needs --in PORT and --out PORT: the ports the hub answers on and listens to")
    with open_transport(choose_api(args.api), args.in_port, args.out_port) as transport:
        client = Rk004Client(transport, timeout=args.timeout, tries=TRIES,
                             xon_timeout=max(MIN_XON_WAIT, 4 * args.timeout))
        try:
            yield Hub(transport.ports, client)
        except NoAnswerError as error:
            if client.answers:
                raise
            ports = transport.ports
            raise NoAnswerError(
                f"{error.message}; nothing on these ports has answered like an RK-004: is the hub connected to "
                f"input '{ports.input}' and output '{ports.output}'?") from error


def _changes(assignments: list[str]) -> dict[Param, int]:
    """Every NAME=VALUE checked before anything is sent; a parameter named twice is an error."""
    changes: dict[Param, int] = {}
    for param, value in map(parse_assignment, assignments):
        if param in changes:
            raise ParameterError(f"{param.name} is given more than once")
        changes[param] = value
    return changes


def _save_before(hub: Hub, command: str) -> SavedState:
    """Read every parameter and write the automatic backup; nothing is written to the hub before this."""
    try:
        settings = hub.client.dump()
    except NoAnswerError as error:
        raise NoAnswerError(f"{error.message} while reading the settings to back them up; nothing was written "
                            "to the hub") from error
    created = _now()
    document = backup_document(_pairs(settings), hub.description(), created,
                               reason=f"automatic backup before rk004 {command}")
    path = write_automatic_backup(document, command, created)
    say(f"backed up the current settings to {path}")
    values = {setting.param.number: setting.value for setting in settings}
    return SavedState(path, values, restore_command(path, hub.ports, hub.client.timeout))


def _guarded_write(hub: Hub, saved: SavedState, changes: Mapping[Param, int], commit: bool,
                   finish: str | None = None) -> WriteResult:
    """A verified write that, when it stops half-way, says what the hub now holds and how to undo it."""
    journal = WriteJournal()
    try:
        return hub.client.write_verified(changes, commit=commit, journal=journal)
    except NoAnswerError as error:
        cause = error.__cause__ if isinstance(error.__cause__, NoAnswerError) else error
        raise NoAnswerError(interrupted_write(cause.message, journal, saved.values, saved.undo, finish)) from error
    except KeyboardInterrupt:
        say(f"midi-diag: {interrupted_write('interrupted', journal, saved.values, saved.undo, finish)}")
        raise


def _single_write(hub: Hub, action: Callable[[], None], effect: str, saved: SavedState) -> None:
    try:
        action()
    except NoAnswerError as error:
        raise NoAnswerError(interrupted_request(error.message, effect, saved.path, saved.undo,
                                                sent=hub.client.last_request_sent)) from error


def _conclude(result: WriteResult, saved: SavedState, hub: Hub, count: int, quiet: bool = False) -> int:
    """The closing lines of a write, and its exit code: 1 when any change did not take."""
    if not result.ok:
        names = ", ".join(check.param.name for check in result.not_taken)
        say(f"midi-diag: {len(result.not_taken)} of {count} changes did not take ({names}): the hub kept its "
            "old value. Nothing was committed; the changes that took last until the hub is switched off. "
            f"To undo them now, run: {saved.undo}")
        return ExitCode.FINDINGS_FAILED
    if result.committed and not quiet:
        print("stored: the hub keeps these settings when switched off")
    elif not result.committed:
        print("set, not stored: they last until the hub is switched off; to store them, run: "
              f"{command_line('commit', hub.ports, timeout=hub.client.timeout)}")
    return ExitCode.OK


def _change_line(check: WriteCheck, before: Mapping[int, int]) -> str:
    param = check.param
    change = f"{param.name} ({param.number}): {_value(param, before[param.number])} -> {_value(param, check.wanted)}"
    if check.took:
        return f"{change}  ok"
    return f"{change}  DID NOT TAKE: reads back {_value(param, check.read_back)}"


def _value(param: Param, value: int) -> str:
    return param.describe_value(value)


def dry_run_text(changes: Mapping[Param, int], commit: bool) -> str:
    """The exact frames a write would send, each with its meaning; for `set --dry-run`."""
    plan = write_plan(changes, commit=commit)
    frames = [to_hex(request.frame) for request in plan]
    width = max(len(frame) for frame in frames)
    lines = [(f"dry run: nothing is sent. A real run first reads all {len(PARAMS)} parameters for the automatic "
              "backup (one GET each), then sends these frames, each after the answer to the one before:")]
    lines += [f"{frame:<{width}}  {_meaning(request)}" for frame, request in zip(frames, plan, strict=True)]
    return "\n".join(lines)


def _meaning(request: Request) -> str:
    if request.command is Command.GET:
        return f"{request.label}: read back"
    if request.command is Command.COMMIT:
        return f"{request.label}: store, sent only if every read-back matched"
    return request.label


def _reset_confirmed(args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        raise UsageError("rk004 reset replaces every setting with the factory values and asks for confirmation "
                         "on a terminal; there is none: add --yes to reset anyway")
    say(f"Reset the RK-004 on input '{args.in_port}' / output '{args.out_port}' to its factory settings? "
        "The current settings are backed up first. [y/N] ", end="")
    return sys.stdin.readline().strip().lower() in ("y", "yes")


def _settings_text(settings: list[Setting], as_json: bool) -> str:
    if as_json:
        return json.dumps({"parameters": parameter_entries(_pairs(settings))}, indent=2)
    rows = [("#", "parameter", "value", "value name")]
    rows += [(str(s.param.number), s.param.name, str(s.value), s.value_name or "") for s in settings]
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return "\n".join(
        f"{number:>{widths[0]}}  {name:<{widths[1]}}  {value:>{widths[2]}}  {value_name}".rstrip()
        for number, name, value, value_name in rows
    )


def _pairs(settings: list[Setting]) -> list[tuple[Param, int]]:
    return [(setting.param, setting.value) for setting in settings]


def _now() -> datetime:
    return datetime.now().astimezone()


def say(text: str, end: str = "\n") -> None:
    print(text, file=sys.stderr, end=end, flush=True)
