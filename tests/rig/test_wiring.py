"""Connections as the checks walk them: into and out of ports, through cables and thru ports; observers."""

import pytest

from diag.rig import PortRef

THROUGH = """\
[devices.keystep]
model = "arturia-keystep"
power = "battery"

[devices.rk002]
model = "retrokits-rk-002"
firmware = "digitakt"

[devices.digitakt]
model = "elektron-digitakt"
settings = { thru_port_function = "MIDI" }

[devices.synth]
model = "generic-synth"

[devices.computer]
model = "computer"

[[connections]]
from = "keystep.out"
to = "digitakt.in"
through = "rk002"

[[connections]]
from = "digitakt.thru"
to = "synth.in"

[[connections]]
from = "digitakt.usb"
to = "computer.usb"

[[observe]]
port = "Digitakt"
sees = "digitakt.usb"

[[observe]]
port = "Digitakt MIDI 1"
sees = "digitakt.in"
"""

BY_PORTS = """\
[devices.keystep]
model = "arturia-keystep"

[devices.rk002]
model = "retrokits-rk-002"

[devices.digitakt]
model = "elektron-digitakt"

[[connections]]
from = "keystep.MIDI OUT"
to = "rk002.in"

[[connections]]
from = "rk002.out"
to = "digitakt.in"
"""


def test_sources_of_names_the_cable_a_device_is_played_through(rig_from):
    paths = rig_from(THROUGH).sources_of("digitakt", "in")
    assert [(str(p.origin), p.through, str(p.target)) for p in paths] == [("keystep.out", ("rk002",), "digitakt.in")]
    assert paths[0].connections[0].line == 19


def test_a_cable_wired_by_its_ports_is_passed_through_not_a_source(rig_from):
    paths = rig_from(BY_PORTS).sources_of("digitakt")
    assert [(str(p.origin), p.through) for p in paths] == [("keystep.out", ("rk002",))]
    assert str(paths[0]) == "keystep.out -> rk002.in => rk002.out -> digitakt.in"


def test_a_port_named_by_its_label_becomes_its_id(rig_from):
    assert rig_from(BY_PORTS).connections[0].source == PortRef("keystep", "out")
    snake = rig_from(BY_PORTS.replace('"digitakt.in"', '"digitakt.midi_in"'))
    assert snake.connections[1].target == PortRef("digitakt", "in")


def test_a_thru_port_passes_what_reaches_the_in_while_its_function_is_midi(rig_from):
    rig = rig_from(THROUGH)
    origins = [(str(p.origin), p.through) for p in rig.sources_of("synth")]
    assert origins == [("digitakt.thru", ()), ("keystep.out", ("rk002", "digitakt"))]
    din_sync = rig_from(THROUGH.replace('thru_port_function = "MIDI"', 'thru_port_function = "DIN 24"'))
    assert [str(p.origin) for p in din_sync.sources_of("synth")] == ["digitakt.thru"]
    unstated = rig_from(THROUGH.replace('settings = { thru_port_function = "MIDI" }', ""))
    assert len(unstated.sources_of("synth")) == 2  # the knowledge default for THRU PORT FUNC is MIDI


def test_usb_carries_midi_both_ways(rig_from):
    rig = rig_from(THROUGH)
    (usb,) = rig.connections_into("digitakt", "usb")
    assert (str(usb.source), str(usb.target), usb.two_way) == ("computer.usb", "digitakt.usb", True)
    assert [str(c.target) for c in rig.connections_from("computer")] == ["digitakt.usb"]
    assert [str(p.origin) for p in rig.sources_of("computer")] == ["digitakt.usb"]


def test_din_connections_go_one_way(rig_from):
    rig = rig_from(THROUGH)
    assert rig.connections_from("digitakt", "in") == []
    assert [str(c) for c in rig.connections_into("digitakt")] == [
        "keystep.out -> [rk002] -> digitakt.in",
        "computer.usb -> digitakt.usb",
    ]
    assert [str(c.target) for c in rig.connections_from("keystep")] == ["digitakt.in"]


def test_a_midi_powered_cable_draws_from_the_jack_it_is_plugged_into(rig_from):
    assert rig_from(THROUGH).power_feed("rk002") == PortRef("keystep", "out")
    assert rig_from(BY_PORTS).power_feed("rk002") == PortRef("keystep", "out")
    assert rig_from(THROUGH).power_feed("digitakt") is None


def test_observer_for_matches_any_case_part_of_the_name_and_prefers_exact_then_longest(rig_from):
    rig = rig_from(THROUGH)
    assert rig.observer_for("digitakt midi 1").sees == PortRef("digitakt", "in")
    assert rig.observer_for("Elektron Digitakt").sees == PortRef("digitakt", "usb")
    assert rig.observer_for("Digitakt:Digitakt MIDI 1 20:0").sees == PortRef("digitakt", "in")
    assert rig.observer_for("DIGITAKT").line == 32
    assert rig.observer_for("KeyStep") is None


def test_device_lookup_names_the_devices_the_rig_has(rig_from):
    rig = rig_from(THROUGH)
    assert rig.device("rk002").kind == "cable"
    with pytest.raises(KeyError, match="its devices: keystep, rk002, digitakt, synth, computer"):
        rig.device("peak")


def test_a_hub_port_mode_decides_which_way_it_may_be_wired(rig_from, error_of):
    hub = """\
[devices.hub]
model = "retrokits-rk-004"
settings = { din1_mode = "MIDI_OUT" }

[devices.synth]
model = "generic-synth"

[[connections]]
from = "synth.in"
to = "hub.din1"
"""
    message = error_of(hub)
    assert message.startswith("rig.toml:9: connections #1.from: synth.in is an input and hub.din1 an output")
    unset = rig_from(hub.replace('settings = { din1_mode = "MIDI_OUT" }', "").replace("synth.in", "synth.out"))
    assert str(unset.connections[0]) == "synth.out -> hub.din1"
