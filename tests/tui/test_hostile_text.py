"""Outside text (port names, rig values, finding text) shows literally in every screen: never read as markup."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from textual.widgets import OptionList

from diag.engine.findings import Finding, Fix, Status
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rig import parse_rig
from diag.tui.screens.detail import DetailScreen
from diag.tui.screens.filters import FilterScreen
from diag.tui.wizard.rigdraft import from_rig
from diag.tui.wizard.rigview import sees_choices
from diag.tui.wizard.screens.findings import FindingsScreen
from diag.tui.wizard.screens.rig import RigScreen
from diag.tui.wizard.screens.rigdialogs import PortsDialog, Surroundings
from tests.tui.conftest import Rig, live_app, run, until
from tests.tui.test_wizard_flow import on_screen, wizard_app
from tests.tui.test_wizard_snapshots import StillBench, _diagnosis

HOSTILE = "[/x] [b]bold[@click=app.quit]quit[/] [link=http://x]"
"""Markup that would fail to parse, style text, or bind a click to quitting the app."""

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "auto-channel.toml"


def _lines(app) -> str:
    """Everything the screen draws, as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


@pytest.fixture
def hostile_rig():
    system = InProcessMidi("hostile-text")
    register_in_process(system)
    devices = Rig(system, (HOSTILE,))
    yield devices
    devices.close()
    unregister_in_process(system)


def test_a_port_named_like_markup_shows_literally_in_the_monitor_its_filter_and_detail(hostile_rig):
    async def scenario():
        app = live_app(hostile_rig)
        async with app.run_test(size=(140, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            hostile_rig.send(HOSTILE, bytes([0x90, 60, 100]))
            await until(pilot, lambda: app.feed.model.total == 1)
            await pilot.pause(0.2)
            assert "[/x] [b]bold" in _lines(app)
            await pilot.press("f")
            await on_screen(pilot, "FilterScreen")
            assert isinstance(app.screen, FilterScreen) and "[/x] [b]bold" in _lines(app)
            await pilot.press("escape")
            await pilot.press("enter")
            await on_screen(pilot, "DetailScreen")
            assert isinstance(app.screen, DetailScreen) and "[/x] [b]bold" in _lines(app)
            await pilot.press("escape")
            assert app.is_running
    run(scenario)


def _hostile_rig_text() -> str:
    text = EXAMPLE.read_text().replace('port = "Arturia KeyStep 32"', f'port = "{HOSTILE}"')
    return text.replace('[devices.keystep]\n', f'[devices.keystep]\ndescription = "{HOSTILE}"\n', 1)


def test_rig_values_and_computer_ports_named_like_markup_show_literally_in_the_wizard():
    rig = parse_rig(_hostile_rig_text(), "hostile.toml")
    looked = lambda _again: Surroundings([HOSTILE], [])

    async def scenario():
        app = wizard_app(StillBench())
        async with app.run_test(size=(120, 30)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            app.push_screen(RigScreen(from_rig(rig), looked))
            await on_screen(pilot, "RigScreen")
            wiring = app.screen.query_one("#wiring", OptionList)
            wiring.focus()
            wiring.highlighted = wiring.option_count - 1
            await pilot.pause(0.1)
            assert f"'{HOSTILE}'" in _lines(app)
            app.push_screen(PortsDialog([HOSTILE], sees_choices(rig), {HOSTILE: "keystep.usb"}))
            await on_screen(pilot, "PortsDialog")
            assert "[/x] [b]bold" in _lines(app)
            assert app.is_running
    run(scenario)


def test_findings_that_quote_markup_show_it_literally():
    finding = Finding(check="auto-channel", status=Status.FAIL, title=f"Port {HOSTILE} is odd",
                      summary=f"Seen on {HOSTILE}.", confidence="high", evidence=(f"'{HOSTILE}': 3 notes",),
                      fixes=(Fix(summary=f"Unplug {HOSTILE}", steps=(f"Look at {HOSTILE}",)),))
    diagnosis = replace(_diagnosis(), findings=(finding,))

    async def scenario():
        app = wizard_app(StillBench())
        async with app.run_test(size=(120, 30)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            app.push_screen(FindingsScreen(diagnosis))
            await on_screen(pilot, "FindingsScreen")
            assert _lines(app).count("[/x] [b]bold") >= 2
            assert app.is_running
    run(scenario)
