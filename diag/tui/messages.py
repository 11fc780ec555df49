"""Messages between the shell and its screens: requests up to the app, results back down."""

from dataclasses import dataclass
from pathlib import Path

from textual.message import Message

from diag.captures import WriteSummary
from diag.events import MidiEvent


@dataclass
class SaveRequested(Message):
    """A screen asks the app to write messages to a capture file (in a worker)."""

    path: Path
    """Where to write; the suffix picks the format."""
    events: list[MidiEvent]
    """The messages, already copied out of the ring buffer."""
    ports: list[str]
    """Every port to name in the file's header, silent ones included."""


@dataclass
class CaptureSaved(Message):
    """The app wrote a capture file."""

    summary: WriteSummary
    """What the file holds and where it is."""


@dataclass
class WorkFailed(Message):
    """A background job (opening the source, saving a file) failed; the screen should say so."""

    what: str
    """What was being done, in a few words ("save the capture")."""
    reason: str
    """The error, one line, for the user."""
