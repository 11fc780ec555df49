"""Running a capture session until its time is up or the user stops it, batch by batch."""

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from diag.events import MidiEvent
from diag.midi.capture import CaptureSession

BATCH_SECONDS = 0.05
"""How often the consumer takes what the polling thread has stamped."""


@dataclass
class LoopResult:
    """How a capture loop ended."""

    seconds: float
    interrupted: bool


def run_session(session: CaptureSession, seconds: float | None,
                consume: Callable[[list[MidiEvent]], None]) -> LoopResult:
    """Start `session`, feed its batches to `consume` until `seconds` pass or SIGINT/SIGTERM."""
    stop = threading.Event()
    with _stop_on_signals(stop):
        session.start()
        started = time.monotonic()
        deadline = started + seconds if seconds else None
        try:
            while not stop.is_set() and not _past(deadline):
                stop.wait(_next_wait(deadline))
                consume(session.drain())
        finally:
            consume(session.stop())
    return LoopResult(time.monotonic() - started, stop.is_set())


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
