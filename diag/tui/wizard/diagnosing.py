"""From the wizard's captured steps to a Diagnosis (the engine's own path), and reports written to files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from diag.engine import (
    Diagnosis,
    TrafficAnalyzer,
    build_evidence,
    collect_environment,
    diagnose,
)
from diag.engine.evidence import DeviceReading
from diag.engine.registry import load_registry
from diag.engine.sources import feed_live
from diag.errors import DiagError
from diag.report import FORMATS, render
from diag.rig import Rig
from diag.rk004.readings import read_hub, rig_hubs
from diag.tui.wizard.listening import RecordedStep

SUFFIXES = {"text": ".txt", "json": ".json", "md": ".md", "html": ".html"}
"""The file each report format is written to."""


def diagnose_steps(recorded: list[RecordedStep], rig: Rig | None, answers: Mapping[str, Any],
                   api: str | None, readings: Iterable[DeviceReading] = ()) -> Diagnosis:
    """Every check over what the steps captured, with the rig, the user's answers and what was read from
    devices themselves (an RK-004's settings); blocking."""
    analyzer = TrafficAnalyzer()
    steps = []
    for record in recorded:
        feed = feed_live(analyzer, record.ports, record.step.name, record.source)
        feed(record.events)
        steps.append(feed.finished(record.seconds))
    evidence = build_evidence(analyzer.summary(), steps, rig, answers, readings)
    environment = collect_environment(api, evidence.traffic.ports)
    return diagnose(evidence, load_registry(), environment)


def read_hubs(rig: Rig | None, api: str, ports_of: Callable[[str], tuple[str, str] | None]) -> list[DeviceReading]:
    """The settings of each RK-004 of the rig whose ports are found, read before the checks run (blocking).

    A hub that cannot be reached gives a reading with its error, and the checks use what the rig states."""
    readings = []
    for hub in rig_hubs(rig) if rig is not None else []:
        ports = ports_of(hub.name)
        if ports is None:
            continue
        try:
            readings.append(read_hub(api, hub, *ports))
        except DiagError as error:
            readings.append(DeviceReading(hub.name, f"ports '{ports[0]}' and '{ports[1]}'", error=str(error)))
    return readings


def export_reports(diagnosis: Diagnosis, folder: Path, stem: str) -> list[Path]:
    """The report in every format under `folder` (created if needed); the paths written (blocking)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for format in FORMATS:
        path = folder / f"{stem}{SUFFIXES[format]}"
        path.write_text(render(diagnosis, format), encoding="utf-8", newline="\n")
        written.append(path.resolve())
    return written
