"""Loss-free capture from several MIDI inputs into one time-ordered stream of raw messages.

One thread polls every python-rtmidi input and only stamps each message with the
monotonic clock and appends it to a bounded deque; everything else (timing refinement,
merging, bytes conversion) happens in `drain()`, on the consumer's side. A second thread
(diag.midi.watch) notices ports that vanish or come back and the MIDI system stopping; a port
that comes back is swapped in between two polling rounds. Polling beats a
callback here: python-rtmidi runs callbacks on the MIDI system's real-time thread, where
a garbage-collection pause overruns the period and loses blocks of messages
(benchmarks/capture_bench.py measures both).
"""

import bisect
import gc
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from diag.errors import DiagError, UsageError
from diag.events import MidiEvent
from diag.midi.ports import match_port
from diag.midi.system import CLIENT_NAME, open_input_client, quiet_stderr
from diag.midi.watch import (
    BACK,
    GONE,
    RENAMED,
    SYSTEM_GONE,
    PortLister,
    PortNotice,
    PortWatcher,
    open_lister,
)

BUFFER_LIMIT = 1 << 20
"""Messages held between the polling thread and the consumer before new ones are dropped."""

IDLE_SLEEP = 0.0005
"""Seconds the polling thread sleeps when no input had anything (bounds the added latency)."""

MAX_LAG_NS = 10_000_000
"""How far a message's refined time may lie before the moment it was taken (10 ms)."""

GC_YOUNG_THRESHOLD = 20_000
"""Young-generation GC threshold while capturing. At the default (700) every message in flight
survives a few collections and gets promoted, which costs ~0.4 us per message at 100,000/s
(benchmarks/capture_bench.py); with this one they die young. Restored when the capture stops."""


SWAP_WAIT_SECONDS = 1.0
"""Longest wait for the polling thread to let go of an input that is being replaced."""


@dataclass
class InputPort:
    """One opened input: its name as the MIDI system reports it and its rtmidi object."""

    name: str
    midi_in: Any
    received: int = 0
    fragment: str = ""
    """The port argument it was opened by: a port that comes back under a new name is found by it."""
    number: int = 0
    """N in the name of midi-diag's own input port, in-N."""
    present: bool = True
    """False while the port is gone from the MIDI system."""
    retired: bool = False
    """Replaced by an entry under the port's new name; no longer polled."""

    @property
    def own_port(self) -> str:
        """midi-diag's own input port connected to it, client:port (JACK may add -01... to the client)."""
        return f"{own_client_name()}:in-{self.number}" if self.number else ""


@dataclass
class CaptureStats:
    """What a capture has seen so far."""

    received: dict[str, int] = field(default_factory=dict)
    dropped: int = 0
    """Messages lost because the consumer fell behind by more than BUFFER_LIMIT."""


def place_time(last_ns: int | None, take_ns: int, delta_s: float) -> int:
    """A message's precise time from its take time and the MIDI system's delta since the last.

    The take time is an upper bound on when a message arrived (polling adds up to a
    millisecond); python-rtmidi's delta is exact on ALSA and CoreMIDI. Following the deltas
    and clamping to [take - MAX_LAG_NS, take] keeps their precision, never runs ahead of the
    clock, recovers from drift between the two clocks, and never goes back in time.
    """
    if last_ns is None:
        return take_ns
    follow = last_ns + int(delta_s * 1e9)
    return min(take_ns, max(follow, take_ns - MAX_LAG_NS, last_ns))


