"""`midi-diag monitor`: the live monitor (Textual), or with --headless one decoded line per message."""

import argparse
import sys

from diag.captures import iter_capture
from diag.commands.theme import chosen_theme
from diag.decode.text import format_event
from diag.errors import ExitCode, MidiUnavailableError, UsageError
from diag.events import MidiEvent
from diag.midi.apis import choose_api
from diag.midi.capture import open_capture
from diag.midi.loop import run_session
from diag.midi.ports import list_ports
from diag.midi.watch import PortNotice, notice_line


def run(args: argparse.Namespace) -> int:
    if not args.headless:
        return _interactive(args)
    if args.file:
        return _decode_file(args)
    api = choose_api(args.api)
    session = open_capture(api, args.inputs or _every_input(api))
    names = ", ".join(f"'{name}'" for name in session.port_names)
    print(f"monitoring {names} (Ctrl-C stops)", file=sys.stderr, flush=True)
    result = run_session(session, args.seconds, LinePrinter(args.middle_c), tell_monitoring)
    if session.stats.dropped:
        print(f"warning: {session.stats.dropped} messages dropped: the computer could not keep up",
              file=sys.stderr)
    if result.system_gone:
        from diag.commands.capture import system_words

        raise MidiUnavailableError(f"the MIDI system stopped ({system_words(api)}); nothing more can be heard")
    return ExitCode.OK


def tell_monitoring(notice: PortNotice) -> None:
    """One line on stderr when a monitored port vanishes or comes back (the monitor carries on either way)."""
    line = notice_line(notice)
    if line:
        print(line, file=sys.stderr, flush=True)


def _interactive(args: argparse.Namespace) -> int:
    """Open the inputs (or check the file) first, so that a bad argument is one line, then run the app."""
    from diag.tui.app import make_app
    from diag.tui.sources import EventSource, FileSource, LiveSource

    theme = chosen_theme()
    if args.file:
        if args.inputs:
            raise UsageError("--file opens a capture file; it does not go with --in")
        iter_capture(args.file)  # an unreadable or unknown file stops here, before the screen changes
        source: EventSource = FileSource(args.file)
    else:
        api = choose_api(args.api)
        source = LiveSource(open_capture(api, args.inputs or _every_input(api)))
    app = make_app(source, middle_c=args.middle_c, theme=theme, quit_after=args.seconds)
    try:
        app.run()
    finally:
        source.stop()
    return ExitCode.OK


def _decode_file(args: argparse.Namespace) -> int:
    if args.inputs or args.seconds:
        raise UsageError("--file decodes a capture file; it does not go with --in or --seconds")
    reader = iter_capture(args.file)
    printer = LinePrinter(args.middle_c)
    for batch in _batches(reader):
        printer(batch)
    for warning in reader.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return ExitCode.OK


def _batches(events, size: int = 1000):
    batch = []
    for event in events:
        batch.append(event)
        if len(batch) == size:
            yield batch
            batch = []
    yield batch


def _every_input(api: str) -> list[str]:
    inputs = list_ports(api).inputs
    if not inputs:
        raise UsageError("there are no input ports to monitor")
    return inputs


class LinePrinter:
    """Prints each batch of events as decoded lines, keeping controller state per port."""

    def __init__(self, middle_c: str, out=sys.stdout) -> None:
        self.middle_c = middle_c
        self.out = out
        self.trackers: dict[str, object] = {}

    def __call__(self, events: list[MidiEvent]) -> None:
        if events:
            self.out.write("".join(self._line(event) + "\n" for event in events))
            self.out.flush()

    def _line(self, event: MidiEvent) -> str:
        return format_event(event, middle_c=self.middle_c, tracker=self._tracker(event.port))

    def _tracker(self, port: str):
        from diag.decode.controllers import ControllerTracker

        if port not in self.trackers:
            self.trackers[port] = ControllerTracker()
        return self.trackers[port]
