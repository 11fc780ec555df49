"""The rig screen's dialogs: change a setting, add a device, add a cable, say what each computer port shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from diag.knowledge import DeviceModel
from diag.tui.wizard.rigedit import Edit
from diag.tui.wizard.screens.dialogs import DIALOG_CSS
from diag.tui.wizard.suggest import (
    IdentityAnswer,
    Suggestion,
    search_models,
    suggestions,
)

FORGET = object()
"""The setting dialog's answer for "forget what I said": the default applies again."""


class SettingDialog(ModalScreen[Any]):
    """One setting: where it is, what the knowledge says, what it takes; Enter stores what was typed."""

    DEFAULT_CSS = DIALOG_CSS.format(name="SettingDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, edit: Edit) -> None:
        super().__init__()
        self.edit = edit

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.edit.title, classes="title", markup=False)
            yield Static(self.edit.about, markup=False)
            yield Static(f"Type {self.edit.takes}. Empty: use the default.", classes="hint", markup=False)
            yield Input(self.edit.current, id="value")
            yield Static("", classes="error", id="error", markup=False)
        yield Footer()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self.dismiss(FORGET)
            return
        try:
            self.dismiss(self.edit.parse(event.value))
        except ValueError as error:
            self.query_one("#error", Static).update(f"✗ {error}")

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class Surroundings:
    """What the computer sees now: its input ports and the devices that answered an identity request."""

    inputs: list[str]
    answers: list[IdentityAnswer]


class DevicePicker(ModalScreen[Suggestion | DeviceModel | None]):
    """Search the knowledge for a model; devices seen on the computer's ports are offered first."""

    DEFAULT_CSS = DIALOG_CSS.format(name="DevicePicker") + """
    DevicePicker OptionList { height: 12; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"),
                                             Binding("down", "focus_list", show=False),
                                             Binding("f5", "look_again", "Ask the devices again")]

    def __init__(self, look_around: Callable[[bool], Surroundings], in_rig: set[str]) -> None:
        super().__init__()
        self.look_around = look_around
        self.in_rig = in_rig
        self.found: list[Suggestion] = []
        self.choices: list[Suggestion | DeviceModel] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a device: type part of its name, or pick one seen on this computer", classes="title")
            yield Input(placeholder="e.g. digitakt, keystep, rk-002", id="search")
            yield Static("Looking at the computer's ports and asking devices who they are…", id="looking")
            yield OptionList(id="models")
        yield Footer()

    def on_mount(self) -> None:
        self.look(False)
        self.show_choices("")

    @work(thread=True, exclusive=True, exit_on_error=False, group="look-around", name="look at the computer's ports")
    def look(self, again: bool) -> None:
        seen = self.look_around(again)
        self.app.call_from_thread(self.seen, seen)

    def seen(self, seen: Surroundings) -> None:
        self.found = suggestions(seen.inputs, seen.answers, self.in_rig)
        answered = f"{len(seen.answers)} answered the identity request" if seen.answers else "none answered " \
            "the identity request"
        self.query_one("#looking", Static).update(f"{len(seen.inputs)} input ports seen; {answered}. F5 asks again.")
        self.show_choices(self.query_one(Input).value)

    def action_look_again(self) -> None:
        self.look(True)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        self.show_choices(event.value)

    def show_choices(self, text: str) -> None:
        offered = [s for s in self.found if not text.strip() or s.model in search_models(text)]
        models = [m for m in search_models(text) if m.kind != "computer" and m not in [s.model for s in offered]]
        self.choices = [*offered, *models]
        options = self.query_one(OptionList)
        options.set_options(_choice_option(choice) for choice in self.choices)
        if self.choices:
            options.highlighted = 0

    @on(Input.Submitted)
    def take_first(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is not None and self.choices:
            self.dismiss(self.choices[options.highlighted])

    @on(OptionList.OptionSelected)
    def picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_focus_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def _choice_option(choice: Suggestion | DeviceModel) -> Option:
    if isinstance(choice, Suggestion):
        return Option(Text.assemble(("★ ", "bold"), choice.model.title, "  ",
                                    (f"{choice.reason}: '{choice.port}'", "dim")))
    return Option(Text.assemble("  ", choice.title, "  ", (choice.kind, "dim")))


class CableDialog(ModalScreen[tuple[str, str, str | None] | None]):
    """A cable: from a sending port to a receiving port, maybe through a smart cable."""

    DEFAULT_CSS = DIALOG_CSS.format(name="CableDialog")
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"),
                                             Binding("ctrl+s", "done", "Add the cable")]

    def __init__(self, senders: list[tuple[str, str]], receivers: list[tuple[str, str]],
                 cables: list[str]) -> None:
        super().__init__()
        self.senders, self.receivers, self.cables = senders, receivers, cables

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a cable: where MIDI leaves, and where it goes in", classes="title")
            yield Label("From (a port that sends)")
            yield Select([(words, ref) for ref, words in self.senders], id="from", prompt="pick a port")
            yield Label("To (a port that receives)")
            yield Select([(words, ref) for ref, words in self.receivers], id="to", prompt="pick a port")
            if self.cables:
                yield Label("Through a smart cable (optional)")
                yield Select([(name, name) for name in self.cables], id="through", prompt="no, a plain cable")
            yield Static("", classes="error", id="error", markup=False)
            yield Static("ctrl+s: add the cable   Esc: cancel", classes="hint")
        yield Footer()

    def action_done(self) -> None:
        source, target = self.query_one("#from", Select).value, self.query_one("#to", Select).value
        if not isinstance(source, str) or not isinstance(target, str):
            self.query_one("#error", Static).update("✗ pick both ends of the cable")
            return
        through = self.query("#through").first(Select).value if self.cables else None
        self.dismiss((source, target, through if isinstance(through, str) else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class PortsDialog(ModalScreen[dict[str, str | None] | None]):
    """For each input port of the computer: which device port's traffic it shows, or none."""

    DEFAULT_CSS = DIALOG_CSS.format(name="PortsDialog") + """
    PortsDialog VerticalScroll { height: 14; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel"),
                                             Binding("ctrl+s", "done", "Keep these")]

    def __init__(self, ports: list[str], choices: list[tuple[str, str]], current: dict[str, str]) -> None:
        super().__init__()
        self.ports, self.choices, self.current = ports, choices, current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("What does each of the computer's ports show?", classes="title")
            if not self.ports:
                yield Static("The computer shows no input ports: plug the interface or device in, then come "
                             "back here.", markup=False)
            with VerticalScroll():
                for index, port in enumerate(self.ports):
                    yield Label(port, markup=False)
                    yield Select([(words, ref) for ref, words in self.choices], id=f"port-{index}",
                                 prompt="not part of the rig", value=self.current.get(port, Select.NULL))
            yield Static("ctrl+s: keep these   Esc: cancel", classes="hint")
        yield Footer()

    def action_done(self) -> None:
        answers: dict[str, str | None] = {}
        for index, port in enumerate(self.ports):
            value = self.query_one(f"#port-{index}", Select).value
            answers[port] = value if isinstance(value, str) else None
        self.dismiss(answers)

    def action_cancel(self) -> None:
        self.dismiss(None)
