"""Feeding captures to the analyzer: files streamed from disk, or batches from a live session."""

from __future__ import annotations

from collections.abc import Iterable
from os import PathLike
from typing import Any

from diag.captures import iter_capture
from diag.engine.analysis import TrafficAnalyzer
from diag.engine.evidence import CapturedStep
from diag.events import MidiEvent


def read_capture_file(analyzer: TrafficAnalyzer, path: str | PathLike[str]) -> tuple[list[CapturedStep], list[str]]:
    """Stream one capture file into the analyzer; returns its steps and the reader's warnings.

    The steps come from the messages' `step` fields (and the header's, for a file that
    captured nothing). Every port the header lists counts as captured in every step of the
    file, so a port that stayed quiet during a step shows as silent there.
    """
    reader = iter_capture(path)
    analyzer.new_source()
    analyzer.feed(reader)
    pairs = analyzer.source_pairs()
    ports = _header_ports(reader.header) + [port for port, _ in pairs]
    steps = [step for _, step in pairs] or [_header_step(reader.header)]
    return _declare(analyzer, steps, ports, str(path)), list(reader.warnings)


def feed_live(analyzer: TrafficAnalyzer, ports: list[str], step: str | None, source: str) -> LiveFeed:
    """Start a live capture's source: returns the consumer for `run_session`'s batches."""
    analyzer.new_source()
    for port in ports:
        analyzer.declare(port, step)
    return LiveFeed(analyzer, CapturedStep(step, tuple(ports), source))


class LiveFeed:
    """Takes a live session's batches; `step` describes what was captured."""

    def __init__(self, analyzer: TrafficAnalyzer, step: CapturedStep) -> None:
        self.analyzer = analyzer
        self.step = step
        self.messages = 0

    def __call__(self, batch: Iterable[MidiEvent]) -> None:
        self.messages += self.analyzer.feed(batch)

    def finished(self, seconds: float) -> CapturedStep:
        """The captured step, with how long it ran."""
        return CapturedStep(self.step.name, self.step.ports, self.step.source, round(seconds, 3))


def _declare(analyzer: TrafficAnalyzer, steps: list[str | None], ports: list[str], source: str) -> list[CapturedStep]:
    ports = list(dict.fromkeys(ports))
    captured = []
    for step in dict.fromkeys(steps):
        for port in ports:
            analyzer.declare(port, step)
        captured.append(CapturedStep(step, tuple(ports), source))
    return captured


def _header_ports(header: dict[str, Any]) -> list[str]:
    ports = header.get("ports")
    return [port for port in ports if isinstance(port, str)] if isinstance(ports, list) else []


def _header_step(header: dict[str, Any]) -> str | None:
    step = header.get("step")
    return step if isinstance(step, str) else None
