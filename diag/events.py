"""The one record every layer passes around: a raw MIDI message with its time and port."""

from collections.abc import Sequence
from typing import NamedTuple

SYSEX_KEEP = 64 * 1024
"""The most bytes of one message kept in memory; a longer one (a huge or endless SysEx) keeps its
first SYSEX_KEEP bytes and its true size (see Clipped). Capture files still get it whole."""


class Clipped(bytes):
    """The first bytes of a message too long to keep whole; `size` is its true length.

    It is bytes (the head) everywhere bytes go, so the true size travels with the data through
    every layer; consumers that print or count a message check `true_size()`. Two Clipped are
    equal only when both head and size are.
    """

    size: int

    def __new__(cls, head: bytes, size: int) -> "Clipped":
        if size <= len(head):
            raise ValueError(f"a Clipped head of {len(head)} bytes needs a true size above that, not {size}")
        clipped = super().__new__(cls, head)
        clipped.size = size
        return clipped

    def __eq__(self, other: object) -> bool:
        return bytes.__eq__(self, other) is True and getattr(other, "size", None) == self.size

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((bytes(self), self.size))

    def __reduce__(self) -> tuple:
        return (Clipped, (bytes(self), self.size))

    def __repr__(self) -> str:
        return f"Clipped({bytes(self[:8])!r}..., {len(self)} of {self.size} bytes)"


def true_size(data: bytes) -> int:
    """How many bytes `data` stands for: its length, or a Clipped head's true size."""
    return data.size if type(data) is Clipped else len(data)


def is_clipped(data: bytes) -> bool:
    """True when `data` is only the head of a longer message."""
    return type(data) is Clipped


def clip(data: bytes, keep: int = SYSEX_KEEP) -> bytes:
    """`data` itself when it is at most `keep` bytes long, else its head as a Clipped."""
    if len(data) <= keep:
        return data
    return Clipped(bytes(data[:keep]), true_size(data))


class MidiEvent(NamedTuple):
    """One MIDI message as received, never altered (only clipped when longer than SYSEX_KEEP)."""

    t: float
    """Seconds since the capture started (microsecond resolution)."""
    port: str
    """The port name as the MIDI system reported it."""
    data: bytes
    """The message's raw bytes; a SysEx message whole, F0 to F7; a Clipped head when it is longer
    than SYSEX_KEEP and was clipped to be kept in memory."""
    step: str | None = None
    """What the user was doing while it was captured (keys, pads, sequencer, idle...)."""

    @property
    def size(self) -> int:
        """The message's true length in bytes (more than len(data) when clipped)."""
        return true_size(self.data)

    @property
    def clipped(self) -> bool:
        return type(self.data) is Clipped


def clip_event(event: MidiEvent, keep: int = SYSEX_KEEP) -> MidiEvent:
    """The event with its data clipped to `keep` bytes (the same event when it is short)."""
    if len(event.data) <= keep:
        return event
    return MidiEvent(event.t, event.port, clip(event.data, keep), event.step)


def clip_events(events: Sequence[MidiEvent], keep: int = SYSEX_KEEP) -> Sequence[MidiEvent]:
    """The batch with every message longer than `keep` clipped (the same batch when none is)."""
    for index, event in enumerate(events):
        if len(event.data) > keep:
            return [*events[:index], *(clip_event(e, keep) for e in events[index:])]
    return events
