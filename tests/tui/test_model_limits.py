"""The monitor in bounded memory: a SysEx over the cap is kept as its head, shown with its true size."""

from diag.events import SYSEX_KEEP, MidiEvent
from diag.tui.format import RowFormatter
from diag.tui.model.monitor import MonitorModel
from diag.tui.sysex import detail_fields, hex_dump, hex_dump_heading

HUGE = b"\xf0\x00\x20\x3c" + bytes(index % 128 for index in range(1_000_000)) + b"\xf7"


def test_the_monitor_keeps_a_huge_sysex_as_its_head_and_shows_its_true_size_everywhere():
    model = MonitorModel(capacity=10)
    model.ingest([MidiEvent(0.5, "Digitakt", b"\x90\x3c\x64"), MidiEvent(1.0, "Digitakt", HUGE)])
    kept = model.ring[-1]
    assert len(kept.data) == SYSEX_KEEP and kept.size == len(HUGE) and bytes(kept.data) == HUGE[:SYSEX_KEEP]
    row = model.rows.rows[-1]
    cells = RowFormatter().cells(row)
    assert cells[3] == "SysEx" and f"{len(HUGE)} bytes, first {SYSEX_KEEP} shown" in cells[4]
    assert not cells[5].endswith("F7")
    assert ("length", f"{len(HUGE)} bytes, first {SYSEX_KEEP} shown") in detail_fields(row.event)
    assert hex_dump_heading(row.event.data).startswith(f"hex dump (first {SYSEX_KEEP} of {len(HUGE)} bytes shown")
    assert len(hex_dump(row.event.data)) == SYSEX_KEEP // 16


def test_two_huge_sysex_with_the_same_head_but_other_sizes_are_not_folded_as_repeats():
    model = MonitorModel(capacity=10)
    model.ingest([MidiEvent(1.0, "Digitakt", HUGE), MidiEvent(2.0, "Digitakt", HUGE[:-2] + b"\xf7")])
    assert [row.times for row in model.rows.rows] == [1, 1]


def test_short_messages_go_into_the_ring_as_they_are():
    events = [MidiEvent(0.1, "Digitakt", b"\xf0\x7e\x7f\x06\x01\xf7"), MidiEvent(0.2, "Digitakt", b"\xf8")]
    model = MonitorModel(capacity=10)
    model.ingest(events)
    assert list(model.ring) == events and all(type(event.data) is bytes for event in model.ring)
