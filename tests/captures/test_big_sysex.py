"""A SysEx longer than SYSEX_KEEP: every writer stores it whole, every reader hands back its head and true size."""

import json
import tracemalloc
from pathlib import Path

import mido
import pytest

from diag.captures import iter_capture, open_writer, read_capture
from diag.captures.jsonl_long import LINE_LIMIT
from diag.errors import InputError
from diag.events import SYSEX_KEEP, Clipped, MidiEvent

HUGE = b"\xf0\x00\x20\x3c" + bytes((index * 5 + index // 128) % 128 for index in range(300_000)) + b"\xf7"
NOTE_ON, NOTE_OFF = b"\x90\x3c\x64", b"\x80\x3c\x00"
EVENTS = [MidiEvent(0.5, "Rytm", NOTE_ON, "keys"), MidiEvent(1.0, "Rytm", HUGE, "keys"),
          MidiEvent(1.5, "Rytm", NOTE_OFF, None)]


def write(path: Path, events: list[MidiEvent]):
    with open_writer(path, ["Rytm"]) as writer:
        writer.write(events)
    return writer.close()


def stored_whole(path: Path) -> bytes:
    """The huge message as the file holds it, found without midi-diag's readers."""
    if path.suffix == ".syx":
        return path.read_bytes()
    if path.suffix == ".jsonl":
        return bytes.fromhex(json.loads(path.read_text().splitlines()[2])["data"])
    [sysex] = [message for message in mido.MidiFile(path).tracks[0] if message.type == "sysex"]
    return bytes(sysex.bin())


@pytest.mark.parametrize("suffix", [".jsonl", ".mid", ".syx"])
def test_the_file_holds_the_sysex_whole_and_reading_it_back_keeps_its_head_and_true_size(tmp_path, suffix):
    path = tmp_path / f"dump{suffix}"
    summary = write(path, EVENTS)
    assert stored_whole(path) == HUGE
    events = read_capture(path).events
    [huge] = [event for event in events if event.data[0] == 0xF0]
    assert huge.data == Clipped(HUGE[:SYSEX_KEEP], len(HUGE)) and huge.size == len(HUGE)
    if suffix != ".syx":
        assert [(event.t, event.step, event.size) for event in events] == [
            (0.5, "keys", 3), (1.0, "keys", len(HUGE)), (1.5, None, 3)]
        assert summary.kept == 3 and summary.clipped == 0


@pytest.mark.parametrize("suffix", [".jsonl", ".mid", ".syx"])
def test_a_writer_given_a_clipped_message_leaves_it_out_and_counts_it(tmp_path, suffix):
    path = tmp_path / f"again{suffix}"
    clipped = MidiEvent(1.0, "Rytm", Clipped(HUGE[:SYSEX_KEEP], len(HUGE)), "keys")
    summary = write(path, [EVENTS[0], clipped, EVENTS[2]])
    assert summary.clipped == 1 and summary.per_port == {"Rytm": 3}
    assert all(event.size < SYSEX_KEEP for event in read_capture(path).events)


@pytest.mark.parametrize("suffix", [".jsonl", ".mid", ".syx"])
def test_reading_a_5_mb_sysex_needs_memory_for_its_head_only(tmp_path, suffix):
    path = tmp_path / f"five{suffix}"
    five = b"\xf0\x7d" + HUGE[2:-1] * 17 + b"\xf7"
    write(path, [MidiEvent(0.0, "Rytm", five)])
    tracemalloc.start()
    try:
        [event] = list(iter_capture(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert event.size == len(five) > 5_000_000
    assert peak < 2_000_000


def test_a_long_json_lines_line_in_another_key_order_is_left_out_with_one_warning(tmp_path):
    path = tmp_path / "other.jsonl"
    other = json.dumps({"data": HUGE.hex(" "), "t": 1.0, "port": "Rytm"})
    path.write_text(f"{other}\n{other}\n" + '{"t": 2.0, "port": "Rytm", "data": "F8"}\n')
    capture = read_capture(path)
    assert [event.data for event in capture.events] == [b"\xf8"]
    assert capture.warnings == [f"{path}, line 1: 2 line(s) longer than {LINE_LIMIT} bytes whose keys are not "
                                "in midi-diag's order (t, port, data, step) were left out"]


def test_a_json_lines_capture_cut_off_inside_a_long_sysex_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.jsonl"
    write(path, EVENTS)
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    capture = read_capture(path)
    assert [event.data for event in capture.events] == [NOTE_ON]
    assert capture.warnings == [f"{path}, line 3: the last line is cut off (interrupted capture?); ignored"]


def test_bad_hex_deep_inside_a_long_line_is_an_input_error_naming_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    hex_text = HUGE.hex(" ").upper()
    path.write_text('{"t": 1.0, "port": "Rytm", "data": "' + hex_text[:400_000] + "ZZ" + hex_text[400_002:] + '"}\n')
    with pytest.raises(InputError) as caught:
        read_capture(path)
    assert str(caught.value).startswith(f"{path}, line 1: field 'data' is not hex bytes")


def test_a_lone_surrogate_escape_in_the_port_of_a_long_line_is_an_input_error(tmp_path):
    path = tmp_path / "surrogate.jsonl"  # as on a short line (fuzz/ found it there)
    path.write_text(r'{"t": 1.0, "port": "Rytm\ud800", "data": "' + HUGE.hex(" ").upper() + '"}\n')
    with pytest.raises(InputError) as caught:
        read_capture(path)
    assert str(caught.value).startswith(f"{path}, line 1: field 'port' holds a \\uD800-\\uDFFF escape without its pair")


def test_a_syx_file_with_a_sysex_that_never_ends_warns_with_its_true_size(tmp_path):
    path = tmp_path / "endless.syx"
    path.write_bytes(HUGE[:-1])
    capture = read_capture(path)
    assert capture.events == []
    assert capture.warnings == [f"{path}, byte 0: {len(HUGE) - 1} bytes that form no message "
                                "(unfinished at end of stream): F0 00 20 3C 00 05 0A 0F ..."]
