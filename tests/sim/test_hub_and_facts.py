"""The RK-004 hub routing by the modes its emulator holds, and where facts come from."""

import pytest

from diag.rig.problems import RigProblem
from diag.rk004.params import find_param
from diag.sim import Simulation, Step
from diag.sim.facts import Assumption, FactBook, Origin
from tests.sim.support import assume, play, rig, seen

HUB = """
[devices.keystep]
model = "arturia-keystep"
settings = { channel = 1 }
[devices.hub]
model = "retrokits-rk-004"
settings = { din1_mode = "MIDI_IN", din2_mode = "MIDI_OUT", din3_mode = "MIDI_OUT" }
[devices.minilogue]
model = "korg-minilogue"
settings = { channel = 1 }
[devices.peak]
model = "novation-peak"
settings = { channel = 1 }
[[connections]]
from = "keystep.out"
to = "hub.din1"
[[connections]]
from = "hub.din2"
to = "minilogue.in"
[[connections]]
from = "hub.din3"
to = "peak.in"
[[observe]]
port = "Peak IN"
sees = "peak.in"
"""
KEYS = Step("keys", "keystep", "play", notes=(60,))


def test_midi_into_a_midi_in_port_leaves_by_every_midi_out_port():
    assert {s.device for s in play(HUB, KEYS).sounds} == {"minilogue", "peak"}


def test_the_hub_routes_by_the_values_its_emulator_holds_now():
    simulation = Simulation(rig(HUB))
    hub = simulation.hubs["hub"]
    hub.emulator.volatile[find_param("DIN3_MODE").number] = find_param("DIN3_MODE").parse_value("MIDI_IN")
    traffic = simulation.play(KEYS)
    assert {s.device for s in traffic.sounds} == {"minilogue"} and seen(traffic, "Peak IN") == []


def test_a_scenarios_state_presets_the_hub_over_what_the_rig_states():
    simulation = Simulation(rig(HUB), state={"hub": {"rk004": {"DIN2_MODE": "MIDI_IN"}}})
    assert simulation.hubs["hub"].mode("din2") == "MIDI_IN"
    assert {s.device for s in simulation.play(KEYS).sounds} == {"peak"}


def test_midi_through_a_port_in_an_unpublished_mode_is_a_problem_not_a_guess():
    auto = HUB.replace('din3_mode = "MIDI_OUT"', 'din3_mode = "MIDI_AUTO"').replace(
        'from = "hub.din3"\nto = "peak.in"', 'from = "peak.out"\nto = "hub.din3"')
    with pytest.raises(RigProblem, match="MIDI_AUTO"):
        Simulation(rig(auto)).hubs["hub"].mode("din3")


def test_stated_settings_win_then_the_knowledge_then_assumptions():
    device = rig(HUB).device("peak")
    book = FactBook(assume(peak__local_control=False))
    assert book.setting(device, "channel") == 1 and book.used["peak.channel"].origin is Origin.STATED
    assert book.setting(device, "transpose") == 0 and book.used["peak.transpose"].origin is Origin.KNOWLEDGE
    with pytest.raises(RigProblem, match="not needed"):
        FactBook(assume(peak__channel=2)).setting(device, "channel")


def test_an_assumption_by_power_source_follows_the_devices_power():
    text = HUB.replace('model = "arturia-keystep"', 'model = "arturia-keystep"\npower = "battery"')
    keystep = rig(text).device("keystep")
    key = "keystep.ports.out.supplies_power"
    book = FactBook({key: Assumption(key, "test", by_power={"battery": False, "usb-hub": True})})
    assert book.fact(keystep, "ports.out.supplies_power", keystep.model.ports["out"].supplies_power) is False
    assert book.used[key].origin is Origin.ASSUMED
    unlisted = FactBook({key: Assumption(key, "test", by_power={"usb-hub": True})})
    with pytest.raises(RigProblem, match="by_power does not list"):
        unlisted.fact(keystep, "ports.out.supplies_power", keystep.model.ports["out"].supplies_power)


def test_unused_assumptions_are_reported():
    book = FactBook(assume(peak__local_control=False))
    assert [a.key for a in book.unused()] == ["peak.local_control"]
