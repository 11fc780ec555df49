"""MIDI clock: tick intervals into tempo, jitter, beat-by-beat stability, dropouts and pauses."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

PPQN = 24
"""MIDI clock sends 24 ticks per quarter note (MIDI 1.0 specification)."""

PAUSE_SECONDS = 0.25
"""A gap between ticks longer than this is the clock stopping, not a late tick (one tick at 10 BPM)."""

DROPOUT_FACTOR = 1.5
"""A tick interval this many times the usual one means at least one tick went missing."""

INTERVAL_BIN = 0.0001
"""Tick intervals are counted in 0.1 ms bins: at most 2,500 bins whatever the capture's length."""

BPM_BIN = 0.1
"""Beat tempos are counted in 0.1 BPM bins."""

MAX_BPM = 1000.0
"""Beat tempos above this (two clocks merged into bursts) are counted as this."""


@dataclass(frozen=True)
class ClockStats:
    """What the clock ticks on one port in one step show."""

    ticks: int
    first_t: float
    last_t: float
    bpm: float | None
    """Tempo from the mean of the usual tick intervals (None with fewer than two ticks)."""
    tick_ms: float | None
    """The median tick interval, milliseconds."""
    jitter_ms: float | None
    """Standard deviation of the tick intervals (dropouts included), milliseconds."""
    beats: int
    """Whole beats (24 ticks with no pause) measured."""
    beat_bpm_low: float | None
    """5th percentile of the per-beat tempo."""
    beat_bpm_high: float | None
    """95th percentile of the per-beat tempo."""
    dropouts: int
    """Intervals over 1.5 times the usual one (and up to PAUSE_SECONDS): ticks went missing."""
    pauses: int
    """Gaps longer than PAUSE_SECONDS: the clock stopped and started again."""

    @property
    def irregularity(self) -> float | None:
        """Jitter as a share of the usual tick interval (0.05 = 5 %)."""
        if not self.jitter_ms or not self.tick_ms:
            return 0.0 if self.tick_ms else None
        return self.jitter_ms / self.tick_ms

    @property
    def beat_spread(self) -> float | None:
        """How far single beats' tempo spreads (5th to 95th percentile), as a share of the tempo."""
        if self.beat_bpm_low is None or self.beat_bpm_high is None or not self.bpm:
            return None
        return (self.beat_bpm_high - self.beat_bpm_low) / self.bpm


class ClockMeter:
    """Takes tick times one by one in constant memory; `stats()` freezes what it saw."""

    __slots__ = (
        "beat_start",
        "beat_tempos",
        "beat_ticks",
        "first_t",
        "interval_sum",
        "intervals",
        "last_gap",
        "last_t",
        "pauses",
        "previous",
        "ticks",
    )

    def __init__(self) -> None:
        self.ticks = 0
        self.first_t = self.last_t = 0.0
        self.previous: float | None = None
        self.last_gap = 0.0
        self.intervals: Counter[int] = Counter()
        self.interval_sum = 0.0
        self.beat_start = 0.0
        self.beat_ticks = 0
        self.beat_tempos: Counter[int] = Counter()
        self.pauses = 0

    def tick(self, t: float) -> None:
        previous = self.previous
        self.previous = self.last_t = t
        self.ticks += 1
        if previous is None:
            if self.ticks == 1:
                self.first_t = t
            self.beat_start, self.beat_ticks = t, 0
            return
        gap = t - previous
        if gap > PAUSE_SECONDS:
            self.pauses += 1
            self.beat_start, self.beat_ticks, self.last_gap = t, 0, 0.0
            return
        self.intervals[round(gap / INTERVAL_BIN)] += 1
        self.interval_sum += gap
        if self.last_gap and gap > DROPOUT_FACTOR * self.last_gap:
            # A beat with a lost tick in it would read as a tempo change: measure from here instead.
            self.beat_start, self.beat_ticks = t, 0
            return
        self.last_gap = gap
        self.beat_ticks += 1
        if self.beat_ticks == PPQN:
            self._beat(t)

    def _beat(self, t: float) -> None:
        length = t - self.beat_start
        bpm = 60.0 / length if length > 0 else MAX_BPM
        self.beat_tempos[round(min(bpm, MAX_BPM) / BPM_BIN)] += 1
        self.beat_start, self.beat_ticks = t, 0

    def new_segment(self) -> None:
        """The next tick starts a new time base (another capture file): no interval across it."""
        self.previous = None
        self.last_gap = 0.0

    def stats(self) -> ClockStats | None:
        if not self.ticks:
            return None
        median_bin = _percentile(self.intervals, 0.5)
        usual = self._usual_interval(median_bin)
        return ClockStats(
            ticks=self.ticks, first_t=self.first_t, last_t=self.last_t,
            bpm=round(60.0 / (PPQN * usual), 2) if usual else None,
            tick_ms=round(median_bin * INTERVAL_BIN * 1000, 2) if median_bin is not None else None,
            jitter_ms=_std_ms(self.intervals), beats=sum(self.beat_tempos.values()),
            beat_bpm_low=_bpm_at(self.beat_tempos, 0.05), beat_bpm_high=_bpm_at(self.beat_tempos, 0.95),
            dropouts=self._dropouts(median_bin), pauses=self.pauses,
        )

    def _usual_interval(self, median_bin: int | None) -> float | None:
        """The mean interval without dropouts: exact sums, minus the dropouts' binned share."""
        if median_bin is None:
            return None
        limit = median_bin * DROPOUT_FACTOR
        long_bins = [(b, n) for b, n in self.intervals.items() if b > limit]
        count = sum(self.intervals.values()) - sum(n for _, n in long_bins)
        total = self.interval_sum - sum(b * n * INTERVAL_BIN for b, n in long_bins)
        return total / count if count and total > 0 else None

    def _dropouts(self, median_bin: int | None) -> int:
        if not median_bin:
            return 0
        return sum(n for b, n in self.intervals.items() if b > median_bin * DROPOUT_FACTOR)


def _percentile(histogram: Counter[int], share: float) -> int | None:
    """The bin below which `share` of the counted values fall."""
    total = sum(histogram.values())
    if not total:
        return None
    wanted, running = share * total, 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= wanted:
            return value
    return max(histogram)


def _bpm_at(tempos: Counter[int], share: float) -> float | None:
    value = _percentile(tempos, share)
    return None if value is None else round(value * BPM_BIN, 1)


def _std_ms(histogram: Counter[int]) -> float | None:
    total = sum(histogram.values())
    if total < 2:
        return None
    mean = sum(b * n for b, n in histogram.items()) / total
    variance = sum(n * (b - mean) ** 2 for b, n in histogram.items()) / (total - 1)
    return round(math.sqrt(variance) * INTERVAL_BIN * 1000, 3)
