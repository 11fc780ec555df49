"""The demo's wizard on every forum scenario of the simulator: symptom, rig, steps, findings, fix, a clean re-check,
the report in every format."""

from __future__ import annotations

import json

import pytest

from diag.engine import Status
from diag.sim import load_scenario
from diag.sim.live import DemoSession
from diag.sim.player import FAST
from diag.tui.wizard.simulated import SimulatedBench
from tests.tui.conftest import run, until
from tests.tui.test_wizard_flow import flow_of, listen_step, on_screen, wizard_app

FORUM_CASES = ["auto-channel", "channel-mismatch", "loopback-mode", "midi-power", "note-offset", "track-midi-out",
               "track-midi-out-rytm"]


@pytest.mark.parametrize("name", FORUM_CASES)
def test_a_forum_case_from_symptom_to_a_clean_recheck_and_the_report(name, tmp_path):
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
                await _export(pilot, tmp_path / "report")
                await pilot.press("d")
                await on_screen(pilot, "MessageScreen")
                await pilot.press("enter")
                await pilot.pause(0.2)

    run(walk)
    assert sorted(path.name for path in (tmp_path / "report").iterdir()) == [
        "report.html", "report.json", "report.md", "report.txt"]
    report = json.loads((tmp_path / "report" / "report.json").read_text())
    assert {f["check"]: f["status"] for f in report["findings"] if f["check"] in expected} == dict.fromkeys(expected, "pass")


async def _export(pilot, folder) -> None:
    """F3 from the findings: the folder is asked, the report written in every format, the paths shown."""
    await pilot.press("f3")
    await on_screen(pilot, "PathScreen")
    pilot.app.screen.query_one("Input").value = str(folder)
    await pilot.press("enter")
    await on_screen(pilot, "MessageScreen")
    assert str(folder / "report.html") in str(pilot.app.screen.query_one("#lines").render())
    await pilot.press("enter")
    await on_screen(pilot, "FindingsScreen")


def test_the_rk004_case_is_fixed_by_the_wizard_writing_the_hub():
    scenario = load_scenario("rk004-port-mode")

    async def walk() -> None:
        with DemoSession(scenario, speed=FAST) as demo:
            app = wizard_app(SimulatedBench(demo))
            async with app.run_test(size=(80, 24)) as pilot:
                await on_screen(pilot, "SymptomScreen")
                await pilot.press("enter")
                await on_screen(pilot, "RigScreen")
                await pilot.press("n")
                await listen_step(pilot)
                await on_screen(pilot, "FindingsScreen", timeout=15)
                flow = flow_of(app)
                assert flow.diagnosis.findings[0].check == "rk004-port-mode"
                await pilot.press("f")
                await on_screen(pilot, "ConfirmScreen")
                await pilot.press("y")
                await on_screen(pilot, "ConfirmDialog", timeout=15)  # the RK-004 screen's, with the frames
                rk004 = app.screen_stack[-2]
                await pilot.press("y")
                await until(pilot, lambda: rk004.written is not None and not rk004.doing, 15)
                await pilot.press("escape")
                await on_screen(pilot, "MessageScreen")
                assert "DIN3_MODE = 6 (MIDI_OUT): ✓ read back" in str(app.screen.query_one("#lines").render())
                await pilot.press("enter")
                await on_screen(pilot, "FindingsScreen")
                await pilot.press("c")
                await listen_step(pilot)
                await on_screen(pilot, "MessageScreen", timeout=15)
                verdict = str(app.screen.query_one("#lines").render())
                assert "✓ mended" in verdict and "✗ not yet" not in verdict and not flow.diagnosis.failed

    run(walk)
