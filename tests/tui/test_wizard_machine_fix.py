"""A machine fix: proposed in words, then the RK-004 screen (pre-filled) shows the frames, writes and reads back."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from diag.engine import (
    Action,
    Confidence,
    Diagnosis,
    Finding,
    Fix,
    Status,
    TrafficAnalyzer,
    collect_environment,
)
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rk004.emulator import Behaviour
from diag.rk004.virtual import VirtualRk004
from diag.tui.wizard.bench import HardwareBench
from tests.tui.conftest import run, until
from tests.tui.test_wizard_flow import QUICK, listen_step, on_screen, wizard_app

DIN3_MODE = 10
SET_DIN3_TO_MIDI_OUT = "F0 00 21 23 00 04 03 00 0A 06 F7"
ACTION = Action("rk004-set", "hub", {"changes": {"DIN3_MODE": "MIDI_OUT"}, "commit": True},
                "DIN3_MODE = MIDI_OUT, stored")


def needs_a_port_mode(*_args) -> Diagnosis:
    """What a check for hub port modes would find: DIN 3 should send MIDI (a stand-in for the registry)."""
    finding = Finding("hub-port-mode", Status.FAIL, "DIN 3 of the RK-004 does not send MIDI",
                      "The synth on DIN 3 hears nothing: the port is set to receive.", Confidence.HIGH,
                      ("DIN3_MODE is MIDI_IN",), (Fix("Set DIN 3 to MIDI out", ("DIN3_MODE = MIDI_OUT",), ACTION),))
    return Diagnosis((finding,), TrafficAnalyzer().summary(), (), None, collect_environment(None, ()),
                     datetime(2024, 1, 1))


@pytest.fixture
def hub(monkeypatch, tmp_path) -> Iterator[VirtualRk004]:
    """An RK-004 emulator on its own in-process MIDI system; automatic backups go to tmp_path."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    system = InProcessMidi("wizard-rk004")
    register_in_process(system)
    virtual = VirtualRk004(system.name, "Retrokits RK-004").start()
    yield virtual
    virtual.close()
    unregister_in_process(system)


async def confirm_on_the_rk004_screen(pilot) -> None:
    """The wizard's proposal is accepted; the RK-004 screen reads the hub and asks with the exact frames."""
    await pilot.press("y")
    await on_screen(pilot, "ConfirmDialog", timeout=15)
    assert SET_DIN3_TO_MIDI_OUT in " ".join(str(w.render()) for w in pilot.app.screen.query("Static"))
    await pilot.press("y")


async def leave_the_rk004_screen(pilot) -> None:
    await on_screen(pilot, "Rk004Screen")
    screen = pilot.app.screen
    await until(pilot, lambda: not screen.doing, 20)
    await pilot.press("escape")
    await pilot.pause(0.1)
    if pilot.app.screen is screen:  # changes left unwritten: a second Esc leaves anyway
        await pilot.press("escape")
    await on_screen(pilot, "MessageScreen")


async def to_the_findings(pilot) -> None:
    await on_screen(pilot, "SymptomScreen")
    await pilot.press("8")  # something else
    await on_screen(pilot, "RigScreen")
    await pilot.press("n")  # no rig: the wire only
    for _ in range(4):
        await listen_step(pilot)
    await on_screen(pilot, "FindingsScreen")


def test_the_fix_is_proposed_then_written_read_back_and_stored_by_the_rk004_screen(hub, tmp_path):
    app = wizard_app(HardwareBench(hub.api, QUICK), diagnoser=needs_a_port_mode)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_the_findings(pilot)
            assert "I can do this for you (f)" in str(app.screen.query_one("#text").render())
            await pilot.press("f")
            await on_screen(pilot, "ConfirmScreen")
            assert "DIN3_MODE (parameter 10) becomes 6 (MIDI_OUT)" in str(app.screen.query_one("#details").render())
            assert not hub.emulator.received  # nothing sent before the yes
            await confirm_on_the_rk004_screen(pilot)
            await leave_the_rk004_screen(pilot)
            lines = str(app.screen.query_one("#lines").render())
            assert "DIN3_MODE = 6 (MIDI_OUT): ✓ read back" in lines and "Stored in the hub" in lines
            await pilot.press("enter")
            await on_screen(pilot, "FindingsScreen")
            assert "Written" in str(app.screen.query_one("#headline").render())

    run(scenario)
    assert hub.emulator.volatile[DIN3_MODE] == 6 and hub.emulator.committed[DIN3_MODE] == 6
    assert list((tmp_path / "midi-diag" / "rk004-backups").glob("*.json"))


def test_saying_no_writes_nothing(hub):
    app = wizard_app(HardwareBench(hub.api, QUICK), diagnoser=needs_a_port_mode)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_the_findings(pilot)
            await pilot.press("f")
            await on_screen(pilot, "ConfirmScreen")
            await pilot.press("n")
            await on_screen(pilot, "FindingsScreen")

    run(scenario)
    assert not hub.emulator.received


def test_a_hub_that_stops_answering_mid_write_says_what_it_holds_and_how_to_undo(hub):
    app = wizard_app(HardwareBench(hub.api, QUICK), diagnoser=needs_a_port_mode)
    with hub.lock:
        hub.emulator.behaviour = Behaviour(silent_after=37)  # two reads of all 18 (screen, backup), one set

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_the_findings(pilot)
            await pilot.press("f")
            await on_screen(pilot, "ConfirmScreen")
            await confirm_on_the_rk004_screen(pilot)
            await on_screen(pilot, "ConfirmDialog", timeout=20)  # what the hub holds now; restore offered
            offer = " ".join(str(w.render()) for w in app.screen.query("Static"))
            assert "DIN3_MODE" in offer and "Nothing was committed" in offer
            await pilot.press("n")
            await leave_the_rk004_screen(pilot)
            lines = str(app.screen.query_one("#lines").render())
            assert "✗ The write did not run to its end" in lines and "The settings from before are in" in lines

    run(scenario)
