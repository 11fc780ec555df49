"""The example rigs of docs/examples/: each loads, says which case it is, and states that case's facts."""

import json
from pathlib import Path

import pytest

from diag.rig import PortRef, load_rig
from tests.rig.conftest import EXAMPLES

FORUM_CASES = {
    "loopback-mode.toml": "000",
    "midi-power.toml": "000",
    "track-midi-out.toml": "001",
    "auto-channel.toml": "002",
    "channel-mismatch.toml": "002",
    "track-midi-out-rytm.toml": "003",
    "note-offset.toml": "003",
}


def example_files() -> list[Path]:
    return sorted(EXAMPLES.glob("*.toml"))


def test_there_is_one_rig_per_forum_case_and_at_least_three_healthy_ones():
    names = {path.name for path in example_files()}
    assert set(FORUM_CASES) <= names
    assert len([name for name in names if name.startswith("healthy-")]) >= 3
    assert names <= set(FORUM_CASES) | {name for name in names if name.startswith("healthy-")}


@pytest.mark.parametrize("path", example_files(), ids=lambda path: path.name)
def test_every_example_loads_and_is_observed(path):
    rig = load_rig(path)
    assert rig.observers, "each example says which computer port observes what"
    assert rig.name and rig.description
    json.dumps(rig.as_dict())
    for observer in rig.observers:
        assert observer.sees.device in rig.devices


@pytest.mark.parametrize("name, case", FORUM_CASES.items())
def test_every_forum_rig_names_its_case_and_the_symptom(name, case):
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert case in first and name.removesuffix(".toml").split("-rytm")[0] in first
    assert load_rig(EXAMPLES / name).symptom


def load(name: str):
    return load_rig(EXAMPLES / name)


def test_loopback_mode_rig():
    rig = load("loopback-mode.toml")
    direct, from_computer = rig.sources_of("digitakt", "in")
    assert (direct.origin, direct.through) == (PortRef("keystep", "out"), ("rk002",))
    assert (from_computer.origin, from_computer.through) == (PortRef("computer", "usb"), ("keystep", "rk002"))
    cable = rig.device("rk002")
    assert (cable.firmware, cable.setting("loopback").value, cable.setting("loopback").origin) == (
        "digitakt",
        True,
        "stated",
    )


def test_midi_power_rig():
    rig = load("midi-power.toml")
    assert rig.power_feed("rk002") == PortRef("keystep", "out")
    assert rig.device("keystep").power == "battery"
    assert rig.device("rk002").setting("loopback").value is False


def test_track_midi_out_rig():
    digitakt = load("track-midi-out.toml").device("digitakt")
    assert digitakt.track_setting("midi", "A", "send_channel").value == "off"
    assert not digitakt.model.tracks["audio"].sequencer_sends_midi.value
    assert load("track-midi-out.toml").observer_for("iConnectAudio4+ DIN").sees == PortRef("digitakt", "out")


def test_auto_channel_rig_relies_on_the_octatrack_default():
    rig = load("auto-channel.toml")
    auto = rig.device("octatrack").setting("auto_channel")
    assert (auto.value, auto.origin) == (10, "default")
    assert rig.device("keystep").setting("channel").value == 1
    assert rig.device("peak").setting("channel").value == 10


def test_channel_mismatch_rig():
    rig = load("channel-mismatch.toml")
    assert rig.device("octatrack").track_setting("midi", "1", "send_channel").value == 11
    assert rig.device("peak").setting("channel").value == 12
    assert [str(p.origin) for p in rig.sources_of("peak")] == ["octatrack.out"]


def test_rytm_rigs():
    send_off = load("track-midi-out-rytm.toml").device("rytm")
    assert {value.value for value in send_off.track_settings("drum", "send_midi")} == {False}
    offset = load("note-offset.toml").device("rytm")
    assert any(bug.effect and bug.effect.kind == "note-offset" for bug in offset.firmware_bugs())
    healthy = load("healthy-rytm-virus.toml").device("rytm")
    assert not any(bug.effect and bug.effect.kind == "note-offset" for bug in healthy.firmware_bugs())
    assert [value.value for value in healthy.track_settings("drum", "send_midi")][:2] == [True, False]


def test_healthy_hub_rig_states_the_port_modes():
    hub = load("healthy-rk004-hub.toml").device("hub")
    assert dict(hub.stated) == {"din1_mode": "MIDI_IN", "din2_mode": "MIDI_OUT", "din3_mode": "MIDI_OUT"}
