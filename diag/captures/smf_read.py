"""Standard MIDI File captures, read: formats 0, 1 and 2, tempo maps, SMPTE time, port names and steps."""

import heapq
import json
import mmap
import os
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import Any, BinaryIO

from diag.captures.base import CaptureReader, is_header, is_text
from diag.captures.smf_tracks import (
    DEFAULT_TEMPO,
    MESSAGE,
    META_DEVICE_NAME,
    META_MARKER,
    META_MIDI_PORT,
    META_TEMPO,
    META_TEXT,
    META_TRACK_NAME,
    STEP_MARKER_PREFIX,
    SmfError,
    SmfHeader,
    TrackEvent,
    find_tracks,
    read_header,
    read_track,
)
from diag.events import MidiEvent

_SMPTE_29_FPS = 30_000 / 1_001  # "29" in an SMPTE division means 29.97 drop-frame
_TICK = attrgetter("tick")


def decode_text(data: bytes) -> str:
    """Meta event text: UTF-8 as midi-diag writes it, Latin-1 for older files that are not UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


class _Clock:
    """Turns ticks into seconds through the tempo map, or at the fixed rate of an SMPTE division."""

    def __init__(self, division: int) -> None:
        self._base_tick = 0
        self._base_seconds = 0.0
        self._ticks_per_quarter = 0 if division & 0x8000 else division
        if self._ticks_per_quarter:
            self._seconds_per_tick = DEFAULT_TEMPO / 1e6 / division
        else:
            frames = 256 - (division >> 8)
            frames_per_second = _SMPTE_29_FPS if frames == 29 else frames
            self._seconds_per_tick = 1 / (frames_per_second * (division & 0xFF))

    def set_tempo(self, tick: int, microseconds_per_quarter: int) -> None:
        if self._ticks_per_quarter:  # SMPTE time does not follow tempo
            self._base_seconds = self.seconds(tick)
            self._base_tick = tick
            self._seconds_per_tick = microseconds_per_quarter / 1e6 / self._ticks_per_quarter

    def seconds(self, tick: int) -> float:
        return self._base_seconds + (tick - self._base_tick) * self._seconds_per_tick


class _PortNames:
    """Names the port of each track's messages: FF 21 picks a port number, FF 09 names it, FF 03 names a track."""

    def __init__(self) -> None:
        self._by_number: dict[int, str] = {}
        self._track_port: dict[int, int] = {}
        self._track_device: dict[int, str] = {}
        self._track_name: dict[int, str] = {}
        self._cache: dict[int, str] = {}

    def meta(self, track: int, kind: int, data: bytes) -> None:
        self._cache.clear()
        if kind == META_MIDI_PORT and len(data) == 1:
            self._track_port[track] = data[0]
        elif kind == META_DEVICE_NAME and track in self._track_port:
            self._by_number[self._track_port[track]] = decode_text(data)
        elif kind == META_DEVICE_NAME:
            self._track_device[track] = decode_text(data)
        else:
            self._track_name[track] = decode_text(data)

    def port(self, track: int) -> str:
        name = self._cache.get(track)
        if name is None:
            name = self._cache[track] = self._resolve(track)
        return name

    def _resolve(self, track: int) -> str:
        number = self._track_port.get(track)
        if number is not None and number in self._by_number:
            return self._by_number[number]
        return self._track_device.get(track) or self._track_name.get(track) or f"track {track}"


class _Timeline:
    """Turns merged track events into MidiEvents, applying the meta events on the way."""

    def __init__(self, division: int, header: dict[str, Any], warn: Any) -> None:
        self.division = division
        self.header = header
        self.warn = warn
        self.names = _PortNames()
        self.clock = _Clock(division)
        self.step: str | None = None
        self.offset = self.end = 0.0

    def next_sequence(self) -> None:
        """Format 2: the next track starts where the last one ended, at the default tempo."""
        self.offset = self.end
        self.clock = _Clock(self.division)

    def play(self, events: Iterable[TrackEvent]) -> Iterator[MidiEvent]:
        seconds, port_of = self.clock.seconds, self.names.port  # the clock changes only between plays
        for tick, track, kind, data in events:
            self.end = self.offset + seconds(tick)
            if kind == MESSAGE:
                yield MidiEvent(round(self.end, 6), port_of(track), data, self.step)
            elif kind == META_TEMPO:
                self._tempo(tick, track, data)
            elif kind == META_MARKER:
                self._marker(data)
            elif kind == META_TEXT:
                self._text(data)
            elif kind in (META_MIDI_PORT, META_DEVICE_NAME, META_TRACK_NAME):
                self.names.meta(track, kind, data)

    def _tempo(self, tick: int, track: int, data: bytes) -> None:
        if len(data) == 3:
            self.clock.set_tempo(tick, int.from_bytes(data, "big"))
        else:
            self.warn(f"track {track}: tempo meta of {len(data)} bytes instead of 3 at tick {tick}; ignored")

    def _marker(self, data: bytes) -> None:
        text = decode_text(data)
        if text.startswith(STEP_MARKER_PREFIX):
            self.step = text[len(STEP_MARKER_PREFIX) :] or None

    def _text(self, data: bytes) -> None:
        """midi-diag keeps its capture header as JSON in a Text meta."""
        if data.startswith(b"{"):
            try:
                record = json.loads(data)
            except (ValueError, RecursionError):  # not a header: an ordinary text, however odd
                return
            if is_header(record) and is_text(record):  # a lone \uD800 escape would break printing it
                self.header.update(record)


class SmfReader(CaptureReader):
    """Reads an SMF without loading it: the file is mapped and each track parsed as it is merged."""

    format = "mid"

    def _events(self, file: BinaryIO) -> Iterator[MidiEvent]:
        if os.fstat(file.fileno()).st_size == 0:
            self._warn("byte 0", "the file is empty")
            return
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as buffer:
            try:
                yield from self._parse(buffer)  # type: ignore[arg-type]
            except SmfError as error:
                raise self._fail(f"byte {error.offset}", error.problem) from None

    def _parse(self, buffer: bytes) -> Iterator[MidiEvent]:
        header = read_header(buffer)
        tracks = find_tracks(buffer, header, self._note)
        self.header["smf"] = self._describe(header)
        timeline = _Timeline(header.division, self.header, self._note)
        if header.format == 2:
            for span in tracks:
                yield from timeline.play(read_track(buffer, span, self._note))
                timeline.next_sequence()
        else:
            track_events = [read_track(buffer, span, self._note) for span in tracks]
            merged = track_events[0] if len(track_events) == 1 else heapq.merge(*track_events, key=_TICK)
            yield from timeline.play(merged)

    def _note(self, message: str) -> None:
        self.warnings.append(f"{self.path}, {message}")

    @staticmethod
    def _describe(header: SmfHeader) -> dict[str, int]:
        return {"format": header.format, "tracks": header.track_count, "division": header.division}
