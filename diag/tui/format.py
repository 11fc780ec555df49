"""Rows as text: column widths for a terminal width, short port labels, and each message in words."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from diag.decode.message import Decoded, describe
from diag.decode.names import cc_name, note_name
from diag.decode.text import describe_values, short_hex
from diag.tui.model.rows import Row
from diag.tui.sysex import sysex_summary

KIND_LABELS: dict[str, str] = {
    "note_on": "Note On",
    "note_off": "Note Off",
    "polytouch": "Poly AT",
    "control_change": "CC",
    "program_change": "Program",
    "aftertouch": "Chan AT",
    "pitchwheel": "Pitch Bend",
    "sysex": "SysEx",
    "quarter_frame": "MTC QF",
    "songpos": "Song Pos",
    "song_select": "Song Sel",
    "tune_request": "Tune Req",
    "clock": "Clock",
    "start": "Start",
    "continue": "Continue",
    "stop": "Stop",
    "active_sensing": "Act.Sense",
    "reset": "Reset",
    "undefined": "Undefined",
    "malformed": "Malformed",
}
"""Message kinds as the type column names them."""

WIDE_FROM = 110
"""Terminal widths from here on get the wide column layout."""


@dataclass(frozen=True)
class Columns:
    """Widths of the list's columns; one space separates them."""

    time: int
    port: int
    channel: int
    kind: int
    data: int
    hex: int

    HEADINGS = ("time s", "port", "ch", "type", "data", "raw hex")

    def widths(self) -> tuple[int, ...]:
        return (self.time, self.port, self.channel, self.kind, self.data, self.hex)


def columns_for(width: int) -> Columns:
    """The layout for a list `width` cells wide: the data column takes what the others leave."""
    if width >= WIDE_FROM:
        fixed = Columns(10, 18, 2, 10, 0, 24)
    else:
        fixed = Columns(8, 10, 2, 10, 0, 9)
    spare = width - sum(fixed.widths()) - 5
    return Columns(fixed.time, fixed.port, fixed.channel, fixed.kind, max(spare, 8), fixed.hex)


def fit(text: str, width: int) -> str:
    """Exactly `width` characters: padded, or cut with a "~" at the end."""
    if len(text) > width:
        return text[: width - 1] + "~" if width > 0 else ""
    return text.ljust(width)


def port_labels(names: Iterable[str]) -> dict[str, str]:
    """Short labels for port names: the device's name where that tells the ports apart
    ("a2j:Elektron Digitakt [24] (capture): Elektron Digitakt MIDI 1" -> "Elektron Digitakt"),
    otherwise the names without what they all share at the start and end (at word breaks)."""
    names = list(dict.fromkeys(names))
    devices = {name: device_name(name) for name in names}
    if all(devices.values()) and len(set(devices.values())) == len(names):
        return devices
    labels = _without_shared_ends(names)
    if not all(devices.values()):
        return labels
    return {name: label if devices[name].lower() in label.lower() else f"{devices[name]} {label}"
            for name, label in labels.items()}


def _without_shared_ends(names: list[str]) -> dict[str, str]:
    if len(names) < 2:
        return {name: name for name in names}
    head = _shared_head(names)
    tail = _shared_head([name[::-1] for name in names])
    labels = {name: name[head : len(name) - tail].strip() for name in names}
    if any(not label for label in labels.values()) or len(set(labels.values())) < len(names):
        return {name: name for name in names}
    return labels


_GENERIC_WORDS = frozenset({"midi", "port", "in", "out", "input", "output", "capture", "playback", "a2j", "usb"})
"""Words in port names that say nothing about the device (and the number after them: "MIDI 1")."""
_NOISE = re.compile(r"\[\d+\]|\b\d+:\d+\b")
"""ALSA client numbers as they appear in port names: "[24]", "24:0"."""


def device_name(port: str) -> str:
    """The device words of a port name, each once: "Elektron Digitakt:Elektron Digitakt MIDI 1 24:0" ->
    "Elektron Digitakt"; empty when nothing but generic words is left."""
    kept: list[str] = []
    after_generic = False
    for token in re.split(r"[\s:()]+", _NOISE.sub(" ", port)):
        generic = token.lower() in _GENERIC_WORDS
        skip = not token or generic or (after_generic and token.isdigit())
        after_generic = generic
        if not skip and token.lower() not in (word.lower() for word in kept):
            kept.append(token)
    return " ".join(kept)


