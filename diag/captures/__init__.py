"""Capture files: write raw MIDI traffic as .jsonl, .mid or .syx as it streams in, and read any of them back.

    with open_writer("rig.jsonl", ports=["Digitakt MIDI 1"], meta={"step": "keys"}) as writer:
        writer.write(batch)          # small batches, many times a second
        writer.flush()               # what is flushed survives a crash
    summary = writer.close()

    for event in iter_capture("rig.mid"):   # streams; read_capture() loads the whole file
        ...

The file's suffix picks the format; docs/capture-files.md describes all three.
"""

from os import PathLike
from pathlib import Path
from typing import Any

from diag.captures.base import Capture, CaptureReader, CaptureWriter, WriteSummary
from diag.captures.jsonl import JsonlReader, JsonlWriter
from diag.captures.smf_read import SmfReader
from diag.captures.smf_write import SmfWriter
from diag.captures.syx import SyxReader, SyxWriter
from diag.errors import InputError, UsageError

_WRITERS: dict[str, type[CaptureWriter]] = {
    ".jsonl": JsonlWriter,
    ".mid": SmfWriter,
    ".midi": SmfWriter,
    ".syx": SyxWriter,
}
_READERS: dict[str, type[CaptureReader]] = {
    ".jsonl": JsonlReader,
    ".mid": SmfReader,
    ".midi": SmfReader,
    ".syx": SyxReader,
}
_SIGNATURES: tuple[tuple[bytes, type[CaptureReader]], ...] = (
    (b"MThd", SmfReader),
    (b"{", JsonlReader),
    (b"\xef\xbb\xbf{", JsonlReader),  # JSON Lines saved with a byte-order mark
    (b"\xf0", SyxReader),
)
SUFFIXES = tuple(_WRITERS)
"""The suffixes that pick a capture format."""


def open_writer(
    path: str | PathLike[str], ports: list[str], meta: dict[str, Any] | None = None
) -> CaptureWriter:
    """Create the capture file now (OutputError if it cannot be) and return its streaming writer."""
    path = Path(path)
    writer_class = _WRITERS.get(path.suffix.lower())
    if writer_class is None:
        raise UsageError(
            f"cannot write {path}: unknown capture format {path.suffix or '(no suffix)'!r}; "
            "use .jsonl, .mid (or .midi) or .syx"
        )
    return writer_class(path, ports, meta)


def iter_capture(path: str | PathLike[str]) -> CaptureReader:
    """A reader that streams the file's messages; `header` and `warnings` fill in while it runs."""
    path = Path(path)
    reader_class = _READERS.get(path.suffix.lower()) or _sniff(path)
    return reader_class(path)


def read_capture(path: str | PathLike[str]) -> Capture:
    """The whole capture file in memory."""
    reader = iter_capture(path)
    events = list(reader)
    return Capture(events, reader.header, reader.warnings, reader.format)


def _sniff(path: Path) -> type[CaptureReader]:
    """The format of a file whose suffix says nothing, from its first bytes."""
    try:
        with open(path, "rb") as file:
            start = file.read(4)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from error
    for signature, reader_class in _SIGNATURES:
        if start.startswith(signature):
            return reader_class
    raise InputError(
        f"{path}: not a capture file (the suffix is not .jsonl, .mid, .midi or .syx, "
        "and the contents start with neither MThd, { nor F0)"
    )


__all__ = [
    "Capture",
    "CaptureReader",
    "CaptureWriter",
    "SUFFIXES",
    "WriteSummary",
    "iter_capture",
    "open_writer",
    "read_capture",
]
