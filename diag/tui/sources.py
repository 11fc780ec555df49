"""Where the monitor's messages come from: a live capture session, or a capture file replayed."""

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

from diag.captures import iter_capture
from diag.events import MidiEvent
from diag.midi.capture import CaptureSession
from diag.midi.watch import PortNotice

REPLAY_CHUNK = 20_000
"""Messages a replay hands over per drain, so a large file fills the list without freezing it."""


class EventSource(Protocol):
    """What the monitor needs from a source of MIDI messages."""

    live: bool
    """True while messages keep arriving (a capture); False for a file."""
    label: str
    """What is being watched, in a few words."""
    warnings: list[str]
    """Problems met while reading that did not stop it."""

    @property
    def notices(self) -> list[PortNotice]:
        """Ports that vanished or came back, the MIDI system stopping (a live source only), in order."""
        ...

    @property
    def port_names(self) -> list[str]: ...

    @property
    def dropped(self) -> int: ...

    @property
    def gone_ports(self) -> list[str]: ...

    @property
    def finished(self) -> bool: ...

    def start(self) -> None: ...

    def drain(self) -> list[MidiEvent]: ...

    def stop(self) -> list[MidiEvent]: ...

    def now(self) -> float: ...


class LiveSource:
    """A running CaptureSession: its thread stamps messages, drain() hands them over."""

    live = True

    def __init__(self, session: CaptureSession, now: Callable[[], float] | None = None) -> None:
        self.session = session
        self.label = ", ".join(session.port_names)
        self.warnings: list[str] = []
        self._now = now
        self._started = False
        self._stopped = False

    @property
    def port_names(self) -> list[str]:
        return self.session.port_names

    @property
    def dropped(self) -> int:
        return self.session.stats.dropped

    @property
    def notices(self) -> list[PortNotice]:
        return self.session.notices

    @property
    def gone_ports(self) -> list[str]:
        return self.session.gone_ports

    @property
    def finished(self) -> bool:
        return self._stopped

    def start(self) -> None:
        self.session.start()
        self._started = True

    def drain(self) -> list[MidiEvent]:
        return self.session.drain() if self._started and not self._stopped else []

    def stop(self) -> list[MidiEvent]:
        """Stop the capture and close its ports (once); the messages not yet drained."""
        if self._stopped:
            return []
        self._stopped = True
        if not self._started:
            self.session.close()
            return []
        return self.session.stop()

    def now(self) -> float:
        """Seconds since the capture started, on the same clock as the messages' times."""
        if self._now is not None:
            return self._now()
        if not self._started:
            return 0.0
        return (time.monotonic_ns() - self.session.start_ns) / 1e9


class ReplaySource:
    """Messages already recorded: handed over in chunks, then finished."""

    live = False

    def __init__(self, events: Sequence[MidiEvent] = (), label: str = "recorded messages") -> None:
        self.label = label
        self.warnings: list[str] = []
        self.notices: list[PortNotice] = []
        self._given = events
        self._events: Sequence[MidiEvent] | None = None
        self._offset = 0
        self._ports: list[str] = []
        self._lock = threading.Lock()

    def load(self) -> Sequence[MidiEvent]:
        """The messages to replay (blocking in subclasses that read files)."""
        return self._given

    @property
    def port_names(self) -> list[str]:
        return self._ports

    @property
    def dropped(self) -> int:
        return 0

    @property
    def gone_ports(self) -> list[str]:
        return []

    @property
    def finished(self) -> bool:
        return self._events is not None and self._offset >= len(self._events)

    def start(self) -> None:
        """Load everything (blocking for a file: run it in a worker)."""
        events = self.load()
        ports = list(dict.fromkeys(event.port for event in events))
        with self._lock:
            self._events, self._ports = events, ports

    def drain(self) -> list[MidiEvent]:
        with self._lock:
            if self._events is None:
                return []
            chunk = list(self._events[self._offset : self._offset + REPLAY_CHUNK])
            self._offset += len(chunk)
            return chunk

    def stop(self) -> list[MidiEvent]:
        return []

    def now(self) -> float:
        """The time of the last message: a file's moment is its end."""
        return self._events[-1].t if self._events else 0.0


class FileSource(ReplaySource):
    """A capture file (.jsonl, .mid, .syx), read when the source starts."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        super().__init__(label=self.path.name)

    def load(self) -> list[MidiEvent]:
        reader = iter_capture(self.path)
        events = list(reader)
        self.warnings = list(reader.warnings)
        return events
