"""Tempo from MIDI clock (24 ticks per quarter note), its steadiness, and the transport state per port."""

import itertools
import statistics
from collections import deque
from dataclasses import dataclass, field
from typing import NamedTuple

from diag.events import MidiEvent

TICKS_PER_BEAT = 24
WINDOW_BEATS = 4
GAP_SECONDS = 0.25
"""A pause between ticks longer than this (under 10 BPM) starts the measurement again."""
STOPPED_AFTER = 0.5
"""No tick for this long: the clock is reported as not running."""
STEADY_SPREAD = 0.5
UNEVEN_SPREAD = 2.0
"""Beat-to-beat tempo spreads (BPM) up to which a clock is called steady, then uneven."""

CLOCK, START, CONTINUE, STOP, SONG_POSITION = 0xF8, 0xFA, 0xFB, 0xFC, 0xF2


@dataclass
class PortClock:
    """The clock and transport messages of one port."""

    port: str
    ticks: deque[float] = field(default_factory=lambda: deque(maxlen=TICKS_PER_BEAT * WINDOW_BEATS + 1))
    """Times of the latest ticks since the last gap."""
    tick_count: int = 0
    transport: str = "no start/stop seen"
    """"playing", "stopped" or "no start/stop seen"."""
    transport_detail: str = ""
    """Which message set the transport state (start, continue, stop)."""
    song_position: int | None = None
    """The last Song Position Pointer, in sixteenth notes."""


class TempoReading(NamedTuple):
    """What the clock of one port says at a given moment."""

    port: str
    bpm: float | None
    """None until a whole beat of ticks has arrived."""
    spread: float | None
    """Largest minus smallest beat-long tempo in the window, in BPM."""
    jitter_ms: float | None
    """Standard deviation of the time between ticks, in milliseconds."""
    running: bool
    """A tick arrived within the last STOPPED_AFTER seconds."""
    transport: str
    transport_detail: str
    song_position: int | None

    @property
    def steadiness(self) -> str:
        """The spread in a word."""
        if self.spread is None:
            return "measuring"
        if self.spread <= STEADY_SPREAD:
            return "steady"
        return "uneven" if self.spread <= UNEVEN_SPREAD else "unstable"


class ClockTracker:
    """Follows clock, start, continue, stop and song position per port."""

    def __init__(self) -> None:
        self.ports: dict[str, PortClock] = {}

    def clear(self) -> None:
        self.ports.clear()

    def feed(self, first: int, event: MidiEvent) -> None:
        """Follow one system message whose first byte is `first`; others are ignored."""
        if first not in _HANDLED:
            return
        clock = self.ports.get(event.port)
        if clock is None:
            clock = self.ports[event.port] = PortClock(event.port)
        if first == CLOCK:
            _tick(clock, event.t)
        elif first == SONG_POSITION and len(event.data) == 3:
            clock.song_position = event.data[1] | event.data[2] << 7
        else:
            clock.transport, clock.transport_detail = _TRANSPORT[first]
            if first == START:
                clock.song_position = 0

    def readings(self, now: float) -> list[TempoReading]:
        """One reading per port that sent clock or transport, by port name."""
        return [reading(self.ports[port], now) for port in sorted(self.ports)]


_TRANSPORT = {START: ("playing", "start"), CONTINUE: ("playing", "continue"), STOP: ("stopped", "stop")}
_HANDLED = frozenset({CLOCK, SONG_POSITION, *_TRANSPORT})


def _tick(clock: PortClock, t: float) -> None:
    ticks = clock.ticks
    if ticks and t - ticks[-1] > GAP_SECONDS:
        ticks.clear()
    ticks.append(t)
    clock.tick_count += 1


def reading(clock: PortClock, now: float) -> TempoReading:
    """The tempo, steadiness and transport of one port's clock at `now`."""
    ticks = list(clock.ticks)
    running = bool(ticks) and now - ticks[-1] <= STOPPED_AFTER
    bpm = spread = jitter = None
    span = ticks[-1] - ticks[0] if ticks else 0.0
    if len(ticks) > TICKS_PER_BEAT and span > 0:
        bpm = 60.0 * (len(ticks) - 1) / (span * TICKS_PER_BEAT)
        spread = _beat_spread(ticks)
        jitter = statistics.pstdev(b - a for a, b in itertools.pairwise(ticks)) * 1000
    return TempoReading(clock.port, bpm, spread, jitter, running, clock.transport,
                        clock.transport_detail, clock.song_position)


def _beat_spread(ticks: list[float]) -> float:
    """How far apart the slowest and fastest beat-long stretches of the window are, in BPM."""
    beats = [60.0 / (ticks[i + TICKS_PER_BEAT] - ticks[i])
             for i in range(len(ticks) - TICKS_PER_BEAT)
             if ticks[i + TICKS_PER_BEAT] > ticks[i]]
    return max(beats) - min(beats) if beats else 0.0
