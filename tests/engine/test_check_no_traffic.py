"""`no-traffic`: silence in a played step fails; idle silence, relays and noise do not."""

from checks.no_traffic import NoTrafficCheck
from diag.engine import Status
from diag.rig import load_rig
from tests.engine.builders import clock, evidence, notes, sensing, silent_evidence

CHECK = NoTrafficCheck()
LOOPBACK_RIG = "docs/examples/loopback-mode.toml"


def statuses(found):
    return [finding.status for finding in CHECK.run(found)]


def test_a_played_step_with_nothing_on_any_port_fails():
    [finding] = CHECK.run(silent_evidence(["KeyStep", "Digitakt"], step="keys"))
    assert finding.status is Status.FAIL and "not a single MIDI message" in finding.summary
    assert finding.evidence == ("'KeyStep' during 'keys': 0 messages", "'Digitakt' during 'keys': 0 messages")
    assert finding.fixes


def test_only_clock_and_active_sensing_while_keys_were_played_fails():
    [finding] = CHECK.run(evidence(clock("DAW"), sensing("KeyStep", 3.0)))
    assert finding.status is Status.FAIL and finding.title == "Nothing played reached the wire"


def test_silence_while_idle_is_healthy_and_idle_alone_cannot_decide():
    assert statuses(silent_evidence(["KeyStep"], step="idle")) == [Status.SKIP]
    found = evidence(notes("KeyStep", [60]), ports=["Digitakt"])
    assert statuses(found) == [Status.PASS]


def test_a_quiet_port_next_to_a_busy_one_passes_without_a_rig():
    [finding] = CHECK.run(evidence(notes("KeyStep", [60, 62]), clock("KeyStep"), ports=["Synth"]))
    assert finding.status is Status.PASS and any("silent: 'Synth'" in line for line in finding.evidence)


def test_with_a_rig_a_quiet_input_fed_by_a_playing_device_fails():
    rig = load_rig(LOOPBACK_RIG)
    found = evidence(notes("Arturia KeyStep 32", [60, 64, 67], channel=9), sensing("USB MIDI Interface", 2.0),
                     rig=rig)
    [finding] = CHECK.run(found)
    assert finding.status is Status.FAIL and finding.title == "MIDI lost on the way"
    assert "keystep.out -> [rk002] -> digitakt.in" in finding.evidence[2]


def test_with_a_rig_the_input_receiving_the_notes_passes():
    rig = load_rig(LOOPBACK_RIG)
    found = evidence(notes("Arturia KeyStep 32", [60, 64], channel=9), notes("USB MIDI Interface", [60, 64], channel=9,
                     start=0.051), rig=rig)
    assert statuses(found) == [Status.PASS]


def test_nothing_captured_skips_and_says_what_to_capture():
    [finding] = CHECK.run(evidence())
    assert finding.status is Status.SKIP and "keys" in finding.fixes[0].summary
