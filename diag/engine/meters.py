"""Small streaming meters, one per fact family: notes, SysEx, active sensing, odd messages."""

from __future__ import annotations

from collections import Counter, deque
from types import MappingProxyType

from diag.decode.message import describe
from diag.decode.universal import IdentityReply
from diag.events import true_size
from diag.engine.traffic import (
    HEADER_BYTES,
    ActiveSensingStats,
    Example,
    HeldNote,
    IdentitySeen,
    MalformedStats,
    NoteBalance,
    SysexStats,
    UndefinedStats,
)

MAX_EXAMPLES = 5
"""Odd messages kept as examples per port and step."""
MAX_HELD = 256
"""Held notes kept per port and step (16 channels x 128 notes could be held at once)."""
MAX_IDENTITIES = 16
MAX_HEADERS = 32
OTHER = "other"
SENSING_TIMEOUT = 0.3
"""MIDI 1.0: once active sensing started, a receiver may give up after 300 ms without any."""
FLOW_WINDOW = 2.0
"""Undefined bytes within this many seconds of a SysEx on the same port count as near it."""
EXAMPLE_BYTES = 16

NOTES_OFF_CONTROLLERS = frozenset({120, 123})
"""All Sound Off and All Notes Off end every note on their channel."""


def hex_of(data: bytes) -> str:
    """Bytes as upper-case hex pairs, clipped after EXAMPLE_BYTES."""
    text = data[:EXAMPLE_BYTES].hex(" ").upper()
    return text + " ..." if len(data) > EXAMPLE_BYTES else text


class NoteMeter:
    """Which notes sound: note-ons against note-offs per channel and note number."""

    __slots__ = ("held", "offs", "ons", "orphan_offs", "repeated_ons", "sounding")

    def __init__(self) -> None:
        self.ons = self.offs = self.repeated_ons = self.orphan_offs = 0
        self.sounding: dict[int, float] = {}
        """(channel index << 7 | note) -> time of its note-on."""
        self.held: list[HeldNote] = []

    def on(self, t: float, key: int) -> None:
        self.ons += 1
        if key in self.sounding:
            self.repeated_ons += 1
        self.sounding[key] = t

    def off(self, key: int) -> None:
        self.offs += 1
        if self.sounding.pop(key, None) is None:
            self.orphan_offs += 1

    def silence_channel(self, channel_index: int) -> None:
        for key in [k for k in self.sounding if k >> 7 == channel_index]:
            del self.sounding[key]

    def silence_all(self) -> None:
        self.sounding.clear()

    def end_segment(self, end_t: float | None) -> None:
        """Whatever still sounds at the end of a capture file is held."""
        for key, on_t in sorted(self.sounding.items()):
            if len(self.held) < MAX_HELD:
                self.held.append(HeldNote((key >> 7) + 1, key & 0x7F, on_t, end_t if end_t is not None else on_t))
        self.sounding.clear()

    def balance(self) -> NoteBalance:
        held = tuple(sorted(self.held, key=lambda h: (h.channel, h.note, h.on_t)))
        return NoteBalance(self.ons, self.offs, held, self.repeated_ons, self.orphan_offs)


class SysexMeter:
    """SysEx counts, sizes, makers, headers and Identity Replies."""

    __slots__ = ("count", "headers", "identities", "largest", "last_t", "makers", "smallest", "total")

    def __init__(self) -> None:
        self.count = self.largest = self.total = 0
        self.smallest = 0
        self.makers: Counter[str] = Counter()
        self.headers: Counter[str] = Counter()
        self.identities: dict[str, IdentitySeen] = {}
        self.last_t: float | None = None

    def add(self, t: float, data: bytes, maker: str, identity: IdentityReply | None) -> None:
        size = true_size(data)  # a SysEx clipped in memory counts at its true size
        self.smallest = min(self.smallest, size) if self.count else size
        self.count += 1
        self.largest = max(self.largest, size)
        self.total += size
        self.makers[maker] += 1
        self._header(data)
        if identity is not None and len(self.identities) < MAX_IDENTITIES:
            raw = data.hex(" ").upper()
            self.identities.setdefault(raw, _identity_seen(identity, raw))
        self.last_t = t

    def _header(self, data: bytes) -> None:
        header = data[:HEADER_BYTES].hex(" ").upper()
        if header in self.headers or len(self.headers) < MAX_HEADERS:
            self.headers[header] += 1
        else:
            self.headers[OTHER] += 1

    def stats(self) -> SysexStats:
        return SysexStats(self.count, self.smallest, self.largest, self.total, _frozen(self.makers),
                          _frozen(self.headers), tuple(self.identities.values()))


