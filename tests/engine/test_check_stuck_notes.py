"""`stuck-notes`: a note left on while traffic goes on fails; balanced notes and recent holds pass."""

from checks.stuck_notes import StuckNotesCheck
from diag.engine import Status
from tests.engine.builders import clock, evidence, notes, raw, sensing

CHECK = StuckNotesCheck()


def test_a_note_on_without_its_off_while_clock_goes_on_fails():
    lost_off = [raw("Synth", 0.1, "92 30 64")]
    [finding] = CHECK.run(evidence(lost_off, notes("Synth", [60, 62]), clock("Synth", beats=8)))
    assert finding.status is Status.FAIL
    assert finding.evidence[0].startswith("channel 3 note 48: on at 0.100 s, no note-off in the 3.9 s")


def test_balanced_notes_on_several_ports_with_noise_pass():
    found = evidence(notes("KeyStep", range(48, 72), channel=2), notes("Digitakt", [36, 38] * 8, channel=10),
                     clock("Digitakt"), sensing("KeyStep", 4))
    [finding] = CHECK.run(found)
    assert finding.status is Status.PASS and len(finding.evidence) == 2


def test_a_note_still_held_when_the_capture_ended_is_not_called_stuck():
    held_at_end = [raw("KeyStep", 3.9, "90 3C 64")]
    [finding] = CHECK.run(evidence(notes("KeyStep", [60, 62]), clock("KeyStep", beats=8), held_at_end))
    assert finding.status is Status.PASS and "too late to judge" in finding.evidence[0]


def test_all_notes_off_ends_the_held_notes():
    found = evidence([raw("K", 0.0, "90 3C 64"), raw("K", 0.5, "B0 7B 00")], clock("K", beats=6))
    assert CHECK.run(found)[0].status is Status.PASS


def test_without_notes_it_cannot_decide():
    assert CHECK.run(evidence(clock("K")))[0].status is Status.SKIP
