"""One streaming pass over captured messages into a TrafficSummary, in memory bounded by the rig's size.

    analyzer = TrafficAnalyzer()
    for path in paths:
        analyzer.new_source()              # each file has its own time base
        analyzer.feed(iter_capture(path))
    summary = analyzer.summary()

Memory grows with the number of (port, step) pairs, never with the number of messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import MappingProxyType

from diag.decode.message import describe
from diag.decode.spec import KIND_BY_STATUS, UNDEFINED_NOTES
from diag.engine.clock import ClockMeter
from diag.engine.echo import ECHO_STATUS, EchoWatcher
from diag.engine.meters import (
    NOTES_OFF_CONTROLLERS,
    NoteMeter,
    OddMeter,
    SensingMeter,
    SysexMeter,
    sysex_facts,
)
from diag.engine.traffic import Counts, PortTraffic, TrafficSummary, TransportEvent
from diag.events import MidiEvent

MAX_TRANSPORT = 64
"""Transport messages kept in order per port and step (all are counted)."""

_LENGTH = tuple(2 if 0xC0 <= status < 0xE0 else 3 for status in range(256))
"""The length of a channel message by status byte (program change and channel pressure take 2)."""

_TRANSPORT = {0xFA: "start", 0xFB: "continue", 0xFC: "stop"}

Key = tuple[str, str | None]


class PortStepMeter:
    """Every fact about one (port, step), taken one message at a time."""

    __slots__ = (
        "by_status",
        "clock",
        "controls",
        "first_t",
        "last_t",
        "messages",
        "notes",
        "odd",
        "played",
        "port",
        "programs",
        "sensing",
        "step",
        "sysex",
        "transport",
    )

    def __init__(self, port: str, step: str | None) -> None:
        self.port, self.step = port, step
        self.messages = 0
        self.first_t: float | None = None
        self.last_t: float | None = None
        self.by_status = [0] * 256
        self.played = [0] * 2048
        self.controls = [0] * 2048
        self.programs = [0] * 2048
        self.notes = NoteMeter()
        self.clock = ClockMeter()
        self.transport: list[TransportEvent] = []
        self.sysex = SysexMeter()
        self.sensing = SensingMeter()
        self.odd = OddMeter()

    def add(self, t: float, data: bytes) -> bool:
        """Take one message; False when it was malformed."""
        self.messages += 1
        if self.first_t is None:
            self.first_t = t
        self.last_t = t
        status = data[0]
        if status == 0xF8 and len(data) == 1:
            self.by_status[0xF8] += 1
            self.clock.tick(t)
            return True
        if 0x80 <= status < 0xF0:
            return self._channel(t, data, status)
        return self._system(t, data, status)

    def _channel(self, t: float, data: bytes, status: int) -> bool:
        if len(data) != _LENGTH[status] or max(data[1:]) > 0x7F:
            return self._malformed(t, data)
        self.by_status[status] += 1
        high, key = status & 0xF0, (status & 0x0F) << 7 | data[1]
        if high == 0x90 and data[2]:
            self.played[key] += 1
            self.notes.on(t, key)
        elif high == 0x80 or high == 0x90:
            self.notes.off(key)
        elif high == 0xB0:
            self.controls[key] += 1
            if data[1] in NOTES_OFF_CONTROLLERS:
                self.notes.silence_channel(status & 0x0F)
        elif high == 0xC0:
            self.programs[key] += 1
        return True

    def _system(self, t: float, data: bytes, status: int) -> bool:
        if status == 0xF0:
            return self._sysex(t, data)
        if KIND_BY_STATUS[status] is None or describe(data).kind == "malformed":
            return self._malformed(t, data)
        self.by_status[status] += 1
        if status in UNDEFINED_NOTES:
            self.odd.add_undefined(t, status, UNDEFINED_NOTES[status], self.sysex.last_t)
        elif status in _TRANSPORT:
            self._transport(TransportEvent(t, _TRANSPORT[status]))
        elif status == 0xF2:
            self._transport(TransportEvent(t, "songpos", data[1] | data[2] << 7))
        elif status == 0xFE:
            self.sensing.add(t)
        elif status == 0xFF:
            self.notes.silence_all()
        return True

    def _sysex(self, t: float, data: bytes) -> bool:
        problem, maker, identity = sysex_facts(data)
        if problem:
            return self._malformed(t, data, problem)
        self.by_status[0xF0] += 1
        self.sysex.add(t, data, maker, identity)
        self.odd.sysex_came(t)
        return True

    def _transport(self, event: TransportEvent) -> None:
        if len(self.transport) < MAX_TRANSPORT:
            self.transport.append(event)

    def _malformed(self, t: float, data: bytes, reason: str | None = None) -> bool:
        self.odd.add_malformed(t, data, reason or describe(data).note or "malformed")
        return False

    def new_segment(self) -> None:
        """The next message comes from another capture: close held notes, reset gap timers."""
        self.notes.end_segment(self.last_t)
        self.clock.new_segment()
        self.sensing.new_segment()
        self.odd.new_segment()
        self.sysex.last_t = None

    def freeze(self) -> PortTraffic:
        self.new_segment()
        return PortTraffic(
            port=self.port, step=self.step, messages=self.messages, first_t=self.first_t, last_t=self.last_t,
            kinds=self._kinds(), channels=self._channels(), notes=_per_channel(self.played),
            controls=_per_channel(self.controls), programs=_per_channel(self.programs),
            balance=self.notes.balance(), clock=self.clock.stats(), transport=tuple(self.transport),
            sysex=self.sysex.stats(), active_sensing=self.sensing.stats(),
            undefined=self.odd.undefined_stats(), malformed=self.odd.malformed_stats(),
        )

    def _kinds(self) -> MappingProxyType[str, int]:
        kinds: dict[str, int] = {}
        for status, count in enumerate(self.by_status):
            if count:
                kind = KIND_BY_STATUS[status] or "malformed"
                kinds[kind] = kinds.get(kind, 0) + count
        if self.odd.malformed:
            kinds["malformed"] = self.odd.malformed
        return MappingProxyType(dict(sorted(kinds.items())))

    def _channels(self) -> MappingProxyType[str, Counts]:
        channels: dict[str, dict[int, int]] = {}
        for status in range(0x80, 0xF0):
            if self.by_status[status]:
                per_kind = channels.setdefault(KIND_BY_STATUS[status] or "", {})
                per_kind[(status & 0x0F) + 1] = self.by_status[status]
        return MappingProxyType({kind: MappingProxyType(counts) for kind, counts in sorted(channels.items())})


def _per_channel(counts: list[int]) -> MappingProxyType[int, Counts]:
    """A flat 16 x 128 count table as channel (1-16) -> {number: count}, leaving out zeros."""
    table: dict[int, Counts] = {}
    for channel in range(16):
        row = counts[channel << 7 : (channel + 1) << 7]
        if any(row):
            table[channel + 1] = MappingProxyType({n: c for n, c in enumerate(row) if c})
    return MappingProxyType(table)


class TrafficAnalyzer:
    """Feeds every message to its (port, step) meter and to the echo watcher, in one pass."""

    def __init__(self) -> None:
        self._meters: dict[Key, PortStepMeter] = {}
        self._echo = EchoWatcher()
        self._counts_at_source: dict[Key, int] = {}

    def declare(self, port: str, step: str | None) -> None:
        """Say that this port was captured in this step, so that no traffic shows as silence."""
        self._meter(port, step)

    def new_source(self) -> None:
        """The following messages come from another capture with its own time base."""
        for meter in self._meters.values():
            meter.new_segment()
        self._echo.reset()
        self._counts_at_source = {key: meter.messages for key, meter in self._meters.items()}

    def source_pairs(self) -> list[Key]:
        """The (port, step) pairs that took messages since the last `new_source()`, in first-seen order."""
        before = self._counts_at_source
        return [key for key, meter in self._meters.items() if meter.messages > before.get(key, 0)]

    def feed(self, events: Iterable[MidiEvent]) -> int:
        """Take messages in capture order; returns how many."""
        meters, echo, watched, count = self._meters, self._echo.see, ECHO_STATUS, 0
        for t, port, data, step in events:
            meter = meters.get((port, step)) or self._meter(port, step)
            if meter.add(t, data) and watched[data[0]]:
                echo(t, port, step, data)
            count += 1
        return count

    def _meter(self, port: str, step: str | None) -> PortStepMeter:
        meter = self._meters.get((port, step))
        if meter is None:
            meter = self._meters[(port, step)] = PortStepMeter(port, step)
        return meter

    def summary(self) -> TrafficSummary:
        """Freeze what was seen (once, after the last message: notes still on become held notes)."""
        entries = tuple(meter.freeze() for meter in self._meters.values())
        return TrafficSummary(entries, self._echo.echoes())


def analyze(events: Iterable[MidiEvent]) -> TrafficSummary:
    """The summary of one stream of messages with one time base (handy in tests and checks' docs)."""
    analyzer = TrafficAnalyzer()
    analyzer.feed(events)
    return analyzer.summary()
