"""Standard MIDI File structure: the header chunk, where the tracks are, and each track's events in order."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from diag.captures.midi_bytes import MESSAGE_LENGTH, SYSEX_END, SYSEX_START, VARLEN_MAX_BYTES, split_messages
from diag.events import SYSEX_KEEP, Clipped

META = 0xFF
META_TEXT = 0x01
META_TRACK_NAME = 0x03
META_MARKER = 0x06
META_DEVICE_NAME = 0x09
META_MIDI_PORT = 0x21
META_END_OF_TRACK = 0x2F
META_TEMPO = 0x51
DEFAULT_TEMPO = 500_000
"""Microseconds per quarter note until a tempo meta says otherwise (120 bpm)."""
STEP_MARKER_PREFIX = "step:"
"""midi-diag names a capture step in a Marker meta: "step:keys"; "step:" alone ends the step."""
MESSAGE = -1
"""`TrackEvent.kind` of a MIDI message (meta events carry their meta type instead)."""


class SmfError(Exception):
    """Malformed SMF data at a byte offset; the reader turns it into an InputError naming the file."""

    def __init__(self, offset: int, problem: str) -> None:
        super().__init__(problem)
        self.offset = offset
        self.problem = problem


class _CutOff(Exception):
    """An event runs past the end of its track."""


class SmfHeader(NamedTuple):
    """The MThd chunk."""

    format: int
    track_count: int
    division: int
    end: int
    """Offset just past the chunk, where the first track chunk starts."""


@dataclass(frozen=True)
class TrackSpan:
    """Where one track chunk's events lie in the file."""

    number: int
    """1 for the first track."""
    start: int
    end: int
    cut: bool
    """True when the chunk's length points past the end of the file (a capture interrupted before close)."""


class TrackEvent(NamedTuple):
    """One event of a track at its absolute tick: a complete MIDI message or a meta event."""

    tick: int
    track: int
    kind: int
    """MESSAGE, or the meta event's type byte."""
    data: bytes


Warn = Callable[[str], None]


def read_header(buffer: bytes) -> SmfHeader:
    """Check the MThd chunk and return what it declares."""
    if buffer[:4] != b"MThd":
        raise SmfError(0, f"not a Standard MIDI File (starts with {bytes(buffer[:4])!r}, not b'MThd')")
    if len(buffer) < 14:
        raise SmfError(len(buffer), "the file ends inside the MThd header chunk")
    length = int.from_bytes(buffer[4:8], "big")
    if length < 6 or 8 + length > len(buffer):
        raise SmfError(4, f"impossible MThd chunk length {length}")
    file_format, track_count, division = (int.from_bytes(buffer[i : i + 2], "big") for i in (8, 10, 12))
    if file_format > 2:
        raise SmfError(8, f"unknown SMF format {file_format} (0, 1 and 2 exist)")
    if division == 0 or (division & 0x8000 and division & 0xFF == 0):
        raise SmfError(12, f"impossible timing division 0x{division:04X}")
    return SmfHeader(file_format, track_count, division, 8 + length)


def find_tracks(buffer: bytes, header: SmfHeader, warn: Warn) -> list[TrackSpan]:
    """The MTrk chunks after the header, skipping chunks of other types as the SMF spec asks."""
    tracks: list[TrackSpan] = []
    offset = header.end
    while offset + 8 <= len(buffer):
        kind, length = bytes(buffer[offset : offset + 4]), int.from_bytes(buffer[offset + 4 : offset + 8], "big")
        start, end = offset + 8, offset + 8 + length
        if end > len(buffer):
            warn(f"byte {offset}: chunk declares {length} bytes but the file ends {len(buffer) - start} bytes "
                 "later (interrupted capture?); reading what is there")
        if kind == b"MTrk":
            tracks.append(TrackSpan(len(tracks) + 1, start, min(end, len(buffer)), end > len(buffer)))
        offset = end
    if len(buffer) > offset:
        warn(f"byte {offset}: {len(buffer) - offset} stray bytes after the last chunk; ignored")
    if len(tracks) != header.track_count:
        warn(f"byte 10: the header declares {header.track_count} tracks, the file holds {len(tracks)}")
    return tracks


def read_track(buffer: bytes, span: TrackSpan, warn: Warn) -> Iterator[TrackEvent]:
    """The track's events in order; a cut-off event ends a cut track with a warning, or is an error."""
    parser = _TrackParser(buffer, span, warn)
    try:
        yield from parser.events()
    except _CutOff:
        if not span.cut:
            raise SmfError(parser.event_start, f"event cut off by the end of track {span.number}") from None
        warn(f"byte {parser.event_start}: track {span.number} ends inside an event (interrupted capture?); "
             "the rest is lost")
    yield from parser.unfinished_sysex()


