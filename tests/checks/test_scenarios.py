"""The scenario files, run through every registered check: each expectation met, healthy rigs clean."""

from __future__ import annotations

import random

import pytest

from diag.engine import Status, load_registry
from tests.checks.scenarios import CAPTURES, Scenario, all_scenarios, diagnose
from tests.scenarios.generate import SCENARIOS
from tests.scenarios.traffic import jsonl

SCENARIO_LIST = all_scenarios()
MINE = ("auto-channel", "channel-mismatch", "loopback-mode", "track-midi-out", "note-offset", "midi-power",
        "sysex-filtered")
WRONG = (Status.FAIL, Status.WARN)


def ids(scenarios: list[Scenario]) -> list[str]:
    return [scenario.name for scenario in scenarios]


@pytest.mark.parametrize("scenario", SCENARIO_LIST, ids=ids(SCENARIO_LIST))
def test_each_expected_finding_is_there(scenario: Scenario):
    findings = diagnose(scenario)
    for expected in scenario.expect:
        own = [finding for finding in findings if finding.check == expected.check]
        assert own, f"{expected.check} gave no finding"
        problems = [expected.problems(finding) for finding in own]
        assert any(not found for found in problems), \
            f"{expected.check}: no finding as expected: {problems}\n{[f.to_dict() for f in own]}"
        if expected.only:
            assert {str(f.status) for f in own} == {expected.status}, [f.to_dict() for f in own]


HEALTHY = [scenario for scenario in SCENARIO_LIST if scenario.clean]


@pytest.mark.parametrize("scenario", HEALTHY, ids=ids(HEALTHY))
def test_a_healthy_rig_gets_no_fail_and_no_warn_from_any_check(scenario: Scenario):
    findings = diagnose(scenario)
    assert [(f.check, str(f.status), f.summary) for f in findings if f.status in WRONG] == []
    assert {f.check for f in findings} == set(load_registry().ids)


def test_every_example_rig_has_a_scenario():
    examples = {path.name for path in (CAPTURES.parents[2] / "docs" / "examples").glob("*.toml")}
    covered = {scenario.rig.name for scenario in SCENARIO_LIST if scenario.rig.parent.name == "examples"}
    assert examples - covered == set()
    assert all(s.clean for s in SCENARIO_LIST if s.rig.name.startswith("healthy-"))


@pytest.mark.parametrize("check", MINE)
def test_each_check_has_a_forum_case_a_variant_and_a_skip(check: str):
    kinds = {(s.kind, e.status) for s in SCENARIO_LIST for e in s.expect if e.check == check}
    assert ("forum", "fail") in kinds
    assert any(kind == "variant" for kind, _ in kinds)
    assert ("skip", "skip") in kinds or any(status == "skip" for _, status in kinds)


def test_the_capture_files_are_what_the_generator_writes():
    built = {item.name: jsonl(item) for name, build in SCENARIOS.items() for item in build(random.Random(name))}
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in CAPTURES.glob("*.jsonl")}
    assert sorted(on_disk) == sorted(built), "run python -m tests.scenarios.generate"
    stale = [name for name, text in built.items() if on_disk[name] != text]
    assert stale == [], f"stale captures (run python -m tests.scenarios.generate): {stale}"


def test_every_capture_is_used_by_a_scenario():
    used = {path.name for scenario in SCENARIO_LIST for path in scenario.captures}
    assert {path.name for path in CAPTURES.glob("*.jsonl")} == used
