"""What the simulated user does in each step, and the human pacing of it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

STEP_KINDS = ("keys", "pads", "sequencer", "idle")
"""The steps of the contract's capture files: what the user does while the computer listens."""

PRE_ROLL = 0.1
"""Seconds from the start of listening to the first thing played."""

KEY_GAP = 0.45
"""Seconds between one key (or pad) and the next: an unhurried player."""

KEY_HOLD = 0.3
"""Seconds a key is held down."""

PAD_HOLD = 0.1
"""Seconds a pad or trig key is held: a tap."""

TAIL = 0.3
"""Seconds of listening after the last message, as a person stops capturing a moment later."""

SIXTEENTHS_PER_BAR = 16


def _no_trigs() -> Mapping[str, tuple[int, ...]]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Step:
    """One step of a scenario: its contract name, who does it, and what exactly."""

    name: str
    """keys, pads, sequencer or idle."""
    device: str | None
    """The rig name of the device played (None for idle)."""
    say: str
    """What the user does, in the words the wizard shows."""
    notes: tuple[int, ...] = ()
    """keys: note numbers, played one after another."""
    velocity: int = 100
    tracks: tuple[str, ...] = ()
    """pads: the tracks hit, one after another, as "group.track" ("drum.BD", "audio.1")."""
    bars: int = 0
    bpm: float = 120.0
    trigs: Mapping[str, tuple[int, ...]] = field(default_factory=_no_trigs)
    """sequencer: "group.track" -> the sixteenth notes (1-16) of a bar that hold a trig."""
    note: int | None = None
    """sequencer: the note the trigs of MIDI tracks play."""
    seconds: float = 0.0
    """idle: how long nothing is touched."""


def key_times(count: int, hold: float = KEY_HOLD) -> list[tuple[float, float]]:
    """(down, up) times for keys or pads played one after another."""
    return [(PRE_ROLL + index * KEY_GAP, PRE_ROLL + index * KEY_GAP + hold) for index in range(count)]


def sixteenth(bpm: float) -> float:
    """Seconds per sixteenth note."""
    return 60.0 / bpm / 4


def trig_times(step: Step, positions: tuple[int, ...]) -> list[tuple[float, float]]:
    """(on, off) times of a track's trigs over every bar; the gate is half a sixteenth."""
    length = sixteenth(step.bpm)
    times = []
    for bar in range(step.bars):
        for position in positions:
            start = PRE_ROLL + (bar * SIXTEENTHS_PER_BAR + position - 1) * length
            times.append((start, start + length / 2))
    return times


def clock_times(step: Step) -> list[float]:
    """One tick per 24th of a beat from the start for every bar: 96 per bar of 4/4."""
    tick = 60.0 / step.bpm / 24
    return [PRE_ROLL + index * tick for index in range(step.bars * 96)]


def sequence_end(step: Step) -> float:
    return PRE_ROLL + step.bars * SIXTEENTHS_PER_BAR * sixteenth(step.bpm)