def _identity_seen(reply: IdentityReply, raw: str) -> IdentitySeen:
    maker = reply.manufacturer or reply.manufacturer_id.hex(" ").upper()
    return IdentitySeen(maker, reply.family, reply.member, reply.revision.hex(" ").upper(), raw)


def sysex_facts(data: bytes) -> tuple[str | None, str, IdentityReply | None]:
    """(why it is malformed or None, maker name, identity reply) for one SysEx message."""
    decoded = describe(data)
    if decoded.kind != "sysex":
        return decoded.note or "malformed SysEx", "", None
    maker = decoded.get("manufacturer") or decoded.get("manufacturer_id", b"").hex(" ").upper()
    return None, maker, decoded.get("identity")


class SensingMeter:
    """Active sensing: how many, and the gaps between them."""

    __slots__ = ("count", "last_t", "late", "longest_gap")

    def __init__(self) -> None:
        self.count = self.late = 0
        self.last_t: float | None = None
        self.longest_gap = 0.0

    def add(self, t: float) -> None:
        if self.last_t is not None:
            gap = t - self.last_t
            self.longest_gap = max(self.longest_gap, gap)
            self.late += gap > SENSING_TIMEOUT
        self.count += 1
        self.last_t = t

    def new_segment(self) -> None:
        self.last_t = None

    def stats(self) -> ActiveSensingStats | None:
        if not self.count:
            return None
        return ActiveSensingStats(self.count, round(self.longest_gap, 6), self.late)


class OddMeter:
    """Undefined status bytes and malformed messages, with examples and their nearness to SysEx."""

    __slots__ = ("examples", "firsts", "malformed", "near", "pending", "undefined")

    def __init__(self) -> None:
        self.malformed = 0
        self.examples: list[Example] = []
        self.undefined: Counter[int] = Counter()
        self.near: Counter[int] = Counter()
        self.firsts: dict[int, Example] = {}
        self.pending: deque[tuple[float, int]] = deque(maxlen=256)
        """Undefined bytes not yet near a SysEx: one may still follow within FLOW_WINDOW."""

    def add_malformed(self, t: float, data: bytes, reason: str) -> None:
        self.malformed += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(Example(t, hex_of(data), reason))

    def add_undefined(self, t: float, status: int, note: str, last_sysex_t: float | None) -> None:
        self.undefined[status] += 1
        self.firsts.setdefault(status, Example(t, f"{status:02X}", note))
        if last_sysex_t is not None and t - last_sysex_t <= FLOW_WINDOW:
            self.near[status] += 1
        else:
            self.pending.append((t, status))

    def sysex_came(self, t: float) -> None:
        """Undefined bytes shortly before this SysEx count as near it after all."""
        while self.pending:
            pending_t, status = self.pending.popleft()
            if t - pending_t <= FLOW_WINDOW:
                self.near[status] += 1

    def new_segment(self) -> None:
        self.pending.clear()

    def undefined_stats(self) -> MappingProxyType[int, UndefinedStats]:
        return MappingProxyType({
            status: UndefinedStats(status, count, self.near[status], self.firsts[status])
            for status, count in sorted(self.undefined.items())
        })

    def malformed_stats(self) -> MalformedStats:
        return MalformedStats(self.malformed, tuple(self.examples))


def _frozen(counter: Counter[str]) -> MappingProxyType[str, int]:
    return MappingProxyType(dict(counter.most_common()))
