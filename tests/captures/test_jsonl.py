"""JSON Lines captures: exact round trips, the line format, validation, and cut-off files."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diag import __version__
from diag.captures import iter_capture, open_writer, read_capture
from diag.captures.jsonl import JsonlReader, _plainly_valid_event
from diag.errors import ExitCode, InputError
from diag.events import MidiEvent

from .samples import BIG_SYSEX, DIGITAKT, PORTS, RYTM, copy_as_on_disk, odd_events, one_line_error, sample_events
from .samples import write_capture


def test_round_trip_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "rig.jsonl"
    events = sample_events() + [e._replace(t=e.t + 1) for e in odd_events()]
    summary = write_capture(path, events, meta={"api": "alsa", "step": "keys"})

    capture = read_capture(path)

    assert capture.events == events
    assert capture.format == "jsonl"
    assert capture.warnings == []
    assert summary.kept == len(events)
    assert sum(summary.per_port.values()) == len(events)


def test_header_line(tmp_path: Path) -> None:
    path = tmp_path / "rig.jsonl"
    write_capture(path, [], meta={"api": "jack", "started": "2024-05-01T10:00:00Z"})

    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])

    assert header == {
        "midi_diag_capture": 1,
        "tool": {"name": "midi-diag", "version": __version__},
        "started": "2024-05-01T10:00:00Z",
        "ports": PORTS,
        "api": "jack",
    }
    assert read_capture(path).header == header


def test_started_defaults_to_now_in_utc(tmp_path: Path) -> None:
    path = tmp_path / "rig.jsonl"
    write_capture(path, [])

    started = read_capture(path).header["started"]

    assert started.endswith("Z") and started[:2] == "20" and "T" in started


def test_record_lines_follow_the_contract(tmp_path: Path) -> None:
    path = tmp_path / "rig.jsonl"
    events = [
        MidiEvent(0.001234, "Digitakt MIDI 1", bytes.fromhex("903c64"), "sequencer"),
        MidiEvent(2.5, RYTM, b"\xf8", None),
        MidiEvent(3.0000004, RYTM, BIG_SYSEX[:3] + b"\xf7", None),
    ]
    write_capture(path, events)

    lines = path.read_bytes().decode("utf-8").splitlines()[1:]

    assert lines == [
        '{"t": 0.001234, "port": "Digitakt MIDI 1", "data": "90 3C 64", "step": "sequencer"}',
        '{"t": 2.500000, "port": "' + RYTM + '", "data": "F8"}',
        '{"t": 3.000000, "port": "' + RYTM + '", "data": "F0 00 20 F7"}',
    ]


def test_a_file_without_header_and_with_unknown_keys_is_read(tmp_path: Path) -> None:
    path = tmp_path / "hand-made.jsonl"
    path.write_text(
        '{"t": 0, "port": "A", "data": "90 3c 64", "velocity_curve": "soft"}\n'
        "\n"
        '{"t": 1.5, "port": "A", "data": "803C00", "step": null}',
        encoding="utf-8",
    )

    capture = read_capture(path)

    assert capture.header == {}
    assert capture.warnings == []
    assert capture.events == [
        MidiEvent(0.0, "A", bytes.fromhex("903C64")),
        MidiEvent(1.5, "A", bytes.fromhex("803C00")),
    ]


def test_a_byte_order_mark_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"midi_diag_capture": 1}\n{"t": 0, "port": "A", "data": "F8"}\n')

    capture = read_capture(path)

    assert capture.header == {"midi_diag_capture": 1}
    assert capture.events == [MidiEvent(0.0, "A", b"\xf8")]


def test_a_newer_format_version_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "future.jsonl"
    path.write_text('{"midi_diag_capture": 2}\n{"t": 0, "port": "A", "data": "F8"}\n', encoding="utf-8")

    capture = read_capture(path)

    assert len(capture.events) == 1
    assert len(capture.warnings) == 1 and "format 2" in capture.warnings[0]


def test_an_empty_file_holds_no_events(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_bytes(b"")

    capture = read_capture(path)

    assert (capture.events, capture.header, capture.warnings) == ([], {}, [])


def test_t_may_go_back_across_ports_but_not_within_one(tmp_path: Path) -> None:
    path = tmp_path / "ports.jsonl"
    path.write_text(
        '{"t": 0.5, "port": "A", "data": "F8"}\n{"t": 0.2, "port": "B", "data": "F8"}\n'
        '{"t": 0.5, "port": "A", "data": "F8"}\n',
        encoding="utf-8",
    )

    assert [event.t for event in read_capture(path).events] == [0.5, 0.2, 0.5]


HEADER = '{"midi_diag_capture": 1}\n'
GOOD = '{"t": 0.5, "port": "A", "data": "F8"}\n'


@pytest.mark.parametrize(
    ("bad_line", "complaint"),
    [
        ('{"t": 0.5, "port": "A", "data": "F8"\n', "not JSON"),
        ('[0.5, "A", "F8"]\n', "expected a JSON object, found an array"),
        ('"F8"\n', "expected a JSON object, found a string"),
        ('{"port": "A", "data": "F8"}\n', "missing field 't'"),
        ('{"t": 1, "data": "F8"}\n', "missing field 'port'"),
        ('{"t": 1, "port": "A"}\n', "missing field 'data'"),
        ('{"t": "1", "port": "A", "data": "F8"}\n', "field 't' must be a number"),
        ('{"t": true, "port": "A", "data": "F8"}\n', "field 't' must be a number"),
        ('{"t": 1, "port": 7, "data": "F8"}\n', "field 'port' must be a string"),
        ('{"t": 1, "port": "A", "data": [248]}\n', "field 'data' must be a string"),
        ('{"t": 1, "port": "A", "data": "F8", "step": 3}\n', "field 'step' must be a string"),
        ('{"t": 1, "port": "A", "data": "F8 G0"}\n', "field 'data' is not hex bytes"),
        ('{"t": 1, "port": "A", "data": "F8 0"}\n', "field 'data' is not hex bytes"),
        ('{"t": 1, "port": "A", "data": ""}\n', "field 'data' is empty"),
        ('{"t": -0.001, "port": "A", "data": "F8"}\n', "zero or more seconds"),
        ('{"t": NaN, "port": "A", "data": "F8"}\n', "zero or more seconds"),
        ('{"t": 0.4, "port": "A", "data": "F8"}\n', "earlier than the previous message on port 'A'"),
    ],
)
def test_invalid_records_are_one_line_errors_with_the_line_number(
    tmp_path: Path, bad_line: str, complaint: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(HEADER + GOOD + bad_line + GOOD.replace("0.5", "9"), encoding="utf-8")

    with pytest.raises(InputError) as caught:
        read_capture(path)

    message = one_line_error(caught.value)
    assert caught.value.exit_code == ExitCode.USAGE == 2
    assert message.startswith(f"{path}, line 3: ")
    assert complaint in message


def test_text_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "latin1.jsonl"
    path.write_bytes(GOOD.encode() + '{"t": 1, "port": "Tëst", "data": "F8"}\n'.encode("latin-1") + GOOD.encode())

    with pytest.raises(InputError) as caught:
        read_capture(path)

    message = one_line_error(caught.value)
    assert message.startswith(f"{path}, line 2: not UTF-8")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("line", [
    r'{"t": 1, "port": "\udfff", "data": "F8"}',
    r'{"t": 1, "port": "Digitakt", "data": "F8", "step": "keys\ud800"}',
    r'{"t": 1, "port": "Digitakt", "data": "F8", "\udfffstep": "keys"}',  # the fuzzer's first find
])
def test_a_lone_surrogate_escape_is_an_error_not_text_that_breaks_printing(tmp_path: Path, line: str) -> None:
    path = tmp_path / "surrogate.jsonl"
    path.write_text(GOOD + line + "\n")

    with pytest.raises(InputError) as caught:
        read_capture(path)

    assert one_line_error(caught.value).startswith(f"{path}, line 2: a \\uD800-\\uDFFF escape without its pair")


def test_escaped_text_that_is_valid_unicode_is_read(tmp_path: Path) -> None:
    path = tmp_path / "escaped.jsonl"
    path.write_text(r'{"t": 1, "port": "Rytm \ud83c\udfb9 \u00e9", "data": "F8"}' + "\n")

    assert [event.port for event in read_capture(path).events] == ["Rytm 🎹 é"]


def test_a_single_unterminated_line_that_is_not_json_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "garbage.jsonl"
    path.write_bytes(b"MThd\x00\x00")

    with pytest.raises(InputError, match=r", line 1: not "):
        read_capture(path)


def test_a_crash_leaves_every_flushed_message_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "live.jsonl"
    events = sample_events()
    writer = open_writer(path, PORTS)
    writer.write(events[:10])
    writer.write(events[10:20])
    writer.flush()
    on_disk = path.read_bytes()
    writer.write(events[20:])
    writer.flush()
    cut_mid_line = on_disk + path.read_bytes()[len(on_disk) :][:25]  # SIGKILL while the OS wrote the rest
    copy = tmp_path / "copy.jsonl"
    copy.write_bytes(cut_mid_line)

    capture = read_capture(copy)

    assert capture.events == events[:20]
    assert capture.warnings == [f"{copy}, line 22: the last line is cut off (interrupted capture?); ignored"]
    writer.close()


def test_a_flushed_but_unclosed_file_reads_whole(tmp_path: Path) -> None:
    path = tmp_path / "live.jsonl"
    writer = open_writer(path, PORTS)
    writer.write(sample_events())
    writer.flush()

    capture = read_capture(copy_as_on_disk(path, tmp_path / "copy.jsonl"))

    assert capture.events == sample_events()
    writer.close()


def test_a_cut_in_the_middle_of_a_utf8_character_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl"
    last = '{"t": 1, "port": "ポート", "data": "F8"}'.encode()
    path.write_bytes(GOOD.encode() + last[: last.index("ポ".encode()) + 1])

    capture = read_capture(path)

    assert len(capture.events) == 1 and len(capture.warnings) == 1


def test_reading_streams_and_can_be_repeated(tmp_path: Path) -> None:
    path = tmp_path / "rig.jsonl"
    write_capture(path, sample_events(), meta={"api": "alsa"})
    reader = iter_capture(path)

    iterator = iter(reader)
    first = next(iterator)
    assert reader.header["api"] == "alsa"
    rest = list(iterator)

    assert [first, *rest] == sample_events() == list(reader)
    assert reader.header["ports"] == PORTS


def test_the_writer_rejects_time_going_back_on_a_port(tmp_path: Path) -> None:
    with open_writer(tmp_path / "rig.jsonl", [DIGITAKT]) as writer:
        writer.write([MidiEvent(1.0, DIGITAKT, b"\xf8")])
        with pytest.raises(ValueError, match="earlier than"):
            writer.write([MidiEvent(2.0, DIGITAKT, b"\xf8"), MidiEvent(0.5, DIGITAKT, b"\xf8")])

    assert [event.t for event in read_capture(tmp_path / "rig.jsonl").events] == [1.0, 2.0]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=True) | st.text(max_size=4),
    lambda inner: st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=2), inner, max_size=2),
    max_leaves=4,
)
records = st.dictionaries(
    st.sampled_from(["t", "port", "data", "step", "extra"]),
    json_values | st.sampled_from(["F8", "90 3C 64", "903c64", "", "G0", " F8 "]),
)


@given(record=records | json_values)
def test_the_quick_check_never_accepts_what_the_full_check_refuses(record: object) -> None:
    reader = JsonlReader(Path(__file__))
    try:
        checked = reader._checked_event(7, record)
    except InputError:
        checked = None

    assert _plainly_valid_event(record) in (None, checked)
