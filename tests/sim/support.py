"""Helpers for the simulator tests: rigs and scenarios from text, the checks that exist, cached diagnoses."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from diag.engine import Diagnosis
from diag.engine.registry import load_registry
from diag.rig import Rig, parse_rig
from diag.sim import (
    Scenario,
    Simulation,
    Step,
    load_scenario,
    read_scenario,
    scenario_names,
)
from diag.sim.facts import Assumption
from diag.sim.headless import run_headless
from diag.sim.network import StepTraffic
from diag.sim.player import FAST


def rig(text: str) -> Rig:
    return parse_rig(text, "rig.toml")


def assume(**values: object) -> dict[str, Assumption]:
    """Assumptions from keyword arguments: a__b__c=value for "a.b.c"."""
    return {key.replace("__", "."): Assumption(key.replace("__", "."), "a test", value)
            for key, value in values.items()}


def play(rig_text: str, step: Step, assumptions: dict[str, Assumption] | None = None,
         state: dict[str, dict[str, object]] | None = None) -> StepTraffic:
    return Simulation(rig(rig_text), assumptions, state).play(step)


def seen(traffic: StepTraffic, port: str) -> list[str]:
    """What one observer saw, as upper-case hex."""
    return [tap.data.hex(" ").upper() for tap in traffic.taps if tap.port == port]


def write_scenario(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def scenario_error(folder: Path, text: str, name: str = "case") -> str:
    """The one-line error a scenario file gives."""
    from diag.errors import InputError

    with pytest.raises(InputError) as caught:
        read_scenario(write_scenario(folder, name, text))
    return str(caught.value)


@cache
def registered_checks() -> frozenset[str]:
    return frozenset(load_registry().ids)


def missing_checks(checks: object) -> list[str]:
    return sorted(check for check in checks if check not in registered_checks())  # type: ignore[attr-defined]


def scenarios() -> list[Scenario]:
    return [load_scenario(name) for name in scenario_names()]


def faulty() -> list[Scenario]:
    return [s for s in scenarios() if not s.healthy]


def healthy() -> list[Scenario]:
    return [s for s in scenarios() if s.healthy]


@cache
def _diagnosis(name: str, fixed: bool) -> Diagnosis:
    return run_headless(load_scenario(name), fixed=fixed, speed=FAST)


def diagnosis(name: str, fixed: bool = False) -> Diagnosis:
    """One headless diagnosis per scenario (and fix), shared by the tests that look at it.

    Skips the test when the machine was too busy to send a simulated clock on time in any try
    (the report says so): the clock findings would then judge the machine, not the rig.
    """
    result = _diagnosis(name, fixed)
    late = [warning for warning in result.warnings if "too busy to keep time" in warning]
    if late:
        pytest.skip(late[0])
    return result


def statuses(result: Diagnosis) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for finding in result.findings:
        found.setdefault(finding.check, set()).add(str(finding.status))
    return found


def expectation_cases(pick: list[Scenario]) -> list[object]:
    """(scenario, check, status) for every expectation; xfail (strict) where the check is not registered yet."""
    cases = []
    for scenario in pick:
        for check, status in scenario.expect.items():
            marks = [pytest.mark.xfail(strict=True, reason=f"check '{check}' is not registered yet")] \
                if missing_checks([check]) else []
            cases.append(pytest.param(scenario.name, check, status, marks=marks, id=f"{scenario.name}-{check}"))
    return cases
