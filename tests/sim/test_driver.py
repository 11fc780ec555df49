"""The driver the wizard uses: steps to show, a step performed while someone listens, the fix applied."""

import time

from diag.midi.capture import open_capture
from diag.rk004.params import find_param
from diag.sim import load_scenario
from diag.sim.live import DemoSession


def test_the_steps_are_listed_as_the_wizard_shows_them():
    with DemoSession(load_scenario("track-midi-out")) as demo:
        assert [(s.number, s.name, s.device) for s in demo.steps] == [(1, "pads", "digitakt"),
                                                                      (2, "sequencer", "digitakt")]
        assert all(step.say for step in demo.steps)


def test_a_step_performed_in_the_background_is_heard_by_a_listener_on_the_same_system():
    with DemoSession(load_scenario("channel-mismatch"), speed=4.0) as demo:
        session = open_capture(demo.api, list(demo.ports.values()), step="keys")
        session.start()
        performance = demo.perform(0)
        assert not performance.finished.is_set()
        assert performance.wait(10)
        time.sleep(0.05)
        events = session.stop()
    assert len(events) == len(performance.traffic.taps) == 12
    assert performance.sounds == []


def test_stopping_a_step_releases_the_notes_it_held():
    with DemoSession(load_scenario("healthy-keystep-digitakt")) as demo:
        session = open_capture(demo.api, list(demo.ports.values()))
        session.start()
        performance = demo.perform(0)
        time.sleep(0.25)
        performance.stop()
        performance.wait(5)
        time.sleep(0.05)
        events = session.stop()
    ons = [e for e in events if e.data[0] & 0xF0 == 0x90]
    offs = [e for e in events if e.data[0] & 0xF0 == 0x80]
    assert 0 < len(ons) < 8 and len(offs) == len(ons)


def test_an_rk004_fix_is_written_through_the_real_client_and_changes_the_routing():
    scenario = load_scenario("rk004-port-mode")
    with DemoSession(scenario, speed=None) as demo:
        assert {s.device for s in demo.perform_now(0).sounds} == {"minilogue"}
        applied = demo.apply_fix()
        assert applied.rk004 is not None and applied.rk004.ok and applied.rk004.committed
        assert {s.device for s in demo.perform_now(0).sounds} == {"minilogue", "peak"}
        hub = demo.simulation.hubs["hub"].emulator
        assert hub.committed[find_param("DIN3_MODE").number] == find_param("DIN3_MODE").parse_value("MIDI_OUT")
        assert any(frame[6] == 0x03 for frame in hub.received)  # a real set request reached the emulator
    assert demo.simulation.rig.device("hub").stated["din3_mode"] == "MIDI_OUT"
    assert "hub: midi-diag rk004 set DIN3_MODE=MIDI_OUT --commit (on hub)" in applied.changes


def test_a_healthy_rig_has_nothing_to_fix():
    with DemoSession(load_scenario("healthy-rk004-hub")) as demo:
        assert demo.apply_fix().changes == ()


def test_two_steps_asked_for_at_once_play_one_after_the_other_not_interleaved():
    with DemoSession(load_scenario("channel-mismatch"), speed=8.0) as demo:
        port = demo.ports["Arturia KeyStep 32"]
        session = open_capture(demo.api, [port])
        session.start()
        first, second = demo.perform(0), demo.perform(0)
        assert first.wait(10) and second.wait(10)
        time.sleep(0.05)
        events = session.stop()
    one_run = [tap.data for tap in first.traffic.taps if tap.port == "Arturia KeyStep 32"]
    assert [e.data for e in events] == one_run + one_run
