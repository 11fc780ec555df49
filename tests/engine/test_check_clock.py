"""`clock`: two sources, irregular ticks, wandering tempo, start without clock; steady clocks pass."""

from checks.clock import ClockCheck
from diag.engine import Status
from diag.rig import parse_rig
from tests.engine.builders import clock, evidence, merged, notes, raw, sensing

CHECK = ClockCheck()


def titles(found):
    return [(finding.status, finding.title) for finding in CHECK.run(found)]


def test_one_steady_clock_relayed_to_a_second_port_passes():
    relayed = [event._replace(port="Synth in", t=round(event.t + 0.001, 6)) for event in clock("DAW")]
    found = evidence(clock("DAW"), relayed, notes("DAW", [60, 62]), sensing("Synth in", 4))
    assert titles(found) == [(Status.PASS, "Clock steady")]


def test_usb_jitter_of_a_millisecond_at_high_tempo_passes():
    assert titles(evidence(clock("DAW", bpm=300, beats=32, jitter=0.001))) == [(Status.PASS, "Clock steady")]


def test_two_ports_with_different_tempos_fail_as_two_sources():
    found = evidence(clock("Digitakt", bpm=120), clock("DAW", bpm=124))
    assert titles(found) == [(Status.FAIL, "Two clock sources")]


def test_two_clocks_merged_into_one_port_fail_as_irregular():
    merged_clocks = merged(clock("Merge", bpm=120), [e._replace(t=round(e.t + 0.006, 6)) for e in clock("Merge", bpm=97)])
    assert (Status.FAIL, "Clock ticks irregular") in titles(evidence(merged_clocks))


def test_a_wandering_tempo_warns():
    slow, fast = clock("DAW", bpm=110, beats=8), clock("DAW", bpm=130, beats=8)
    wandering = slow + [e._replace(t=round(e.t + slow[-1].t + 60 / 110 / 24, 6)) for e in fast]
    assert titles(evidence(wandering)) == [(Status.WARN, "Unstable tempo")]


def test_missing_ticks_warn():
    gappy = [event for i, event in enumerate(clock("DAW", beats=16)) if i % 40 != 39]
    assert titles(evidence(gappy)) == [(Status.WARN, "Clock ticks missing")]


def test_start_without_clock_warns():
    found = evidence([raw("Digitakt", 0.0, "FA")], notes("Digitakt", [36, 38]), [raw("Digitakt", 2.0, "FC")])
    assert titles(found) == [(Status.WARN, "Start without clock")]


def test_no_clock_and_no_start_cannot_decide():
    assert titles(evidence(notes("KeyStep", [60])))[0][0] is Status.SKIP


RIG = """
[devices.laptop]
model = "computer"

[devices.iface]
model = "generic-usb-midi-interface"

[devices.digitakt]
model = "elektron-digitakt"
settings = { clock_receive = true }

[[connections]]
from = "laptop.usb"
to = "iface.usb"

[[connections]]
from = "iface.out"
to = "digitakt.in"

[[observe]]
port = "Laptop out"
sees = "laptop.usb"

[[observe]]
port = "Digitakt in"
sees = "digitakt.in"
"""


def test_with_a_rig_clock_sent_towards_a_follower_that_never_arrives_fails():
    found = evidence(clock("Laptop out", step="sequencer"), notes("Digitakt in", [60], step="sequencer"),
                     rig=parse_rig(RIG))
    findings = CHECK.run(found)
    assert [(f.status, f.title) for f in findings] == [(Status.FAIL, "Clock does not arrive")]
    assert "0 clock ticks" in findings[0].evidence[1] and "digitakt.in" in findings[0].summary


def test_with_a_rig_clock_arriving_at_the_follower_passes():
    arriving = [e._replace(port="Digitakt in", t=round(e.t + 0.001, 6)) for e in clock("Laptop out", step="sequencer")]
    found = evidence(clock("Laptop out", step="sequencer"), arriving, rig=parse_rig(RIG))
    assert titles(found) == [(Status.PASS, "Clock steady")]
