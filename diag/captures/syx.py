"""Raw SysEx captures (.syx): SysEx messages back to back, nothing else."""

import math
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from diag.captures.base import WRITE_WHOLE, CaptureReader, CaptureWriter
from diag.captures.midi_bytes import is_complete_sysex
from diag.decode.stream import Discarded, StreamDecoder
from diag.events import MidiEvent, is_clipped, true_size

READ_CHUNK = 1 << 16


class SyxWriter(CaptureWriter):
    """Appends each complete SysEx message (F0 to F7) as raw bytes; every other message is counted and left out."""

    format = "syx"

    def _start(self) -> None:
        self._last_t: dict[str, float] = {}

    def _write_events(self, events: Iterable[MidiEvent]) -> None:
        out = bytearray()
        try:
            self._collect(events, out)
        finally:
            self._file.write(out)

    def _collect(self, events: Iterable[MidiEvent], out: bytearray) -> None:
        summary = self._summary
        per_port = summary.per_port
        last_t = self._last_t
        for t, port, data, _step in events:
            previous = last_t.get(port, 0.0)
            if not previous <= t < math.inf:
                raise self._time_error(port, previous, t)
            last_t[port] = t
            per_port[port] = per_port.get(port, 0) + 1
            if is_clipped(data):
                summary.clipped += 1
            elif not is_complete_sysex(data):
                summary.left_out += 1
            elif len(data) > WRITE_WHOLE:  # straight to the file, never copied
                self._file.write(out)
                out.clear()
                self._file.write(data)
                summary.kept += 1
            else:
                out += data
                summary.kept += 1


class SyxReader(CaptureReader):
    """Frames the file's bytes with the stream decoder: every message at t=0 on a port named after the file."""

    format = "syx"

    def _events(self, file: BinaryIO) -> Iterator[MidiEvent]:
        port = self.path.stem
        # The decoder accounts for every byte, so summing lengths gives each item's offset; it is
        # late by any real-time bytes that were pulled out from inside a discarded run.
        offset = 0
        for item in _decoded(file):
            if isinstance(item, Discarded):
                self._warn(f"byte {offset}", f"{item.size} bytes that form no message ({item.reason}): "
                           f"{_preview(item.data)}")
                offset += item.size
            else:
                yield MidiEvent(0.0, port, item)
                offset += true_size(item)


def _decoded(file: BinaryIO) -> Iterator[bytes | Discarded]:
    """The stream decoder's output for the whole file, read a chunk at a time."""
    decoder = StreamDecoder()
    while chunk := file.read(READ_CHUNK):
        yield from decoder.feed(chunk)
    yield from decoder.flush()


def _preview(data: bytes, limit: int = 8) -> str:
    shown = data[:limit].hex(" ").upper()
    return shown + " ..." if true_size(data) > limit else shown
