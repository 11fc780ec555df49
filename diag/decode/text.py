"""One aligned text line per MIDI event, like aseqdump but with names."""

from collections.abc import Callable

from diag.decode.controllers import ControllerTracker
from diag.decode.message import Decoded, describe
from diag.decode.names import cc_name, note_name
from diag.decode.universal import IdentityReply
from diag.events import MidiEvent, is_clipped

PORT_WIDTH = 20
KIND_WIDTH = 14
HEX_WIDTH = 24
HEX_FULL_BYTES = 8
"""Messages up to this length show every byte; longer ones show their head and last byte."""
HEX_HEAD_BYTES = 6

QUARTER_FRAME_PIECES: tuple[str, ...] = (
    "frames low nibble",
    "frames high nibble",
    "seconds low nibble",
    "seconds high nibble",
    "minutes low nibble",
    "minutes high nibble",
    "hours low nibble",
    "hours high nibble and rate",
)


def hex_bytes(data: bytes) -> str:
    """Upper-case hex pairs separated by spaces."""
    return data.hex(" ").upper()


def short_hex(data: bytes) -> str:
    """The hex of a message, long ones shortened to their head and last byte."""
    if len(data) <= HEX_FULL_BYTES:
        return hex_bytes(data)
    if is_clipped(data):  # its last byte is not in memory
        return f"{hex_bytes(data[:HEX_HEAD_BYTES])} ..."
    return f"{hex_bytes(data[:HEX_HEAD_BYTES])} ... {data[-1]:02X}"


_CONTROL = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}
"""Control characters (line breaks, terminal escape sequences) in names become spaces: one line per message."""


def fit(text: str, width: int) -> str:
    """Pad or cut text to exactly `width` characters (cut text ends with ~); control characters become spaces."""
    text = text.translate(_CONTROL)
    if len(text) > width:
        return text[: width - 1] + "~"
    return text.ljust(width)


def format_event(
    event: MidiEvent, middle_c: str = "C4", tracker: ControllerTracker | None = None
) -> str:
    """One line: time, port, channel, kind, raw hex (fixed widths), then the values.

    The values come last because they are the only column of varying width,
    so every other column lines up from one line to the next. With a tracker,
    control changes also show the 14-bit, RPN or NRPN value they complete.
    """
    decoded = describe(event.data)
    channel = f"{decoded.channel:>2}" if decoded.channel is not None else "--"
    details = describe_values(decoded, middle_c)
    if tracker is not None and decoded.kind == "control_change":
        change = tracker.feed(bytes(event.data), event.port)
        if change is not None:
            details = f"{details} | {change.text}"
    columns = (
        f"{event.t:12.6f}",
        fit(event.port, PORT_WIDTH),
        channel,
        fit(decoded.kind, KIND_WIDTH),
        fit(short_hex(event.data), HEX_WIDTH),
        details,
    )
    return "  ".join(columns).rstrip()


def describe_values(decoded: Decoded, middle_c: str = "C4") -> str:
    """The values of a decoded message in words, e.g. "C4 (60) velocity 100"."""
    formatter = _FORMATTERS.get(decoded.kind)
    return formatter(decoded, middle_c) if formatter else ""


def _note(number: int, middle_c: str) -> str:
    return f"{note_name(number, middle_c)} ({number})"


def _note_on(decoded: Decoded, middle_c: str) -> str:
    velocity = decoded.get("velocity")
    text = f"{_note(decoded.get('note'), middle_c)} velocity {velocity}"
    return f"{text} (= note off)" if velocity == 0 else text


def _note_off(decoded: Decoded, middle_c: str) -> str:
    return f"{_note(decoded.get('note'), middle_c)} velocity {decoded.get('velocity')}"


def _polytouch(decoded: Decoded, middle_c: str) -> str:
    return f"{_note(decoded.get('note'), middle_c)} pressure {decoded.get('value')}"


def _control_change(decoded: Decoded, _middle_c: str) -> str:
    control = decoded.get("control")
    return f"CC {control} {cc_name(control)} = {decoded.get('value')}"


def _program_change(decoded: Decoded, _middle_c: str) -> str:
    program = decoded.get("program")
    return f"program {program} (shown as {program + 1} where programs count from 1)"


def _sysex(decoded: Decoded, _middle_c: str) -> str:
    id_bytes, name = decoded.get("manufacturer_id"), decoded.get("manufacturer")
    who = f"{name or 'unknown manufacturer'} ({hex_bytes(id_bytes) or 'no ID'})"
    parts = [sysex_length_text(decoded), who]
    reply = decoded.get("identity")
    if reply is not None:
        parts.append(identity_text(reply))
    elif decoded.note:
        parts.append(decoded.note)
    return ", ".join(parts)


def sysex_length_text(decoded: Decoded) -> str:
    """ "120 bytes", or for a SysEx clipped in memory "52428800 bytes (first 65536 kept)"."""
    kept = decoded.get("kept")
    length = f"{decoded.get('length')} bytes"
    return length if kept is None else f"{length} (first {kept} kept)"


def identity_text(reply: IdentityReply) -> str:
    """An Identity Reply in words, with family and member as 14-bit numbers and as sent."""
    name = reply.manufacturer or "unknown manufacturer"
    return (
        f"Identity Reply from {name} ({hex_bytes(reply.manufacturer_id)}), "
        f"device {reply.device_id}, family {reply.family} ({_lsb_first(reply.family)}), "
        f"member {reply.member} ({_lsb_first(reply.member)}), "
        f"revision {hex_bytes(reply.revision)}"
    )


def _lsb_first(value: int) -> str:
    return f"{value & 0x7F:02X} {value >> 7:02X}"


def _undefined(decoded: Decoded, _middle_c: str) -> str:
    return f"status byte {decoded.get('status'):02X}: {decoded.note}"


def _quarter_frame(decoded: Decoded, _middle_c: str) -> str:
    piece = decoded.get("frame_type")
    return f"MTC {QUARTER_FRAME_PIECES[piece]} = {decoded.get('frame_value')}"


_FORMATTERS: dict[str, Callable[[Decoded, str], str]] = {
    "note_on": _note_on,
    "note_off": _note_off,
    "polytouch": _polytouch,
    "control_change": _control_change,
    "program_change": _program_change,
    "aftertouch": lambda d, _: f"pressure {d.get('value')}",
    "pitchwheel": lambda d, _: f"pitch {d.get('pitch'):+d}",
    "sysex": _sysex,
    "quarter_frame": _quarter_frame,
    "songpos": lambda d, _: f"position {d.get('pos')} (sixteenth notes from the start)",
    "song_select": lambda d, _: f"song {d.get('song')}",
    "undefined": _undefined,
    "malformed": lambda d, _: f"malformed: {d.note}",
}
