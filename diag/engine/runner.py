"""Running the checks: each in isolation, findings ordered, all of it wrapped into a Diagnosis."""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from diag.engine.diagnosis import Diagnosis, Environment
from diag.engine.evidence import Evidence
from diag.engine.findings import Confidence, Finding, Fix, Status
from diag.engine.registry import Registry

STATUS_ORDER = {Status.FAIL: 0, Status.WARN: 1, Status.SKIP: 2, Status.PASS: 3}
CONFIDENCE_ORDER = {Confidence.HIGH: 0, Confidence.MEDIUM: 1, Confidence.LOW: 2}

REPORT_BUG = Fix("Report this as a bug in the check, with the JSON report attached; the other checks ran.")


def run_check(check: Any, evidence: Evidence) -> list[Finding]:
    """One check's findings; a crash, or something that is not a list of findings, becomes a skip."""
    if getattr(check, "needs_rig", False) and evidence.rig is None:
        return [_needs_rig(check)]
    try:
        findings = check.run(evidence)
    except Exception as error:  # noqa: BLE001 - one broken check must not stop the diagnosis
        return [_crashed(check, f"{type(error).__name__}: {error}", _where(error))]
    problem = _malformed_result(check, findings)
    if problem:
        return [_crashed(check, problem, "")]
    return list(findings)


def run_checks(checks: Iterable[Any], evidence: Evidence) -> list[Finding]:
    """Every check's findings, ordered for a reader (see `ordered`)."""
    findings: list[Finding] = []
    for check in checks:
        findings.extend(run_check(check, evidence))
    return ordered(findings)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """fail, warn, skip, pass; within each, high confidence first; otherwise in run order."""
    return sorted(findings, key=lambda f: (STATUS_ORDER[f.status], CONFIDENCE_ORDER[f.confidence]))


def diagnose(evidence: Evidence, registry: Registry, environment: Environment,
             generated: datetime | None = None, warnings: Iterable[str] = ()) -> Diagnosis:
    """Run every registered check over the evidence; load problems are reported as findings."""
    findings = run_checks(registry.checks, evidence)
    findings = ordered(findings + [problem.finding() for problem in registry.problems])
    rig = evidence.rig.as_dict() if evidence.rig is not None else None
    return Diagnosis(
        findings=tuple(findings), traffic=evidence.traffic, steps=evidence.steps, rig=rig,
        environment=environment, generated=generated or datetime.now(UTC),
        warnings=tuple(warnings),
    )


def _needs_rig(check: Any) -> Finding:
    return Finding(
        check.id, Status.SKIP, check.title, "This check reasons over the rig's settings and wiring, "
        "and no rig file was given.", Confidence.LOW, (),
        (Fix("Describe the rig in a rig file and run again with --rig RIG.toml (docs/rig-format.md)."),),
    )


def _crashed(check: Any, message: str, place: str) -> Finding:
    evidence = (f"raised at {place}",) if place else ()
    return Finding(check.id, Status.SKIP, "Check crashed", f"The check could not finish: {message}",
                   Confidence.LOW, evidence, (REPORT_BUG,))


def _where(error: Exception) -> str:
    """file:line of the innermost frame, so a bug report can point at it."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno} in {last.name}"


def _malformed_result(check: Any, findings: Any) -> str | None:
    if not isinstance(findings, list | tuple):
        return f"run() returned {type(findings).__name__}, not a list of findings"
    if not findings:
        return "run() returned no finding (a check says pass, warn, fail or skip)"
    wrong = next((f for f in findings if not isinstance(f, Finding)), None)
    if wrong is not None:
        return f"run() returned a {type(wrong).__name__} among its findings"
    stray = next((f.check for f in findings if f.check != check.id), None)
    if stray is not None:
        return f"run() returned a finding for '{stray}', another check's id"
    return None
