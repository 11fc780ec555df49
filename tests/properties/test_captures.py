"""Properties of capture files: write-then-read round trips, any bytes to any reader, truncation anywhere."""

import json
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diag.captures import open_writer, read_capture
from diag.captures.base import Capture
from diag.captures.midi_bytes import encode_varlen, is_complete_sysex
from diag.errors import ExitCode, InputError
from diag.events import MidiEvent
from tests.properties.strategies import events, message, sysex, wire_bytes

TICKS_PER_SECOND = 20_000  # an SMF capture's tick is 50 µs (docs/capture-files.md)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("captures")


def write(path: Path, written: list[MidiEvent], ports: list[str] | None = None) -> int:
    """Write a capture; the size of the file once the writer has opened it (its header, synced)."""
    with open_writer(path, ports if ports is not None else list(dict.fromkeys(e.port for e in written))) as writer:
        opened = path.stat().st_size
        writer.write(written)
    return opened


def read_or_error(path: Path) -> Capture | InputError:
    try:
        return read_capture(path)
    except InputError as error:
        assert error.exit_code == ExitCode.USAGE and "\n" not in str(error)
        return error


# --- round trips -----------------------------------------------------------------------------


def microseconds(t: float) -> float:
    return float(f"{t:.6f}")


@given(events())
def test_jsonl_round_trip(folder, written):
    path = folder / "round.jsonl"
    write(path, written)
    capture = read_capture(path)
    assert capture.events == [event._replace(t=microseconds(event.t)) for event in written]
    assert capture.warnings == []
    assert capture.header["ports"] == list(dict.fromkeys(event.port for event in written))


def smf_times(written: list[MidiEvent]) -> list[float]:
    """Each event's time as an SMF capture gives it back: on the tick grid, never before the event before."""
    times, last = [], 0
    for event in written:
        last = max(last, round(event.t * TICKS_PER_SECOND))
        times.append(round(last / TICKS_PER_SECOND, 6))
    return times


@given(events(), st.booleans())
@example([MidiEvent(50_000.0, "a", b"\x80\x00\x00")], True)  # a delta of 10**9 ticks had five bytes
def test_smf_round_trip(folder, written, ports_named_at_open):
    path = folder / "round.mid"
    write(path, written, None if ports_named_at_open else [])
    capture = read_capture(path)
    expected = [
        MidiEvent(t, event.port, event.data, event.step or None)  # a marker cannot tell "" from no step
        for t, event in zip(smf_times(written), written, strict=True)
    ]
    assert capture.events == expected
    assert capture.warnings == []


@given(events(messages=st.one_of(sysex(), message)), st.sampled_from(["dump", "dump.syx"]))
def test_syx_round_trip_keeps_every_sysex(folder, written, name):
    path = folder / name
    with open_writer(folder / "dump.syx", ["a"]) as writer:
        writer.write(written)
    if name == "dump":  # no suffix: recognised by its first byte, or empty
        path.write_bytes((folder / "dump.syx").read_bytes() or b"\xf0\xf7")
    kept = [event.data for event in written if is_complete_sysex(event.data)]
    capture = read_capture(path)
    assert [event.data for event in capture.events] == (kept or [b"\xf0\xf7"] if name == "dump" else kept)
    assert {(event.t, event.port) for event in capture.events} <= {(0.0, "dump")}
    assert capture.warnings == []


# --- any bytes -------------------------------------------------------------------------------

records = st.fixed_dictionaries(
    {"t": st.one_of(st.floats(), st.integers(), st.text(max_size=3)),
     "port": st.one_of(st.text(max_size=5), st.integers()),
     "data": st.one_of(message.map(lambda b: b.hex(" ").upper()), st.text(max_size=8), st.none())},
    optional={"step": st.one_of(st.none(), st.text(max_size=4), st.integers()), "midi_diag_capture": st.integers()},
)
jsonl_lines = st.one_of(records.map(json.dumps), st.text(max_size=30), st.just(""),
                        st.binary(max_size=20).map(lambda b: b.decode("latin-1")))
