"""What travels on a simulated cable: raw MIDI bytes, the device that made them, and what was observed."""

from __future__ import annotations

from dataclasses import dataclass, replace

CLOCK = b"\xf8"
START = b"\xfa"
STOP = b"\xfc"


@dataclass(frozen=True)
class Message:
    """One MIDI message on the way through the rig."""

    data: bytes
    origin: str
    """The rig name of the device that made it (a cable or thru passing it on does not change it)."""

    @property
    def is_channel(self) -> bool:
        return 0x80 <= self.data[0] < 0xF0

    @property
    def channel(self) -> int | None:
        """1-16 for a channel message, else None."""
        return (self.data[0] & 0x0F) + 1 if self.is_channel else None

    @property
    def kind(self) -> int:
        """The status byte's upper nibble for channel messages (0x90 note-on...), else the whole status byte."""
        return self.data[0] & 0xF0 if self.is_channel else self.data[0]

    @property
    def is_note_on(self) -> bool:
        return self.kind == 0x90 and self.data[2] > 0

    @property
    def is_note_off(self) -> bool:
        return self.kind == 0x80 or (self.kind == 0x90 and self.data[2] == 0)

    @property
    def note(self) -> int:
        return self.data[1]

    @property
    def is_sysex(self) -> bool:
        return self.data[0] == 0xF0

    def on_channel(self, channel: int) -> Message:
        """The same channel message on another channel (1-16)."""
        return replace(self, data=bytes([(self.data[0] & 0xF0) | (channel - 1)]) + self.data[1:])

    def with_note(self, note: int) -> Message:
        return replace(self, data=bytes([self.data[0], note]) + self.data[2:])


def note_on(channel: int, note: int, velocity: int, origin: str) -> Message:
    return Message(bytes([0x90 | (channel - 1), note, velocity]), origin)


def note_off(channel: int, note: int, origin: str) -> Message:
    return Message(bytes([0x80 | (channel - 1), note, 0x40]), origin)


@dataclass(frozen=True)
class Tap:
    """A message seen by one of the rig's observers: what a computer port shows, and when."""

    t: float
    """Seconds from the start of the step."""
    port: str
    """The observer's port (as the rig file writes it)."""
    data: bytes


@dataclass(frozen=True)
class Sound:
    """A device made a sound: what a scenario asserts with "the Peak sounded"."""

    t: float
    device: str
    channel: int
    note: int
    voice: str = ""
    """The drum voice or track that played, where the device has several."""
