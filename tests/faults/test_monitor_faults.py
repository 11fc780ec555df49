"""The Textual monitor when a port vanishes, comes back, and when the whole MIDI system stops (in-process rig)."""

import itertools

import pytest

from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import Rig, live_app, run, until

NOTE_ON = bytes([0x90, 60, 100])
_names = itertools.count()


@pytest.fixture
def rig():
    system = InProcessMidi(f"fault-monitor-{next(_names)}")
    register_in_process(system)
    devices = Rig(system, ("Digitakt", "KeyStep"))
    yield devices
    devices.close()
    unregister_in_process(system)


def status(app) -> str:
    return app.screen.query_one(StatusBar).plain


def test_a_vanished_port_is_shown_its_messages_kept_and_it_reconnects_by_itself(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(160, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", NOTE_ON, NOTE_ON)
            await until(pilot, lambda: app.feed.model.total == 2)
            rig.outputs["KeyStep"].close_port()  # unplugged
            await until(pilot, lambda: "'KeyStep:out' went away at" in status(app))
            assert "GONE: KeyStep:out" in status(app) and "what came before is kept" in status(app)
            assert app.feed.model.total == 2
            rig.outputs["KeyStep"].open_virtual_port("out")  # plugged back in
            await until(pilot, lambda: "'KeyStep:out' is back at" in status(app))
            assert "GONE" not in status(app)
            rig.send("KeyStep", NOTE_ON)
            await until(pilot, lambda: app.feed.model.total == 3)
    run(scenario)


def test_the_midi_system_stopping_is_shown_and_what_was_captured_stays(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(160, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("Digitakt", NOTE_ON)
            await until(pilot, lambda: app.feed.model.total == 1)
            rig.system.shut_down()
            await until(pilot, lambda: "the MIDI system stopped at" in status(app))
            assert app.feed.model.total == 1
    run(scenario)
