"""Standard MIDI File captures, written: round trips, the byte layout, mido interoperability, crashes."""

from pathlib import Path

import mido
import pytest

from diag.captures import open_writer, read_capture
from diag.events import MidiEvent

from .samples import BIG_SYSEX, DIGITAKT, PORTS, RK002, RYTM, copy_as_on_disk, odd_events, sample_events
from .samples import write_capture

TICK = 50e-6


def test_round_trip_keeps_bytes_order_ports_and_steps(tmp_path: Path) -> None:
    path = tmp_path / "rig.mid"
    events = sample_events() + [event._replace(t=event.t + 1) for event in odd_events()]
    summary = write_capture(path, events, meta={"api": "alsa"})

    capture = read_capture(path)

    assert [(e.port, e.data, e.step) for e in capture.events] == [(e.port, e.data, e.step) for e in events]
    assert all(abs(read.t - written.t) <= TICK / 2 + 1e-9 for read, written in zip(capture.events, events))
    assert capture.format == "mid"
    assert capture.warnings == []
    assert capture.header["api"] == "alsa" and capture.header["ports"] == PORTS
    assert capture.header["smf"] == {"format": 0, "tracks": 1, "division": 10000}
    assert (summary.kept, summary.retimed) == (len(events), 0)


def test_times_do_not_drift(tmp_path: Path) -> None:
    path = tmp_path / "clock.mid"
    events = [MidiEvent(round(i * 0.000033, 6), RK002, b"\xf8") for i in range(30_000)]
    write_capture(path, events)

    read = read_capture(path).events

    assert max(abs(r.t - e.t) for r, e in zip(read, events)) <= TICK / 2 + 1e-9


def test_header_chunk_and_patched_track_length(tmp_path: Path) -> None:
    path = tmp_path / "rig.mid"
    write_capture(path, sample_events())

    data = path.read_bytes()

    assert data[:14] == b"MThd" + bytes.fromhex("00000006 0000 0001 2710")
    assert data[14:18] == b"MTrk"
    assert int.from_bytes(data[18:22], "big") == len(data) - 22
    assert data.endswith(bytes.fromhex("00 FF 2F 00"))


def track_bytes(path: Path) -> bytes:
    return path.read_bytes()[22:]


def test_event_mapping(tmp_path: Path) -> None:
    path = tmp_path / "map.mid"
    write_capture(
        path,
        [
            MidiEvent(0.0, DIGITAKT, bytes.fromhex("90 3C 64"), "keys"),
            MidiEvent(0.0, DIGITAKT, bytes.fromhex("90 3E 64"), "keys"),
            MidiEvent(0.001, RK002, b"\xf8", "keys"),
            MidiEvent(0.002, RK002, bytes.fromhex("F0 7E 7F 06 01 F7"), None),
        ],
        ports=[DIGITAKT, RK002],
    )

    track = track_bytes(path)

    assert bytes.fromhex("FF 21 01 00 00 FF 09 0F") + DIGITAKT.encode() in track
    assert bytes.fromhex("00 FF 21 01 01 00 FF 09 06") + RK002.encode() in track
    events = track[track.index(b"step:keys") - 9 :]  # from the port meta before the first marker
    assert events == bytes.fromhex(
        "00 FF 21 01 00"  # back to port 0 after naming port 1 in the preamble
        "00 FF 06 09") + b"step:keys" + bytes.fromhex(
        "00 90 3C 64"
        "00 90 3E 64"  # no running status
        "14 FF 21 01 01"  # 20 ticks = 1 ms later, the other port
        "00 F7 01 F8"  # clock as an F7 escape
        "14 FF 06 05") + b"step:" + bytes.fromhex(
        "00 F0 05 7E 7F 06 01 F7"
        "00 FF 2F 00"
    )


def test_a_big_sysex_has_a_multi_byte_length(tmp_path: Path) -> None:
    path = tmp_path / "big.mid"
    write_capture(path, [MidiEvent(0.0, RK002, BIG_SYSEX)], ports=[RK002])

    assert bytes.fromhex("F0 AE 6F") + BIG_SYSEX[1:] in track_bytes(path)  # 5999 = 0x2E * 128 + 0x6F


