"""Building blocks for realistic scenario captures: played keys and pads, clocked sequences, thru copies.

Times follow real hardware: a person plays a note every 0.3-0.6 s; a sequencer puts its
notes on sixteenths of a 24-ticks-per-beat clock, each tick a little late or early (USB
polling); a message passed on by a THRU jack, a cable or a box arrives about a millisecond
after the original (three bytes at 31,250 baud take 0.96 ms). Every builder takes a seeded
`random.Random`, so the files come out the same on every run.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from diag.events import MidiEvent

DIN_DELAY = 0.00096
"""Three bytes at 31,250 baud: how long a note takes to cross one DIN cable."""

HEADER_STARTED = "2025-03-14T20:15:00.000Z"
"""A fixed start time, so regenerated files are byte for byte the same."""


@dataclass(frozen=True)
class Capture:
    """One capture file: one step on one or more ports."""

    name: str
    """File name under tests/scenarios/captures/."""
    step: str
    ports: tuple[str, ...]
    """Every port captured, silent or not (written in the header)."""
    events: tuple[MidiEvent, ...]


def capture(name: str, step: str, ports: Sequence[str], *streams: Iterable[MidiEvent]) -> Capture:
    """A capture of `step` on `ports`, the streams merged in time order and tagged with the step."""
    events = sorted((MidiEvent(round(e.t, 6), e.port, e.data, step) for s in streams for e in s),
                    key=lambda e: e.t)
    unknown = {e.port for e in events} - set(ports)
    if unknown:
        raise ValueError(f"{name}: events on ports not captured: {unknown}")
    return Capture(name, step, tuple(ports), tuple(events))


def played(port: str, notes: Sequence[int], channel: int, rng: random.Random, start: float = 0.35,
           gap: tuple[float, float] = (0.3, 0.55), length: tuple[float, float] = (0.12, 0.3)) -> list[MidiEvent]:
    """Notes played by hand: uneven gaps, lengths and velocities; note-off as note-on with velocity 0
    or as 8n, the way different makers send it."""
    events, t = [], start
    for note in notes:
        velocity = rng.randint(62, 118)
        events.append(MidiEvent(t, port, bytes((0x90 | channel - 1, note, velocity))))
        events.append(MidiEvent(t + rng.uniform(*length), port, bytes((0x80 | channel - 1, note, 0x40))))
        t += rng.uniform(*gap)
    return events


def ticks(bpm: float, seconds: float, start: float, rng: random.Random, jitter: float = 0.00025) -> list[float]:
    """The times of 24-per-beat clock ticks at `bpm`, each off by up to `jitter` seconds."""
    tick = 60.0 / bpm / 24
    return [start + i * tick + rng.uniform(-jitter, jitter) for i in range(int(seconds / tick))]


def clock(port: str, times: Sequence[float], start_at: int | None = None) -> list[MidiEvent]:
    """Clock ticks (F8) at `times`; with `start_at`, a start (FA) just before that tick."""
    events = [MidiEvent(t, port, b"\xf8") for t in times]
    if start_at is not None:
        events.append(MidiEvent(times[start_at] - 0.0003, port, b"\xfa"))
    return events


def sequenced(port: str, times: Sequence[float], start_at: int, pattern: Sequence[tuple[int, int, int]],
              rng: random.Random, gate_ticks: int = 3) -> list[MidiEvent]:
    """A pattern on sixteenths from tick `start_at`: (sixteenth, note, channel), repeated while ticks last.

    Pattern positions count from 0 over one bar (16 sixteenths); each note goes off after
    `gate_ticks` ticks, and no note starts unless its note-off still falls inside the capture."""
    events = []
    for bar in range((len(times) - start_at) // 96 + 1):
        for sixteenth, note, channel in pattern:
            at = start_at + bar * 96 + sixteenth * 6
            if at + gate_ticks >= len(times):
                continue
            velocity = 100 + rng.randint(-6, 6)
            events.append(MidiEvent(times[at] + rng.uniform(0.0001, 0.0004), port,
                                    bytes((0x90 | channel - 1, note, velocity))))
            events.append(MidiEvent(times[at + gate_ticks] + 0.0001, port, bytes((0x80 | channel - 1, note, 0))))
    return events


def passed_on(events: Iterable[MidiEvent], port: str, rng: random.Random, channel: int | None = None,
              shift: int = 0, hops: int = 1) -> list[MidiEvent]:
    """What a device further on receives: the same messages `hops` DIN cables later, channel
    messages maybe moved to another channel or note number (a box that remaps, a cable firmware)."""
    copies = []
    for event in events:
        data = event.data
        if 0x80 <= data[0] < 0xF0:
            status = data[0] & 0xF0 | ((channel - 1) if channel else data[0] & 0x0F)
            body = bytes((data[1] + shift,)) + data[2:] if data[0] & 0xE0 == 0x80 else data[1:]
            data = bytes((status,)) + body
        delay = hops * DIN_DELAY + rng.uniform(0.00005, 0.0004)
        copies.append(MidiEvent(event.t + delay, port, data))
    return copies


def sensing(port: str, seconds: float, rng: random.Random, start: float = 0.05) -> list[MidiEvent]:
    """Active sensing (FE) every 270-290 ms, as a sender keeps the line alive."""
    events, t = [], start
    while t < seconds:
        events.append(MidiEvent(t, port, b"\xfe"))
        t += rng.uniform(0.27, 0.29)
    return events


def sysex(port: str, t: float, hex_text: str) -> MidiEvent:
    return MidiEvent(t, port, bytes.fromhex(hex_text))


def jsonl(item: Capture) -> str:
    """The capture file's text: a header line, then one message per line (docs/capture-files.md)."""
    header = {"midi_diag_capture": 1, "tool": {"name": "midi-diag", "version": "scenario"},
              "started": HEADER_STARTED, "ports": list(item.ports), "step": item.step}
    lines = [json.dumps(header)]
    step = json.dumps(item.step)
    for event in item.events:
        lines.append(f'{{"t": {event.t:.6f}, "port": {json.dumps(event.port)}, '
                     f'"data": "{event.data.hex(" ").upper()}", "step": {step}}}')
    return "\n".join(lines) + "\n"


def write(items: Iterable[Capture], folder: Path) -> list[Path]:
    written = []
    for item in items:
        path = folder / item.name
        path.write_text(jsonl(item), encoding="utf-8", newline="\n")
        written.append(path)
    return written
