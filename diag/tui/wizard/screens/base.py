"""What every wizard screen shares: the stage line, the keys that work anywhere, the palette entries."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static

from diag.tui.keys import PALETTE
from diag.tui.screens.monitor import MonitorScreen

if TYPE_CHECKING:
    from diag.tui.app import MidiDiagApp

T = TypeVar("T")

STAGES = ("Problem", "Rig", "Listen", "Findings", "Fix & check")
"""The wizard's stages, in order, as the stage line names them."""


class AnyTime(Protocol):
    """What the wizard offers on every screen (the flow implements it)."""

    def open_monitor(self) -> None: ...

    def export_any_time(self) -> None: ...


class StageLine(Static):
    """One line: where the wizard is. The current stage is marked with ▶ and capitals, not only colour."""

    DEFAULT_CSS = """
    StageLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def __init__(self, stage: int, note: str = "") -> None:
        super().__init__(stage_text(stage, note), markup=False)


def stage_text(stage: int, note: str = "") -> str:
    parts = [f"▶ {name.upper()}" if index == stage else name for index, name in enumerate(STAGES)]
    text = "midi-diag · " + " › ".join(parts)
    return f"{text}  {note}" if note else text


class WizardScreen(ModalScreen[T]):
    """A full-screen question of the wizard; F2 opens the monitor and F3 saves the report from anywhere."""

    DEFAULT_CSS = """
    WizardScreen { background: $background; }
    WizardScreen > #frame { width: 100%; height: 1fr; padding: 0 1; }
    WizardScreen .question { text-style: bold; padding: 1 0 0 0; }
    WizardScreen .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("f2", "monitor", "Monitor"),
        Binding("f3", "report", "Report"),
        Binding("ctrl+t", "app.toggle_theme", "Light/dark", show=False),
        Binding("question_mark", "app.show_help_panel", "Keys", show=False),
        PALETTE,
    ]

    def action_back(self) -> None:
        self.dismiss(None)

    def action_monitor(self) -> None:
        anytime(self.app).open_monitor()

    def action_report(self) -> None:
        anytime(self.app).export_any_time()

    def palette_commands(self) -> Iterable[SystemCommand]:
        """Commands for the palette: the ones every wizard screen has, then the screen's own."""
        yield SystemCommand("Live monitor", "Every message on every input, live (F2)", self.action_monitor)
        yield SystemCommand("Save the report", "All formats, with the paths shown (F3)", self.action_report)
        yield from self.own_commands()
        yield SystemCommand("Quit", "Leave the wizard; what you did so far is kept (ctrl+q)", self.app.exit)

    def own_commands(self) -> Iterable[SystemCommand]:
        return ()


def anytime(app: App[object]) -> AnyTime:
    """The wizard running in the app (its home screen is at the bottom of the stack)."""
    for screen in app.screen_stack:
        flow = getattr(screen, "flow", None)
        if flow is not None:
            return flow  # type: ignore[no-any-return]
    raise RuntimeError("no wizard runs in this app")


class WizardMonitor(MonitorScreen):
    """The live monitor opened from the wizard: Esc goes back to where you were."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back to the wizard")]

    def action_back(self) -> None:
        self.dismiss(None)


def monitor_for(app: MidiDiagApp) -> WizardMonitor:
    return WizardMonitor(app.feed, app.traffic, app.middle_c)
