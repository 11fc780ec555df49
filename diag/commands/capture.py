"""`midi-diag capture`: record raw traffic from one or more inputs, streaming it to a file."""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from diag.captures import CaptureWriter, WriteSummary, open_writer
from diag.errors import ExitCode, MidiUnavailableError
from diag.events import MidiEvent
from diag.midi.apis import choose_api
from diag.midi.capture import CaptureSession, open_capture
from diag.midi.loop import LoopResult, run_session
from diag.midi.watch import GONE, SYSTEM_GONE, PortNotice, notice_line

FLUSH_SECONDS = 0.25
"""At most this much of a capture is lost if the process is killed."""


def run(args: argparse.Namespace) -> int:
    api = choose_api(args.api)
    session = open_capture(api, args.inputs, step=args.step)
    try:
        writer = open_writer(Path(args.output), session.port_names, {"api": api, "step": args.step})
    except BaseException:
        session.close()
        raise
    say(f"capturing {_names(session)} for {args.seconds:g} s into {args.output} (Ctrl-C stops early)")
    recorder = FileRecorder(writer)
    try:
        result = run_session(session, args.seconds, recorder.consume, recorder.tell)
    finally:
        summary = writer.close()
    report(summary, session.stats.dropped, result.interrupted)
    fail_on_faults(session, result, summary, api)
    return ExitCode.OK


class FileRecorder:
    """Writes each batch (flushing every FLUSH_SECONDS) and says on stderr when a port vanishes or returns."""

    def __init__(self, writer: CaptureWriter) -> None:
        self.writer = writer
        self.per_port: Counter[str] = Counter()
        self.last_flush = time.monotonic()

    def consume(self, events: list[MidiEvent]) -> None:
        self.writer.write(events)
        self.per_port.update(event.port for event in events)
        if time.monotonic() - self.last_flush >= FLUSH_SECONDS:
            self.writer.flush()
            self.last_flush = time.monotonic()

    def tell(self, notice: PortNotice) -> None:
        kept = ""
        if notice.what == GONE:
            self.writer.flush()
            kept = f"what it sent so far ({_messages(self.per_port[notice.port])}) is kept in {self.writer.path}"
        line = notice_line(notice, kept=kept, again="capturing it again", still="still capturing it")
        if line:
            say(line)


def fail_on_faults(session: CaptureSession, result: LoopResult, summary: WriteSummary, api: str) -> None:
    """Exit 3 with one line when the MIDI system stopped, or a port was still gone at the end."""
    held = f"{_messages(summary.kept)} kept in {summary.path}"
    if result.system_gone:
        when = next((n.t for n in session.notices if n.what == SYSTEM_GONE), result.seconds)
        raise MidiUnavailableError(f"the MIDI system stopped ({system_words(api)}) at t={when:.3f} s; {held}")
    gone = session.gone_ports
    if gone:
        raise MidiUnavailableError(f"{_quoted(gone)} went away during the capture and did not come back; {held}")


def system_words(api: str) -> str:
    """What it means, in a user's words, that this MIDI system stopped."""
    return {"jack": "JACK server gone", "alsa": "the ALSA sequencer went away"}.get(api, f"'{api}' went away")


def report(summary: WriteSummary, dropped: int, interrupted: bool) -> None:
    """Say how many messages were kept per port, and anything left out or dropped."""
    ending = "stopped early" if interrupted else "done"
    print(f"{ending}: kept {_messages(summary.kept)} in {summary.path}")
    for name, count in summary.per_port.items():
        print(f"  {count:>9}  {name}")
    if summary.left_out:
        say(f"note: {_messages(summary.left_out)} left out: a {summary.format} file holds only SysEx")
    if dropped:
        say(f"warning: {_messages(dropped)} dropped: the computer could not keep up")


def _messages(count: int) -> str:
    return f"{count} message{'' if count == 1 else 's'}"


def _quoted(names: list[str]) -> str:
    return ", ".join(f"'{name}'" for name in names)


def _names(session: CaptureSession) -> str:
    return _quoted(session.port_names)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
