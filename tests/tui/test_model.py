"""The monitor's model without Textual: categories, filters, folding, ring buffer, channels, tempo, feed."""

import pytest

from diag.events import MidiEvent
from diag.tui.feed import Feed
from diag.tui.model.categories import CATEGORY_BY_BYTE, Category
from diag.tui.model.channels import ChannelActivity
from diag.tui.model.filters import ViewFilter
from diag.tui.model.monitor import MonitorModel
from diag.tui.model.tempo import ClockTracker
from diag.tui.sources import ReplaySource

CLOCK = b"\xf8"


def ev(t: float, data: bytes | list[int], port: str = "A") -> MidiEvent:
    return MidiEvent(t, port, bytes(data))


def test_categories_follow_the_status_byte():
    assert CATEGORY_BY_BYTE[0x93] is Category.NOTES
    assert CATEGORY_BY_BYTE[0x83] is Category.NOTES
    assert CATEGORY_BY_BYTE[0xBF] is Category.CONTROL
    assert CATEGORY_BY_BYTE[0xF8] is Category.CLOCK
    assert CATEGORY_BY_BYTE[0xFE] is Category.ACTIVE_SENSING
    assert CATEGORY_BY_BYTE[0xFA] is Category.TRANSPORT
    assert CATEGORY_BY_BYTE[0xF0] is Category.SYSEX
    assert CATEGORY_BY_BYTE[0x40] is Category.OTHER


def test_the_default_filter_hides_clock_and_active_sensing_only():
    view = ViewFilter()
    assert not view.shows(CLOCK, "A") and not view.shows(b"\xfe", "A")
    assert view.shows(b"\x90\x3c\x64", "A") and view.shows(b"\xfa", "A")
    assert view.summary() == "hiding clock, act.sense"


def test_filters_by_channel_and_port_and_the_summary_says_how():
    view = ViewFilter(frozenset(), frozenset({10}), frozenset({"B"}))
    assert view.shows(b"\x90\x3c\x64", "A")
    assert not view.shows(b"\x99\x24\x64", "A")  # channel 10
    assert view.shows(b"\xf8", "A")  # system messages have no channel
    assert not view.shows(b"\x90\x3c\x64", "B")
    assert view.summary() == "not ch 10; hiding port B"
    only_two = ViewFilter(frozenset(), frozenset(set(range(1, 17)) - {1, 2}))
    assert only_two.summary() == "only ch 1,2"


def test_toggling_a_category_shows_it_then_hides_it_again():
    view = ViewFilter().toggle_category(Category.CLOCK)
    assert view.shows(CLOCK, "A")
    assert not view.toggle_category(Category.CLOCK).shows(CLOCK, "A")


def test_repeats_fold_into_one_row_with_a_count_even_with_hidden_clock_between():
    model = MonitorModel()
    cc = [0xB0, 74, 64]
    model.ingest([ev(0.0, cc), ev(0.01, CLOCK), ev(0.02, cc), ev(0.03, CLOCK), ev(0.04, cc)])
    assert len(model.rows.rows) == 1
    row = model.rows.rows[0]
    assert (row.times, row.first_t, row.event.t) == (3, 0.0, 0.04)
    assert model.count(Category.CLOCK) == 2


def test_the_same_message_from_another_port_is_not_a_repeat():
    model = MonitorModel()
    model.ingest([ev(0.0, [0xB0, 1, 1], "A"), ev(0.1, [0xB0, 1, 1], "B")])
    assert [row.times for row in model.rows.rows] == [1, 1]


def test_folding_can_be_turned_off_and_the_rows_are_rebuilt():
    model = MonitorModel()
    model.ingest([ev(i / 10, [0xB0, 7, 100]) for i in range(5)])
    model.set_fold(False)
    assert [row.times for row in model.rows.rows] == [1] * 5


def test_the_ring_keeps_the_newest_messages_and_counts_what_scrolled_out():
    model = MonitorModel(capacity=100)
    model.ingest([ev(i, [0x90, i % 128, 1]) for i in range(250)])
    assert model.total == 250 and len(model.ring) == 100 and model.scrolled_out == 150
    assert model.ring[0].t == 150 and len(model.rows.rows) == 100 and model.rows.scrolled_out == 150


def test_a_new_filter_rebuilds_the_rows_from_every_message_in_memory():
    model = MonitorModel()
    model.ingest([ev(0, CLOCK), ev(1, [0x90, 60, 1]), ev(2, [0x91, 60, 1]), ev(3, CLOCK)])
    assert len(model.rows.rows) == 2
    model.set_filter(ViewFilter(frozenset(), frozenset({2})))
    assert [r.event.data for r in model.rows.rows] == [CLOCK, bytes([0x90, 60, 1]), CLOCK]


