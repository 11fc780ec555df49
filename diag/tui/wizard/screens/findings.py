"""What was found, worst first: each finding with its evidence and the steps that fix it on the device."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from diag.engine import Diagnosis, Finding
from diag.tui.wizard.findingsview import finding_line, finding_text, headline
from diag.tui.wizard.screens.base import StageLine, WizardScreen


@dataclass(frozen=True)
class Choice:
    """What the user wants next: fix, recheck, report, rig, listen or done; with the finding it is about."""

    kind: str
    finding: Finding | None = None


class FindingsScreen(WizardScreen[Choice | None]):
    """The findings list above, the highlighted one in full below."""

    DEFAULT_CSS = """
    FindingsScreen #findings { height: 7; border: round $primary; }
    FindingsScreen #detail { height: 1fr; border: round $primary; padding: 0 1; }
    FindingsScreen #headline { text-style: bold; padding: 1 0 0 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "choose('fix')", "Fix it"),
        Binding("c", "choose('recheck')", "Check again"),
        Binding("e", "choose('report')", "Save report", show=False),  # F3 does the same and is shown
        Binding("r", "choose('rig')", "Rig", show=False),
        Binding("l", "choose('listen')", "Listen again", show=False),
        Binding("d", "choose('done')", "Done"),
    ]

    def __init__(self, diagnosis: Diagnosis, note: str = "") -> None:
        super().__init__()
        self.diagnosis = diagnosis
        self.note = note

    def compose(self) -> ComposeResult:
        yield StageLine(3)
        with Vertical(id="frame"):
            yield Static(self.note or headline(self.diagnosis), id="headline", markup=False)
            yield OptionList(*(Option(Text(finding_line(f)), id=str(i)) for i, f in enumerate(self.diagnosis.findings)),
                             id="findings")
            with VerticalScroll(id="detail"):
                yield Static("", id="text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#findings", OptionList).border_title = "findings, worst first"
        options = self.query_one("#findings", OptionList)
        if self.diagnosis.findings:
            options.highlighted = 0
        options.focus()
        self.show(0)

    @on(OptionList.OptionHighlighted)
    def highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.show(event.option_index)

    @on(OptionList.OptionSelected)
    def selected(self) -> None:
        self.query_one("#detail").focus()

    def show(self, index: int) -> None:
        findings = self.diagnosis.findings
        text = finding_text(findings[index]) if index < len(findings) else "No checks ran."
        self.query_one("#text", Static).update(text)

    @property
    def current(self) -> Finding | None:
        index = self.query_one("#findings", OptionList).highlighted
        return self.diagnosis.findings[index] if index is not None and self.diagnosis.findings else None

    def action_choose(self, kind: str) -> None:
        self.dismiss(Choice(kind, self.current))

    def action_back(self) -> None:
        self.dismiss(Choice("rig"))

    def own_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Fix the highlighted finding", "Its steps, or the wizard does it (f)",
                            lambda: self.action_choose("fix"))
        yield SystemCommand("Check again", "Listen to the steps that show this finding again (c)",
                            lambda: self.action_choose("recheck"))
        yield SystemCommand("Listen to every step again", "A fresh capture of all steps (l)",
                            lambda: self.action_choose("listen"))
        yield SystemCommand("Back to the rig", "Change devices, settings or cables (r)",
                            lambda: self.action_choose("rig"))
        yield SystemCommand("Done", "Leave the wizard (d)", lambda: self.action_choose("done"))