class _TrackParser:
    """Walks one track's bytes: delta times, running status, meta, SysEx packets and F7 escapes."""

    def __init__(self, buffer: bytes, span: TrackSpan, warn: Warn) -> None:
        self.buffer, self.span, self.warn = buffer, span, warn
        self.position = self.event_start = span.start
        self.tick = 0
        self.running_status = 0
        self.sysex: bytearray | None = None  # a SysEx whose F7 has not come yet (its first SYSEX_KEEP bytes)
        self.sysex_size = 0  # its true size so far
        self.sysex_tick = 0
        self.held_back: list[TrackEvent] = []  # meta events met while a SysEx is unfinished

    def events(self) -> Iterator[TrackEvent]:
        buffer, end = self.buffer, self.span.end
        while self.position < end:
            start = self.event_start = self.position
            if buffer[start] < 0x80 and start + 1 < end:  # the usual one-byte delta, read inline for speed
                self.tick += buffer[start]
                status = buffer[start + 1]
                self.position = start + 2
            else:
                self.tick += self._varlen()
                status = self._byte()
            if status == META:
                kind, (data, _, _) = self._byte(), self._packet()
                yield from self._meta(kind, data)
                if kind == META_END_OF_TRACK:
                    return
            elif status == SYSEX_START:
                yield from self._sysex_start(*self._packet())
            elif status == SYSEX_END:
                yield from self._escape(*self._packet())
            else:
                yield from self._message(status)

    def _meta(self, kind: int, data: bytes) -> Iterator[TrackEvent]:
        event = TrackEvent(self.tick, self.span.number, kind, data)
        if self.sysex is None:
            yield event
        else:
            self.held_back.append(event)

    def _sysex_start(self, head: bytes, length: int, ended: bool) -> Iterator[TrackEvent]:
        yield from self.unfinished_sysex()
        self.sysex, self.sysex_size, self.sysex_tick = bytearray(b"\xf0" + head[: SYSEX_KEEP - 1]), 1 + length, self.tick
        if ended:
            yield from self._finish_sysex()

    def _escape(self, head: bytes, length: int, ended: bool) -> Iterator[TrackEvent]:
        if self.sysex is not None:  # a continuation packet of a split SysEx
            self.sysex += head[: max(0, SYSEX_KEEP - len(self.sysex))]
            self.sysex_size += length
            if ended:
                yield from self._finish_sysex()
            return
        if not length:
            return
        if length > len(head):  # an escape too long to keep: its head, with its true size
            yield TrackEvent(self.tick, self.span.number, MESSAGE, Clipped(head, length))
            return
        for message in split_messages(head) or [head]:
            yield TrackEvent(self.tick, self.span.number, MESSAGE, bytes(message))

    def _finish_sysex(self) -> Iterator[TrackEvent]:
        assert self.sysex is not None
        kept = bytes(self.sysex)
        data = kept if len(kept) == self.sysex_size else Clipped(kept, self.sysex_size)
        yield TrackEvent(self.sysex_tick, self.span.number, MESSAGE, data)
        yield from self.held_back
        self.sysex, self.held_back = None, []

    def unfinished_sysex(self) -> Iterator[TrackEvent]:
        """A SysEx left without its F7 (the track or a new message began), kept as it is, with a warning."""
        if self.sysex is not None:
            self.warn(f"byte {self.event_start}: SysEx in track {self.span.number} has no F7; kept as it is")
            yield from self._finish_sysex()

    def _message(self, status: int) -> Iterator[TrackEvent]:
        first = b""
        if status < 0x80:
            if not self.running_status:
                raise SmfError(self.event_start, f"data byte 0x{status:02X} where an event should start")
            first, status = bytes((status,)), self.running_status
        elif status < 0xF0:
            self.running_status = status
        yield from self.unfinished_sysex()
        data = bytes((status,)) + first + self._take(MESSAGE_LENGTH[status] - 1 - len(first))
        if len(data) > 1 and max(data[1:]) >= 0x80:
            raise SmfError(self.event_start, f"status byte inside the data of a 0x{status:02X} message")
        yield TrackEvent(self.tick, self.span.number, MESSAGE, data)

    def _byte(self) -> int:
        if self.position >= self.span.end:
            raise _CutOff
        self.position += 1
        return self.buffer[self.position - 1]

    def _take(self, count: int) -> bytes:
        end = self.position + count
        if end > self.span.end:
            raise _CutOff
        data, self.position = bytes(self.buffer[self.position : end]), end
        return data

    def _packet(self) -> tuple[bytes, int, bool]:
        """A <varlen length><bytes> body, as meta and SysEx events carry: its first SYSEX_KEEP bytes,
        its length and whether it ends with F7. The rest of the file is never read, so a huge
        SysEx costs no more memory than its head."""
        length = self._varlen()
        start, end = self.position, self.position + length
        if end > self.span.end:
            raise _CutOff
        self.position = end
        head = bytes(self.buffer[start : start + min(length, SYSEX_KEEP)])
        return head, length, length > 0 and self.buffer[end - 1] == SYSEX_END

    def _varlen(self) -> int:
        value = 0
        for _ in range(VARLEN_MAX_BYTES):
            byte = self._byte()
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                return value
        raise SmfError(self.position - VARLEN_MAX_BYTES, "variable-length number longer than 4 bytes")
