"""The MIDI 1.0 message table: kind, length and field names for every status byte."""

from typing import NamedTuple


class MessageSpec(NamedTuple):
    """What one status byte (or channel status nibble) means."""

    kind: str
    """mido's type name where mido has one, else "undefined"."""
    length: int | None
    """Total bytes including the status byte; None for SysEx (F0 ... F7)."""
    fields: tuple[str, ...]
    """Names of the values carried by the data bytes."""
    layout: str
    """How the bytes become values: "plain" (one data byte per field), "status"
    (the status byte itself), "signed14", "unsigned14" (LSB then MSB),
    "nibbles" (quarter frame) or "sysex"."""


CHANNEL_SPECS: dict[int, MessageSpec] = {
    0x80: MessageSpec("note_off", 3, ("note", "velocity"), "plain"),
    0x90: MessageSpec("note_on", 3, ("note", "velocity"), "plain"),
    0xA0: MessageSpec("polytouch", 3, ("note", "value"), "plain"),
    0xB0: MessageSpec("control_change", 3, ("control", "value"), "plain"),
    0xC0: MessageSpec("program_change", 2, ("program",), "plain"),
    0xD0: MessageSpec("aftertouch", 2, ("value",), "plain"),
    0xE0: MessageSpec("pitchwheel", 3, ("pitch",), "signed14"),
}
"""Channel voice messages, keyed by the status byte's high nibble."""

_UNDEFINED = MessageSpec("undefined", 1, ("status",), "status")

SYSTEM_SPECS: dict[int, MessageSpec] = {
    0xF0: MessageSpec("sysex", None, ("data",), "sysex"),
    0xF1: MessageSpec("quarter_frame", 2, ("frame_type", "frame_value"), "nibbles"),
    0xF2: MessageSpec("songpos", 3, ("pos",), "unsigned14"),
    0xF3: MessageSpec("song_select", 2, ("song",), "plain"),
    0xF4: _UNDEFINED,
    0xF5: _UNDEFINED,
    0xF6: MessageSpec("tune_request", 1, (), "plain"),
    # F7 (EOX) only ends a SysEx; it is never a message of its own.
    0xF8: MessageSpec("clock", 1, (), "plain"),
    0xF9: _UNDEFINED,
    0xFA: MessageSpec("start", 1, (), "plain"),
    0xFB: MessageSpec("continue", 1, (), "plain"),
    0xFC: MessageSpec("stop", 1, (), "plain"),
    0xFD: _UNDEFINED,
    0xFE: MessageSpec("active_sensing", 1, (), "plain"),
    0xFF: MessageSpec("reset", 1, (), "plain"),
}
"""System messages, keyed by the whole status byte."""

UNDEFINED_NOTES: dict[int, str] = {
    0xF4: "reserved system common byte; receivers should ignore it",
    0xF5: "reserved system common byte; receivers should ignore it",
    0xF9: "possible XON (Retrokits flow control)",
    0xFD: "possible XOFF (Retrokits flow control)",
}
"""Why an undefined status byte may still show up on a wire."""

SYSEX_START = 0xF0
SYSEX_END = 0xF7
FIRST_REALTIME = 0xF8


def _spec_for(status: int) -> MessageSpec | None:
    if status < 0x80:
        return None
    if status < 0xF0:
        return CHANNEL_SPECS[status & 0xF0]
    return SYSTEM_SPECS.get(status)


SPEC_BY_STATUS: tuple[MessageSpec | None, ...] = tuple(_spec_for(b) for b in range(256))
"""Indexed by any byte value; None for data bytes and for F7."""

KIND_BY_STATUS: tuple[str | None, ...] = tuple(
    spec.kind if spec else None for spec in SPEC_BY_STATUS
)
"""The kind name for each status byte, for quick lookups in hot loops."""


def spec_for(status: int) -> MessageSpec | None:
    """The spec for a status byte, or None for data bytes, F7 and out-of-range values."""
    if 0 <= status < 256:
        return SPEC_BY_STATUS[status]
    return None


def is_channel_status(status: int) -> bool:
    """True for channel voice status bytes (80-EF)."""
    return 0x80 <= status < 0xF0


def is_realtime(status: int) -> bool:
    """True for system real-time bytes (F8-FF), defined or not."""
    return FIRST_REALTIME <= status <= 0xFF
