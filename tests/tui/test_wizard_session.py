"""The session is saved as it goes: left in the middle, the next start offers to carry on where it stopped."""

from __future__ import annotations

import json

from diag.tui.wizard.bench import HardwareBench
from diag.tui.wizard.session import SessionStore, latest_unfinished
from tests.tui.conftest import run, until
from tests.tui.test_wizard_flow import (  # noqa: F401
    NOTES,
    QUICK,
    devices,
    flow_of,
    listen_step,
    on_screen,
    wizard_app,
)


def test_quit_after_the_first_step_and_carry_on_from_the_second(devices, tmp_path):  # noqa: F811 - the fixture
    bench = HardwareBench(devices.system.name, QUICK)
    first = wizard_app(bench, store=SessionStore(tmp_path / "one"))

    async def start() -> None:
        async with first.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")
            await on_screen(pilot, "RigScreen")
            await pilot.press("a")
            await on_screen(pilot, "DevicePicker")
            picker = pilot.app.screen
            await until(pilot, lambda: bool(picker.found))  # the KeyStep seen on its port, to plug in
            await pilot.press(*"keystep", "enter")
            await on_screen(pilot, "RigScreen")
            await pilot.press("n")
            await listen_step(pilot, lambda: devices.send("Arturia KeyStep 32", *NOTES), heard=len(NOTES))
            await on_screen(pilot, "ListenScreen")
            await pilot.press("ctrl+q")
            await until(pilot, lambda: first.return_code is not None)

    run(start)
    store = latest_unfinished(tmp_path)
    assert store is not None and store.folder == tmp_path / "one"
    second = wizard_app(bench, store=SessionStore(tmp_path / "two"), resume=store)

    async def carry_on() -> None:
        async with second.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "ConfirmScreen")
            await pilot.press("y")
            await on_screen(pilot, "ListenScreen")
            assert pilot.app.screen.step.name == "pads"  # the keys step is not asked again
            await listen_step(pilot)
            await on_screen(pilot, "FindingsScreen")
            flow = flow_of(second)
            assert [event.data for event in flow.recorded[0].events] == NOTES
            assert flow.rig is not None and "keystep" in flow.rig.devices
            await pilot.press("d")
            await on_screen(pilot, "MessageScreen")
            await pilot.press("enter")

    run(carry_on)
    assert latest_unfinished(tmp_path) is None  # finished now


def test_starting_afresh_sets_the_old_session_aside(devices, tmp_path):  # noqa: F811 - the fixture
    old = SessionStore(tmp_path / "old")
    old.save({"symptom": "keys-silent"}, [], {})
    app = wizard_app(HardwareBench(devices.system.name, QUICK), resume=latest_unfinished(tmp_path))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "ConfirmScreen")
            await pilot.press("n")
            await on_screen(pilot, "SymptomScreen")

    run(scenario)
    assert latest_unfinished(tmp_path) is None and (tmp_path / "old" / "session.json").is_file()


def test_a_damaged_session_file_leaves_out_what_cannot_be_read(tmp_path):
    """Found by fuzz/ (wizard_session): a plan entry with an unknown key raised TypeError at resume."""
    sessions = tmp_path / "sessions"
    folder = sessions / "20250301-123000-000000"
    folder.mkdir(parents=True)
    step = {"index": 0, "name": "keys", "say": "Play.", "device": None, "seconds": 8.0}
    (folder / "session.json").write_text('{"answers": ["symptom"], "plan": {}, "recorded": []}')
    assert latest_unfinished(sessions) is None  # nothing in it could be used

    damaged = {
        '{"answers": {"symptom": "x"}, "plan": [{"index": 0, "seco2ds": 1}], "recorded": {"0": "f"}}': (
            {"symptom": "x"}, []),
        '{"answers": [], "plan": [%s], "recorded": {"0": ["step.jsonl"], "x": {}}}' % json.dumps(step): ({}, ["keys"]),
    }
    for text, (answers, steps) in damaged.items():
        (folder / "session.json").write_text(text)
        store = latest_unfinished(sessions)
        assert store is not None and not store.finished()
        resumed = store.resume()
        assert (resumed.answers, [planned.name for planned in resumed.plan], resumed.recorded) == (answers, steps, {})
        store.set_aside()
        assert store.finished()
