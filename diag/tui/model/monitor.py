"""The monitor's model: a ring buffer of every message, counters, the shown rows, channels and tempo.

Memory is bounded: the ring and the rows hold at most `capacity` messages, each at most SYSEX_KEEP
bytes (a longer SysEx is clipped to its head with its true size as it comes in)."""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass

from diag.events import MidiEvent, clip_events
from diag.tui.model.categories import CATEGORY_BY_BYTE, Category
from diag.tui.model.channels import ChannelActivity
from diag.tui.model.filters import ViewFilter
from diag.tui.model.rows import Row, RowList
from diag.tui.model.tempo import ClockTracker

CAPACITY = 100_000
"""Messages kept in memory; older ones scroll out (and are counted)."""


@dataclass(frozen=True)
class Frozen:
    """What the list showed when the user paused: it no longer moves, filters still apply."""

    events: list[MidiEvent]
    """Every message in memory at that moment."""
    rows: list[Row]
    """The rows the filter showed at that moment."""
    total: int
    """Messages received up to that moment."""


class MonitorModel:
    """Everything the monitor knows, fed in batches; rows are raw and formatted only when drawn."""

    def __init__(self, capacity: int = CAPACITY, view: ViewFilter | None = None, fold: bool = True) -> None:
        self.ring: deque[MidiEvent] = deque(maxlen=capacity)
        self.filter = view or ViewFilter()
        self.rows = RowList(capacity, fold)
        self.channels = ChannelActivity()
        self.clock = ClockTracker()
        self.by_category = [0] * len(Category)
        self.by_port: dict[str, int] = {}
        self.total = 0
        self.generation = 0
        """Goes up whenever anything changes, so views know when to redraw."""

    @property
    def scrolled_out(self) -> int:
        """Messages no longer in memory because more than `capacity` arrived."""
        return self.total - len(self.ring)

    def count(self, category: Category) -> int:
        return self.by_category[category]

    def ingest(self, events: Sequence[MidiEvent]) -> None:
        """Take a batch of messages: count, follow channels and clock, keep, and add the shown rows."""
        if not events:
            return
        events = clip_events(events)  # a huge SysEx keeps its head and true size, never its whole body
        categories, ports, category_of = self.by_category, self.by_port, CATEGORY_BY_BYTE
        channel_feed, clock_feed = self.channels.feed, self.clock.feed
        for event in events:
            data = event.data
            first = data[0] if data else 0
            categories[category_of[first]] += 1
            ports[event.port] = ports.get(event.port, 0) + 1
            if 0x80 <= first < 0xF0:
                channel_feed(first, event)
            elif first >= 0xF2:
                clock_feed(first, event)
        self.ring.extend(events)
        self.rows.extend(events, self.filter)
        self.total += len(events)
        self.generation += 1

    def set_filter(self, view: ViewFilter) -> None:
        """Show what `view` lets through, from every message still in memory."""
        self.filter = view
        self.rows.rebuild(self.ring, view)
        self.generation += 1

    def set_fold(self, fold: bool) -> None:
        self.rows.fold = fold
        self.rows.rebuild(self.ring, self.filter)
        self.generation += 1

    def freeze(self) -> Frozen:
        """A still picture of the list and the messages behind it."""
        return Frozen(list(self.ring), list(self.rows.rows), self.total)

    def refilter(self, frozen: Frozen) -> Frozen:
        """The still picture again, under the current filter and folding."""
        rows = RowList(len(frozen.events) + 1, self.rows.fold)
        rows.extend(frozen.events, self.filter)
        return Frozen(frozen.events, list(rows.rows), frozen.total)

    def clear(self) -> None:
        """Forget every message and counter (the dropped count belongs to the source)."""
        self.ring.clear()
        self.rows.clear()
        self.channels.clear()
        self.clock.clear()
        self.by_category = [0] * len(Category)
        self.by_port.clear()
        self.total = 0
        self.generation += 1
