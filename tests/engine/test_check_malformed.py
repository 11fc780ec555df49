"""`malformed`: broken messages fail (a few warn), stray undefined bytes warn, RK-004 flow control passes."""

from checks.malformed import MalformedCheck
from diag.engine import Status
from tests.engine.builders import clock, evidence, notes, raw, sensing

CHECK = MalformedCheck()
RK004_REPLY = "F0 00 21 23 00 04 44 00 05 06 F7"


def titles(found):
    return [(finding.status, finding.title) for finding in CHECK.run(found)]


def test_truncated_sysex_and_cut_messages_fail_with_examples():
    broken = [raw("Hub", 0.1, "F0 00 21 23 00"), raw("Hub", 0.2, "90 3C"), raw("Hub", 0.3, "3C 64")]
    [finding] = CHECK.run(evidence(broken, notes("Hub", [60])))
    assert finding.status is Status.FAIL and finding.evidence[0].startswith("at 0.100 s: F0 00 21 23 00: ")
    assert "3 malformed messages among 5 messages" in finding.evidence[-1]


def test_one_broken_message_warns():
    assert titles(evidence([raw("K", 0.1, "90 3C")], notes("K", [60]))) == [(Status.WARN, "Malformed messages")]


def test_rk004_flow_control_around_its_sysex_passes():
    flow = [raw("RK004", 0.9, "FD"), raw("RK004", 1.0, RK004_REPLY), raw("RK004", 1.05, "F9")]
    [finding] = CHECK.run(evidence(flow, clock("RK004"), sensing("RK004", 4)))
    assert finding.status is Status.PASS and any("flow control" in line for line in finding.evidence)


def test_undefined_bytes_away_from_any_flow_control_device_warn():
    stray = [raw("Synth", 0.5, "FD"), raw("Synth", 0.6, "F5"), raw("Synth", 1.0, "F0 43 10 4C 00 00 7E 00 F7")]
    [finding] = CHECK.run(evidence(stray, notes("Synth", [60])))
    assert finding.status is Status.WARN and finding.title == "Undefined status bytes"
    assert [line[:2] for line in finding.evidence] == ["F5", "FD"]


def test_flow_control_bytes_long_after_the_sysex_still_warn():
    late = [raw("RK004", 1.0, RK004_REPLY), raw("RK004", 9.0, "F9")]
    assert titles(evidence(late)) == [(Status.WARN, "Undefined status bytes")]


def test_healthy_busy_traffic_on_several_ports_passes():
    found = evidence(notes("KeyStep", range(36, 84), channel=1), notes("Digitakt", [36] * 20, channel=10),
                     clock("Digitakt"), sensing("Synth", 4), [raw("Digitakt", 2.0, "F0 7E 00 06 01 F7")])
    assert titles(found) == [(Status.PASS, "Messages well-formed")]


def test_nothing_captured_cannot_decide():
    assert titles(evidence())[0][0] is Status.SKIP
