"""Writing the messages in memory to a capture file, and the default name to offer."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from diag.captures import SUFFIXES, WriteSummary, open_writer
from diag.errors import UsageError
from diag.events import MidiEvent

BATCH = 5_000


def default_path(now: datetime | None = None, suffix: str = ".jsonl") -> Path:
    """A file name in the current folder that says when it was saved."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    return Path(f"midi-diag-monitor-{stamp}{suffix}")


def check_path(text: str) -> Path:
    """The path the user typed, if its suffix names a capture format; a UsageError otherwise."""
    path = Path(text.strip()).expanduser()
    if not text.strip():
        raise UsageError("type a file name")
    if path.suffix.lower() not in SUFFIXES:
        raise UsageError(f"the name must end in {', '.join(SUFFIXES)}")
    return path


def save_events(path: Path, events: Sequence[MidiEvent], ports: Sequence[str],
                meta: dict[str, Any] | None = None) -> WriteSummary:
    """Write `events` to `path` in the format its suffix names (blocking: run it in a worker)."""
    with open_writer(path, list(ports), meta) as writer:
        for start in range(0, len(events), BATCH):
            writer.write(events[start : start + BATCH])
    return writer.close()
