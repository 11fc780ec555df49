"""The demo's wizard on every forum scenario of the simulator: symptom, rig, steps, findings, fix, a clean re-check."""

from __future__ import annotations

import pytest

from diag.engine import Status
from diag.sim import load_scenario
from diag.sim.live import DemoSession
from diag.sim.player import FAST
from diag.tui.wizard.simulated import SimulatedBench
from tests.tui.conftest import run
from tests.tui.test_wizard_flow import flow_of, listen_step, on_screen, wizard_app

FORUM_CASES = ["auto-channel", "channel-mismatch", "loopback-mode", "midi-power", "note-offset", "track-midi-out",
               "track-midi-out-rytm"]


@pytest.mark.parametrize("name", FORUM_CASES)
def test_a_forum_case_from_symptom_to_a_clean_recheck(name):
    scenario = load_scenario(name)
    expected = {check for check, status in scenario.expect.items() if status == "fail"}

    async def walk() -> None:
        with DemoSession(scenario, speed=FAST) as demo:
            app = wizard_app(SimulatedBench(demo))
            async with app.run_test(size=(80, 24)) as pilot:
                await on_screen(pilot, "SymptomScreen")
                await pilot.press("enter")  # the simulated user's answer is highlighted
                await on_screen(pilot, "RigScreen")
                assert app.screen.rig is not None and set(app.screen.rig.devices) == set(scenario.rig.devices)
                await pilot.press("n")
                for _ in scenario.steps:
                    await listen_step(pilot)
                await on_screen(pilot, "FindingsScreen")
                flow = flow_of(app)
                failed = {f.check for f in flow.diagnosis.findings if f.status is Status.FAIL}
                assert expected <= failed
                await pilot.press("f")
                await on_screen(pilot, "MessageScreen")  # what the simulated user changed
                await pilot.press("enter")
                await on_screen(pilot, "FindingsScreen")
                await pilot.press("c")
                while type(app.screen).__name__ != "MessageScreen":
                    await listen_step(pilot)
                    await pilot.pause(0.05)
                verdict = str(app.screen.query_one("#lines").render())
                assert "✓ mended" in verdict and "✗ not yet" not in verdict
                assert not flow.diagnosis.failed
                await pilot.press("enter")
                await on_screen(pilot, "FindingsScreen")
                await pilot.press("d")
                await on_screen(pilot, "MessageScreen")
                await pilot.press("enter")
                await pilot.pause(0.2)

    run(walk)
