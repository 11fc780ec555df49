"""A Diagnosis: the findings, the traffic, the rig and the environment every report renders from."""

from __future__ import annotations

import platform
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from importlib import metadata
from typing import Any

from diag import __version__
from diag.engine.evidence import CapturedStep
from diag.engine.findings import Finding, Status
from diag.engine.traffic import TrafficSummary


@dataclass(frozen=True)
class Environment:
    """Where the diagnosis ran: enough for a helper on a forum to rule things out."""

    os: str
    python: str
    midi_diag: str
    python_rtmidi: str | None
    """None when python-rtmidi is not installed."""
    api: str | None
    """The MIDI system listened on; None when only files were read."""
    ports: tuple[str, ...]
    """The ports captured (live or in the files)."""

    def to_dict(self) -> dict[str, Any]:
        return {"os": self.os, "python": self.python, "midi_diag": self.midi_diag,
                "python_rtmidi": self.python_rtmidi, "api": self.api, "ports": list(self.ports)}


def collect_environment(api: str | None, ports: tuple[str, ...] | list[str]) -> Environment:
    """This machine's environment (python-rtmidi's version is read without importing it)."""
    return Environment(platform.platform(), platform.python_version(), __version__, _version("python-rtmidi"),
                       api, tuple(ports))


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class Diagnosis:
    """The outcome of one diagnosis; reports render it, nothing in it changes afterwards."""

    findings: tuple[Finding, ...]
    """Ordered: fail, warn, skip, pass, then by confidence."""
    traffic: TrafficSummary
    steps: tuple[CapturedStep, ...]
    rig: dict[str, Any] | None
    """The rig as `Rig.as_dict()` gave it, or None for a traffic-only diagnosis."""
    environment: Environment
    generated: datetime
    warnings: tuple[str, ...] = ()
    """Problems that did not stop the reading of a capture (a cut-off last line)."""

    @property
    def failed(self) -> bool:
        """True when at least one finding failed (exit code 1)."""
        return any(finding.status is Status.FAIL for finding in self.findings)

    def counts(self) -> dict[str, int]:
        """Findings per status, in report order, zeros included."""
        seen = Counter(finding.status for finding in self.findings)
        return {str(status): seen[status] for status in (Status.FAIL, Status.WARN, Status.SKIP, Status.PASS)}
