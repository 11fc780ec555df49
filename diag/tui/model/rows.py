"""The list's rows: the messages the filter shows, with repeats of one message folded into a count."""

from collections import deque
from collections.abc import Iterable
from typing import NamedTuple

from diag.events import MidiEvent
from diag.tui.model.filters import ViewFilter


class Row(NamedTuple):
    """One line of the list: a message, or a run of the same message from the same port."""

    event: MidiEvent
    """The latest message of the run (its time is the one shown)."""
    times: int
    """How many times in a row it arrived (1 when not repeated)."""
    first_t: float
    """When the run started."""


class RowList:
    """At most `capacity` rows, oldest first; what falls off the front is counted."""

    def __init__(self, capacity: int, fold: bool = True) -> None:
        self.rows: deque[Row] = deque(maxlen=capacity)
        self.fold = fold
        self.appended = 0
        """Rows ever added (a folded repeat does not add a row)."""

    @property
    def scrolled_out(self) -> int:
        """Rows that fell off the front because the list was full."""
        return self.appended - len(self.rows)

    def clear(self) -> None:
        self.rows.clear()
        self.appended = 0

    def extend(self, events: Iterable[MidiEvent], view: ViewFilter) -> None:
        """Add the events the filter shows, folding each repeat into the row before it."""
        rows, table, hidden_ports, fold = self.rows, view.status_table, view.hidden_ports, self.fold
        appended = 0
        for event in events:
            data = event.data
            if not table[data[0] if data else 0] or event.port in hidden_ports:
                continue
            if fold and rows:
                last = rows[-1]
                if last.event.data == data and last.event.port == event.port:
                    rows[-1] = Row(event, last.times + 1, last.first_t)
                    continue
            rows.append(Row(event, 1, event.t))
            appended += 1
        self.appended += appended

    def rebuild(self, events: Iterable[MidiEvent], view: ViewFilter) -> None:
        """Start again from `events` (after the filter or folding changed)."""
        self.clear()
        self.extend(events, view)
