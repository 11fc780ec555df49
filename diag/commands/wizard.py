"""`midi-diag` with no command: the troubleshooting wizard (Textual) on real ports, or on a simulated rig for the demo."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from diag.commands.theme import chosen_theme
from diag.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from diag.sim.scenario import Scenario
    from diag.tui.sources import EventSource
    from diag.tui.wizard.bench import Bench
    from diag.tui.wizard.session import SessionStore


def run(args: argparse.Namespace) -> int:
    """The wizard on the chosen MIDI system; its session is saved as it goes and offered again if left early."""
    from diag.midi.apis import choose_api
    from diag.tui.wizard.bench import HardwareBench
    from diag.tui.wizard.session import SessionStore, latest_unfinished

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("the wizard needs a terminal; without one, run a command (midi-diag --help lists them)")
    theme = chosen_theme()
    bench = HardwareBench(choose_api(getattr(args, "api", None)))
    source = _monitor_source(bench)
    return run_wizard(source, bench, theme, store=SessionStore.new(), resume=latest_unfinished())


def run_demo(scenario: Scenario, fast: bool = False) -> int:
    """The wizard on a scenario's simulated rig, its simulated user doing each step when asked."""
    from diag.sim.live import DemoSession
    from diag.sim.player import FAST
    from diag.tui.wizard.simulated import SimulatedBench

    theme = chosen_theme()
    with DemoSession(scenario, speed=FAST if fast else 1.0) as demo:
        bench = SimulatedBench(demo)
        return run_wizard(_monitor_source(bench), bench, theme)


def run_wizard(source: EventSource, bench: Bench, theme: str, store: SessionStore | None = None,
               resume: SessionStore | None = None) -> int:
    """Run the app with the wizard on top of the monitor's source; the source is stopped however it ends."""
    from diag.tui.wizard.hosting import make_wizard_app

    try:
        make_wizard_app(source, bench, theme=theme, store=store, resume=resume).run()
    finally:
        source.stop()
    return ExitCode.OK


def _monitor_source(bench: Bench) -> EventSource:
    """The live monitor's capture: every input the bench sees (an empty one when there is none yet)."""
    from diag.tui.sources import LiveSource, ReplaySource

    inputs = bench.inputs()
    if not inputs:
        return ReplaySource((), "no MIDI inputs yet")
    return LiveSource(bench.open_capture(inputs, None))


