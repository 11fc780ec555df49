"""`midi-diag capture`: record raw traffic from one or more inputs, streaming it to a file."""

import argparse
import sys
import time
from pathlib import Path

from diag.captures import WriteSummary, open_writer
from diag.errors import ExitCode
from diag.midi.apis import choose_api
from diag.midi.capture import CaptureSession, open_capture
from diag.midi.loop import run_session

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
    try:
        result = run_session(session, args.seconds, _periodic_writer(writer))
    finally:
        summary = writer.close()
    report(summary, session.stats.dropped, result.interrupted)
    return ExitCode.OK


def _periodic_writer(writer):
    last_flush = time.monotonic()

    def consume(events):
        nonlocal last_flush
        writer.write(events)
        if time.monotonic() - last_flush >= FLUSH_SECONDS:
            writer.flush()
            last_flush = time.monotonic()

    return consume


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


def _names(session: CaptureSession) -> str:
    return ", ".join(f"'{name}'" for name in session.port_names)


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