class CaptureSession:
    """Captures from several input ports at once; drain() returns events in time order."""

    def __init__(self, ports: list[InputPort], step: str | None = None,
                 buffer_limit: int = BUFFER_LIMIT, clock: Callable[[], int] = time.monotonic_ns,
                 watch: Callable[[], PortLister] | None = None, reopen: Callable[[str, int], Any] | None = None):
        self.ports = ports
        self.step = step
        self._buffer: deque = deque()
        self._buffer_limit = buffer_limit
        self._clock = clock
        self._last_ns: list[int | None] = [None] * len(ports)
        self._held: list[MidiEvent] = []
        self._dropped = 0
        self._running = False
        self._thread: threading.Thread | None = None
        self.start_ns = 0
        self._epoch = 0
        """Changed whenever the inputs to poll change (a port reopened) and at stop."""
        self._polled_epoch = 0
        self._swap_lock = threading.Lock()
        self._watch, self._reopen = watch, reopen
        self._watcher: PortWatcher | None = None
        self.notices: list[PortNotice] = []
        """What happened to the ports, in order; appended by the watching thread."""
        self.system_gone = False
        """True once the MIDI system itself stopped (a JACK server killed, say)."""
        self._closed = False

    @property
    def port_names(self) -> list[str]:
        """Every port captured so far (a port back under a new name adds its new name)."""
        return [port.name for port in self.ports]

    @property
    def gone_ports(self) -> list[str]:
        """The ports that vanished and have not come back."""
        return [port.name for port in self.ports if not port.present and not port.retired]

    @property
    def stats(self) -> CaptureStats:
        return CaptureStats({p.name: p.received for p in self.ports}, self._dropped)

    def start(self) -> None:
        """Start polling; times are counted from this moment."""
        self._saved_gc_threshold = gc.get_threshold()
        gc.set_threshold(max(GC_YOUNG_THRESHOLD, self._saved_gc_threshold[0]), *self._saved_gc_threshold[1:])
        self.start_ns = self._clock()
        self._running = True
        self._thread = threading.Thread(target=self._poll, name="midi-capture", daemon=True)
        self._thread.start()
        self._start_watching()

    def _start_watching(self) -> None:
        if self._watch is None or self._reopen is None:
            return
        try:
            lister = self._watch()
        except DiagError:
            return  # the capture goes on unwatched; it only loses the notices
        self._watcher = PortWatcher(self, lister, self._reopen)
        self._watcher.start()

    def look_now(self) -> None:
        """Look for vanished ports at once (a user asked to reconnect)."""
        if self._watcher is not None:
            self._watcher.look_now()

    def stop(self) -> list[MidiEvent]:
        """Stop watching and polling, close the ports and return every event not yet drained."""
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None
        with self._swap_lock:
            self._running = False
            self._epoch += 1
        if self._thread is not None:
            self._thread.join()
            gc.set_threshold(*self._saved_gc_threshold)
        remaining = self.drain(final=True)
        self.close()
        return remaining

    def close(self) -> None:
        """Close every input (once: python-rtmidi crashes on a second close)."""
        if self._closed:
            return
        self._closed = True
        with quiet_stderr():
            for port in self.ports:
                if not port.retired:
                    _close_input(port.midi_in)

    def _poll(self) -> None:
        while self._running:
            epoch = self._epoch
            getters = [(index, port.midi_in.get_message) for index, port in enumerate(self.ports)
                       if not port.retired]
            self._polled_epoch = epoch
            self._poll_inputs(getters, epoch)
            self._poll_inputs(getters, None)  # what the inputs still held when they were swapped

    def _poll_inputs(self, getters: list, epoch: int | None) -> None:
        """Poll until the inputs change (epoch None: one round only)."""
        # The hot path: no decoding, no locks, no allocation beyond the stamped tuple.
        buffer, limit, clock, sleep = self._buffer, self._buffer_limit, self._clock, time.sleep
        append = buffer.append
        while self._epoch == epoch or epoch is None:
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
            if epoch is None:
                return
            if idle:
                sleep(IDLE_SLEEP)

    # What the watcher reports (called from its thread) ----------------------------------

    def watched_ports(self) -> list[tuple[int, InputPort]]:
        return [(index, port) for index, port in enumerate(self.ports) if not port.retired]

    def seconds_now(self) -> float:
        return ((self._clock() - self.start_ns) // 1000) / 1e6

    def port_gone(self, index: int) -> None:
        port = self.ports[index]
        port.present = False
        self.notices.append(PortNotice(self.seconds_now(), port.name, GONE))

    def port_back(self, index: int, midi_in: Any, name: str) -> int | None:
        """Poll `midi_in` instead of the vanished input `index`; under a new name, as a new entry.
        Returns the index of the entry now capturing it (None when the capture has stopped)."""
        old = self.ports[index]
        with self._swap_lock:
            if not self._running:
                _close_input(midi_in)
                return None
            entry = index
            if name == old.name:
                old.midi_in, old.present, stale = midi_in, True, old.midi_in
            else:
                self.ports.append(InputPort(name, midi_in, fragment=old.fragment, number=old.number))
                self._last_ns.append(None)
                old.retired, stale, entry = True, old.midi_in, len(self.ports) - 1
            self._epoch += 1
            epoch = self._epoch
        self._wait_until_polled(epoch)
        with quiet_stderr():
            _close_input(stale)
        self.notices.append(PortNotice(self.seconds_now(), old.name, BACK, "" if name == old.name else name))
        return entry

    def port_renamed(self, index: int, name: str) -> int:
        """The input `index` is connected to a port that now has another name: a new entry, same input.
        Returns the new entry's index."""
        old = self.ports[index]
        with self._swap_lock:
            self.ports.append(InputPort(name, old.midi_in, fragment=old.fragment, number=old.number))
            self._last_ns.append(self._last_ns[index])
            old.retired = True
            self._epoch += 1
        self.notices.append(PortNotice(self.seconds_now(), old.name, RENAMED, name))
        return len(self.ports) - 1

    def system_stopped(self) -> None:
        self.system_gone = True
        for port in self.ports:
            port.present = False
        self.notices.append(PortNotice(self.seconds_now(), "", SYSTEM_GONE))

    def _wait_until_polled(self, epoch: int) -> None:
        deadline = time.monotonic() + SWAP_WAIT_SECONDS
        while self._polled_epoch < epoch and self._running and time.monotonic() < deadline:
            time.sleep(0.002)

    def drain(self, final: bool = False) -> list[MidiEvent]:
        """Every event that is safe to release, oldest first, as MidiEvents."""
        placed = self._place_taken()
        if len(self.ports) == 1:
            return placed
        return self._merge(placed, final)

    def _place_taken(self) -> list[MidiEvent]:
        # Runs once per message at up to 100,000 messages/s: locals and tuple.__new__ on purpose.
        buffer, last_ns, ports = self._buffer, self._last_ns, self.ports
        taken = len(buffer)  # first: every message counted here names a port already in `ports`
        names = [port.name for port in ports]
        counts = [0] * len(ports)
        start, step, new, event_type = self.start_ns, self.step, tuple.__new__, MidiEvent
        popleft = buffer.popleft
        placed: list[MidiEvent] = []
        append = placed.append
        for _ in range(taken):
            take_ns, index, (data, delta) = popleft()
            time_ns = last_ns[index] = place_time(last_ns[index], take_ns, delta)
            counts[index] += 1
            append(new(event_type, (((time_ns - start) // 1000) / 1e6, names[index], bytes(data), step)))
        for port, count in zip(ports, counts):
            port.received += count
        return placed

    def _merge(self, placed: list[MidiEvent], final: bool) -> list[MidiEvent]:
        # Refined times may precede their take time by up to MAX_LAG_NS, so an event is only
        # released once no later-taken event from another port can still sort before it.
        pending = self._held + placed
        pending.sort(key=_time_key)
        if final:
            self._held = []
            return pending
        horizon = ((self._clock() - MAX_LAG_NS - self.start_ns) // 1000) / 1e6
        cut = bisect.bisect_right(pending, horizon, key=_time_key)
        self._held = pending[cut:]
        return pending[:cut]


def _time_key(event: MidiEvent) -> float:
    return event.t


def open_capture(api: str, fragments: list[str], step: str | None = None, watch: bool = True) -> CaptureSession:
    """Open one input per port fragment (each must match exactly one port) and return a session.

    With `watch`, the session notices ports that vanish or come back, and the MIDI system stopping."""
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
    if not watch:
        return CaptureSession(ports, step)
    return CaptureSession(ports, step, watch=lambda: open_lister(api),
                          reopen=lambda name, number: _open_input(api, name, number).midi_in)


def own_client_name() -> str:
    """The client name of this process's capture inputs: unique, so that the watcher can tell its
    connections from those of another midi-diag (JACK adds -01, -02... to the second input's client)."""
    return f"{CLIENT_NAME}-{os.getpid()}"


def _open_input(api: str, fragment: str, number: int) -> InputPort:
    midi_in = open_input_client(api, own_client_name())
    try:
        with quiet_stderr():
            names = midi_in.get_ports()
        index = match_port(fragment, names, "input")
        with quiet_stderr():
            midi_in.open_port(index, f"in-{number}")
    except BaseException:
        midi_in.delete()
        raise
    return InputPort(names[index], midi_in, fragment=fragment, number=number)


def _close_input(midi_in: Any) -> None:
    midi_in.close_port()
    midi_in.delete()
