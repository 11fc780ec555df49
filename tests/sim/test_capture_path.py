"""Every scenario's traffic through midi-diag's own capture path on the in-process MIDI system."""

import time

import pytest

from diag.midi.capture import open_capture
from diag.midi.ports import list_ports
from diag.sim import load_scenario, scenario_names
from diag.sim.live import DemoSession


@pytest.mark.parametrize("name", scenario_names())
def test_what_the_observers_see_arrives_byte_for_byte_on_their_ports(name):
    scenario = load_scenario(name)
    expected_run = scenario.simulation()
    carried = 0
    with DemoSession(scenario, speed=None, keep_tempo=False) as demo:
        hub_answers = {answers for _, answers in demo.rk004_ports.values()}
        assert sorted(list_ports(demo.api).inputs) == sorted([*demo.ports.values(), *hub_answers])
        for index, step in enumerate(scenario.steps):
            session = open_capture(demo.api, list(demo.ports.values()), step=step.name)
            session.start()
            demo.perform_now(index)
            time.sleep(0.05)
            events = session.stop()
            taps = expected_run.play(step).taps
            for observer, port in demo.ports.items():
                assert [e.data for e in events if e.port == port] == [t.data for t in taps if t.port == observer]
            assert {e.step for e in events} <= {step.name}
            carried += len(events)
    # midi-power's one observer shows what the unpowered cable lets through: nothing.
    assert carried > 0 or name == "midi-power"


def test_the_observed_ports_are_exactly_the_rigs_observers_named_so_the_rig_matches_them():
    scenario = load_scenario("auto-channel")
    with DemoSession(scenario) as demo:
        assert set(demo.ports) == {observer.port for observer in scenario.rig.observers}
        for observer, port in demo.ports.items():
            assert scenario.rig.observer_for(port).port == observer


def test_a_scenario_with_a_hub_also_offers_the_hubs_sysex_ports():
    with DemoSession(load_scenario("healthy-rk004-hub")) as demo:
        requests_to, answers_from = demo.rk004_ports["hub"]
        ports = list_ports(demo.api)
        assert requests_to in ports.outputs and answers_from in ports.inputs
