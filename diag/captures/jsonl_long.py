"""JSON Lines lines too long to hold: a huge SysEx read in slices, keeping its head and true size."""

import json
import math
import re
from typing import BinaryIO, NamedTuple

from diag.captures.base import WRITE_SLICE, is_text
from diag.events import SYSEX_KEEP, Clipped, MidiEvent

LINE_LIMIT = 3 * SYSEX_KEEP + 4096
"""The longest line read whole: one holding a SysEx of SYSEX_KEEP bytes, with room for the rest."""

# midi-diag's own writer puts the keys in this order, which lets a long line be read as it streams.
_OWN_START = re.compile(rb'\{"t": (-?[0-9][0-9.eE+-]*), "port": ("(?:[^"\\]|\\.)*"), "data": "')
_OWN_END = re.compile(rb'(?:, "step": ("(?:[^"\\]|\\.)*"|null))?\}[ \t\r]*\n?')
_MAX_CARRY = 1 << 20


class LongLineError(Exception):
    """A long line in midi-diag's key order that is still not a valid message; the reader adds where."""


class LongLine(NamedTuple):
    """What a long line turned out to be."""

    event: MidiEvent | None
    """The message (its data clipped to SYSEX_KEEP, with its true size), or None when it was left out."""
    problem: str | None = None
    """Why it was left out: "cut off" (the file ends inside it) or "not our key order"."""


def read_long_line(start: bytes, file: BinaryIO) -> LongLine:
    """The rest of a line whose first LINE_LIMIT bytes are `start`, read from `file` a slice at a time."""
    found = _OWN_START.match(start)
    if found is None:
        return LongLine(None, "not our key order") if _skip_line(file) else LongLine(None, "cut off")
    t, port = _time(found[1]), _string(found[2], "port")
    data = _HexSlices()
    piece = start[found.end() :]
    while (quote := piece.find(b'"')) < 0:
        if piece.endswith(b"\n"):
            raise LongLineError("the line ends inside field 'data'")
        data.add(piece)
        piece = file.readline(WRITE_SLICE)
        if not piece:
            return LongLine(None, "cut off")
    data.add(piece[:quote], last=True)
    tail = piece[quote + 1 :]
    if not tail.endswith(b"\n"):
        more = file.readline(LINE_LIMIT)
        tail += more
        if len(more) == LINE_LIMIT and not more.endswith(b"\n"):  # the rest is long too: not ours
            return LongLine(None, "not our key order" if _skip_line(file) else "cut off")
    ending = _OWN_END.fullmatch(tail)
    if ending is None:
        return LongLine(None, "not our key order" if tail.endswith(b"\n") else "cut off")
    step = _string(ending[1], "step") if ending[1] not in (None, b"null") else None
    return LongLine(MidiEvent(t, port, data.message(), step))


def _skip_line(file: BinaryIO) -> bool:
    """Read to the end of the line; False when the file ends first."""
    while piece := file.readline(WRITE_SLICE):
        if piece.endswith(b"\n"):
            return True
    return False


def _time(text: bytes) -> float:
    try:
        t = json.loads(text)
    except ValueError:
        raise LongLineError(f"field 't' is not a number: {text[:40]!r}") from None
    if isinstance(t, bool) or not isinstance(t, int | float) or not 0 <= t < math.inf:
        raise LongLineError(f"field 't' must be zero or more seconds, found {text[:40].decode(errors='replace')}")
    return float(t)


def _string(text: bytes, name: str) -> str:
    try:
        value = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise LongLineError(f"field {name!r} is not a JSON string") from None
    if not isinstance(value, str):
        raise LongLineError(f"field {name!r} must be a string")
    if not is_text(value):
        raise LongLineError(f"field {name!r} holds a \\uD800-\\uDFFF escape without its pair, which is not text")
    return value


class _HexSlices:
    """The 'data' hex of a long line, decoded a slice at a time: the first SYSEX_KEEP bytes kept, all counted."""

    def __init__(self) -> None:
        self.head = bytearray()
        self.size = 0
        self._carry = b""

    def add(self, text: bytes, last: bool = False) -> None:
        text = self._carry + text
        cut = len(text) if last else text.rfind(b" ") + 1  # a hex pair is never split across slices
        if not last and cut == 0:
            cut = len(text) - len(text) % 2
        self._carry = text[cut:]
        if len(self._carry) > _MAX_CARRY:
            raise LongLineError("field 'data' is not hex bytes")
        try:
            data = bytes.fromhex(text[:cut].decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            raise LongLineError(f"field 'data' is not hex bytes near byte {self.size}") from None
        room = SYSEX_KEEP - len(self.head)
        if room > 0:
            self.head += data[:room]
        self.size += len(data)

    def message(self) -> bytes:
        if not self.size:
            raise LongLineError("field 'data' is empty")
        kept = bytes(self.head)
        return kept if len(kept) == self.size else Clipped(kept, self.size)
