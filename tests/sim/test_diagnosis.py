"""Each scenario diagnosed headless on the in-process system: the expected findings, and nothing wrong after the fix.

An expectation whose check is not registered yet is xfail (strict), so it starts passing as the check lands.
"""

import pytest

from diag.engine import Status
from diag.sim import load_scenario
from diag.sim.live import DemoSession
from tests.sim.support import diagnosis, expectation_cases, faulty, healthy, statuses

WRONG = {str(Status.FAIL), str(Status.WARN)}


@pytest.mark.parametrize("name, check, status", expectation_cases(faulty() + healthy()))
def test_the_diagnosis_gives_each_expected_finding(name, check, status):
    assert status in statuses(diagnosis(name)).get(check, set())


@pytest.mark.parametrize("name", [s.name for s in faulty()])
def test_after_the_fix_no_check_finds_anything_wrong(name):
    found = {check: found & WRONG for check, found in statuses(diagnosis(name, fixed=True)).items()}
    assert {check: wrong for check, wrong in found.items() if wrong} == {}


@pytest.mark.parametrize("name, check, status", expectation_cases(faulty()))
def test_after_the_fix_the_expected_checks_pass(name, check, status):
    assert statuses(diagnosis(name, fixed=True)).get(check) == {str(Status.PASS)}


@pytest.mark.parametrize("name", [s.name for s in healthy()])
def test_a_healthy_rig_raises_no_fail_and_no_warn(name):
    found = {check: found & WRONG for check, found in statuses(diagnosis(name)).items()}
    assert {check: wrong for check, wrong in found.items() if wrong} == {}


def test_the_reports_environment_names_the_simulated_system_and_the_observer_ports():
    result = diagnosis("auto-channel")
    assert result.environment.api == "simulated"
    assert set(result.environment.ports) == {"Arturia KeyStep 32:out", "USB MIDI Interface:out"}
    assert [step.name for step in result.steps] == ["keys", "pads"]


def test_the_clock_of_a_sequencer_step_keeps_its_tempo_even_in_fast_mode():
    result = diagnosis("healthy-digitakt-minilogue")
    clock = next(entry.clock for entry in result.traffic if entry.clock)
    assert clock.ticks == 96 and clock.bpm == pytest.approx(120, rel=0.01)


def test_the_peak_sounds_only_after_the_fix():
    with DemoSession(load_scenario("auto-channel"), speed=None) as demo:
        assert [s.device for s in demo.perform_now(0).sounds] == []
        applied = demo.apply_fix()
        assert {s.device for s in demo.perform_now(0).sounds} == {"peak"}
    assert "keystep: settings.channel = 10" in applied.changes and demo.fixed
