"""Capture over a real JACK server: what senders in other processes play arrives byte for byte."""

import time

import pytest

from diag.midi.capture import open_capture
from tests.support.processes import start_script_sender

pytestmark = pytest.mark.jack

SYSEX_6000 = bytes([0xF0, 0x00, 0x21, 0x23]) + bytes(i % 128 for i in range(5994)) + bytes([0xF7])
EVERY_KIND = [
    bytes.fromhex("90 3C 64"), bytes.fromhex("80 3C 00"), bytes.fromhex("B0 07 64"),
    bytes.fromhex("B1 20 01"), bytes.fromhex("C2 05"), bytes.fromhex("E0 00 40"),
    bytes.fromhex("D3 40"), bytes.fromhex("A4 3C 20"),
    bytes([0xFA]), bytes([0xF8]), bytes([0xFB]), bytes([0xFC]), bytes([0xFE]),
    bytes([0xF9]), bytes([0xFD]), bytes([0xF4]), bytes([0xF5]), bytes([0xF6]),
    bytes.fromhex("F2 10 20"), bytes.fromhex("F3 05"), bytes.fromhex("F1 31"),
    SYSEX_6000, bytes.fromhex("F0 7E 7F 06 01 F7"), bytes([0xFF]),
]


def drain_until(session, count: int, timeout: float = 5.0) -> list:
    events = []
    end = time.monotonic() + timeout
    while len(events) < count and time.monotonic() < end:
        time.sleep(0.02)
        events.extend(session.drain())
    time.sleep(0.05)
    return events + session.stop()


def capture(server, tmp_path, scripts: dict[str, list[bytes]], gap: float = 0.002) -> tuple[list, object]:
    senders = [start_script_sender(server, client, messages, tmp_path, gap) for client, messages in scripts.items()]
    try:
        session = open_capture("jack", list(scripts), step="keys")
        session.start()
        for sender in senders:
            sender.go()
        return drain_until(session, sum(map(len, scripts.values()))), session
    finally:
        for sender in senders:
            sender.close()


def test_every_kind_of_message_arrives_byte_for_byte_and_in_order(jack_env, tmp_path):
    events, session = capture(jack_env, tmp_path, {"every-kind": EVERY_KIND})
    assert [event.data for event in events] == EVERY_KIND
    assert {event.port for event in events} == {"every-kind:out"}
    assert {event.step for event in events} == {"keys"}
    assert session.stats.received == {"every-kind:out": len(EVERY_KIND)}
    assert session.stats.dropped == 0


def test_times_count_from_the_start_in_microseconds_and_never_decrease(jack_env, tmp_path):
    events, _ = capture(jack_env, tmp_path, {"timing": EVERY_KIND})
    times = [event.t for event in events]
    assert times == sorted(times)
    assert 0 <= times[0] < 5
    assert all(round(t, 6) == t for t in times)
    assert times[-1] - times[0] >= 0.02  # the sender spaced 24 messages 2 ms apart


def test_several_inputs_merge_into_one_time_ordered_stream(jack_env, tmp_path):
    notes = [bytes([0x90, n, 100]) for n in range(40)]
    clocks = [bytes([0xF8])] * 60
    events, session = capture(jack_env, tmp_path, {"keystep": notes, "digitakt": clocks}, gap=0.003)
    assert [e.data for e in events if e.port == "keystep:out"] == notes
    assert [e.data for e in events if e.port == "digitakt:out"] == clocks
    assert [e.t for e in events] == sorted(e.t for e in events)
    assert session.stats.received == {"keystep:out": 40, "digitakt:out": 60}


def test_a_port_named_twice_is_refused(jack_env, tmp_path):
    sender = start_script_sender(jack_env, "twice", [], tmp_path)
    try:
        with pytest.raises(Exception, match="named twice"):
            open_capture("jack", ["twice", "TWICE:out"])
    finally:
        sender.close()
