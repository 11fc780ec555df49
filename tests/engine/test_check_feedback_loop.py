"""`feedback-loop`: messages coming back within milliseconds fail; relays, retrigs and noise do not."""

from checks.feedback_loop import FeedbackLoopCheck
from diag.engine import Status
from diag.events import MidiEvent
from tests.engine.builders import clock, evidence, notes, raw, sensing

CHECK = FeedbackLoopCheck()


def echoed(port: str, numbers, copies: int = 3, delay: float = 0.002, to: str | None = None):
    """Each note-on followed by `copies - 1` copies `delay` apart (alternating with `to` if given)."""
    events = []
    for event in notes(port, numbers):
        for copy in range(copies if event.data[0] >> 4 == 9 else 1):
            where = to if to and copy % 2 else port
            events.append(MidiEvent(round(event.t + copy * delay, 6), where, event.data, event.step))
    return events


def test_every_note_coming_back_on_the_same_port_fails():
    [finding] = CHECK.run(evidence(echoed("DAW in", [60, 62, 64, 65]), clock("DAW in"), sensing("DAW in", 2)))
    assert finding.status is Status.FAIL and "'DAW in' itself" in finding.summary
    assert "note-on ch 1 note 60 velocity 100 (90 3C 64)" in finding.evidence[2]


def test_notes_bouncing_between_two_ports_fail_once():
    findings = CHECK.run(evidence(echoed("Synth in", [60, 62, 64], copies=4, to="Synth out")))
    assert [f.status for f in findings] == [Status.FAIL]
    assert "and back" in findings[0].summary


def test_a_device_passing_notes_on_to_another_observed_port_is_not_a_loop():
    relay = notes("KeyStep", [60, 62, 64, 65]) + [MidiEvent(round(e.t + 0.0012, 6), "Digitakt thru", e.data, e.step)
                                                  for e in notes("KeyStep", [60, 62, 64, 65])]
    [finding] = CHECK.run(evidence(relay, clock("KeyStep")))
    assert finding.status is Status.PASS
    assert any("a device passing them on" in line for line in finding.evidence)


def test_fast_retrigs_and_a_stray_duplicate_pass():
    retrigs = [raw("DT", round(0.5 + i * 0.0125, 6), "90 24 64") for i in range(16)]
    stray = [raw("KS", 3.0, "B0 07 64"), raw("KS", 3.001, "B0 07 64")] + notes("KS", range(40, 80), gap=0.05)
    assert [f.status for f in CHECK.run(evidence(retrigs, stray))] == [Status.PASS]


def test_without_anything_played_it_cannot_decide():
    [finding] = CHECK.run(evidence(clock("DAW"), sensing("DAW", 2)))
    assert finding.status is Status.SKIP
