"""Hand-built traffic for the engine tests: clocks, notes, sensing, merged in time order."""

from __future__ import annotations

import random
from collections.abc import Iterable

from diag.engine import CapturedStep, Evidence, TrafficAnalyzer, build_evidence
from diag.events import MidiEvent


def clock(port: str, bpm: float = 120.0, beats: int = 8, start: float = 0.0, step: str | None = "keys",
          jitter: float = 0.0, seed: int = 1) -> list[MidiEvent]:
    """24 ticks per beat at `bpm`, each moved by up to +-`jitter` seconds."""
    rng = random.Random(seed)
    tick = 60.0 / bpm / 24
    return [MidiEvent(round(start + i * tick + rng.uniform(-jitter, jitter), 6), port, b"\xf8", step)
            for i in range(beats * 24)]


def notes(port: str, numbers: Iterable[int], channel: int = 1, start: float = 0.05, gap: float = 0.25,
          length: float = 0.1, step: str | None = "keys", velocity: int = 100) -> list[MidiEvent]:
    """Each note on, then off `length` later; one note every `gap` seconds."""
    events = []
    for i, number in enumerate(numbers):
        on = round(start + i * gap, 6)
        events.append(MidiEvent(on, port, bytes((0x90 | channel - 1, number, velocity)), step))
        events.append(MidiEvent(round(on + length, 6), port, bytes((0x80 | channel - 1, number, 0)), step))
    return events


def sensing(port: str, seconds: float, start: float = 0.0, every: float = 0.27, step: str | None = "keys") -> list[MidiEvent]:
    return [MidiEvent(round(start + i * every, 6), port, b"\xfe", step) for i in range(int(seconds / every) + 1)]


def raw(port: str, t: float, hex_text: str, step: str | None = "keys") -> MidiEvent:
    return MidiEvent(t, port, bytes.fromhex(hex_text), step)


def merged(*streams: Iterable[MidiEvent]) -> list[MidiEvent]:
    """Every stream's events in time order (stable for equal times)."""
    return sorted((event for stream in streams for event in stream), key=lambda event: event.t)


def evidence(*streams: Iterable[MidiEvent], ports: Iterable[str] = (), rig=None, source: str = "test.jsonl") -> Evidence:
    """Evidence from one capture: its steps from the events, `ports` captured too (maybe silent)."""
    events = merged(*streams)
    analyzer = TrafficAnalyzer()
    analyzer.new_source()
    analyzer.feed(events)
    all_ports = list(dict.fromkeys([*ports, *(e.port for e in events)]))
    steps = list(dict.fromkeys(e.step for e in events)) or [None]
    for step in steps:
        for port in all_ports:
            analyzer.declare(port, step)
    captured = [CapturedStep(step, tuple(all_ports), source) for step in steps]
    return build_evidence(analyzer.summary(), captured, rig)


def silent_evidence(ports: Iterable[str], step: str | None = "keys") -> Evidence:
    analyzer = TrafficAnalyzer()
    ports = list(ports)
    for port in ports:
        analyzer.declare(port, step)
    return build_evidence(analyzer.summary(), [CapturedStep(step, tuple(ports), "test.jsonl")])
