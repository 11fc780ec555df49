"""Interpret one raw MIDI message: kind, channel and named values, never raising."""

from collections.abc import Callable
from functools import lru_cache
from typing import Any, NamedTuple

from diag.decode.manufacturers import manufacturer
from diag.decode.spec import SPEC_BY_STATUS, SYSEX_END, UNDEFINED_NOTES, MessageSpec
from diag.decode.universal import (
    IdentityReplyError,
    parse_identity_reply,
    universal_name,
)
from diag.events import Clipped

MALFORMED = "malformed"

Values = tuple[tuple[str, Any], ...]


class Decoded(NamedTuple):
    """What a raw message means."""

    kind: str
    """mido's type name, "undefined" (F4 F5 F9 FD) or "malformed"."""
    channel: int | None
    """1-16 for channel messages, None otherwise."""
    values: Values
    """(name, value) pairs in message order."""
    note: str | None = None
    """A remark: why it is malformed, what an undefined byte may mean, what a SysEx is."""

    def get(self, name: str, default: Any = None) -> Any:
        """The value called `name`, or `default`."""
        return next((value for key, value in self.values if key == name), default)


# Each layout turns a whole message (status byte first) into its values.
def _plain(message: bytes, fields: tuple[str, ...]) -> Values:
    return tuple(zip(fields, message[1:]))


def _status(message: bytes, fields: tuple[str, ...]) -> Values:
    return ((fields[0], message[0]),)


def _signed14(message: bytes, fields: tuple[str, ...]) -> Values:
    return ((fields[0], (message[1] | message[2] << 7) - 8192),)


def _unsigned14(message: bytes, fields: tuple[str, ...]) -> Values:
    return ((fields[0], message[1] | message[2] << 7),)


def _nibbles(message: bytes, fields: tuple[str, ...]) -> Values:
    return ((fields[0], message[1] >> 4), (fields[1], message[1] & 0x0F))


_LAYOUTS: dict[str, Callable[[bytes, tuple[str, ...]], Values]] = {
    "plain": _plain,
    "status": _status,
    "signed14": _signed14,
    "unsigned14": _unsigned14,
    "nibbles": _nibbles,
}


def malformed(reason: str) -> Decoded:
    """The Decoded for bytes that are not one well-formed message."""
    return Decoded(MALFORMED, None, (), reason)


def describe(raw: bytes) -> Decoded:
    """Interpret one message with its status byte first; anything wrong gives "malformed"."""
    if type(raw) is bytes and len(raw) <= _CACHED_LENGTH:
        return _describe_short(raw)
    return _describe(raw)


# Short messages repeat a lot (clock, the same notes and controllers), and a
# Decoded is immutable, so the last few thousand are remembered.
_CACHED_LENGTH = 3


@lru_cache(maxsize=8192)
def _describe_short(raw: bytes) -> Decoded:
    return _describe(raw)


def _describe(raw: bytes) -> Decoded:
    if type(raw) is Clipped:
        return _describe_clipped(raw)
    data = raw if type(raw) is bytes else _as_bytes(raw)
    if data is None:
        return malformed(f"not bytes: {type(raw).__name__}")
    if not data:
        return malformed("empty message")
    spec = SPEC_BY_STATUS[data[0]]
    if spec is None:
        return malformed(_no_spec_reason(data[0]))
    if spec.length is None:
        return _describe_sysex(data)
    problem = _fixed_length_problem(data, spec)
    if problem:
        return malformed(problem)
    channel = (data[0] & 0x0F) + 1 if data[0] < 0xF0 else None
    values = _LAYOUTS[spec.layout](data, spec.fields)
    return Decoded(spec.kind, channel, values, UNDEFINED_NOTES.get(data[0]))


def _as_bytes(raw: Any) -> bytes | None:
    if isinstance(raw, int):
        return None
    try:
        return bytes(raw)
    except (TypeError, ValueError):
        return None


def _no_spec_reason(first: int) -> str:
    if first == SYSEX_END:
        return "stray EOX (F7 without F0)"
    return f"starts with data byte {first:02X}, not a status byte"


def _fixed_length_problem(data: bytes, spec: MessageSpec) -> str | None:
    if len(data) != spec.length:
        unit = "byte" if spec.length == 1 else "bytes"
        return f"{spec.kind} takes {spec.length} {unit}, got {len(data)}"
    return _status_inside(data[1:], spec.kind)


def _status_inside(data: bytes, kind: str) -> str | None:
    if not data or max(data) < 0x80:
        return None
    position, byte = next((i, b) for i, b in enumerate(data, start=2) if b >= 0x80)
    return f"{kind} byte {position} is {byte:02X}, which has bit 7 set"


def _describe_sysex(data: bytes) -> Decoded:
    if len(data) < 2 or data[-1] != SYSEX_END:
        return malformed("SysEx does not end with F7")
    problem = _status_inside(data[1:-1], "SysEx")
    if problem:
        return malformed(problem)
    id_bytes, name = manufacturer(data)
    values: Values = (
        ("manufacturer_id", id_bytes),
        ("manufacturer", name),
        ("length", len(data)),
    )
    note = universal_name(data)
    try:
        reply = parse_identity_reply(data)
    except IdentityReplyError as error:
        return Decoded("sysex", None, values, f"malformed Identity Reply: {error}")
    if reply is not None:
        values += (("identity", reply),)
    return Decoded("sysex", None, values, note)


def _describe_clipped(head: Clipped) -> Decoded:
    """A message kept only as its head: a SysEx keeps its maker, true length and the bytes kept."""
    if head[0] != 0xF0:
        return malformed(f"{head.size} bytes that are not one message (first {len(head)} kept)")
    problem = _status_inside(head[1:], "SysEx")
    if problem:
        return malformed(problem)
    id_bytes, name = manufacturer(head)
    values: Values = (
        ("manufacturer_id", id_bytes),
        ("manufacturer", name),
        ("length", head.size),
        ("kept", len(head)),
    )
    return Decoded("sysex", None, values, universal_name(head))