def test_a_port_first_seen_mid_capture_is_named_then(tmp_path: Path) -> None:
    path = tmp_path / "late.mid"
    write_capture(path, [MidiEvent(0.0, DIGITAKT, b"\xf8"), MidiEvent(0.5, RYTM, b"\xfa")], ports=[DIGITAKT])

    capture = read_capture(path)

    assert [(e.port, e.data) for e in capture.events] == [(DIGITAKT, b"\xf8"), (RYTM, b"\xfa")]
    assert bytes.fromhex("FF 21 01 01 00 FF 09") in track_bytes(path)


def test_a_message_earlier_than_the_one_before_is_retimed(tmp_path: Path) -> None:
    path = tmp_path / "late.mid"
    summary = write_capture(path, [MidiEvent(0.5, DIGITAKT, b"\xf8"), MidiEvent(0.4, RYTM, b"\xf8")])

    assert summary.retimed == 1
    assert [e.t for e in read_capture(path).events] == [0.5, 0.5]


def test_the_writer_rejects_negative_and_backward_times(tmp_path: Path) -> None:
    with open_writer(tmp_path / "bad.mid", PORTS) as writer:
        with pytest.raises(ValueError, match="negative, not finite or earlier"):
            writer.write([MidiEvent(-0.1, DIGITAKT, b"\xf8")])
        writer.write([MidiEvent(1.0, DIGITAKT, b"\xf8")])
        with pytest.raises(ValueError, match="earlier than 1.0"):
            writer.write([MidiEvent(0.9, DIGITAKT, b"\xf8")])


def test_mido_reads_what_we_write(tmp_path: Path) -> None:
    path = tmp_path / "mido.mid"
    events = [e for e in sample_events() if e.data[0] < 0xF0 or e.data[0] == 0xF0]
    write_capture(path, events)

    midi = mido.MidiFile(path, charset="utf-8")

    timed, elapsed = [], 0.0
    for message in midi:  # mido gives each message its delta in seconds, metas included
        elapsed += message.time
        if not message.is_meta:
            timed.append((elapsed, bytes(message.bin())))
    assert [data for _, data in timed] == [e.data for e in events]
    assert all(abs(t - e.t) <= TICK / 2 + 1e-9 for (t, _), e in zip(timed, events))
    names = [m.name for m in midi.tracks[0] if m.type == "device_name"]
    markers = {m.text for m in midi.tracks[0] if m.type == "marker"}
    assert names == PORTS
    assert markers == {"step:keys", "step:pads", "step:sequencer", "step:idle"}


def test_mido_reads_f7_escapes_when_told_to_clip(tmp_path: Path) -> None:
    """mido rejects status bytes inside an F7 escape unless clip=True; it then sees a sysex per escape."""
    path = tmp_path / "escapes.mid"
    write_capture(path, sample_events())

    with pytest.raises((OSError, ValueError)):
        mido.MidiFile(path)
    midi = mido.MidiFile(path, clip=True)

    assert len([m for m in midi if not m.is_meta]) == len(sample_events())


def test_a_crash_leaves_every_flushed_message_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "live.mid"
    events = sample_events()
    writer = open_writer(path, PORTS)
    writer.write(events[:12])
    writer.flush()
    writer.write(events[12:])
    writer.flush()

    copy = copy_as_on_disk(path, tmp_path / "copy.mid")
    capture = read_capture(copy)
    writer.close()

    assert [(e.port, e.data, e.step) for e in capture.events] == [(e.port, e.data, e.step) for e in events]
    assert len(capture.warnings) == 1
    assert "byte 14: chunk declares 4294967295 bytes" in capture.warnings[0]
    assert "interrupted capture" in capture.warnings[0]


def test_a_crash_in_the_middle_of_an_event_loses_only_that_event(tmp_path: Path) -> None:
    path = tmp_path / "live.mid"
    events = sample_events()
    writer = open_writer(path, PORTS)
    writer.write(events[:21])
    writer.flush()
    flushed = path.read_bytes()
    writer.write([events[21]])  # the 6,000-byte SysEx
    writer.flush()
    copy = tmp_path / "copy.mid"
    copy.write_bytes(path.read_bytes()[: len(flushed) + 100])
    writer.close()

    capture = read_capture(copy)

    assert [e.data for e in capture.events] == [e.data for e in events[:21]]
    assert len(capture.warnings) == 2
    sysex_event = len(flushed) + 5  # after the switch to its port: 00 FF 21 01 02
    assert f"byte {sysex_event}: track 1 ends inside an event" in capture.warnings[1]
