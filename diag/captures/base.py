"""What every capture format shares: writer and reader bases, the write summary and the loaded capture."""

import json
import os
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO, ClassVar

from diag import __version__
from diag.errors import InputError, OutputError
from diag.events import MidiEvent

FORMAT_VERSION = 1
WRITE_WHOLE = 1 << 12
"""Messages longer than this are written straight to the file in slices, never copied whole."""
WRITE_SLICE = 1 << 16
"""Bytes of a long message encoded at a time."""
HEADER_KEY = "midi_diag_capture"
_RESERVED_HEADER_KEYS = frozenset({HEADER_KEY, "tool", "ports"})


@dataclass
class WriteSummary:
    """What a capture writer stored, returned by `CaptureWriter.close()`."""

    path: Path
    """The file written."""
    format: str
    """"jsonl", "mid" or "syx"."""
    per_port: dict[str, int] = field(default_factory=dict)
    """Messages handed to `write()`, per port (kept or not); every port named at open is listed, silent or not."""
    kept: int = 0
    """Messages stored in the file."""
    left_out: int = 0
    """Messages the format cannot hold and that were not stored (.syx: everything but SysEx)."""
    retimed: int = 0
    """Messages stored later than their `t` because they arrived earlier than the message before
    them on another port (.mid only: SMF deltas cannot be negative)."""
    clipped: int = 0
    """Messages not stored because only their head was in memory (a SysEx longer than SYSEX_KEEP,
    clipped when it was captured or read): no file ever holds a clipped message as if it were whole."""


@dataclass
class Capture:
    """A whole capture file in memory."""

    events: list[MidiEvent]
    """Every message, in file order."""
    header: dict[str, Any]
    """The file's metadata (the JSON header; empty when the file has none)."""
    warnings: list[str]
    """Problems that did not stop the reading, one line each (a cut-off end, discarded bytes)."""
    format: str
    """"jsonl", "mid" or "syx"."""


def capture_header(ports: list[str], meta: dict[str, Any]) -> dict[str, Any]:
    """The header object written at the start of a capture; `meta` may add keys and set `started`."""
    clashes = _RESERVED_HEADER_KEYS & meta.keys()
    if clashes:
        raise ValueError(f"capture meta may not set {', '.join(sorted(clashes))}")
    started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
    header: dict[str, Any] = {
        HEADER_KEY: FORMAT_VERSION,
        "tool": {"name": "midi-diag", "version": __version__},
        "started": started.replace("+00:00", "Z"),
        "ports": list(ports),
    }
    header.update(meta)
    return header


def is_header(record: object) -> bool:
    """True for the JSON object a capture header is."""
    return isinstance(record, dict) and HEADER_KEY in record


def is_text(value: Any) -> bool:
    """True when every string in a JSON value (keys too) is valid Unicode, so it can be printed and saved."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, dict):
        return all(is_text(key) and is_text(item) for key, item in value.items())
    if isinstance(value, list):
        return all(is_text(item) for item in value)
    return True


def reason(error: OSError) -> str:
    """The operating system's words for an I/O failure."""
    return error.strerror or str(error)


class CaptureWriter(ABC):
    """Streams messages into a capture file; what was written and flushed survives a crash."""

    format: ClassVar[str]

    def __init__(self, path: Path, ports: list[str], meta: dict[str, Any] | None = None) -> None:
        self.path = path
        self.ports = list(dict.fromkeys(ports))
        self._header_json = json.dumps(capture_header(self.ports, meta or {}), ensure_ascii=False)
        self._summary = WriteSummary(path, self.format, dict.fromkeys(self.ports, 0))
        self._closed = False
        try:
            self._file: BinaryIO = open(path, "wb", buffering=1 << 16)  # closed by close()
        except OSError as error:
            raise OutputError(f"cannot write {path}: {reason(error)}") from error
        try:
            self._guarded(self._start)
            self.flush()
        except BaseException:
            self._file.close()
            raise

    def write(self, events: Iterable[MidiEvent]) -> None:
        """Append messages; each port's `t` must never decrease."""
        if self._closed:
            raise ValueError(f"capture writer for {self.path} is closed")
        self._guarded(self._write_events, events)

    def flush(self) -> None:
        """Put everything written so far on disk, where a crash, Ctrl-C or power cut cannot take it."""
        self._guarded(self._file.flush)
        self._guarded(os.fsync, self._file.fileno())  # measured at 0.05-0.3 ms (benchmarks/)

    def close(self) -> WriteSummary:
        """Finish the file and say what it holds; closing twice is harmless."""
        if not self._closed:
            self._closed = True
            try:
                self._guarded(self._finish)
            finally:
                self._guarded(self._file.close)
        return self._summary

    def __enter__(self) -> "CaptureWriter":
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _guarded(self, action: Any, *args: Any) -> Any:
        try:
            return action(*args)
        except OSError as error:
            raise OutputError(f"cannot write {self.path}: {reason(error)}") from error

    def _time_error(self, port: str, previous: float, t: float) -> ValueError:
        return ValueError(
            f"{self.path}: t={t!r} on port {port!r} is negative, not finite or earlier than {previous!r}"
        )

    @abstractmethod
    def _start(self) -> None:
        """Write what opens the file."""

    @abstractmethod
    def _write_events(self, events: Iterable[MidiEvent]) -> None:
        """Encode and append a batch, updating the summary."""

    def _finish(self) -> None:
        """Write what closes the file (nothing by default)."""


class CaptureReader(ABC):
    """Streams the messages of a capture file; `header` and `warnings` fill in while iterating."""

    format: ClassVar[str]

    def __init__(self, path: Path) -> None:
        self.path = path
        self.header: dict[str, Any] = {}
        self.warnings: list[str] = []
        self._open().close()

    def __iter__(self) -> Iterator[MidiEvent]:
        self.header.clear()
        self.warnings.clear()
        return self._stream()

    def _stream(self) -> Iterator[MidiEvent]:
        with self._open() as file:
            try:
                yield from self._events(file)
            except OSError as error:
                raise InputError(f"cannot read {self.path}: {reason(error)}") from error

    def _open(self) -> BinaryIO:
        try:
            return open(self.path, "rb")
        except OSError as error:
            raise InputError(f"cannot read {self.path}: {reason(error)}") from error

    def _fail(self, where: str, problem: str) -> InputError:
        return InputError(f"{self.path}, {where}: {problem}")

    def _warn(self, where: str, problem: str) -> None:
        self.warnings.append(f"{self.path}, {where}: {problem}")

    @abstractmethod
    def _events(self, file: BinaryIO) -> Iterator[MidiEvent]:
        """Parse the open file."""
