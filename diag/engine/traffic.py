"""The traffic summary a check reads: read-only facts per (port, step), derived in one pass."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from diag.engine.clock import ClockStats

Counts = Mapping[int, int]
"""A read-only count per number (channel, note number, controller, program, status byte)."""

EMPTY: Mapping[Any, Any] = MappingProxyType({})

ECHO_KINDS = ("note_on", "note_off", "control_change", "program_change", "sysex")
"""The kinds echoes are looked for among (see diag.engine.echo.ECHO_STATUS)."""



def _empty() -> Mapping[Any, Any]:
    return EMPTY


HEADER_BYTES = 6
"""How many leading bytes of a SysEx are kept as its header (enough for a three-byte maker ID,
a device and a model byte, as the device files' `sysex.header` give them)."""


@dataclass(frozen=True)
class HeldNote:
    """A note whose note-on had no note-off when its port's traffic for the step ended."""

    channel: int
    note: int
    """The note number (compare numbers, never names: makers name octaves differently)."""
    on_t: float
    """When the last note-on for it came."""
    end_t: float
    """The last message on the port in that step (in that capture file)."""

    @property
    def held_for(self) -> float:
        """Seconds of traffic that followed the note-on without its note-off."""
        return self.end_t - self.on_t


@dataclass(frozen=True)
class NoteBalance:
    """Note-ons against note-offs (a note-on with velocity 0 counts as a note-off)."""

    ons: int = 0
    offs: int = 0
    held: tuple[HeldNote, ...] = ()
    """Notes still on at the end, in channel then note order."""
    repeated_ons: int = 0
    """Note-ons for a note that was already on (its note-off never came in between)."""
    orphan_offs: int = 0
    """Note-offs for a note that was not on (normal at the start of a capture)."""


@dataclass(frozen=True)
class TransportEvent:
    """A start, stop, continue or song position pointer, in the order they came."""

    t: float
    kind: str
    """"start", "stop", "continue" or "songpos"."""
    position: int | None = None
    """Song position in sixteenth notes, for "songpos"."""


@dataclass(frozen=True)
class IdentitySeen:
    """A Universal Identity Reply, decoded."""

    manufacturer: str
    """The manufacturer's name, or its ID in hex when unknown."""
    family: int
    member: int
    revision: str
    """The four revision bytes in hex."""
    raw: str
    """The whole reply in hex."""


@dataclass(frozen=True)
class SysexStats:
    """System exclusive messages that arrived whole (truncated ones count as malformed)."""

    count: int = 0
    smallest: int = 0
    largest: int = 0
    total_bytes: int = 0
    manufacturers: Mapping[str, int] = field(default_factory=_empty)
    """Maker name (or ID in hex) -> messages."""
    headers: Mapping[str, int] = field(default_factory=_empty)
    """The first HEADER_BYTES bytes in hex -> messages (at most 32 distinct; the rest under "other")."""
    identities: tuple[IdentitySeen, ...] = ()
    """Distinct Identity Replies, in arrival order."""

    def has_header(self, header_hex: str) -> bool:
        """True when a SysEx started with these bytes ("F0 00 21 23 00 04")."""
        wanted = " ".join(header_hex.upper().split()[:HEADER_BYTES])
        return any(seen.startswith(wanted) for seen in self.headers)


@dataclass(frozen=True)
class ActiveSensingStats:
    """Active sensing (FE): a sender's keep-alive, due at least every 300 ms once it started."""

    count: int = 0
    longest_gap: float = 0.0
    """The longest time between two FE bytes, seconds."""
    late: int = 0
    """Gaps longer than 300 ms, after which a receiver may assume the cable was pulled."""


@dataclass(frozen=True)
class Example:
    """One message kept as an example: when it came, its bytes and what is odd about it."""

    t: float
    hex: str
    """Its bytes in hex (clipped after 16 bytes)."""
    reason: str


@dataclass(frozen=True)
class UndefinedStats:
    """An undefined status byte (F4, F5, F9, FD) seen as a message of its own."""

    status: int
    count: int
    near_sysex: int
    """How many came within 2 s of a SysEx on the same port (flow control looks like this)."""
    first: Example


@dataclass(frozen=True)
class MalformedStats:
    """Messages that are not one well-formed MIDI message (cut off, data byte first, stray F7)."""

    count: int = 0
    examples: tuple[Example, ...] = ()


@dataclass(frozen=True)
class PortTraffic:
    """Everything seen on one port during one step (merged over the capture files)."""

    port: str
    step: str | None
    """None when the capture did not say which step it was."""
    messages: int = 0
    first_t: float | None = None
    last_t: float | None = None
    kinds: Mapping[str, int] = field(default_factory=_empty)
    """mido type name ("note_on", "clock", "undefined", "malformed"...) -> messages."""
    channels: Mapping[str, Counts] = field(default_factory=_empty)
    """Channel message kind -> {channel 1-16: messages}."""
    notes: Mapping[int, Counts] = field(default_factory=_empty)
    """Channel -> {note number: note-ons with velocity above 0}."""
    controls: Mapping[int, Counts] = field(default_factory=_empty)
    """Channel -> {controller number: control changes}."""
    programs: Mapping[int, Counts] = field(default_factory=_empty)
    """Channel -> {program number: program changes}."""
    balance: NoteBalance = field(default_factory=NoteBalance)
    clock: ClockStats | None = None
    """None when no clock tick came."""
    transport: tuple[TransportEvent, ...] = ()
    """The first transport messages in order (at most 64; `kinds` has the full counts)."""
    sysex: SysexStats = field(default_factory=SysexStats)
    active_sensing: ActiveSensingStats | None = None
    undefined: Mapping[int, UndefinedStats] = field(default_factory=_empty)
    """Status byte -> its stats."""
    malformed: MalformedStats = field(default_factory=MalformedStats)

    @property
    def silent(self) -> bool:
        """True when the port was captured in this step and nothing at all came."""
        return self.messages == 0

    @property
    def duration(self) -> float:
        """Seconds from the first to the last message."""
        if self.first_t is None or self.last_t is None:
            return 0.0
        return self.last_t - self.first_t

    def count(self, kind: str) -> int:
        """Messages of one kind ("note_on", "clock", "sysex"...)."""
        return self.kinds.get(kind, 0)

    def channels_seen(self, kind: str | None = None) -> tuple[int, ...]:
        """Channels (1-16) that carried messages of `kind`, or of any channel kind."""
        kinds = [kind] if kind else list(self.channels)
        return tuple(sorted({channel for name in kinds for channel in self.channels.get(name, EMPTY)}))

    def note_numbers(self, channel: int | None = None) -> Counts:
        """Note number -> note-ons on one channel, or on every channel together."""
        if channel is not None:
            return self.notes.get(channel, EMPTY)
        merged: dict[int, int] = {}
        for counts in self.notes.values():
            for note, count in counts.items():
                merged[note] = merged.get(note, 0) + count
        return MappingProxyType(dict(sorted(merged.items())))

    @property
    def channel_messages(self) -> int:
        """Channel voice messages (notes, controllers, programs, pressure, pitch bend)."""
        return sum(sum(counts.values()) for counts in self.channels.values())

    @property
    def watched_for_echo(self) -> int:
        """Notes, controllers, programs and SysEx: the messages echoes are looked for among."""
        return sum(self.count(kind) for kind in ECHO_KINDS)

    @property
    def played_notes(self) -> int:
        """Note-ons with velocity above 0, on every channel."""
        return sum(sum(counts.values()) for counts in self.notes.values())


@dataclass(frozen=True)
class Echo:
    """Messages that came again within a few milliseconds: the mark of a MIDI feedback loop."""

    source_port: str
    """Where the message came first."""
    echo_port: str
    """Where it came again (the same port when a loop feeds a port back into itself)."""
    step: str | None
    count: int
    """Messages that came again."""
    returns: int
    """Of those, how many came back to a port the same message had already been on: a loop.
    A device passing messages on from one observed port to another echoes without returning."""
    longest_chain: int
    """The most times one message came in a row, each within the window of the one before."""
    min_delay: float
    max_delay: float
    example: str
    """One echoed message in hex."""

    @property
    def same_port(self) -> bool:
        return self.source_port == self.echo_port


@dataclass(frozen=True)
class TrafficSummary:
    """Every (port, step) seen or captured, in the order they first came, plus the echoes."""

    entries: tuple[PortTraffic, ...] = ()
    echoes: tuple[Echo, ...] = ()
    """Echoes by (source port, echo port, step), most first."""

    def __iter__(self) -> Iterator[PortTraffic]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, port: str, step: str | None) -> PortTraffic | None:
        """The traffic of one port in one step, or None when that pair was not captured."""
        return next((e for e in self.entries if e.port == port and e.step == step), None)

    @property
    def ports(self) -> tuple[str, ...]:
        """Every captured port, in the order first seen."""
        return tuple(dict.fromkeys(entry.port for entry in self.entries))

    @property
    def steps(self) -> tuple[str | None, ...]:
        """Every captured step, in the order first seen."""
        return tuple(dict.fromkeys(entry.step for entry in self.entries))

    def for_port(self, port: str) -> tuple[PortTraffic, ...]:
        return tuple(entry for entry in self.entries if entry.port == port)

    def for_step(self, step: str | None) -> tuple[PortTraffic, ...]:
        return tuple(entry for entry in self.entries if entry.step == step)

    @property
    def total_messages(self) -> int:
        return sum(entry.messages for entry in self.entries)

    def with_clock(self, step: str | None = None) -> tuple[PortTraffic, ...]:
        """Entries that carried clock ticks, in one step or in any."""
        return tuple(e for e in self.entries if e.clock and (step is None or e.step == step))
