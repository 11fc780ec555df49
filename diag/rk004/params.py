"""The RK-004 parameter table as data, and lookup of parameters and values by name or number."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from diag.rk004.errors import ParameterError

VENDOR_PAGE = "https://retrokits.com/rk-004-midi-implementation/"
"""The vendor's published SysEx implementation: the source of every fact in this table."""

BYTE_VALUES = range(0, 256)
"""What one packed argument byte can carry: the wire limit for any value."""


class Confidence(StrEnum):
    """How sure the table is of a fact (the knowledge base's tags)."""

    VERIFIED = "verified"
    FORUM = "forum"
    UNVERIFIED = "unverified"


@dataclass(frozen=True)
class ValueName:
    """A published name for one value or for a run of values."""

    first: int
    """The lowest value the name covers; the value a lookup by this name gives."""
    last: int
    """The highest value the name covers."""
    name: str
    """The name as published, upper case."""

    def covers(self, value: int) -> bool:
        return self.first <= value <= self.last


@dataclass(frozen=True)
class Param:
    """One RK-004 parameter with what is known about its values, and where that knowledge comes from."""

    number: int
    """The parameter number sent on the wire."""
    name: str
    """The published name."""
    description: str = field(repr=False)
    """What it does, in our words."""
    value_names: tuple[ValueName, ...] = field(default=(), repr=False)
    """Published names of values; empty where the values are plain numbers."""
    valid: tuple[range, ...] | None = field(default=None, repr=False)
    """The values known to be valid; None when the range is unknown (any byte is accepted)."""
    source: str = field(default=VENDOR_PAGE, repr=False)
    """Where the number, name and values come from."""
    confidence: Confidence = field(default=Confidence.VERIFIED, repr=False)
    """How sure we are of the number, the name and the values."""
    note: str = field(default="", repr=False)
    """Anything a user should know about how far the published text goes."""

    @property
    def range_text(self) -> str:
        """The valid values for a person: "0-6", "0-3, 64-255" or "unknown"."""
        if self.valid is None:
            return "unknown"
        return ", ".join(_range_text(span) for span in self.valid)

    def value_name(self, value: int) -> str | None:
        """The published name of a value, or None."""
        return next((entry.name for entry in self.value_names if entry.covers(value)), None)

    def describe_value(self, value: int) -> str:
        """A value with its name where it has one: "6 (MIDI_OUT)"."""
        name = self.value_name(value)
        return f"{value} ({name})" if name else str(value)

    def check_value(self, value: int) -> int:
        """The value itself when it may be written to this parameter; a ParameterError otherwise."""
        allowed = self.valid if self.valid is not None else (BYTE_VALUES,)
        if not any(value in span for span in allowed):
            raise ParameterError(f"{value} is out of range for {self.name} (valid: {self._allowed_text()})")
        return value

    def parse_value(self, text: str | int) -> int:
        """A value given as a number or a value name, checked against the range."""
        if isinstance(text, bool) or not isinstance(text, int | str):  # a rig or scenario may hold anything
            raise ParameterError(f"{self.name} takes a number or a value name, not {text!r}")
        if isinstance(text, int):
            return self.check_value(text)
        number = parse_number(text)
        if number is not None:
            return self.check_value(number)
        return self._value_by_name(text)

    def _value_by_name(self, text: str) -> int:
        by_key = {_key(entry.name): entry for entry in self.value_names}
        entry = by_key.get(_key(text))
        if entry is not None:
            return self.check_value(entry.first)
        if not self.value_names:
            raise ParameterError(f"{self.name} takes a number, not {text.strip()!r}")
        names = [entry.name for entry in self.value_names]
        raise ParameterError(f"{self.name} has no value {text.strip()!r}; {_suggestion(text, names)}")

    def _allowed_text(self) -> str:
        return self.range_text if self.valid is not None else "0-255; the published range is unknown"


def _range_text(span: range) -> str:
    return str(span.start) if len(span) == 1 else f"{span.start}-{span.stop - 1}"


_SYNCOUT_SHAPES = ("POS_SHORT", "NEG_SHORT", "POS_LONG", "NEG_LONG")
_DIN_MODES = (*(f"SYNCOUT_{shape}" for shape in _SYNCOUT_SHAPES), "MIDI_AUTO", "MIDI_IN", "MIDI_OUT")
_DIN1_ONLY_MODES = ("UART@38400", "UART@31250")
_DIN_PORTS = range(1, 8)


def _names(names: tuple[str, ...], start: int = 0) -> tuple[ValueName, ...]:
    return tuple(ValueName(value, value, name) for value, name in enumerate(names, start))


SYNCOUT_MODE_NAMES = (*_names(_SYNCOUT_SHAPES), ValueName(64, 255, "BATTSYNTH"))
DIN_MODE_NAMES = _names(_DIN_MODES)
DIN1_MODE_NAMES = DIN_MODE_NAMES + _names(_DIN1_ONLY_MODES, start=len(_DIN_MODES))

