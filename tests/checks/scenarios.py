"""Scenario files (tests/scenarios/*.toml): a rig, captures tagged by step, and the findings expected.

    description = "Forum case 002: ..."
    kind = "forum"                      # forum, variant, skip or healthy
    rig = "docs/examples/auto-channel.toml"
    captures = ["auto-channel-002.keys.jsonl"]      # in tests/scenarios/captures/
    clean = false                       # true: no check may fail or warn

    [[expect]]
    check = "auto-channel"
    status = "fail"
    confidence = "medium"               # optional, like every key below
    title = "..."                       # the finding's title, exactly
    summary = ["on channel 1"]          # each a part of the summary
    evidence = ["AUTO CHANNEL = 10"]    # each a part of some evidence line
    fixes = ["AUTO CHANNEL: set 1."]    # each a part of some fix summary or step
    absent = ["known bug"]              # parts found nowhere in the finding
    only = true                         # every finding of the check has this status (the default)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diag.engine import (
    Evidence,
    Finding,
    TrafficAnalyzer,
    build_evidence,
    load_registry,
    run_checks,
)
from diag.engine.sources import read_capture_file
from diag.rig import load_rig

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "tests" / "scenarios"
CAPTURES = FOLDER / "captures"
KINDS = ("forum", "variant", "skip", "healthy")


@dataclass(frozen=True)
class Expectation:
    """One finding a scenario must produce."""

    check: str
    status: str
    confidence: str | None = None
    title: str | None = None
    summary: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    fixes: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    only: bool = True

    def problems(self, finding: Finding) -> list[str]:
        """Why this finding does not meet the expectation (empty when it does)."""
        found = []
        if str(finding.status) != self.status:
            found.append(f"status {finding.status}, not {self.status}")
        if self.confidence and str(finding.confidence) != self.confidence:
            found.append(f"confidence {finding.confidence}, not {self.confidence}")
        if self.title and finding.title != self.title:
            found.append(f"title {finding.title!r}, not {self.title!r}")
        fixes = [text for fix in finding.fixes for text in (fix.summary, *fix.steps)]
        for wanted, texts, where in ((self.summary, [finding.summary], "summary"),
                                     (self.evidence, list(finding.evidence), "evidence"), (self.fixes, fixes, "fixes")):
            found += [f"{where} lacks {part!r}" for part in wanted if not any(part in text for text in texts)]
        everything = [finding.summary, *finding.evidence, *fixes]
        found += [f"has {part!r}" for part in self.absent if any(part in text for text in everything)]
        return found


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    kind: str
    rig: Path
    captures: tuple[Path, ...]
    clean: bool = False
    expect: tuple[Expectation, ...] = field(default_factory=tuple)


def load_scenario(path: Path) -> Scenario:
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    expect = tuple(Expectation(**{k: tuple(v) if isinstance(v, list) else v for k, v in item.items()})
                   for item in data.get("expect", []))
    if data["kind"] not in KINDS:
        raise ValueError(f"{path.name}: kind must be one of {KINDS}")
    return Scenario(path.stem, data["description"], data["kind"], ROOT / data["rig"],
                    tuple(CAPTURES / name for name in data["captures"]), data.get("clean", False), expect)


def all_scenarios() -> list[Scenario]:
    return [load_scenario(path) for path in sorted(FOLDER.glob("*.toml"))]


def evidence_of(scenario: Scenario) -> Evidence:
    """The evidence `midi-diag diagnose --rig RIG --capture FILE...` builds for the scenario."""
    analyzer = TrafficAnalyzer()
    steps = []
    for path in scenario.captures:
        steps += read_capture_file(analyzer, path)[0]
    return build_evidence(analyzer.summary(), steps, load_rig(scenario.rig))


def diagnose(scenario: Scenario) -> list[Finding]:
    """Every registered check over the scenario, as the runner orders them."""
    return run_checks(load_registry().checks, evidence_of(scenario))
