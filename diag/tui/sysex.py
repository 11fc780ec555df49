"""SysEx in words for the list and the detail view: maker, Universal name, Identity Reply, RK-004 frame, hex dump."""

from diag.decode.message import Decoded, describe
from diag.decode.text import describe_values, hex_bytes, identity_text
from diag.events import MidiEvent, true_size
from diag.rk004.errors import FrameError, ParameterError
from diag.rk004.frames import HEADER, REQUESTS, parse_request, parse_response
from diag.rk004.params import find_param

DUMP_WIDTH = 16
"""Bytes per line of the hex dump."""


def sysex_summary(decoded: Decoded, raw: bytes) -> str:
    """One line: what the message is when we know (RK-004 frame, identity, Universal), else its maker; its length."""
    if decoded.kind != "sysex":
        return describe_values(decoded)
    meaning = rk004_text(raw) or _identity_or_note(decoded)
    maker = decoded.get("manufacturer") or "unknown maker"
    return f"{meaning or maker}, {length_text(raw)}"


def _identity_or_note(decoded: Decoded) -> str | None:
    reply = decoded.get("identity")
    if reply is not None:
        return f"Identity Reply from {reply.manufacturer or 'unknown maker'}"
    return decoded.note


def rk004_text(raw: bytes) -> str | None:
    """An RK-004 frame in words, or None when the message is not addressed to or from an RK-004."""
    if not raw.startswith(HEADER):
        return None
    try:
        response = parse_response(raw)
    except FrameError:
        return _request_text(raw)
    return f"RK-004 {response.kind}{_param_text(response.param, response.value)}"


def _request_text(raw: bytes) -> str:
    try:
        command, args = parse_request(raw)
    except FrameError as error:
        return f"RK-004 frame not understood: {error}"
    param, value = (list(args) + [None, None])[:2]
    return f"RK-004 {REQUESTS[command].name}{_param_text(param, value)}"


def _param_text(number: int | None, value: int | None) -> str:
    if number is None:
        return ""
    try:
        param = find_param(number)
    except ParameterError:
        name, described = f"parameter {number}", None if value is None else str(value)
    else:
        name = f"{param.name} (param {number})"
        described = None if value is None else param.describe_value(value)
    return f" {name}" if described is None else f" {name} = {described}"


def length_text(raw: bytes) -> str:
    """ "120 bytes", or for a message clipped in memory "52428800 bytes, first 65536 shown"."""
    size = true_size(raw)
    return f"{size} bytes" if size == len(raw) else f"{size} bytes, first {len(raw)} shown"


def hex_dump_heading(raw: bytes) -> str:
    """The title over the hex dump, which says when only the head of the message is there."""
    size = true_size(raw)
    if size == len(raw):
        return f"hex dump ({size} bytes)"
    return f"hex dump (first {len(raw)} of {size} bytes shown; the rest was not kept in memory)"


def hex_dump(raw: bytes, width: int = DUMP_WIDTH) -> list[str]:
    """Offset, hex and printable ASCII, `width` bytes a line."""
    lines = []
    for offset in range(0, len(raw), width):
        piece = raw[offset : offset + width]
        text = "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in piece)
        lines.append(f"{offset:04X}  {hex_bytes(piece).ljust(width * 3 - 1)}  {text}")
    return lines


def detail_fields(event: MidiEvent, middle_c: str = "C4") -> list[tuple[str, str]]:
    """Everything known about one message, as (label, value) pairs."""
    decoded = describe(event.data)
    fields = [
        ("time", f"{event.t:.6f} s"),
        ("port", event.port),
        ("type", decoded.kind),
        ("channel", str(decoded.channel) if decoded.channel is not None else "none (system message)"),
        ("length", length_text(event.data)),
    ]
    if decoded.kind == "sysex":
        fields += _sysex_fields(decoded, event.data)
    else:
        fields.append(("values", describe_values(decoded, middle_c) or "none"))
    if event.step:
        fields.append(("step", event.step))
    return fields


def _sysex_fields(decoded: Decoded, raw: bytes) -> list[tuple[str, str]]:
    id_bytes = decoded.get("manufacturer_id")
    maker = decoded.get("manufacturer") or "not in the list of manufacturer IDs"
    fields = [("manufacturer", f"{maker} (ID {hex_bytes(id_bytes) or 'none'})")]
    if decoded.note:
        fields.append(("meaning", decoded.note))
    reply = decoded.get("identity")
    if reply is not None:
        fields.append(("identity reply", identity_text(reply)))
    rk004 = rk004_text(raw)
    if rk004:
        fields.append(("RK-004", rk004))
    return fields
