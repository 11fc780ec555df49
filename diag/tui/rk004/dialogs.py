"""The RK-004 screen's dialogs: a value for one parameter, a confirmation before writing, a file to use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Footer, Input, Static

from diag.errors import DiagError
from diag.rk004.backup import Backup, check_writable, read_backup
from diag.rk004.params import Param
from diag.tui.rk004.plans import Plan

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{ width: 100%; max-width: 100; height: auto; max-height: 100%; background: $surface;
                     border: round $accent; padding: 0 1; }}
{name} .muted {{ color: $text-muted; }}
{name} #problem {{ color: $text-error; text-style: bold; }}
"""

T = TypeVar("T")


def value_names_text(param: Param) -> str:
    """The published value names as "0 POS_SHORT, ..., 64-255 BATTSYNTH", or that the values are numbers."""
    if not param.value_names:
        return "plain numbers (no value names are published)"
    return ", ".join(f"{entry.first} {entry.name}" if entry.first == entry.last
                     else f"{entry.first}-{entry.last} {entry.name}" for entry in param.value_names)


def about_lines(param: Param) -> list[str]:
    """What a person needs to choose a value: what it does, the valid values, their names, the source."""
    lines = [param.description, f"valid: {param.range_text}", f"values: {value_names_text(param)}"]
    if param.note:
        lines.append(f"note: {param.note}")
    lines.append(f"source: {param.source} ({param.confidence})")
    return lines


class EditValueDialog(ModalScreen[int | None]):
    """One parameter's new value, by number or value name, checked before the dialog closes; Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="EditValueDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, param: Param, now: str, suggested: str) -> None:
        super().__init__()
        self.param = param
        self.now = now
        self.suggested = suggested

    def compose(self) -> ComposeResult:
        param = self.param
        with Vertical() as box:
            box.border_title = f"{param.name} (parameter {param.number})"
            box.border_subtitle = "Enter keeps it pending · Esc cancels"
            yield Static("\n".join(about_lines(param)), markup=False, classes="muted")
            yield Static(f"the hub holds: {self.now}", markup=False)
            names = [entry.name for entry in param.value_names]
            yield Input(self.suggested, placeholder="a number, or a value name", id="value",
                        suggester=SuggestFromList(names, case_sensitive=False) if names else None)
            yield Static("", id="problem", markup=False)
        yield Footer()

    @on(Input.Submitted)
    def check(self, event: Input.Submitted) -> None:
        """A bad value keeps the dialog open with the reason; nothing is ever sent from here."""
        try:
            value = self.param.parse_value(event.value)
        except DiagError as error:
            self.query_one("#problem", Static).update(f"✗ not accepted: {error}")
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """A plan shown in full (changes, frames, what follows); y or the first button goes ahead, n or Esc not."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmDialog") + """
    ConfirmDialog #body { height: auto; max-height: 1fr; }
    ConfirmDialog .heading { text-style: bold underline; margin-top: 1; }
    ConfirmDialog .frames { text-wrap: nowrap; text-overflow: ellipsis; }
    ConfirmDialog #buttons { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Go ahead"),
        Binding("n,escape", "answer(False)", "Cancel"),
        Binding("down", "scroll('down')", "Scroll", show=False),
        Binding("up", "scroll('up')", "Scroll", show=False),
        Binding("pagedown", "scroll('page_down')", "Scroll", show=False),
        Binding("pageup", "scroll('page_up')", "Scroll", show=False),
    ]

    def __init__(self, plan: Plan, cancel: str = "Cancel") -> None:
        super().__init__()
        self.plan = plan
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.plan.title
            with VerticalScroll(id="body"):
                for section in self.plan.sections:
                    if section.heading:
                        yield Static(section.heading, classes="heading", markup=False)
                    yield Static("\n".join(section.lines), classes="lines" if section.wrap else "frames",
                                 markup=False)
            with Horizontal(id="buttons"):
                yield Button(f"{self.plan.go} (y)", variant="primary", id="go")
                yield Button(f"{self.cancel} (n)", id="cancel")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#go", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "go")

    def action_answer(self, go: bool) -> None:
        self.dismiss(go)

    def action_scroll(self, how: str) -> None:
        getattr(self.query_one("#body", VerticalScroll), f"scroll_{how}")()


class PathDialog(ModalScreen[T | None], Generic[T]):
    """A file name, checked by `check` before the dialog closes with what the check returned; Escape cancels."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PathDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, what: str, suggested: Path | None, check: Callable[[Path], T]) -> None:
        super().__init__()
        self.title_text = title
        self.what = what
        self.suggested = suggested
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.title_text
            box.border_subtitle = "Enter goes ahead · Esc cancels"
            yield Static(self.what, markup=False)
            yield Input("" if self.suggested is None else str(self.suggested), placeholder="a file name", id="path")
            yield Static("", id="problem", markup=False)
        yield Footer()

    @on(Input.Submitted)
    def checked(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            if not text:
                raise DiagError("type a file name")
            result = self.check(Path(text).expanduser())
        except DiagError as error:
            self.query_one("#problem", Static).update(f"✗ {error}")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)


def writable_path(path: Path) -> Path:
    """The path, once it is known that a backup can be written there."""
    check_writable(path)
    return path


def readable_backup(path: Path) -> tuple[Path, Backup]:
    """The path and the backup it holds, checked completely."""
    return path, read_backup(path)
