"""The one-pass traffic analysis on hand-built event lists: every fact family, per port and step."""

import tracemalloc

import pytest

from diag.engine import TrafficAnalyzer, analyze
from diag.events import MidiEvent
from tests.engine.builders import clock, merged, notes, raw, sensing

IDENTITY_REPLY = "F0 7E 00 06 02 00 20 3C 0C 00 04 00 01 05 00 00 F7"


def test_counts_kinds_channels_and_note_numbers_per_port_and_step():
    summary = analyze(merged(
        notes("KeyStep", [60, 62, 60], channel=3),
        notes("KeyStep", [36], channel=10, step="pads"),
        [raw("KeyStep", 2.0, "B2 4A 40"), raw("KeyStep", 2.1, "C2 05"), raw("Digitakt", 0.0, "E0 00 40")],
    ))
    keys = summary.get("KeyStep", "keys")
    assert keys.messages == 8
    assert dict(keys.kinds) == {"control_change": 1, "note_off": 3, "note_on": 3, "program_change": 1}
    assert dict(keys.channels["note_on"]) == {3: 3}
    assert dict(keys.note_numbers(3)) == {60: 2, 62: 1}
    assert dict(keys.controls[3]) == {74: 1} and dict(keys.programs[3]) == {5: 1}
    assert keys.channels_seen() == (3,)
    assert dict(summary.get("KeyStep", "pads").note_numbers()) == {36: 1}
    assert summary.get("Digitakt", "keys").count("pitchwheel") == 1
    assert summary.ports == ("Digitakt", "KeyStep") and summary.steps == ("keys", "pads")  # first seen first
    assert summary.get("KeyStep", "idle") is None


def test_first_and_last_time_and_silence_of_a_declared_port():
    analyzer = TrafficAnalyzer()
    analyzer.declare("Quiet", "keys")
    analyzer.feed(notes("KeyStep", [60, 61], start=0.5))
    summary = analyzer.summary()
    keys = summary.get("KeyStep", "keys")
    assert (keys.first_t, keys.last_t) == (0.5, 0.85)
    assert summary.get("Quiet", "keys").silent and not keys.silent


def test_note_balance_counts_velocity_zero_as_off_and_keeps_held_notes():
    summary = analyze([
        raw("K", 0.0, "90 3C 64"), raw("K", 0.1, "90 3C 00"),     # on, then off by velocity 0
        raw("K", 0.2, "91 40 64"), raw("K", 0.3, "91 40 64"),     # on twice
        raw("K", 0.4, "82 30 00"),                                # off with no on
        raw("K", 3.0, "F8"),
    ])
    balance = summary.get("K", "keys").balance
    assert (balance.ons, balance.offs, balance.repeated_ons, balance.orphan_offs) == (3, 2, 1, 1)
    assert [(h.channel, h.note, h.on_t, h.held_for) for h in balance.held] == [(2, 64, 0.3, pytest.approx(2.7))]


def test_all_notes_off_and_reset_end_held_notes():
    summary = analyze([raw("K", 0.0, "90 3C 64"), raw("K", 0.1, "91 3C 64"), raw("K", 0.2, "B0 7B 00"),
                       raw("K", 0.3, "92 3C 64"), raw("K", 0.4, "FF")])
    assert summary.get("K", "keys").balance.held == ()  # the CC 123 ended ch 1, but ch 2 remained until FF
    summary = analyze([raw("K", 0.0, "90 3C 64"), raw("K", 0.1, "91 3C 64"), raw("K", 0.2, "B0 7B 00")])
    assert [(h.channel, h.note) for h in summary.get("K", "keys").balance.held] == [(2, 60)]


def test_clock_tempo_jitter_and_beat_spread():
    steady = analyze(clock("DAW", bpm=120, beats=16)).get("DAW", "keys").clock
    assert steady.ticks == 384 and steady.bpm == pytest.approx(120, abs=0.05)
    assert steady.beats == 15 and steady.beat_bpm_low == steady.beat_bpm_high == pytest.approx(120, abs=0.1)
    assert steady.jitter_ms < 0.05 and steady.irregularity < 0.01 and steady.dropouts == 0
    shaky = analyze(clock("DAW", bpm=100, beats=16, jitter=0.003)).get("DAW", "keys").clock
    assert shaky.bpm == pytest.approx(100, rel=0.01)
    assert 1.0 < shaky.jitter_ms < 3.0 and shaky.beat_spread < 0.03


def test_clock_pauses_and_dropouts():
    ticks = clock("DAW", beats=4)
    later = clock("DAW", beats=4, start=ticks[-1].t + 2.0)
    gapped = [event for i, event in enumerate(later) if i not in (30, 60)]
    stats = analyze(ticks + gapped).get("DAW", "keys").clock
    assert stats.pauses == 1 and stats.dropouts == 2
    assert stats.bpm == pytest.approx(120, abs=0.1)


def test_transport_in_order_with_song_position():
    summary = analyze([raw("DT", 0.0, "F2 10 00"), raw("DT", 0.1, "FA"), raw("DT", 1.0, "FC"),
                       raw("DT", 2.0, "FB")])
    transport = summary.get("DT", "keys").transport
    assert [(e.kind, e.position) for e in transport] == [("songpos", 16), ("start", None), ("stop", None),
                                                         ("continue", None)]


