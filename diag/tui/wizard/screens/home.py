"""The wizard's home: the screen under its questions, which runs the flow and ends the app when it is done."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

if TYPE_CHECKING:
    from diag.tui.app import MidiDiagApp
    from diag.tui.wizard.flow import WizardFlow


class WizardHome(Screen[None]):
    """Starts the flow when shown; if the flow fails, says so and Enter starts it again (the session is kept)."""

    DEFAULT_CSS = """
    WizardHome #welcome { width: auto; text-align: center; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "again", "Start again"),
                                             Binding("f2", "monitor", "Monitor")]

    def __init__(self, flow: WizardFlow) -> None:
        super().__init__()
        self.flow = flow

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static("midi-diag: let's find out what is wrong with your MIDI.", id="welcome", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.run_flow()

    @work(exclusive=True, group="wizard", name="run the wizard", exit_on_error=False)
    async def run_flow(self) -> None:
        try:
            await self.flow.run(self.midi_app)
        except Exception as error:
            while self.app.screen is not self:
                self.app.pop_screen()
            self.query_one("#welcome", Static).update(
                f"Sorry, the wizard stopped: {type(error).__name__}: {error}\nWhat you did so far is saved. "
                "Enter starts again, q quits.")
            raise
        self.dismiss(None)

    @property
    def midi_app(self) -> MidiDiagApp:
        return self.app  # type: ignore[return-value]

    def action_again(self) -> None:
        if not self.app.screen_stack[-1] is self:
            return
        self.run_flow()

    def action_monitor(self) -> None:
        self.flow.open_monitor()
