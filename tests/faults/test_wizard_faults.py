"""The wizard's listening step when a port is unplugged and plugged back in (in-process rig, Pilot keys)."""

from diag.tui.wizard.bench import HardwareBench
from tests.tui.conftest import run, until
from tests.tui.test_wizard_flow import (
    NOTES,
    QUICK,
    _keystep_rig_and_listen,
    devices,
    flow_of,
    on_screen,
    wizard_app,
)

__all__ = ["devices"]  # the fixture, shared with the wizard's own tests


def warning(screen) -> str:
    return str(screen.query_one("#warning").render())


def test_a_port_plugged_back_in_while_listening_is_heard_again_and_nothing_is_lost(devices):
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await _keystep_rig_and_listen(pilot, devices)
            screen = app.screen
            await pilot.press("enter")
            await until(pilot, lambda: screen.phase == "listening")
            devices.send("Arturia KeyStep 32", *NOTES[:3])
            await until(pilot, lambda: screen.recorder.activity.total == 3)
            keystep = devices.outputs["Arturia KeyStep 32"]
            keystep.close_port()  # unplugged
            await until(pilot, lambda: "went away" in warning(screen) and "c looks for it now" in warning(screen))
            keystep.open_virtual_port("out")  # plugged back in
            await pilot.press("c")  # look at once
            await until(pilot, lambda: "Every port is back" in warning(screen))
            devices.send("Arturia KeyStep 32", *NOTES[3:])
            await until(pilot, lambda: screen.recorder.activity.total == len(NOTES))
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is not screen)
            await on_screen(pilot, "ListenScreen")
            kept = flow_of(app).recorded[0]
            assert kept.missing == [] and [e.data for e in kept.events] == NOTES

    run(scenario)
