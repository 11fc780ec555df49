"""Raw SysEx captures (.syx): SysEx messages back to back, nothing else."""

import math
from collections.abc import Iterable

from diag.captures.base import CaptureWriter
from diag.captures.midi_bytes import is_complete_sysex
from diag.events import MidiEvent


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
            if is_complete_sysex(data):
                out += data
                summary.kept += 1
            else:
                summary.left_out += 1


class SyxReader:  # placeholder until diag.decode.stream is committed
    format = "syx"

    def __init__(self, path):
        raise NotImplementedError
