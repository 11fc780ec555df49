"""Findings as data: what a check concluded, how sure it is, what it saw, and how to fix it."""

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    """A check's verdict; `skip` means it could not decide (the summary says what it lacks)."""

    FAIL = "fail"
    WARN = "warn"
    PASS = "pass"
    SKIP = "skip"


class Confidence(StrEnum):
    """How sure a finding is: high when the wire shows it, lower when it rests on forum facts."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


@dataclass(frozen=True)
class Action:
    """A fix the wizard can carry out itself after the user confirms (e.g. an RK-004 change)."""

    kind: str
    """What carries it out, e.g. "rk004-set"."""
    device: str
    """The rig's name for the device it changes."""
    params: dict[str, Any] = field(default_factory=dict)
    """What to change, e.g. {"changes": {"DIN3_MODE": "MIDI_OUT"}, "commit": True}."""
    description: str = ""
    """One line saying exactly what will be written."""

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "device": self.device, "params": self.params, "description": self.description}


@dataclass(frozen=True)
class Fix:
    """One way to fix a finding: a summary and the exact steps on the device."""

    summary: str
    steps: tuple[str, ...] = ()
    action: Action | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"summary": self.summary, "steps": list(self.steps),
                "action": self.action.to_dict() if self.action else None}


@dataclass(frozen=True)
class Finding:
    """What one check concluded about the rig (a check may return several)."""

    check: str
    """The check's permanent id."""
    status: Status
    title: str
    """Short, in the user's terms."""
    summary: str
    """What is wrong (or why it could not decide) and why, in a sentence or three."""
    confidence: Confidence
    evidence: tuple[str, ...] = ()
    """What was observed or stated, each line checkable by the reader (counts, channels, settings)."""
    fixes: tuple[Fix, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check, "status": str(self.status), "title": self.title, "summary": self.summary,
            "confidence": str(self.confidence), "evidence": list(self.evidence),
            "fixes": [fix.to_dict() for fix in self.fixes],
        }
