"""Loss-free capture from several MIDI inputs into one time-ordered stream of raw messages.

One thread polls every python-rtmidi input and only stamps each message with the
monotonic clock and appends it to a bounded deque; everything else (timing refinement,
merging, bytes conversion) happens in `drain()`, on the consumer's side. Polling beats a
callback here: python-rtmidi runs callbacks on the MIDI system's real-time thread, where
a garbage-collection pause overruns the period and loses blocks of messages
(benchmarks/capture_bench.py measures both).
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from diag.errors import UsageError
from diag.events import MidiEvent
from diag.midi.ports import match_port
from diag.midi.system import open_input_client, quiet_stderr

BUFFER_LIMIT = 1 << 20
"""Messages held between the polling thread and the consumer before new ones are dropped."""

IDLE_SLEEP = 0.0005
"""Seconds the polling thread sleeps when no input had anything (bounds the added latency)."""

MAX_LAG_NS = 10_000_000
"""How far a message's refined time may lie before the moment it was taken (10 ms)."""


@dataclass
class InputPort:
    """One opened input: its name as the MIDI system reports it and its rtmidi object."""

    name: str
    midi_in: Any
    received: int = 0


@dataclass
class CaptureStats:
    """What a capture has seen so far."""

    received: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    """Messages lost because the consumer fell behind by more than BUFFER_LIMIT."""


class _PortClock:
    """Turns take times plus the MIDI system's own deltas into precise, non-decreasing times.

    The take time is an upper bound on when a message arrived (polling adds up to a
    millisecond); python-rtmidi's delta is exact on ALSA and CoreMIDI. Following the deltas
    and clamping to [take - MAX_LAG_NS, take] keeps the precision of the deltas, never runs
    ahead of the clock, and recovers from drift between the two clocks.
    """

    __slots__ = ("last_ns",)

    def __init__(self) -> None:
        self.last_ns: int | None = None

    def place(self, take_ns: int, delta_s: float) -> int:
        if self.last_ns is None:
            self.last_ns = take_ns
            return take_ns
        follow = self.last_ns + int(delta_s * 1e9)
        placed = min(take_ns, max(follow, take_ns - MAX_LAG_NS, self.last_ns))
        self.last_ns = placed
        return placed


class CaptureSession:
    """Captures from several input ports at once; drain() returns events in time order."""

    def __init__(self, ports: list[InputPort], step: str | None = None,
                 buffer_limit: int = BUFFER_LIMIT, clock: Callable[[], int] = time.monotonic_ns):
        self.ports = ports
        self.step = step
        self._buffer: deque = deque()
        self._buffer_limit = buffer_limit
        self._clock = clock
        self._clocks = [_PortClock() for _ in ports]
        self._held: list[tuple[int, MidiEvent]] = []
        self._dropped = 0
        self._running = False
        self._thread: threading.Thread | None = None
        self.start_ns = 0

    @property
    def port_names(self) -> list[str]:
        return [port.name for port in self.ports]

    @property
    def stats(self) -> CaptureStats:
        return CaptureStats({p.name: p.received for p in self.ports}, self._dropped)

    def start(self) -> None:
        """Start polling; times are counted from this moment."""
        self.start_ns = self._clock()
        self._running = True
        self._thread = threading.Thread(target=self._poll, name="midi-capture", daemon=True)
        self._thread.start()

    def stop(self) -> list[MidiEvent]:
        """Stop polling, close the ports and return every event not yet drained."""
        self._running = False
        if self._thread is not None:
            self._thread.join()
        remaining = self.drain(final=True)
        self.close()
        return remaining

    def close(self) -> None:
        with quiet_stderr():
            for port in self.ports:
                port.midi_in.close_port()
                port.midi_in.delete()

    def _poll(self) -> None:
        # The hot path: no decoding, no locks, no allocation beyond the stamped tuple.
        getters = [(index, port.midi_in.get_message) for index, port in enumerate(self.ports)]
        buffer, limit, clock, sleep = self._buffer, self._buffer_limit, self._clock, time.sleep
        append = buffer.append
        while self._running:
            idle = True
            for index, get_message in getters:
                message = get_message()
                while message is not None:
                    idle = False
                    if len(buffer) < limit:
                        append((clock(), index, message))
                    else:
                        self._dropped += 1
                    message = get_message()
            if idle:
                sleep(IDLE_SLEEP)

    def drain(self, final: bool = False) -> list[MidiEvent]:
        """Every event that is safe to release, oldest first, as MidiEvents."""
        placed = self._place_taken()
        if len(self.ports) == 1:
            return [event for _, event in placed]
        return self._merge(placed, final)

    def _place_taken(self) -> list[tuple[int, MidiEvent]]:
        buffer, popleft, ports, clocks = self._buffer, self._buffer.popleft, self.ports, self._clocks
        start, step = self.start_ns, self.step
        placed = []
        for _ in range(len(buffer)):
            take_ns, index, (data, delta) = popleft()
            time_ns = clocks[index].place(take_ns, delta)
            port = ports[index]
            port.received += 1
            seconds = ((time_ns - start) // 1000) / 1_000_000
            placed.append((time_ns, MidiEvent(seconds, port.name, bytes(data), step)))
        return placed

    def _merge(self, placed: list[tuple[int, MidiEvent]], final: bool) -> list[MidiEvent]:
        # Refined times may precede their take time by up to MAX_LAG_NS, so an event is only
        # released once no later-taken event from another port can still sort before it.
        pending = self._held + placed
        pending.sort(key=_time_key)
        if final:
            self._held = []
            return [event for _, event in pending]
        horizon = self._clock() - MAX_LAG_NS
        cut = next((i for i, (time_ns, _) in enumerate(pending) if time_ns > horizon), len(pending))
        self._held = pending[cut:]
        return [event for _, event in pending[:cut]]


def _time_key(item: tuple[int, MidiEvent]) -> int:
    return item[0]


def open_capture(api: str, fragments: list[str], step: str | None = None) -> CaptureSession:
    """Open one input per port fragment (each must match exactly one port) and return a session."""
    ports: list[InputPort] = []
    try:
        for number, fragment in enumerate(fragments, start=1):
            port = _open_input(api, fragment, number)
            ports.append(port)
            if [p.name for p in ports].count(port.name) > 1:
                raise UsageError(f"input port '{port.name}' is named twice ('{fragment}')")
    except BaseException:
        for port in ports:
            port.midi_in.delete()
        raise
    return CaptureSession(ports, step)


def _open_input(api: str, fragment: str, number: int) -> InputPort:
    midi_in = open_input_client(api)
    try:
        with quiet_stderr():
            names = midi_in.get_ports()
        index = match_port(fragment, names, "input")
        with quiet_stderr():
            midi_in.open_port(index, f"in-{number}")
    except BaseException:
        midi_in.delete()
        raise
    return InputPort(names[index], midi_in)
