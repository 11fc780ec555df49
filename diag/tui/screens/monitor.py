"""The live monitor: the message list, the status lines and the channel panel, fed from the app's pump."""

import time
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.signal import Signal
from textual.widgets import Footer

from diag.midi.watch import BACK, GONE, RENAMED, PortNotice
from diag.tui.feed import Feed
from diag.tui.format import RowFormatter, port_labels
from diag.tui.messages import CaptureSaved, SaveRequested, WorkFailed
from diag.tui.model.categories import Category
from diag.tui.model.filters import ViewFilter
from diag.tui.model.monitor import Frozen, MonitorModel
from diag.tui.saving import default_path
from diag.tui.screens.detail import DetailScreen
from diag.tui.screens.filters import FilterScreen
from diag.tui.screens.save import SaveScreen
from diag.tui.summaries import ViewState, panel_lines, status_lines
from diag.tui.widgets.channel_panel import ChannelPanel
from diag.tui.widgets.event_list import EventList
from diag.tui.widgets.status_bar import StatusBar

LABEL_WIDTH = 16
"""Port labels in the status lines and the panel are shortened to this where words can go."""
PANEL_SECONDS = 0.25
"""The panel and status lines are redrawn at most this often (the list at every pump)."""


def notice_text(notice: PortNotice) -> tuple[str, bool]:
    """A one-line account of a port notice, and whether it is bad news."""
    if notice.what == GONE:
        text = (f"⚠ '{notice.port}' went away at {notice.t:.1f} s (unplugged?): what came before is kept; "
                "it reconnects by itself when it is back")
        return text, True
    if notice.what == BACK:
        under = f" as '{notice.now_named}'" if notice.now_named else ""
        return f"'{notice.port}' is back{under} at {notice.t:.1f} s: listening again", False
    if notice.what == RENAMED:
        return f"'{notice.port}' is now named '{notice.now_named}' ({notice.t:.1f} s)", False
    text = (f"⚠ the MIDI system stopped at {notice.t:.1f} s: what was captured is kept (s saves it); "
            "nothing more can arrive")
    return text, True