def test_a_frozen_picture_does_not_move_and_can_be_refiltered():
    model = MonitorModel()
    model.ingest([ev(0, [0x90, 60, 1]), ev(1, CLOCK)])
    frozen = model.freeze()
    model.ingest([ev(2, [0x90, 62, 1])])
    assert len(frozen.rows) == 1 and frozen.total == 2
    model.set_filter(ViewFilter(frozenset()))
    assert len(model.refilter(frozen).rows) == 2  # the clock of the picture, not the note after it


def test_held_notes_end_with_note_off_velocity_zero_or_all_notes_off():
    channels = ChannelActivity()
    for t, data in enumerate([[0x90, 60, 100], [0x90, 64, 90], [0x80, 60, 0], [0x90, 67, 80], [0x90, 67, 0]]):
        channels.feed(data[0], ev(t, data))
    state = channels.states[("A", 1)]
    assert set(state.held) == {64} and state.last_note == 67 and state.count == 5
    channels.feed(0xB0, ev(6, [0xB0, 123, 0]))
    assert state.held == {}


def test_a_note_held_longer_than_a_few_seconds_is_reported_as_stuck():
    channels = ChannelActivity()
    channels.feed(0x93, ev(1.0, [0x93, 36, 100], "K"))
    assert channels.stuck(now=3.0) == []
    (stuck,) = channels.stuck(now=7.5)
    assert (stuck.port, stuck.channel, stuck.note, stuck.seconds) == ("K", 4, 36, 6.5)


def test_only_the_latest_controllers_are_kept_newest_last():
    channels = ChannelActivity()
    for control in range(10):
        channels.feed(0xB0, ev(control, [0xB0, control, control * 2]))
    channels.feed(0xB0, ev(11, [0xB0, 5, 1]))
    assert list(channels.states[("A", 1)].controls.items())[-1] == (5, 1)
    assert len(channels.states[("A", 1)].controls) == 6


def clock_at(bpm: float, ticks: int, start: float = 0.0, wobble: float = 0.0) -> list[MidiEvent]:
    interval = 60.0 / (bpm * 24)
    return [ev(start + i * interval + (wobble if i % 2 else 0.0), CLOCK) for i in range(ticks)]


def test_tempo_comes_from_24_ticks_a_beat_and_a_steady_clock_is_called_steady():
    tracker = ClockTracker()
    for event in clock_at(120, 97):
        tracker.feed(0xF8, event)
    (reading,) = tracker.readings(now=2.0)
    assert reading.bpm == pytest.approx(120.0) and reading.steadiness == "steady" and reading.running


def test_jittery_ticks_around_a_steady_tempo_show_as_jitter_not_as_tempo_changes():
    tracker = ClockTracker()
    for event in clock_at(120, 97, wobble=0.004):
        tracker.feed(0xF8, event)
    (reading,) = tracker.readings(now=2.0)
    assert reading.steadiness == "steady" and reading.jitter_ms == pytest.approx(4.0)


def test_a_tempo_that_moves_from_beat_to_beat_is_not_steady_and_a_silent_clock_is_not_running():
    tracker = ClockTracker()
    t = 0.0
    for beat in range(4):
        for _ in range(24):
            tracker.feed(0xF8, ev(t, CLOCK))
            t += 60.0 / ((116 if beat % 2 else 124) * 24)
    (reading,) = tracker.readings(now=t)
    assert reading.steadiness == "unstable" and 116 < reading.bpm < 124
    assert not tracker.readings(now=t + 5)[0].running


def test_a_gap_in_the_clock_starts_the_measurement_again():
    tracker = ClockTracker()
    for event in clock_at(90, 60) + clock_at(140, 30, start=5.0):
        tracker.feed(0xF8, event)
    (reading,) = tracker.readings(now=5.6)
    assert reading.bpm == pytest.approx(140.0)


def test_transport_follows_start_stop_continue_and_song_position():
    tracker = ClockTracker()
    tracker.feed(0xFA, ev(0, b"\xfa"))
    assert tracker.ports["A"].transport == "playing" and tracker.ports["A"].song_position == 0
    tracker.feed(0xFC, ev(1, b"\xfc"))
    tracker.feed(0xF2, ev(2, b"\xf2\x10\x01"))
    tracker.feed(0xFB, ev(3, b"\xfb"))
    clock = tracker.ports["A"]
    assert (clock.transport, clock.transport_detail, clock.song_position) == ("playing", "continue", 144)


def test_the_feed_ingests_within_its_budget_and_catches_up_later():
    events = [ev(i / 1000, [0xB0, i % 128, 0]) for i in range(10_000)]
    feed = Feed(ReplaySource(events), budget=0.0)
    feed.start()
    assert feed.pump() == 2_000 and feed.backlog == 8_000 and not feed.done
    while feed.pump():
        pass
    assert feed.done and feed.model.total == 10_000