def test_sysex_sizes_makers_headers_and_identity_replies():
    summary = analyze([raw("DT", 0.0, IDENTITY_REPLY), raw("DT", 0.5, IDENTITY_REPLY),
                       raw("DT", 1.0, "F0 00 21 23 00 04 44 00 05 06 F7")])
    sysex = summary.get("DT", "keys").sysex
    assert (sysex.count, sysex.smallest, sysex.largest) == (3, 11, 17)
    assert sysex.manufacturers["Universal Non-Real-Time"] == 2
    assert sysex.has_header("F0 00 21 23 00 04") and not sysex.has_header("F0 00 20 3C")
    assert len(sysex.identities) == 1
    identity = sysex.identities[0]
    assert identity.manufacturer.startswith("Elektron") and identity.family == 12


def test_active_sensing_gaps():
    events = sensing("Synth", 1.0) + sensing("Synth", 1.0, start=1.8)
    stats = analyze(events).get("Synth", "keys").active_sensing
    assert stats.count == len(events) and stats.late == 1 and stats.longest_gap == pytest.approx(0.99, abs=0.01)


def test_malformed_and_undefined_messages_with_examples():
    summary = analyze([raw("X", 0.0, "90 3C"), raw("X", 0.1, "3C 64"), raw("X", 0.2, "F0 00 21"),
                       raw("X", 0.3, "F7"), raw("X", 0.4, "F4"), raw("X", 0.5, "F8 F8"), raw("X", 0.6, "90 3C 80")])
    entry = summary.get("X", "keys")
    assert entry.malformed.count == 6 and entry.count("malformed") == 6
    reasons = [example.reason for example in entry.malformed.examples]
    assert reasons[0] == "note_on takes 3 bytes, got 2" and "data byte" in reasons[1]
    assert "F7" in reasons[2] and len(reasons) == 5
    assert entry.undefined[0xF4].count == 1 and entry.undefined[0xF4].near_sysex == 0


def test_undefined_bytes_near_sysex_before_and_after():
    summary = analyze([raw("RK", 0.0, "FD"), raw("RK", 0.5, "F9"), raw("RK", 1.0, "F0 00 21 23 00 04 44 F7"),
                       raw("RK", 2.5, "F9"), raw("RK", 9.0, "FD")])
    undefined = summary.get("RK", "keys").undefined
    assert (undefined[0xFD].count, undefined[0xFD].near_sysex) == (2, 1)
    assert (undefined[0xF9].count, undefined[0xF9].near_sysex) == (2, 2)


def test_echoes_on_the_same_port_and_across_ports():
    loop = [raw("A", 1.0, "90 3C 64"), raw("A", 1.002, "90 3C 64"), raw("A", 1.004, "90 3C 64")]
    relay = [raw("A", 2.0, "90 40 64"), raw("B", 2.001, "90 40 64")]
    echoes = analyze(loop + relay).echoes
    same = next(e for e in echoes if e.same_port)
    assert (same.count, same.returns, same.longest_chain) == (2, 2, 3)
    assert same.min_delay == pytest.approx(0.002)
    across = next(e for e in echoes if not e.same_port)
    assert (across.source_port, across.echo_port, across.returns) == ("A", "B", 0)


def test_no_echo_outside_the_window_nor_for_clock():
    events = [raw("A", 0.0, "90 3C 64"), raw("A", 0.02, "90 3C 64")] + clock("A", beats=2)
    assert analyze(merged(events)).echoes == ()


def test_a_new_source_splits_clock_intervals_held_notes_and_echoes():
    analyzer = TrafficAnalyzer()
    analyzer.new_source()
    analyzer.feed([raw("A", 0.0, "90 3C 64"), raw("A", 5.0, "F8"), raw("A", 5.01, "F8")])
    analyzer.new_source()
    analyzer.feed([raw("A", 0.001, "90 3C 64"), raw("A", 0.01, "F8"), raw("A", 0.02, "80 3C 00")])
    assert analyzer.source_pairs() == [("A", "keys")]
    entry = analyzer.summary().get("A", "keys")
    assert [(h.note, h.held_for) for h in entry.balance.held] == [(60, 5.01)]
    assert entry.clock.ticks == 3 and entry.clock.pauses == 0
    assert analyzer.summary().echoes == ()


def test_memory_stays_bounded_as_messages_grow():
    def peak(count: int) -> int:
        events = (MidiEvent(i * 0.0005, f"port {i % 4}", bytes((0x90 | i % 16, i % 128, 1 + i % 127)), f"s{i % 3}")
                  for i in range(count))
        tracemalloc.start()
        analyzer = TrafficAnalyzer()
        analyzer.feed(events)
        analyzer.summary()
        size = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return size

    small, large = peak(20_000), peak(80_000)
    assert large < small * 1.3


def test_time_going_back_within_one_source_does_not_make_echoes():
    events = [raw("A", 3.0, "90 3C 64"), raw("A", 0.5, "90 3C 64"), raw("A", 0.502, "90 3C 64")]
    [echo] = analyze(events).echoes
    assert echo.count == 1 and echo.min_delay == pytest.approx(0.002)