class MonitorScreen(Screen[None]):
    """Shows what the feed holds; pausing freezes the list while the feed keeps filling."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "pause", "Pause"),
        Binding("f", "filters", "Filter"),
        Binding("c", "toggle_category('CLOCK')", "Clock"),
        Binding("a", "toggle_category('ACTIVE_SENSING')", "Act.sense", show=False),
        Binding("r", "toggle_fold", "Fold repeats", show=False),
        Binding("p", "toggle_panel", "Panel"),
        Binding("m", "toggle_middle_c", "Middle C", show=False),
        Binding("s", "save", "Save"),
    ]

    def __init__(self, feed: Feed, traffic: Signal[Feed], middle_c: str = "C4") -> None:
        super().__init__()
        self.feed = feed
        self.traffic = traffic
        self.formatter = RowFormatter(middle_c)
        self.frozen: Frozen | None = None
        self.notice, self.notice_is_error = "", False
        self._seen_generation = -1
        self._notices_told = 0
        self._known_ports: frozenset[str] = frozenset()
        self._panel_drawn_at = 0.0
        self._drawn_mode = ""

    @property
    def model(self) -> MonitorModel:
        return self.feed.model

    @property
    def mode(self) -> str:
        """"live", "paused", "file" or "loading"."""
        if self.feed.source.live:
            return "paused" if self.frozen else "live"
        return "file" if self.feed.done else "loading"

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            yield EventList(self.formatter, id="events")
            yield ChannelPanel(id="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.traffic.subscribe(self, self.on_traffic, immediate=True)
        self.events.follow = self.feed.source.live
        self.events.focus()
        self.redraw(force=True)

    @property
    def events(self) -> EventList:
        return self.query_one(EventList)

    def on_traffic(self, _feed: Feed) -> None:
        self.tell_notices()
        self.redraw()

    def tell_notices(self) -> None:
        """Say what happened to the ports since the last pump (the capture layer's watcher noticed it)."""
        notices = self.feed.source.notices
        for notice in notices[self._notices_told :]:
            text, bad = notice_text(notice)
            self.say(text, error=bad)
            if bad:
                self.app.notify(text, severity="warning", timeout=8)
        self._notices_told = len(notices)

    def redraw(self, force: bool = False) -> None:
        """Bring the list up to date, and the status and panel when due."""
        model = self.model
        if model.generation != self._seen_generation and self.frozen is None:
            self._seen_generation = model.generation
            self._update_labels()
            self.events.show(model.rows.rows)
        now = time.monotonic()
        if force or self.mode != self._drawn_mode or now - self._panel_drawn_at >= PANEL_SECONDS:
            self._panel_drawn_at, self._drawn_mode = now, self.mode
            self.redraw_status()

    def redraw_status(self) -> None:
        """Status lines and channel panel, from the model as it is now."""
        source, label = self.feed.source, self._label
        source_now = source.now()
        self.query_one(StatusBar).show(status_lines(self.model, self._view_state(), source_now, label))
        panel = self.query_one(ChannelPanel)
        if panel.display:
            panel.show(panel_lines(self.model, source_now, label, self.formatter.note))

    def _view_state(self) -> ViewState:
        source = self.feed.source
        new = self.model.total - self.frozen.total if self.frozen else 0
        label = source.label
        if source.gone_ports:
            label += f" · GONE: {', '.join(source.gone_ports)}"
        return ViewState(self.mode, label, source.dropped, new, self.feed.backlog,
                         self.formatter.middle_c, self.notice, self.notice_is_error)

    def _label(self, port: str) -> str:
        return self.formatter.port_label(port, LABEL_WIDTH)

    def _update_labels(self) -> None:
        ports = frozenset(self.model.by_port) | frozenset(self.feed.source.port_names)
        if ports != self._known_ports:
            self._known_ports = ports
            self.formatter.labels = port_labels(sorted(ports))

    def say(self, notice: str, error: bool = False) -> None:
        """Show a one-line notice in the status bar (and a toast for errors)."""
        self.notice, self.notice_is_error = notice, error
        self.redraw(force=True)

    # Pausing -----------------------------------------------------------------

    def action_pause(self) -> None:
        if not self.feed.source.live:
            self.say("a capture file does not move: nothing to pause")
        elif self.frozen is None:
            self.pause()
        else:
            self.resume()

    def pause(self) -> None:
        """Freeze the list as it is; the feed keeps filling the model underneath."""
        self.frozen = self.model.freeze()
        self.events.show(self.frozen.rows, follow=False)
        self.redraw(force=True)

    def resume(self) -> None:
        """Show the live list again, following the newest row."""
        self.frozen = None
        self._seen_generation = -1
        self.events.follow = True
        self.redraw(force=True)

    @on(EventList.ScrolledBack)
    def pause_on_scroll(self) -> None:
        if self.feed.source.live and self.frozen is None:
            self.pause()

    # Filters and display -------------------------------------------------------

    def action_filters(self) -> None:
        ports = list(self.model.by_port) + self.feed.source.port_names
        self.app.push_screen(FilterScreen(self.model.filter, ports), self.apply_filter)

    def action_toggle_category(self, name: str) -> None:
        self.apply_filter(self.model.filter.toggle_category(Category[name]))

    def apply_filter(self, view: ViewFilter | None) -> None:
        """Use a new filter on the live list and, when paused, on the frozen one."""
        if view is None or view == self.model.filter:
            return
        self.model.set_filter(view)
        self._refilter_frozen()

    def action_toggle_fold(self) -> None:
        self.model.set_fold(not self.model.rows.fold)
        self._refilter_frozen()
        self.say("repeats folded into one row" if self.model.rows.fold else "every repeat on its own row")

    def _refilter_frozen(self) -> None:
        if self.frozen is not None:
            self.frozen = self.model.refilter(self.frozen)
            self.events.show(self.frozen.rows)
        self.redraw(force=True)

    def action_toggle_middle_c(self) -> None:
        self.formatter.middle_c = "C3" if self.formatter.middle_c == "C4" else "C4"
        self.events.refresh()
        self.say(f"note 60 is now called {self.formatter.middle_c}")

    def action_toggle_panel(self) -> None:
        shown = self.query_one(ChannelPanel).display
        self.set_class(shown, "-hide-panel")
        self.set_class(not shown, "-show-panel")
        self.redraw(force=True)

    @on(EventList.Chosen)
    def show_detail(self, message: EventList.Chosen) -> None:
        self.app.push_screen(DetailScreen(message.row, self.formatter.middle_c))

    # Saving --------------------------------------------------------------------

    def action_save(self) -> None:
        count = len(self.model.ring)
        what = f"{count:,} messages in memory (every type, hidden ones too) will be saved."
        if self.model.scrolled_out:
            what += f" The oldest {self.model.scrolled_out:,} are no longer in memory."
        self.app.push_screen(SaveScreen(default_path(), what), self.save_to)

    def save_to(self, path: Path | None) -> None:
        if path is not None:
            ports = list(dict.fromkeys([*self.feed.source.port_names, *self.model.by_port]))
            self.say(f"saving to {path} …")
            self.post_message(SaveRequested(path, list(self.model.ring), ports))

    @on(CaptureSaved)
    def saved(self, message: CaptureSaved) -> None:
        summary = message.summary
        left = f" ({summary.left_out:,} left out: the format cannot hold them)" if summary.left_out else ""
        if summary.clipped:
            left += f" ({summary.clipped:,} SysEx over 64 KiB left out: only their head was kept in memory)"
        self.say(f"saved {summary.kept:,} messages to {summary.path.resolve()}{left}")

    @on(WorkFailed)
    def failed(self, message: WorkFailed) -> None:
        self.say(f"could not {message.what}: {message.reason}", error=True)

    # Command palette -----------------------------------------------------------

    def palette_commands(self) -> Iterable[SystemCommand]:
        """The monitor's actions, for the command palette."""
        paused = self.frozen is not None
        clock = self.model.filter.showing(Category.CLOCK)
        sensing = self.model.filter.showing(Category.ACTIVE_SENSING)
        yield SystemCommand("Resume" if paused else "Pause", "Freeze or unfreeze the list (space)",
                            self.action_pause)
        yield SystemCommand("Filter…", "Show or hide types, channels and ports (f)", self.action_filters)
        yield SystemCommand("Hide clock" if clock else "Show clock", "Clock is always counted (c)",
                            lambda: self.action_toggle_category("CLOCK"))
        yield SystemCommand("Hide active sensing" if sensing else "Show active sensing",
                            "Active sensing is always counted (a)",
                            lambda: self.action_toggle_category("ACTIVE_SENSING"))
        yield SystemCommand("Fold repeats on/off", "One row with a count for a repeated message (r)",
                            self.action_toggle_fold)
        yield SystemCommand("Channel panel", "Show or hide the per-channel panel (p)", self.action_toggle_panel)
        yield SystemCommand("Middle C: C3 / C4", "Switch how note 60 is named (m)", self.action_toggle_middle_c)
        yield SystemCommand("Save capture…", "Write the messages in memory to .jsonl, .mid or .syx (s)",
                            self.action_save)
        yield SystemCommand("Details of the selected row", "Hex dump, maker, identity, RK-004 (enter)",
                            self.events.action_choose)
