"""The app with the wizard as its first screen, built by the one composition root (make_app)."""

from __future__ import annotations

from diag.tui.app import MidiDiagApp, make_app
from diag.tui.sources import EventSource
from diag.tui.wizard.bench import Bench
from diag.tui.wizard.diagnosing import diagnose_steps
from diag.tui.wizard.flow import Diagnoser, WizardFlow
from diag.tui.wizard.screens.home import WizardHome
from diag.tui.wizard.session import SessionStore


def make_wizard_app(source: EventSource, bench: Bench, *, theme: str = "dark", middle_c: str = "C4",
                    store: SessionStore | None = None, resume: SessionStore | None = None,
                    diagnoser: Diagnoser = diagnose_steps) -> MidiDiagApp:
    """The monitor's feed from `source`, the wizard listening through `bench`; the app ends with the wizard."""
    flow = WizardFlow(bench, store, resume, diagnoser)
    return make_app(source, theme=theme, middle_c=middle_c, first_screen=lambda: WizardHome(flow))
