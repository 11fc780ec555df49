"""The one record every layer passes around: a raw MIDI message with its time and port."""

from typing import NamedTuple


class MidiEvent(NamedTuple):
    """One MIDI message as received, never altered."""

    t: float
    """Seconds since the capture started (microsecond resolution)."""
    port: str
    """The port name as the MIDI system reported it."""
    data: bytes
    """The message's raw bytes; a SysEx message whole, F0 to F7."""
    step: str | None = None
    """What the user was doing while it was captured (keys, pads, sequencer, idle...)."""
