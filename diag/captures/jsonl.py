"""JSON Lines captures: one header line, then one message per line (the format CONTRACT.md fixes)."""

import json
import math
import sys
from functools import partial
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO

from diag.captures.base import (
    FORMAT_VERSION,
    HEADER_KEY,
    WRITE_SLICE,
    WRITE_WHOLE,
    CaptureReader,
    CaptureWriter,
    is_header,
    is_text,
)
from diag.captures.jsonl_long import LINE_LIMIT, LongLineError, read_long_line
from diag.events import SYSEX_KEEP, MidiEvent, clip_event, is_clipped

_BOM = b"\xef\xbb\xbf"
_ALLOWED_STEP_TYPES = (str, type(None))
_NUMBER_TYPES = (float, int)
_MAX_SECONDS = sys.float_info.max  # a larger JSON integer is finite but cannot become a float
_decode_json = json.JSONDecoder().decode


class JsonlWriter(CaptureWriter):
    """Writes `{"t": ..., "port": ..., "data": "90 3C 64", "step": ...}` lines after a header line."""

    format = "jsonl"

    def _start(self) -> None:
        self._port_state: dict[str, list[Any]] = {}  # port -> [port as JSON, last t]
        self._step_json: dict[str, str] = {}
        self._file.write(self._header_json.encode() + b"\n")

    def _write_events(self, events: Iterable[MidiEvent]) -> None:
        lines: list[str] = []
        try:
            self._encode(events, lines)
        finally:
            self._file.write("".join(lines).encode())
            self._summary.kept += len(lines)

    def _encode(self, events: Iterable[MidiEvent], lines: list[str]) -> None:
        append = lines.append
        port_state = self._port_state
        per_port = self._summary.per_port
        for t, port, data, step in events:
            state = port_state.get(port) or self._new_port(port)
            if not state[1] <= t < math.inf:
                raise self._time_error(port, state[1], t)
            if not data:
                raise ValueError(f"{self.path}: empty message on port {port!r} at t={t}")
            state[1] = t
            per_port[port] += 1
            if len(data) > WRITE_WHOLE or type(data) is not bytes:  # long, or a Clipped head
                self._write_long(lines, state[0], t, data, step)
                continue
            hex_data = data.hex(" ").upper()
            if step is None:
                append(f'{{"t": {t:.6f}, "port": {state[0]}, "data": "{hex_data}"}}\n')
            else:
                step_json = self._step_json.get(step) or self._new_step(step)
                append(f'{{"t": {t:.6f}, "port": {state[0]}, "data": "{hex_data}", "step": {step_json}}}\n')

    def _write_long(self, lines: list[str], port_json: str, t: float, data: bytes, step: str | None) -> None:
        """One long message's line, its hex written a slice at a time after the lines before it."""
        if is_clipped(data):
            self._summary.clipped += 1
            return
        data = bytes(data)  # a bytes-like that is not bytes
        write = self._file.write
        write("".join(lines).encode())
        self._summary.kept += len(lines)
        lines.clear()
        write(f'{{"t": {t:.6f}, "port": {port_json}, "data": "'.encode())
        view = memoryview(data)
        for start in range(0, len(data), WRITE_SLICE):
            write(view[start : start + WRITE_SLICE].hex(" ").upper().encode())
            if start + WRITE_SLICE < len(data):
                write(b" ")
        step_json = "" if step is None else f', "step": {self._step_json.get(step) or self._new_step(step)}'
        write(f'"{step_json}}}\n'.encode())
        self._summary.kept += 1

    def _new_port(self, port: str) -> list[Any]:
        state = self._port_state[port] = [json.dumps(port, ensure_ascii=False), 0.0]
        self._summary.per_port.setdefault(port, 0)
        return state

    def _new_step(self, step: str) -> str:
        step_json = self._step_json[step] = json.dumps(step, ensure_ascii=False)
        return step_json


