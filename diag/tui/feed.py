"""The pump between a source and the model: drains batches and ingests them within a time budget."""

import time

from diag.events import MidiEvent
from diag.tui.model.monitor import MonitorModel
from diag.tui.sources import EventSource

PUMP_SECONDS = 0.05
"""How often the app drains the source (the capture thread never waits for this)."""
BUDGET_SECONDS = 0.02
"""Longest stretch one pump spends ingesting; the rest waits for the next pump."""
CHUNK = 2_000


class Feed:
    """A source and the model it fills; what could not be ingested yet waits in a backlog."""

    def __init__(self, source: EventSource, model: MonitorModel | None = None,
                 budget: float = BUDGET_SECONDS) -> None:
        self.source = source
        self.model = model or MonitorModel()
        self.budget = budget
        self._pending: list[MidiEvent] = []
        self._offset = 0
        self.started = False

    @property
    def backlog(self) -> int:
        """Messages drained from the source and not yet in the model."""
        return len(self._pending) - self._offset

    @property
    def done(self) -> bool:
        """A finite source read to its end and everything ingested."""
        return self.source.finished and not self.backlog

    def start(self) -> None:
        """Start the source (blocking for a file: call it from a worker)."""
        self.source.start()
        self.started = True

    def pump(self) -> int:
        """Drain the source and ingest for at most `budget` seconds; the number of messages ingested."""
        fresh = self.source.drain()
        if fresh:
            self._pending.extend(fresh)
        return self._ingest(time.perf_counter() + self.budget)

    def _ingest(self, deadline: float) -> int:
        ingested = 0
        while self.backlog:
            chunk = self._pending[self._offset : self._offset + CHUNK]
            self.model.ingest(chunk)
            self._offset += len(chunk)
            ingested += len(chunk)
            if time.perf_counter() >= deadline:
                break
        if not self.backlog:
            self._pending, self._offset = [], 0
        elif self._offset >= 100_000:
            del self._pending[: self._offset]
            self._offset = 0
        return ingested

    def stop(self) -> None:
        """Stop the source and keep what it still held."""
        self._pending.extend(self.source.stop())
        self._ingest(float("inf"))
