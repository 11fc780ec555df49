"""The runner: a crashing check is a skip, checks that need a rig skip without one, findings ordered."""

from datetime import UTC, datetime

from diag.engine import Confidence, Finding, Status, diagnose, ordered, run_checks
from diag.engine.diagnosis import Environment
from diag.engine.registry import Registry
from tests.engine.builders import evidence, notes
from tests.engine.fake_plugins import (
    CrashingCheck,
    GoodCheck,
    RigCheck,
    StrayIdCheck,
    WarnLowCheck,
    WrongResultCheck,
)

ENVIRONMENT = Environment("TestOS", "3.11", "0.0", None, None, ())


def test_a_crashing_check_becomes_a_skip_naming_the_error_and_the_others_still_run():
    findings = run_checks([CrashingCheck(), GoodCheck()], evidence(notes("K", [60])))
    crash = next(f for f in findings if f.check == "fake-crash")
    assert crash.status is Status.SKIP and crash.title == "Check crashed"
    assert "ZeroDivisionError" in crash.summary and "fake_plugins.py" in crash.evidence[0]
    assert any(f.check == "fake-good" and f.status is Status.PASS for f in findings)


def test_a_result_that_is_not_findings_or_speaks_for_another_check_is_a_skip():
    findings = run_checks([WrongResultCheck(), StrayIdCheck()], evidence(notes("K", [60])))
    assert [f.status for f in findings] == [Status.SKIP, Status.SKIP]
    assert "returned str" in findings[0].summary and "'auto-channel'" in findings[1].summary


def test_a_check_that_needs_a_rig_skips_without_one_and_says_how_to_give_it():
    [finding] = run_checks([RigCheck()], evidence(notes("K", [60])))
    assert finding.status is Status.SKIP and "--rig" in finding.fixes[0].summary


def test_findings_are_ordered_fail_warn_skip_pass_then_by_confidence():
    def finding(status: Status, confidence: Confidence, name: str) -> Finding:
        return Finding(name, status, name, name, confidence)

    shuffled = [finding(Status.PASS, Confidence.HIGH, "p"), finding(Status.SKIP, Confidence.LOW, "s"),
                finding(Status.WARN, Confidence.LOW, "w-low"), finding(Status.FAIL, Confidence.MEDIUM, "f-med"),
                finding(Status.WARN, Confidence.HIGH, "w-high"), finding(Status.FAIL, Confidence.HIGH, "f-high")]
    assert [f.check for f in ordered(shuffled)] == ["f-high", "f-med", "w-high", "w-low", "s", "p"]


def test_diagnose_wraps_findings_traffic_environment_and_time():
    when = datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC)
    result = diagnose(evidence(notes("K", [60])), Registry((WarnLowCheck(), CrashingCheck(), GoodCheck())),
                      ENVIRONMENT, generated=when)
    assert [f.summary for f in result.findings][:2] == ["likely", "maybe"]
    assert result.counts() == {"fail": 0, "warn": 2, "skip": 1, "pass": 1}
    assert result.generated == when and result.rig is None and result.traffic.ports == ("K",)
    assert not result.failed
