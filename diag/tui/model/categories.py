"""What kind of message a status byte starts: the categories the monitor counts and filters by."""

from enum import IntEnum


class Category(IntEnum):
    """A family of messages the user can show, hide and count as one."""

    NOTES = 0
    CONTROL = 1
    PROGRAM = 2
    PRESSURE = 3
    PITCH = 4
    SYSEX = 5
    SYSTEM_COMMON = 6
    CLOCK = 7
    TRANSPORT = 8
    ACTIVE_SENSING = 9
    OTHER = 10


LABELS: dict[Category, str] = {
    Category.NOTES: "notes",
    Category.CONTROL: "control change (CC)",
    Category.PROGRAM: "program change",
    Category.PRESSURE: "aftertouch / pressure",
    Category.PITCH: "pitch bend",
    Category.SYSEX: "SysEx",
    Category.SYSTEM_COMMON: "song position, MTC, tune",
    Category.CLOCK: "clock",
    Category.TRANSPORT: "start / continue / stop",
    Category.ACTIVE_SENSING: "active sensing",
    Category.OTHER: "reset, undefined, malformed",
}
"""How each category is named in the filter dialog and the counters."""

SHORT_LABELS: dict[Category, str] = {
    Category.NOTES: "notes",
    Category.CONTROL: "CC",
    Category.PROGRAM: "program",
    Category.PRESSURE: "pressure",
    Category.PITCH: "pitch",
    Category.SYSEX: "SysEx",
    Category.SYSTEM_COMMON: "sys common",
    Category.CLOCK: "clock",
    Category.TRANSPORT: "transport",
    Category.ACTIVE_SENSING: "act.sense",
    Category.OTHER: "other",
}
"""Names short enough for the status line."""

HIDDEN_BY_DEFAULT = frozenset({Category.CLOCK, Category.ACTIVE_SENSING})
"""Hidden from the list until asked for, but always counted."""

_CHANNEL_CATEGORIES = {
    0x80: Category.NOTES,
    0x90: Category.NOTES,
    0xA0: Category.PRESSURE,
    0xB0: Category.CONTROL,
    0xC0: Category.PROGRAM,
    0xD0: Category.PRESSURE,
    0xE0: Category.PITCH,
}
_SYSTEM_CATEGORIES = {
    0xF0: Category.SYSEX,
    0xF1: Category.SYSTEM_COMMON,
    0xF2: Category.SYSTEM_COMMON,
    0xF3: Category.SYSTEM_COMMON,
    0xF6: Category.SYSTEM_COMMON,
    0xF8: Category.CLOCK,
    0xFA: Category.TRANSPORT,
    0xFB: Category.TRANSPORT,
    0xFC: Category.TRANSPORT,
    0xFE: Category.ACTIVE_SENSING,
}


def _category(first: int) -> Category:
    if 0x80 <= first < 0xF0:
        return _CHANNEL_CATEGORIES[first & 0xF0]
    return _SYSTEM_CATEGORIES.get(first, Category.OTHER)


CATEGORY_BY_BYTE: tuple[Category, ...] = tuple(_category(byte) for byte in range(256))
"""The category of a message, indexed by its first byte (data bytes and F7 are OTHER)."""

CHANNEL_BY_BYTE: tuple[int | None, ...] = tuple(
    (byte & 0x0F) + 1 if 0x80 <= byte < 0xF0 else None for byte in range(256)
)
"""The channel (1-16) a first byte addresses, or None for system messages and data bytes."""


def first_byte(data: bytes) -> int:
    """The status byte of a message; an empty message counts as a data byte (OTHER)."""
    return data[0] if data else 0
