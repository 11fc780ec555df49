"""Asking where to save the capture; the file name's ending picks the format."""

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from diag.errors import UsageError
from diag.tui.saving import check_path

FORMATS_HELP = (
    "The ending picks the format: .jsonl keeps every message with its time and port; "
    ".mid is a Standard MIDI File (one track per port); .syx keeps only SysEx."
)


class SaveScreen(ModalScreen[Path | None]):
    """A file name, checked before the dialog closes; Escape cancels."""

    DEFAULT_CSS = """
    SaveScreen { align: center middle; }
    SaveScreen > Vertical { width: 90%; max-width: 90; height: auto; background: $surface;
                            border: round $accent; padding: 0 1; }
    SaveScreen #formats { color: $text-muted; }
    SaveScreen #problem { color: $text-error; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, suggested: Path, what: str) -> None:
        super().__init__()
        self.suggested = suggested
        self.what = what

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "save the capture"
            yield Static(self.what, markup=False)
            yield Input(str(self.suggested), id="path")
            yield Static(FORMATS_HELP, id="formats")
            yield Static("", id="problem", markup=False)
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            path = check_path(event.value)
        except UsageError as error:
            self.query_one("#problem", Static).update(f"✗ {error}")
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
