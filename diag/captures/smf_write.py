"""Standard MIDI File captures, written as they stream: format 0, one track, 50 µs ticks."""

import math
from collections.abc import Iterable
from typing import Any

from diag.captures.base import WRITE_WHOLE, CaptureWriter
from diag.captures.midi_bytes import encode_varlen, is_channel_message, is_complete_sysex
from diag.captures.smf_tracks import (
    DEFAULT_TEMPO,
    STEP_MARKER_PREFIX,
    META_DEVICE_NAME,
    META_END_OF_TRACK,
    META_MARKER,
    META_MIDI_PORT,
    META_TEMPO,
    META_TEXT,
)
from diag.events import Clipped, MidiEvent

TICKS_PER_QUARTER = 10_000
TEMPO_US_PER_QUARTER = DEFAULT_TEMPO
TICKS_PER_SECOND = 1_000_000 * TICKS_PER_QUARTER // TEMPO_US_PER_QUARTER  # 20,000: one tick is 50 µs
UNPATCHED_TRACK_LENGTH = 0xFFFF_FFFF
"""The track length until close() patches it: a file cut off mid-capture keeps this, which points past its end."""
MAX_DELTA = 0x0FFF_FFFF
"""The longest delta time SMF can write (four bytes, about 3.7 hours at 50 µs a tick); longer silences
are bridged by empty Text metas, which readers ignore."""
MAX_PORTS = 128  # the MIDI Port meta holds one 7-bit port number


_SMALL_VARLENS = tuple(encode_varlen(value) for value in range(0x4000))


def varlen(value: int) -> bytes:
    """`encode_varlen` with the one- and two-byte values precomputed (nearly every delta time)."""
    return _SMALL_VARLENS[value] if value < 0x4000 else encode_varlen(value)


def meta_event(delta: int, kind: int, payload: bytes) -> bytes:
    """A meta event with its delta time: <delta> FF <kind> <length> <payload>."""
    return varlen(delta) + bytes((0xFF, kind)) + varlen(len(payload)) + payload


def message_event(data: bytes) -> bytes:
    """A MIDI message as an SMF event body: channel messages as they are, SysEx as F0, the rest escaped by F7."""
    if is_channel_message(data):
        return data
    if is_complete_sysex(data):
        return b"\xf0" + varlen(len(data) - 1) + data[1:]
    return b"\xf7" + varlen(len(data)) + data


def message_event_head(data: bytes) -> tuple[bytes, int]:
    """What `message_event` puts before the message's bytes, and from which byte of it they follow."""
    if is_complete_sysex(data):
        return b"\xf0" + varlen(len(data) - 1), 1
    return b"\xf7" + varlen(len(data)), 0


def step_marker(step: str | None) -> bytes:
    """The Marker text naming a step; "step:" alone means no step."""
    return (STEP_MARKER_PREFIX + (step or "")).encode()


class SmfWriter(CaptureWriter):
    """Writes a format 0 SMF whose track length is patched on close()."""

    format = "mid"

    def _start(self) -> None:
        self._port_state: dict[str, list[Any]] = {}  # port -> [port number, last t]
        self._current_port = -1
        self._current_step: str | None = None
        self._last_tick = 0
        division = TICKS_PER_QUARTER.to_bytes(2, "big")
        self._file.write(b"MThd" + (6).to_bytes(4, "big") + b"\x00\x00\x00\x01" + division)
        self._file.write(b"MTrk" + UNPATCHED_TRACK_LENGTH.to_bytes(4, "big"))
        self._track_start = self._file.tell()
        preamble = bytearray(meta_event(0, META_TEXT, self._header_json.encode()))
        preamble += meta_event(0, META_TEMPO, TEMPO_US_PER_QUARTER.to_bytes(3, "big"))
        for port in self.ports:
            preamble += self._switch_port(0, port, self._new_port(port))
        self._file.write(preamble)

    def _new_port(self, port: str) -> list[Any]:
        number = len(self._port_state)
        if number >= MAX_PORTS:
            raise ValueError(f"{self.path}: a Standard MIDI File can name at most {MAX_PORTS} ports")
        self._summary.per_port.setdefault(port, 0)
        state = self._port_state[port] = [number, 0.0, False]  # number, last t, named yet
        return state

    def _switch_port(self, delta: int, port: str, state: list[Any]) -> bytes:
        """FF 21 (MIDI Port) before a message from another port; FF 09 (Device Name) the first time."""
        number = state[0]
        self._current_port = number
        switch = meta_event(delta, META_MIDI_PORT, bytes((number,)))
        if state[2]:
            return switch
        state[2] = True
        return switch + meta_event(0, META_DEVICE_NAME, port.encode())

    def _write_events(self, events: Iterable[MidiEvent]) -> None:
        out = bytearray()
        try:
            self._encode(events, out)
        finally:
            self._file.write(out)

    def _encode(self, events: Iterable[MidiEvent], out: bytearray) -> None:
        port_state = self._port_state
        summary = self._summary
        for t, port, data, step in events:
            state = port_state.get(port) or self._new_port(port)
            if not state[1] <= t < math.inf:
                raise self._time_error(port, state[1], t)
            if not data:
                raise ValueError(f"{self.path}: empty message on port {port!r} at t={t}")
            if type(data) is Clipped:
                state[1] = t
                summary.per_port[port] += 1
                summary.clipped += 1
                continue
            delta = self._advance(t)
            while delta > MAX_DELTA:  # a delta time has at most four bytes: bridge a longer silence
                out += meta_event(MAX_DELTA, META_TEXT, b"")
                delta -= MAX_DELTA
            if state[0] != self._current_port:
                out += self._switch_port(delta, port, state)
                delta = 0
            if step != self._current_step:
                out += meta_event(delta, META_MARKER, step_marker(step))
                delta = 0
                self._current_step = step
            out += _SMALL_VARLENS[delta] if delta < 0x4000 else encode_varlen(delta)
            if len(data) > WRITE_WHOLE:
                self._write_long(out, data)
            else:
                out += message_event(data)
            state[1] = t
            summary.per_port[port] += 1
            summary.kept += 1

    def _write_long(self, out: bytearray, data: bytes) -> None:
        """A long message (a big SysEx) goes straight to the file after what `out` holds, never copied."""
        head, body = message_event_head(data)
        out += head
        self._file.write(out)
        out.clear()
        self._file.write(memoryview(data)[body:])

    def _advance(self, t: float) -> int:
        """The delta in ticks to `t`, counted from absolute ticks so that rounding never drifts."""
        tick = round(t * TICKS_PER_SECOND)
        if tick < self._last_tick:
            self._summary.retimed += 1
            tick = self._last_tick
        delta = tick - self._last_tick
        self._last_tick = tick
        return delta

    def _finish(self) -> None:
        self._file.write(meta_event(0, META_END_OF_TRACK, b""))
        track_length = self._file.tell() - self._track_start
        self._file.seek(self._track_start - 4)
        self._file.write(track_length.to_bytes(4, "big"))
