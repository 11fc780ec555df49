"""What is wrong? The first question, answered in the user's own words."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from diag.tui.wizard.screens.base import StageLine, WizardScreen
from diag.tui.wizard.symptoms import SYMPTOMS, Symptom


class SymptomScreen(WizardScreen[Symptom | None]):
    """Pick the sentence closest to the problem; 1-8 picks directly."""

    DEFAULT_CSS = """
    SymptomScreen OptionList { height: 1fr; border: none; }
    SymptomScreen #story { padding: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Quit"),
        *(Binding(str(number), f"pick({number - 1})", show=False) for number in range(1, len(SYMPTOMS) + 1)),
    ]

    def __init__(self, chosen: Symptom | None = None, story: str = "") -> None:
        super().__init__()
        self.chosen = chosen
        self.story = story

    def compose(self) -> ComposeResult:
        yield StageLine(0)
        with Vertical(id="frame"):
            yield Static("What is wrong?", classes="question")
            yield Static("Pick what sounds closest (or press its number); you can come back and change it. "
                         "ctrl+q leaves at any time, and what you did is kept.", classes="hint")
            if self.story:
                yield Static(f"Demo, a simulated rig: {self.story}", id="story", markup=False)
            yield OptionList(*(_option(number, symptom) for number, symptom in enumerate(SYMPTOMS, start=1)))
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = SYMPTOMS.index(self.chosen) if self.chosen in SYMPTOMS else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen_option(self, event: OptionList.OptionSelected) -> None:
        self.action_pick(event.option_index)

    def action_pick(self, index: int) -> None:
        self.dismiss(SYMPTOMS[index])


def _option(number: int, symptom: Symptom) -> Option:
    prompt = Text.assemble((f"{number}  ", "bold"), (symptom.words, "bold"), "\n   ", (symptom.hint, "dim"))
    return Option(prompt, id=symptom.id)
