"""Running a capture session until its time is up or the user stops it, batch by batch."""

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from diag.events import MidiEvent
from diag.midi.capture import CaptureSession
from diag.midi.watch import PortNotice

BATCH_SECONDS = 0.05
"""How often the consumer takes what the polling thread has stamped."""


@dataclass
class LoopResult:
    """How a capture loop ended."""

    seconds: float
    interrupted: bool
    system_gone: bool = False
    """The MIDI system stopped (a JACK server killed, say): the capture ended there."""


def run_session(session: CaptureSession, seconds: float | None,
                consume: Callable[[list[MidiEvent]], None],
                on_notice: Callable[[PortNotice], None] | None = None) -> LoopResult:
    """Start `session`, feed its batches to `consume` until `seconds` pass, SIGINT/SIGTERM or the
    MIDI system stops; each PortNotice goes to `on_notice` after the batch captured before it."""
    stop = threading.Event()
    told = 0
    with _stop_on_signals(stop):
        session.start()
        started = time.monotonic()
        deadline = started + seconds if seconds else None
        try:
            while not stop.is_set() and not _past(deadline) and not session.system_gone:
                stop.wait(_next_wait(deadline))
                noticed = len(session.notices)
                consume(session.drain())
                told = _tell(session.notices, told, noticed, on_notice)
        finally:
            consume(session.stop())
            _tell(session.notices, told, len(session.notices), on_notice)
    return LoopResult(time.monotonic() - started, stop.is_set(), session.system_gone)


def _tell(notices: list[PortNotice], told: int, upto: int, on_notice: Callable[[PortNotice], None] | None) -> int:
    if on_notice is not None:
        for notice in notices[told:upto]:
            on_notice(notice)
    return upto


def _past(deadline: float | None) -> bool:
    return deadline is not None and time.monotonic() >= deadline


def _next_wait(deadline: float | None) -> float:
    if deadline is None:
        return BATCH_SECONDS
    return max(0.0, min(BATCH_SECONDS, deadline - time.monotonic()))


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Turn Ctrl-C and SIGTERM into a clean stop, so the last batch is written, not lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = lambda *_: stop.set()  # noqa: E731
    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
