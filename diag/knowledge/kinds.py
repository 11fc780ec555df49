"""The kinds of value a fact may hold, each with one small check (mido-style specs)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from diag.knowledge.versions import parse_version

Check = Callable[[Any], Any]
"""Returns the value in its stored form, or raises ValueError saying what is wrong."""

_HEX_BYTES = re.compile(r"^[0-9A-F]{2}( [0-9A-F]{2})*$")


def check_text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty string")
    return value


def check_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def check_int_in(low: int, high: int) -> Check:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"must be a whole number from {low} to {high}")
        return value

    return check


check_channel = check_int_in(1, 16)
check_note = check_int_in(0, 127)


def channel_or(word: str) -> Check:
    def check(value: Any) -> int | str:
        if value == word:
            return word
        try:
            channel: int = check_channel(value)
            return channel
        except ValueError:
            raise ValueError(f'must be a MIDI channel 1-16 or "{word}"') from None

    return check


def check_note_range(value: Any) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2:
        raise ValueError("must be [lowest, highest] note numbers")
    low, high = (check_note(note) for note in value)
    if low > high:
        raise ValueError("lowest note is above highest")
    return (low, high)


def check_note_map(value: Any) -> Mapping[str, int]:
    if not isinstance(value, dict) or not value:
        raise ValueError("must be a table of name = note number")
    return MappingProxyType({check_text(k): check_note(v) for k, v in value.items()})


def check_hex(value: Any) -> str:
    if not isinstance(value, str) or not _HEX_BYTES.match(value):
        raise ValueError('must be upper-case hex byte pairs separated by spaces, e.g. "00 20 3C"')
    return value


def check_version(value: Any) -> str:
    text = check_text(value)
    parse_version(text)
    return text


def check_text_list(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise ValueError("must be a non-empty list of strings")
    return tuple(check_text(item) for item in value)


def check_choice(choices: tuple[str, ...]) -> Check:
    def check(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}")
        return choices[choices.index(value)]

    return check


def per_track(check: Check, count: int) -> Check:
    """A list holding one value per track of a group."""

    def check_list(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list) or len(value) != count:
            raise ValueError(f"must be a list of {count} values, one per track")
        return tuple(check(item) for item in value)

    return check_list


@dataclass(frozen=True)
class ValueKind:
    """A named kind of value; `needs` is "choices", "range" or ""."""

    name: str
    meaning: str
    needs: str = ""


VALUE_KINDS: dict[str, ValueKind] = {
    kind.name: kind
    for kind in (
        ValueKind("text", "free text"),
        ValueKind("bool", "true or false"),
        ValueKind("int", "a whole number within the setting's range", "range"),
        ValueKind("channel", "a MIDI channel, 1-16"),
        ValueKind("channel-or-off", 'a MIDI channel or "off"'),
        ValueKind("channel-or-auto", 'a MIDI channel or "auto" (follow the auto channel)'),
        ValueKind("channel-or-all", 'a MIDI channel or "all" (omni)'),
        ValueKind("note", "a MIDI note number, 0-127 (numbers, never names)"),
        ValueKind("note-range", "[lowest, highest] MIDI note numbers"),
        ValueKind("note-map", "a table of voice name = MIDI note number"),
        ValueKind("hex", 'bytes as upper-case hex pairs, e.g. "00 20 3C"'),
        ValueKind("version", 'a firmware or OS version, e.g. "1.50A"'),
        ValueKind("text-list", "a list of strings"),
        ValueKind("choice", "one of the setting's own choices", "choices"),
    )
}

_SIMPLE_CHECKS: dict[str, Check] = {
    "text": check_text,
    "bool": check_bool,
    "channel": check_channel,
    "channel-or-off": channel_or("off"),
    "channel-or-auto": channel_or("auto"),
    "channel-or-all": channel_or("all"),
    "note": check_note,
    "note-range": check_note_range,
    "note-map": check_note_map,
    "hex": check_hex,
    "version": check_version,
    "text-list": check_text_list,
}


def checker(kind: str, choices: tuple[str, ...] = (), value_range: tuple[int, int] = (0, 0)) -> Check:
    """The check for a kind; choice and int kinds take their choices or range."""
    if kind == "choice":
        return check_choice(choices)
    if kind == "int":
        return check_int_in(*value_range)
    return _SIMPLE_CHECKS[kind]
