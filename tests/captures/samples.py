"""Capture traffic the format tests share: every kind of message a capture can hold."""

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from diag.captures import WriteSummary, open_writer
from diag.events import MidiEvent

DIGITAKT = "Digitakt MIDI 1"
RYTM = "Analog Rytm — Ünïcode ポート 🎹"
RK002 = "RK-002"
PORTS = [DIGITAKT, RYTM, RK002]

BIG_SYSEX = bytes([0xF0, 0x00, 0x20, 0x3C]) + bytes(i % 128 for i in range(5995)) + b"\xf7"
assert len(BIG_SYSEX) == 6000

MESSAGES = [
    (DIGITAKT, "90 3C 64", "keys"),
    (DIGITAKT, "80 3C 00", "keys"),
    (RYTM, "B1 07 7F", "keys"),
    (RYTM, "E2 00 40", "pads"),
    (RYTM, "C3 05", "pads"),
    (RYTM, "D4 33", "pads"),
    (RK002, "F8", "sequencer"),
    (RK002, "FA", "sequencer"),
    (DIGITAKT, "99 24 7F", "sequencer"),
    (RK002, "F8", "sequencer"),
    (RK002, "FC", None),
    (RK002, "FB", None),
    (DIGITAKT, "FE", None),
    (DIGITAKT, "F4", "idle"),
    (DIGITAKT, "F5", "idle"),
    (RYTM, "F9", "idle"),
    (RYTM, "FD", "idle"),
    (RYTM, "F2 10 02", "idle"),
    (RYTM, "F1 31", "idle"),
    (RYTM, "F3 07", "idle"),
    (RYTM, "F6", "idle"),
    (RK002, BIG_SYSEX.hex(" "), "idle"),
    (RK002, "F0 7E 7F 06 01 F7", "idle"),
    (DIGITAKT, "FF", "keys"),
    (DIGITAKT, "90 40 00", "keys"),
]


def sample_events() -> list[MidiEvent]:
    """Every message above, 1.234 ms apart, at whole microseconds, in time order."""
    return [
        MidiEvent(round(index * 0.001234, 6), port, bytes.fromhex(data), step)
        for index, (port, data, step) in enumerate(MESSAGES)
    ]


def odd_events() -> list[MidiEvent]:
    """Bytes that are not well-formed messages, which a capture must still keep as they came."""
    return [
        MidiEvent(0.0, DIGITAKT, bytes.fromhex("90 3C"), None),  # cut-off note on
        MidiEvent(0.1, DIGITAKT, bytes.fromhex("3C"), None),  # stray data byte
        MidiEvent(0.2, DIGITAKT, bytes.fromhex("F0 01 02"), None),  # SysEx without F7
        MidiEvent(0.3, DIGITAKT, bytes.fromhex("90 3C 64 3E 64"), None),  # running status pair
    ]


def copy_as_on_disk(path: Path, copy: Path) -> Path:
    """The bytes a crash would leave: whatever the writer has handed to the operating system."""
    copy.write_bytes(path.read_bytes())
    return copy


def write_capture(
    path: Path, events: Iterable[MidiEvent], ports: list[str] = PORTS, meta: dict[str, Any] | None = None
) -> WriteSummary:
    """Write a whole capture in batches of three, as the capture command would."""
    events = list(events)
    with open_writer(path, ports, meta) as writer:
        for start in range(0, len(events), 3):
            writer.write(events[start : start + 3])
    return writer.close()


def one_line_error(error: Exception) -> str:
    """The error's message, checked to be the single line the user sees."""
    message = str(error)
    assert message and "\n" not in message, message
    return message
