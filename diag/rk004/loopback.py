"""An in-process transport that wires a client to an emulator on a virtual clock: no ports, no sleeping."""

from __future__ import annotations

import heapq
import math
from typing import Protocol

from diag.rk004.emulator import Emission
from diag.rk004.frames import XOFF, XON


class Device(Protocol):
    """What sits at the far end: the emulator, or a scripted fake in tests."""

    def respond(self, frame: bytes) -> list[Emission]: ...


class VirtualClock:
    """A clock that moves only when told; pass it as the client's clock."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance_to(self, moment: float) -> None:
        self.now = max(self.now, moment)


class LoopbackTransport:
    """The client's end of a virtual RK-004: sends reach the device, its answers come back on time."""

    def __init__(self, device: Device, clock: VirtualClock | None = None) -> None:
        self.device = device
        self.clock = clock or VirtualClock()
        self.sent: list[tuple[float, bytes]] = []
        """Every message the client sent, with the virtual time it was sent."""
        self.sent_while_held: list[bytes] = []
        """Messages the client sent while the emulator held XOFF: a flow-control violation."""
        self._pending: list[tuple[float, int, bytes]] = []
        self._held_spans: list[tuple[float, float]] = []
        self._order = 0

    def send(self, data: bytes) -> None:
        now = self.clock()
        self.sent.append((now, bytes(data)))
        if any(start <= now < end for start, end in self._held_spans):
            self.sent_while_held.append(bytes(data))
        emissions = self.device.respond(data)
        for emission in emissions:
            self.inject(emission.data, now + emission.delay)
        self._note_held_span(now, [(now + e.delay, e.data) for e in emissions])

    def inject(self, data: bytes, at: float | None = None) -> None:
        """Make a message arrive at a moment (now by default), as unrelated traffic on the same port would."""
        heapq.heappush(self._pending, (self.clock() if at is None else at, self._order, bytes(data)))
        self._order += 1

    def receive(self, timeout: float) -> bytes | None:
        deadline = self.clock() + max(0.0, timeout)
        if self._pending and self._pending[0][0] <= deadline:
            moment, _, data = heapq.heappop(self._pending)
            self.clock.advance_to(moment)
            return data
        self.clock.advance_to(deadline)
        return None

    def _note_held_span(self, now: float, timed: list[tuple[float, bytes]]) -> None:
        starts = [moment for moment, data in timed if data == bytes([XOFF])]
        if starts:
            ends = [moment for moment, data in timed if data == bytes([XON])]
            self._held_spans.append((starts[0], ends[0] if ends else math.inf))
