"""Small dialogs the wizard asks with: a message, a yes/no, a file path."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 100%; max-width: 90; height: auto; max-height: 22; border: round $accent;
    background: $surface; padding: 0 1; }}
{name} .title {{ text-style: bold; }}
{name} .error {{ color: $error; text-style: bold; }}
{name} VerticalScroll {{ height: auto; max-height: 16; }}
"""


class MessageScreen(ModalScreen[None]):
    """A title and some lines; Enter or Esc closes it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="MessageScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "close", "Continue"),
                                             Binding("escape", "close", "Continue", show=False)]

    def __init__(self, title: str, lines: Iterable[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            with VerticalScroll():
                yield Static("\n".join(self.lines), markup=False, id="lines")
            yield Static("Enter: continue", classes="hint")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A question with exactly what will happen; y does it, n or Esc does not."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", "Yes, do it"),
                                             Binding("n", "answer(False)", "No"),
                                             Binding("escape", "answer(False)", "Cancel", show=False)]

    def __init__(self, question: str, details: str) -> None:
        super().__init__()
        self.question = question
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question, classes="title", markup=False)
            with VerticalScroll():
                yield Static(self.details, markup=False, id="details")
            yield Static("\ny: yes, do it   n: no", classes="hint")
        yield Footer()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PathScreen(ModalScreen[Path | None]):
    """Asks for a file or folder name; `check` says what is wrong with one (None when fine)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PathScreen")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, default: str, check: Callable[[Path], str | None] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.check = check or (lambda _path: None)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.title_text, classes="title", markup=False)
            yield Input(self.default, id="path")
            yield Static("", classes="error", id="error", markup=False)
            yield Static("Enter: OK   Esc: cancel", classes="hint")
        yield Footer()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        problem = "type a name" if not event.value.strip() else self.check(path)
        if problem:
            self.query_one("#error", Static).update(problem)
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