_PPSN_NOTE = "the published page gives no range; any byte is accepted"


def _din_mode(port: int) -> Param:
    first = port == 1
    return Param(
        number=7 + port,
        name=f"DIN{port}_MODE",
        description=f"what DIN port {port} does: a sync output of some shape, or MIDI in, out or auto",
        value_names=DIN1_MODE_NAMES if first else DIN_MODE_NAMES,
        valid=(range(0, 9 if first else 7),),
        note="" if first else "the value list is published under DIN1_MODE; the two UART modes are DIN1 only",
    )


def _din_ppsn(port: int) -> Param:
    return Param(
        number=15 + port,
        name=f"DIN{port}_PPSN",
        description=f"sync pulses per sixteenth note on DIN port {port}",
        note=_PPSN_NOTE,
    )


PARAMS: tuple[Param, ...] = (
    Param(0, "SYNCIN_MODE", "sync input mode", note="published as not used yet; the range is unknown"),
    Param(1, "SYNCIN_PPSN", "sync pulses per sixteenth note on the sync input", note=_PPSN_NOTE),
    Param(
        4,
        "SYNCOUT_MODE",
        "sync output pulse shape, or BattSynth for 64 and above",
        value_names=SYNCOUT_MODE_NAMES,
        valid=(range(0, 4), range(64, 256)),
        note="what BattSynth does and what the values above 64 select are not published",
    ),
    Param(5, "SYNCOUT_PPSN", "sync pulses per sixteenth note on the sync output", note=_PPSN_NOTE),
    *(_din_mode(port) for port in _DIN_PORTS),
    *(_din_ppsn(port) for port in _DIN_PORTS),
)
"""Every published RK-004 parameter, in number order (2, 3, 6, 7 and 15 are not published)."""


def _key(name: str) -> str:
    """Names compare case-insensitively and without separators: din1_mode, DIN1-MODE, uart38400."""
    return re.sub(r"[^A-Z0-9]", "", name.upper())


_BY_NUMBER = {param.number: param for param in PARAMS}
_BY_KEY = {_key(param.name): param for param in PARAMS}
_NAMES = [param.name for param in PARAMS]


def parse_number(text: str) -> int | None:
    """A decimal or 0x-hexadecimal number, or None when the text is not one."""
    text = text.strip()
    # At most 100 digits: int() and str() refuse a few thousand, and every value here has three at most.
    if re.fullmatch(r"\d{1,100}", text):
        return int(text)
    if re.fullmatch(r"0[xX][0-9a-fA-F]{1,100}", text):
        return int(text, 16)
    return None


def find_param(ref: Param | str | int) -> Param:
    """A parameter given as itself, its number, or its name (case-insensitive)."""
    if isinstance(ref, Param):
        return ref
    if isinstance(ref, int):
        return _param_by_number(ref)
    number = parse_number(ref)
    if number is not None:
        return _param_by_number(number)
    param = _BY_KEY.get(_key(ref))
    if param is None:
        raise ParameterError(f"unknown RK-004 parameter {ref.strip()!r}; {_suggestion(ref, _NAMES)}")
    return param


def _param_by_number(number: int) -> Param:
    param = _BY_NUMBER.get(number)
    if param is None:
        known = ", ".join(str(param.number) for param in PARAMS)
        raise ParameterError(f"RK-004 has no published parameter {number} (known: {known})")
    return param


def _suggestion(text: str, names: list[str]) -> str:
    """A hint naming the closest names (ties included), or every name when none is close."""
    keyed = {_key(name): name for name in names}
    close = difflib.get_close_matches(_key(text), list(keyed), n=3, cutoff=0.5)
    best = {keyed[key] for key in close if _similarity(text, key) == _similarity(text, close[0])}
    if best:
        return f"did you mean {' or '.join(name for name in names if name in best)}?"
    return "known: " + ", ".join(names)


def _similarity(text: str, key: str) -> float:
    return difflib.SequenceMatcher(None, _key(text), key).ratio()


def parse_assignment(text: str) -> tuple[Param, int]:
    """A "NAME=VALUE" argument as a parameter and a checked value; names or numbers on both sides."""
    name, sep, value = text.partition("=")
    if not sep or not name.strip() or not value.strip():
        raise ParameterError(f"expected NAME=VALUE, got {text!r}")
    param = find_param(name)
    return param, param.parse_value(value)


ParamRef = TypeVar("ParamRef", bound="Param | str | int")
"""A parameter as itself, its number, or its name."""


def resolve_changes(changes: Mapping[ParamRef, int | str]) -> list[tuple[Param, int]]:
    """Changes keyed by parameter, each resolved and checked; naming one parameter twice is an error."""
    resolved: dict[int, tuple[Param, int]] = {}
    for ref, value in changes.items():
        param = find_param(ref)
        if param.number in resolved:
            raise ParameterError(f"{param.name} is given more than once")
        resolved[param.number] = (param, param.parse_value(value))
    return list(resolved.values())
