"""Findings in words for the screen: a status word and symbol (never colour alone), evidence, fix steps."""

from __future__ import annotations

from dataclasses import dataclass

from diag.engine import Diagnosis, Finding, Status
from diag.tui.wizard.machinefix import can_apply

MARKS = {Status.FAIL: "✗ FAIL", Status.WARN: "! WARN", Status.SKIP: "? SKIP", Status.PASS: "✓ PASS"}


@dataclass(frozen=True)
class Verdict:
    """How a finding fared when its steps were listened to again."""

    check: str
    title: str
    before: Status
    after: Status | None
    """None when the check no longer reports it at all."""

    @property
    def mended(self) -> bool:
        return self.after in (None, Status.PASS)

    def line(self) -> str:
        now = "gone" if self.after is None else MARKS[self.after]
        return f"{'✓ mended' if self.mended else '✗ not yet'}: {self.title} (was {MARKS[self.before]}, now {now})"


def headline(diagnosis: Diagnosis) -> str:
    counts = diagnosis.counts()
    parts = [f"{counts['fail']} wrong", f"{counts['warn']} to look at", f"{counts['skip']} undecided",
             f"{counts['pass']} fine"]
    first = "Something is wrong." if diagnosis.failed else (
        "Nothing is clearly wrong." if not counts["warn"] else "Something needs a look.")
    return f"{first} {', '.join(parts)}."


def finding_line(finding: Finding) -> str:
    sure = f"  ({finding.confidence} confidence)" if finding.status in (Status.FAIL, Status.WARN) else ""
    return f"{MARKS[finding.status]}  {finding.title}{sure}"


def finding_text(finding: Finding) -> str:
    """The whole finding: what and why, what was seen, how to fix it step by step."""
    lines = [finding_line(finding), "", finding.summary]
    if finding.evidence:
        lines += ["", "What I saw:"] + [f"  • {line}" for line in finding.evidence]
    for number, fix in enumerate(finding.fixes, start=1):
        title = "How to fix it:" if len(finding.fixes) == 1 else f"Fix {number}:"
        lines += ["", f"{title} {fix.summary}"] + [f"  {step_no}. {step}" for step_no, step in
                                                     enumerate(fix.steps, start=1)]
        if fix.action is not None and can_apply(fix.action):
            lines.append(f"  → I can do this for you (f): {fix.action.description or 'an RK-004 change'}")
    return "\n".join(lines)


def verdicts(before: Diagnosis, after: Diagnosis) -> list[Verdict]:
    """For every finding that was wrong before: what it is now."""
    now = {(f.check, f.title): f.status for f in after.findings}
    by_check: dict[str, Status] = {}
    for finding in after.findings:  # ordered worst first: keep each check's worst
        by_check.setdefault(finding.check, finding.status)
    return [Verdict(f.check, f.title, f.status, now.get((f.check, f.title), by_check.get(f.check)))
            for f in before.findings if f.status in (Status.FAIL, Status.WARN)]