class JsonlReader(CaptureReader):
    """Reads and validates a JSON Lines capture, one line at a time."""

    format = "jsonl"

    def _events(self, file: BinaryIO) -> Iterator[MidiEvent]:
        last_t: dict[str, float] = {}
        self._not_ours: list[int] = []  # [count, first line number] of long lines left out
        for number, line in enumerate(iter(partial(file.readline, LINE_LIMIT), b""), 1):
            if len(line) == LINE_LIMIT and line[-1] != 0x0A:  # too long to hold: read it in slices
                event = self._long_line(number, line, file)
                if event is None:
                    continue
            else:
                record = self._record(number, line)
                if record is None:
                    continue
                if number == 1 and is_header(record):
                    self._take_header(record)
                    continue
                event = self._event(number, record)
            if event.t < last_t.get(event.port, 0.0):
                raise self._fail(
                    f"line {number}",
                    f"t={event.t} is earlier than the previous message on port {event.port!r}",
                )
            last_t[event.port] = event.t
            yield event
        if self._not_ours:
            count, first = self._not_ours
            self._warn(f"line {first}", f"{count} line(s) longer than {LINE_LIMIT} bytes whose keys are not in "
                       "midi-diag's order (t, port, data, step) were left out")

    def _long_line(self, number: int, start: bytes, file: BinaryIO) -> MidiEvent | None:
        """A line too long to hold (a huge SysEx): its message clipped to SYSEX_KEEP with its true size."""
        try:
            long = read_long_line(start, file)
        except LongLineError as error:
            raise self._fail(f"line {number}", str(error)) from None
        if long.problem == "cut off":
            self._warn(f"line {number}", "the last line is cut off (interrupted capture?); ignored")
        elif long.problem:
            self._not_ours[:] = [self._not_ours[0] + 1, self._not_ours[1]] if self._not_ours else [1, number]
        return long.event

    def _record(self, number: int, line: bytes) -> Any:
        """The line's JSON value; None for a blank line or a cut-off last line (with a warning)."""
        if number == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        try:
            record = _decode_json(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            if not line.strip():
                return None
            if number > 1 and not line.endswith(b"\n"):
                self._warn(f"line {number}", "the last line is cut off (interrupted capture?); ignored")
                return None
            raise self._fail(f"line {number}", _describe(error)) from error
        if b"\\u" in line and not is_text(record):  # only a \u escape can put a lone surrogate in
            raise self._fail(f"line {number}", "a \\uD800-\\uDFFF escape without its pair, which is not text")
        return record

    def _take_header(self, record: dict[str, Any]) -> None:
        self.header.update(record)
        if record[HEADER_KEY] != FORMAT_VERSION:
            self._warn("line 1", f"written as capture format {record[HEADER_KEY]!r}; this reader knows 1")

    def _event(self, number: int, record: Any) -> MidiEvent:
        event = _plainly_valid_event(record) or self._checked_event(number, record)
        return event if len(event.data) <= SYSEX_KEEP else clip_event(event)

    def _checked_event(self, number: int, record: Any) -> MidiEvent:
        """The event, or an InputError saying exactly what is wrong with the record."""
        if not isinstance(record, dict):
            raise self._fail(f"line {number}", f"expected a JSON object, found {_json_type(record)}")
        try:
            return MidiEvent(_time(record), _text(record, "port"), _data(record), _step(record))
        except _FieldError as error:
            raise self._fail(f"line {number}", str(error)) from None


def _plainly_valid_event(record: Any) -> MidiEvent | None:
    """The event of a record with nothing wrong in it (nearly all of them), checked quickly; else None."""
    try:
        t, port, text, step = record["t"], record["port"], record["data"], record.get("step")
        data = bytes.fromhex(text)
    except (TypeError, KeyError, AttributeError, ValueError):
        return None
    if (
        type(t) in _NUMBER_TYPES
        and 0 <= t <= _MAX_SECONDS
        and type(port) is str
        and type(text) is str
        and data
        and (step is None or type(step) is str)
    ):
        return MidiEvent(float(t), port, data, step)
    return None


class _FieldError(Exception):
    """A record field that is missing or wrong; the reader adds the line number."""


def _field(record: dict[str, Any], name: str) -> Any:
    try:
        return record[name]
    except KeyError:
        raise _FieldError(f"missing field {name!r}") from None


def _time(record: dict[str, Any]) -> float:
    t = _field(record, "t")
    if isinstance(t, bool) or not isinstance(t, int | float):
        raise _FieldError(f"field 't' must be a number of seconds, found {_json_type(t)}")
    if not 0 <= t <= _MAX_SECONDS:
        raise _FieldError(f"field 't' must be zero or more seconds, and finite, found {_clip(str(t))}")
    return float(t)


def _text(record: dict[str, Any], name: str) -> str:
    value = _field(record, name)
    if not isinstance(value, str):
        raise _FieldError(f"field {name!r} must be a string, found {_json_type(value)}")
    return value


def _data(record: dict[str, Any]) -> bytes:
    text = _text(record, "data")
    try:
        data = bytes.fromhex(text)
    except ValueError:
        raise _FieldError(f"field 'data' is not hex bytes: {_clip(text)!r}") from None
    if not data:
        raise _FieldError("field 'data' is empty")
    return data


def _step(record: dict[str, Any]) -> str | None:
    step = record.get("step")
    if not isinstance(step, _ALLOWED_STEP_TYPES):
        raise _FieldError(f"field 'step' must be a string, found {_json_type(step)}")
    return step


def _describe(error: Exception) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"not UTF-8 text (byte {error.start + 1} of the line)"
    if isinstance(error, json.JSONDecodeError):
        return f"not JSON ({error.msg} at column {error.colno})"
    if isinstance(error, RecursionError):
        return "not JSON that can be read (nested too deeply)"
    return f"not JSON ({error})"


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "..."

