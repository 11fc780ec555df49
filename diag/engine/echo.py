"""Echo watching: the same message coming again within a few ms, on any port, in bounded memory."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from diag.engine.traffic import Echo

ECHO_WINDOW = 0.008
"""Seconds within which the same bytes count as an echo. A 3-byte message takes 0.96 ms on a
DIN cable (31,250 bit/s), a thru or merge forwards it within a millisecond or two and a trip
through a computer adds a few more; a sequencer's fastest retrigs (1/80 note at 300 BPM) are
10 ms apart, and no hand plays one key twice that fast."""

MAX_RECENT = 4096
"""At most this many messages are remembered at once (memory stays bounded at any rate)."""

ECHO_STATUS = tuple(
    status >> 4 in (0x8, 0x9, 0xB, 0xC) or status == 0xF0 for status in range(256)
)
"""Which status bytes are watched: notes, controllers, programs and SysEx. Clock and active
sensing repeat by design; pressure and pitch bend repeat their values in normal playing."""


@dataclass
class _Pair:
    """Running figures for echoes from one port to another in one step."""

    count: int
    returns: int
    longest_chain: int
    min_delay: float
    max_delay: float
    example: bytes


class EchoWatcher:
    """Remembers the watched messages of the last ECHO_WINDOW seconds and counts repeats."""

    def __init__(self, window: float = ECHO_WINDOW, limit: int = MAX_RECENT) -> None:
        self.window = window
        self.limit = limit
        self._order: deque[tuple[float, bytes]] = deque()
        self._recent: dict[bytes, deque[tuple[float, str, int, frozenset[str]]]] = {}
        self._now = 0.0
        self._pairs: dict[tuple[str, str, str | None], _Pair] = {}

    def reset(self) -> None:
        """Forget recent messages: the next ones come from another capture (another time base)."""
        self._order.clear()
        self._recent.clear()
        self._now = 0.0

    def see(self, t: float, port: str, step: str | None, data: bytes) -> None:
        """Take one watched message (the caller filters with ECHO_STATUS)."""
        if t > self._now:
            self._now = t
            self._expire(t - self.window)
        elif t < self._now - self.window:
            self.reset()  # time went back (a new time base): what came before cannot be echoed
            self._now = t
        chain, visited = 1, frozenset((port,))
        earlier = self._recent.get(data)
        if earlier and abs(t - earlier[-1][0]) <= self.window:
            last_t, last_port, last_chain, last_visited = earlier[-1]
            chain, visited = last_chain + 1, last_visited | visited
            returned = port in last_visited
            self._count((last_port, port, step), abs(t - last_t), chain, returned, data)
        if earlier is None:
            earlier = self._recent[data] = deque()
        earlier.append((t, port, chain, visited))
        self._order.append((t, data))
        if len(self._order) > self.limit:
            self._forget_oldest()

    def _expire(self, horizon: float) -> None:
        order = self._order
        while order and order[0][0] < horizon:
            self._forget_oldest()

    def _forget_oldest(self) -> None:
        _, data = self._order.popleft()
        earlier = self._recent[data]
        earlier.popleft()
        if not earlier:
            del self._recent[data]

    def _count(self, key: tuple[str, str, str | None], delay: float, chain: int, returned: bool,
               data: bytes) -> None:
        pair = self._pairs.get(key)
        if pair is None:
            self._pairs[key] = _Pair(1, int(returned), chain, delay, delay, data)
            return
        pair.count += 1
        pair.returns += returned
        pair.longest_chain = max(pair.longest_chain, chain)
        pair.min_delay = min(pair.min_delay, delay)
        pair.max_delay = max(pair.max_delay, delay)

    def echoes(self) -> tuple[Echo, ...]:
        """Every (source port, echo port, step) with at least one echo, most echoes first."""
        found = [
            Echo(source, port, step, p.count, p.returns, p.longest_chain, round(p.min_delay, 6), round(p.max_delay, 6),
                 p.example.hex(" ").upper())
            for (source, port, step), p in self._pairs.items()
        ]
        return tuple(sorted(found, key=lambda echo: -echo.count))