_BREAKS = " :-_([/"


def _shared_head(names: list[str]) -> int:
    """The length of the shared start, cut back to just after a word break."""
    shortest = min(names, key=len)
    length = 0
    while length < len(shortest) and all(name[length] == shortest[length] for name in names):
        length += 1
    while length and shortest[length - 1] not in _BREAKS:
        length -= 1
    return length


def shorten(label: str, width: int, others: Iterable[str]) -> str:
    """A label cut to `width` by dropping leading words ("Arturia KeyStep 32" -> "KeyStep 32"), if that
    keeps it apart from the `others`; otherwise the label itself (the column cuts it)."""
    words = label.split(" ")
    for start in range(1, len(words)):
        if len(label) <= width:
            break
        candidate = " ".join(words[start:])
        distinct = not any(o != label and o.endswith(candidate) for o in others)
        if len(candidate) <= width and distinct and not candidate.isdigit():
            return candidate
    return label


class RowFormatter:
    """Turns a row into the texts of its columns, decoding only when asked (only visible rows are)."""

    def __init__(self, middle_c: str = "C4") -> None:
        self.middle_c = middle_c
        self._labels: dict[str, str] = {}
        self._short: dict[tuple[str, int], str] = {}

    @property
    def labels(self) -> dict[str, str]:
        """Short labels of the known ports (see port_labels)."""
        return self._labels

    @labels.setter
    def labels(self, labels: dict[str, str]) -> None:
        self._labels, self._short = labels, {}

    def port_label(self, port: str, width: int) -> str:
        """A port's label, shortened to `width` where words can go without mixing ports up."""
        key = (port, width)
        short = self._short.get(key)
        if short is None:
            label = self._labels.get(port, port)
            short = self._short[key] = shorten(label, width, self._labels.values())
        return short

    def cells(self, row: Row, port_width: int = 1000) -> tuple[str, str, str, str, str, str]:
        """Time, port, channel, type, data and raw hex of one row."""
        event = row.event
        decoded = describe(event.data)
        data = self.data_text(decoded, event.data)
        if row.times > 1:
            data = f"x{row.times} {data}"
        channel = str(decoded.channel) if decoded.channel is not None else "-"
        kind = KIND_LABELS.get(decoded.kind, decoded.kind)
        port = self.port_label(event.port, port_width)
        return (f"{event.t:.3f}", port, channel, kind, data, short_hex(event.data))

    def data_text(self, decoded: Decoded, raw: bytes) -> str:
        """The values of a message in words, compact enough for the data column."""
        formatter = _DATA.get(decoded.kind)
        if formatter is not None:
            return formatter(self, decoded, raw)
        return describe_values(decoded, self.middle_c)

    def note(self, number: int) -> str:
        return f"{note_name(number, self.middle_c)} ({number})"


def _note_on(self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    velocity = decoded.get("velocity")
    text = f"{self.note(decoded.get('note'))} vel {velocity}"
    return f"{text} (= off)" if velocity == 0 else text


def _note_off(self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    return f"{self.note(decoded.get('note'))} vel {decoded.get('velocity')}"


def _polytouch(self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    return f"{self.note(decoded.get('note'))} pressure {decoded.get('value')}"


def _control(_self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    control = decoded.get("control")
    return f"CC {control} = {decoded.get('value')} {cc_name(control)}"


def _program(_self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    program = decoded.get("program")
    return f"program {program} (#{program + 1} counting from 1)"


def _songpos(_self: RowFormatter, decoded: Decoded, _raw: bytes) -> str:
    return f"position {decoded.get('pos')} (16th notes)"


def _nothing(_self: RowFormatter, _decoded: Decoded, _raw: bytes) -> str:
    return ""


_DATA: dict[str, Callable[[RowFormatter, Decoded, bytes], str]] = {
    "note_on": _note_on,
    "note_off": _note_off,
    "polytouch": _polytouch,
    "control_change": _control,
    "program_change": _program,
    "aftertouch": lambda _s, d, _r: f"pressure {d.get('value')}",
    "pitchwheel": lambda _s, d, _r: f"bend {d.get('pitch'):+d}",
    "songpos": _songpos,
    "sysex": lambda _s, d, raw: sysex_summary(d, raw),
    "clock": _nothing,
    "start": _nothing,
    "continue": _nothing,
    "stop": _nothing,
    "active_sensing": _nothing,
    "reset": _nothing,
    "tune_request": _nothing,
}