jsonl_text = st.lists(jsonl_lines, max_size=6).map(lambda lines: "\n".join(lines).encode("utf-8", "surrogatepass"))


@given(st.sampled_from(["x.jsonl", "x.mid", "x.syx", "x"]), st.one_of(wire_bytes, jsonl_text, st.binary(max_size=300)))
@example("x.jsonl", b"[" * 100_000 + b"\n")  # RecursionError from the JSON decoder before the fix
@example("x.jsonl", b'{"t": 1' + b"0" * 400 + b', "port": "a", "data": "F8"}\n')  # OverflowError: float(t)
def test_any_bytes_give_events_or_the_capture_error(folder, name, data):
    path = folder / name
    path.write_bytes(data)
    result = read_or_error(path)
    if isinstance(result, Capture):
        assert all(isinstance(event.data, bytes) and event.data and event.t >= 0 for event in result.events)


def smf_with_track(body: bytes) -> bytes:
    header = b"MThd" + (6).to_bytes(4, "big") + bytes.fromhex("0001 0001 0060")
    return header + b"MTrk" + len(body).to_bytes(4, "big") + body


@given(st.lists(st.one_of(wire_bytes, st.sampled_from([b"\xff\x01", b"\xff\x51\x03", b"\xf0", b"\xf7", b"\x81\x80"])),
                max_size=8).map(b"".join))
@example(b"\x00\xff\x01" + encode_varlen(100_005) + b'{"a":' + b"[" * 100_000)  # RecursionError: the header text
def test_any_smf_track_gives_events_or_the_capture_error(folder, body):
    path = folder / "track.mid"
    path.write_bytes(smf_with_track(body))
    read_or_error(path)


# --- truncation ------------------------------------------------------------------------------


def record_ends(data: bytes, opened: int, suffix: str, written: list[MidiEvent]) -> set[int]:
    """Where a cut loses no message half-way: after a JSON line (or just before its line end), after a SysEx."""
    if suffix == ".jsonl":
        ends = {i + 1 for i, byte in enumerate(data) if byte == 0x0A}
        return ends | {end - 1 for end in ends if end - 1 > opened}
    if suffix == ".syx":
        ends, position = {0}, 0
        for event in written:
            if is_complete_sysex(event.data):
                position += len(event.data)
                ends.add(position)
        return ends
    return {len(data)}


def left_by_a_crash(path: Path, written: list[MidiEvent]) -> tuple[int, bytes]:
    """What a capture leaves when it stops after a flush and never closes (a crash, a kill): header size, bytes."""
    writer = open_writer(path, list(dict.fromkeys(event.port for event in written)))
    opened = path.stat().st_size
    writer.write(written)
    writer.flush()
    data = path.read_bytes()
    writer.close()
    return opened, data


@given(events(), st.sampled_from([".jsonl", ".mid", ".syx"]), st.booleans(), st.data())
def test_a_file_cut_anywhere_after_its_header_reads_as_a_prefix_with_a_warning(folder, written, suffix, closed, draw):
    path = folder / f"cut{suffix}"
    if closed:
        opened = write(path, written)
        data = path.read_bytes()
    else:
        opened, data = left_by_a_crash(path, written)
        path.write_bytes(data)
    whole = read_capture(path).events
    assert len(whole) == len([e for e in written if suffix != ".syx" or is_complete_sysex(e.data)])
    ends = record_ends(data, opened, suffix, written)
    cuts = draw.draw(st.lists(st.integers(opened, len(data)), min_size=1, max_size=4))
    for cut in cuts + sorted(ends)[-2:]:
        path.write_bytes(data[:cut])
        capture = read_capture(path)
        assert capture.events == whole[: len(capture.events)], cut
        assert capture.warnings or cut in ends, cut
