"""One listening step: a capture of the rig's ports tagged with the step, and what each channel did."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from diag.events import MidiEvent, clip_events
from diag.midi.capture import CaptureSession
from diag.rig import Rig
from diag.tui.model.channels import ChannelActivity
from diag.tui.wizard.plan import PlannedStep

SYSTEM = "system"
"""The activity key for messages without a channel (clock, transport, SysEx)."""


@dataclass
class RecordedStep:
    """What one step captured; `events` carry the step's name."""

    step: PlannedStep
    ports: list[str]
    events: list[MidiEvent] = field(default_factory=list)
    seconds: float = 0.0
    dropped: int = 0
    missing: list[str] = field(default_factory=list)
    """Ports that disappeared while listening (what came before is kept)."""

    @property
    def source(self) -> str:
        return f"wizard step {self.step.index + 1} ({self.step.name})"


def ports_to_capture(inputs: list[str], rig: Rig | None) -> list[str]:
    """The inputs to listen to: those the rig says what they show, or every one without a rig."""
    if rig is None:
        return list(inputs)
    return [port for port in inputs if rig.observer_for(port) is not None]


class Activity:
    """Messages per port and channel during a step, for the live display."""

    def __init__(self) -> None:
        self.channels = ChannelActivity()
        self.system: dict[str, int] = {}
        self.total = 0

    def feed(self, events: list[MidiEvent]) -> None:
        for event in events:
            first = event.data[0] if event.data else 0
            if 0x80 <= first < 0xF0:
                self.channels.feed(first, event)
            else:
                self.system[event.port] = self.system.get(event.port, 0) + 1
        self.total += len(events)


class Recorder:
    """Captures one step: open and start in a worker, drain on a timer, stop in a worker."""

    def __init__(self, step: PlannedStep, session: CaptureSession) -> None:
        self.record = RecordedStep(step, session.port_names)
        self.session = session
        self.activity = Activity()
        self._started = 0.0
        self._stopped = False

    def start(self) -> None:
        self.session.start()
        self._started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self._started if self._started else 0.0

    def session_now(self) -> float:
        """Seconds since the capture started, on the clock of the messages' times."""
        return (time.monotonic_ns() - self.session.start_ns) / 1e9 if self._started else 0.0

    def drain(self) -> int:
        """Take what the capture thread has stamped so far; the number of new messages."""
        if self._stopped or not self._started:
            return 0
        return self._take(self.session.drain())

    def _take(self, events: list[MidiEvent]) -> int:
        events = clip_events(events)  # a huge SysEx is kept as its head and true size (see diag.events)
        self.record.events.extend(events)
        self.activity.feed(events)
        return len(events)

    def stop(self) -> RecordedStep:
        """Stop the capture and close its ports (blocking: joins the capture thread)."""
        if not self._stopped:
            self._stopped = True
            self._take(self.session.stop())
            self.record.seconds = round(self.elapsed, 3)
            self.record.dropped = self.session.stats.dropped
        return self.record
