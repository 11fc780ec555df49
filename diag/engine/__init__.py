"""The diagnosis engine: evidence from the rig and the wire, check plugins, and their findings.

What a check author needs is importable from here; docs/engine.md describes it all.
"""

from diag.engine.analysis import TrafficAnalyzer, analyze
from diag.engine.check import Check, fix, plural, where
from diag.engine.clock import ClockStats
from diag.engine.diagnosis import Diagnosis, Environment, collect_environment
from diag.engine.evidence import (
    CapturedStep,
    Evidence,
    build_evidence,
    observer_or_error,
)
from diag.engine.findings import Action, Confidence, Finding, Fix, Status
from diag.engine.registry import GROUP, LoadProblem, Registry, load_registry
from diag.engine.runner import diagnose, ordered, run_check, run_checks
from diag.engine.traffic import (
    ActiveSensingStats,
    Echo,
    Example,
    HeldNote,
    IdentitySeen,
    MalformedStats,
    NoteBalance,
    PortTraffic,
    SysexStats,
    TrafficSummary,
    TransportEvent,
    UndefinedStats,
)

__all__ = [
    "GROUP",
    "Action",
    "ActiveSensingStats",
    "CapturedStep",
    "Check",
    "ClockStats",
    "Confidence",
    "Diagnosis",
    "Echo",
    "Environment",
    "Evidence",
    "Example",
    "Finding",
    "Fix",
    "HeldNote",
    "IdentitySeen",
    "LoadProblem",
    "MalformedStats",
    "NoteBalance",
    "PortTraffic",
    "Registry",
    "Status",
    "SysexStats",
    "TrafficAnalyzer",
    "TrafficSummary",
    "TransportEvent",
    "UndefinedStats",
    "analyze",
    "build_evidence",
    "collect_environment",
    "diagnose",
    "fix",
    "load_registry",
    "observer_or_error",
    "ordered",
    "plural",
    "run_check",
    "run_checks",
    "where",
]
