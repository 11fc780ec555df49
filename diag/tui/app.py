"""The composition root: make_app() builds the app around an injected source, for the CLI and tests alike."""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, cast

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.signal import Signal
from textual.worker import Worker, WorkerState

from diag.captures import WriteSummary
from diag.events import MidiEvent
from diag.tui.feed import PUMP_SECONDS, Feed
from diag.tui.format import WIDE_FROM
from diag.tui.messages import CaptureSaved, SaveRequested, WorkFailed
from diag.tui.model.monitor import CAPACITY, MonitorModel
from diag.tui.rk004.screen import Rk004Screen
from diag.tui.rk004.session import ClientFactory
from diag.tui.saving import save_events
from diag.tui.screens.monitor import MonitorScreen
from diag.tui.sources import EventSource, ReplaySource

THEMES = {"dark": "textual-dark", "light": "textual-light"}
"""Short theme names accepted by make_app (any Textual theme name works too)."""


class MidiDiagApp(App[None]):
    """The shell: owns the feed and its pump, shows screens, turns failed jobs into visible errors."""

    CSS_PATH = "theme.tcss"
    TITLE = "midi-diag"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE_FROM, "-wide")]  # noqa: RUF012 - typed so by Textual
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False),
        Binding("question_mark", "show_help_panel", "Keys", show=False),
    ]

    def __init__(self, feed: Feed, *, middle_c: str = "C4", theme: str = "dark",
                 quit_after: float | None = None, rk004: ClientFactory | None = None,
                 first_screen: Callable[[], Screen[Any]] | None = None) -> None:
        super().__init__()
        self.feed = feed
        self.middle_c = middle_c
        self.start_theme = THEMES.get(theme, theme)
        self.quit_after = quit_after
        self.traffic: Signal[Feed] = Signal(self, "traffic")
        """Published after every pump, inside one batch update; screens redraw from it."""
        self.rk004 = rk004
        """Reaches the RK-004 hub midi-diag was given, if any; the command palette then offers its screen."""
        self.first_screen = first_screen
        """A screen to open instead of the monitor; the app ends when it closes."""

    def on_mount(self) -> None:
        self.theme = self.start_theme
        if self.first_screen is not None:
            self.push_screen(self.first_screen(), callback=lambda _: self.exit())
        else:
            self.action_open_monitor()
        self.start_feed()
        self.set_interval(PUMP_SECONDS, self.pump, name="pump")
        if self.quit_after:
            self.set_timer(self.quit_after, self.exit)

    def action_open_monitor(self) -> None:
        """Show the live monitor (the first screen for now; later screens can offer it at any time)."""
        if not isinstance(self.screen, MonitorScreen):
            self.push_screen(MonitorScreen(self.feed, self.traffic, self.middle_c))

    def action_open_rk004(self) -> None:
        """Show the RK-004 screen for the hub midi-diag was given (the wizard opens its own, pre-filled)."""
        if self.rk004 is not None and not isinstance(self.screen, Rk004Screen):
            self.push_screen(Rk004Screen(self.rk004))

    @work(thread=True, exclusive=True, exit_on_error=False, group="source", name="open the MIDI source")
    def start_feed(self) -> None:
        self.feed.start()

    def pump(self) -> None:
        """Move what the source captured into the model, then let the screens redraw, in one batch."""
        with self.batch_update():
            self.feed.pump()
            self.traffic.publish(self.feed)

    def on_unmount(self) -> None:
        self.feed.stop()

    @on(SaveRequested)
    def save(self, request: SaveRequested) -> None:
        self.save_capture(request.path, request.events, request.ports)

    @work(thread=True, exclusive=True, exit_on_error=False, group="save", name="save the capture")
    def save_capture(self, path: Path, events: list[MidiEvent], ports: list[str]) -> WriteSummary:
        return save_events(path, events, ports, {"saved_by": "midi-diag monitor"})

    @on(Worker.StateChanged)
    def worker_done(self, event: Worker.StateChanged) -> None:
        """The one place a background job's end is reported: failures become a visible error."""
        worker = event.worker
        if event.state == WorkerState.ERROR:
            reason = str(worker.error) or type(worker.error).__name__
            self.notify(reason, title=f"could not {worker.name}", severity="error", timeout=10)
            self.screen.post_message(WorkFailed(worker.name, reason))
        elif event.state == WorkerState.SUCCESS and worker.group == "save":
            self.screen.post_message(CaptureSaved(cast(WriteSummary, worker.result)))

    def action_toggle_theme(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        commands = getattr(screen, "palette_commands", None)
        if commands is not None:
            yield from commands()
        if self.rk004 is not None and not isinstance(screen, Rk004Screen):
            yield SystemCommand("RK-004 settings", "Read, edit, apply, commit, back up and restore the hub",
                                self.action_open_rk004)
        yield SystemCommand("Light / dark theme", "Switch between the light and dark theme (ctrl+t)",
                            self.action_toggle_theme)


def make_app(source: EventSource, *, middle_c: str = "C4", theme: str = "dark",
             capacity: int = CAPACITY, quit_after: float | None = None,
             rk004: ClientFactory | None = None,
             first_screen: Callable[[], Screen[Any]] | None = None) -> MidiDiagApp:
    """The app around `source` (a LiveSource, or a ReplaySource/FileSource for a capture file).

    `rk004`, when given, reaches an RK-004 hub: the command palette then offers the RK-004 screen.
    `first_screen` opens instead of the monitor (the wizard's home); the app ends when it closes."""
    return MidiDiagApp(Feed(source, MonitorModel(capacity)), middle_c=middle_c, theme=theme,
                       quit_after=quit_after, rk004=rk004, first_screen=first_screen)


def make_rk004_app(client_factory: ClientFactory, *, theme: str = "dark",
                   backup_folders: list[Path] | None = None) -> MidiDiagApp:
    """The app showing only the RK-004 screen (`midi-diag rk004 edit`); it ends when the screen closes."""
    return MidiDiagApp(Feed(ReplaySource((), "no capture"), MonitorModel()), theme=theme, rk004=client_factory,
                       first_screen=lambda: Rk004Screen(client_factory, backup_folders=backup_folders))
