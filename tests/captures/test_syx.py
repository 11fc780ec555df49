"""Raw SysEx captures: only SysEx is kept, and reading frames bytes with the stream decoder."""

from pathlib import Path

from diag.captures import open_writer, read_capture
from diag.events import MidiEvent

from .samples import PORTS, copy_as_on_disk, odd_events, sample_events, write_capture


def sysex_of(events: list[MidiEvent]) -> list[bytes]:
    return [event.data for event in events if event.data[0] == 0xF0 and event.data[-1] == 0xF7]


def test_round_trip_keeps_the_sysex_exactly(tmp_path: Path) -> None:
    path = tmp_path / "dump.syx"
    events = sample_events() + [event._replace(t=event.t + 1) for event in odd_events()]
    summary = write_capture(path, events)

    capture = read_capture(path)

    assert path.read_bytes() == b"".join(sysex_of(events))
    assert [event.data for event in capture.events] == sysex_of(events)
    assert {(event.t, event.port, event.step) for event in capture.events} == {(0.0, "dump", None)}
    assert capture.format == "syx"
    assert capture.warnings == [] and capture.header == {}
    assert summary.kept == 2
    assert summary.left_out == len(events) - 2
    assert sum(summary.per_port.values()) == len(events)


def test_other_messages_and_stray_bytes_in_a_syx_file(tmp_path: Path) -> None:
    path = tmp_path / "odd.syx"
    path.write_bytes(bytes.fromhex("F0 01 02 F7 3C 3D F0 7E F8 01 F7 90 3C 64"))

    capture = read_capture(path)

    assert [event.data.hex(" ").upper() for event in capture.events] == [
        "F0 01 02 F7",
        "F8",
        "F0 7E 01 F7",
        "90 3C 64",
    ]
    assert capture.warnings == [f"{path}, byte 4: 2 bytes that form no message (data byte without status): 3C 3D"]


def test_a_crash_leaves_every_flushed_sysex_and_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "live.syx"
    dump = [MidiEvent(0.01 * i, PORTS[0], bytes([0xF0, 0x41, i, 0xF7])) for i in range(20)]
    writer = open_writer(path, PORTS)
    writer.write(dump[:10])
    writer.flush()
    copy = copy_as_on_disk(path, tmp_path / "copy.syx")
    with copy.open("ab") as file:
        file.write(dump[10].data[:2])  # the next SysEx, cut short

    capture = read_capture(copy)

    assert [event.data for event in capture.events] == [event.data for event in dump[:10]]
    assert capture.warnings == [f"{copy}, byte 40: 2 bytes that form no message (unfinished at end of stream): F0 41"]
    writer.close()


def test_an_empty_syx_file_holds_no_events(tmp_path: Path) -> None:
    path = tmp_path / "empty.syx"
    path.write_bytes(b"")

    assert read_capture(path).events == []
