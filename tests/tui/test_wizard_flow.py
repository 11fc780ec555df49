"""The wizard end to end on the in-process MIDI system: real capture path, devices as virtual ports, Pilot keys."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest

from diag.engine import Status
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.tui.app import MidiDiagApp
from diag.tui.sources import ReplaySource
from diag.tui.wizard.bench import Bench, HardwareBench
from diag.tui.wizard.hosting import make_wizard_app
from diag.tui.wizard.session import SessionStore
from tests.tui.conftest import Rig, run, until

QUICK = 0.2
"""Seconds to wait for identity replies: the in-process devices answer at once."""
NOTES = [bytes([0x90, note, 100]) for note in (60, 64, 67)] + [bytes([0x80, note, 0]) for note in (60, 64, 67)]


# Helpers shared by the other test_wizard modules ------------------------------------------


def flow_of(app: MidiDiagApp):
    """The wizard running in the app."""
    return app.screen_stack[1].flow


async def on_screen(pilot, name: str, timeout: float = 10.0) -> None:
    """Wait until the screen on top is of the class `name`."""
    await until(pilot, lambda: type(pilot.app.screen).__name__ == name, timeout)
    await pilot.pause()


async def listen_step(pilot, play: Callable[[], None] | None = None, heard: int = 0) -> None:
    """Start the step on the listen screen, let `play` send, wait for `heard` messages, end it with Enter."""
    await on_screen(pilot, "ListenScreen")
    screen = pilot.app.screen
    await pilot.press("enter")
    await until(pilot, lambda: screen.phase in ("listening", "stopping"))
    if play is not None:
        play()
    await until(pilot, lambda: screen.recorder is not None and screen.recorder.activity.total >= heard)
    if screen.performance is None:  # a person plays: Enter says done
        await pilot.press("enter")
    await until(pilot, lambda: pilot.app.screen is not screen, 15.0)


def wizard_app(bench: Bench, **options) -> MidiDiagApp:
    return make_wizard_app(ReplaySource((), "nothing"), bench, **options)


@pytest.fixture
def devices() -> Iterator[Rig]:
    """A KeyStep and a Digitakt, each a virtual output on an in-process MIDI system of its own."""
    system = InProcessMidi("wizard-test")
    register_in_process(system)
    rig = Rig(system, ("Arturia KeyStep 32", "Elektron Digitakt"))
    yield rig
    rig.close()
    unregister_in_process(system)


# Tests -----------------------------------------------------------------------------------


def test_from_the_symptom_to_findings_and_a_report_in_every_format(devices, tmp_path):
    store = SessionStore(tmp_path / "session")
    app = wizard_app(HardwareBench(devices.system.name, QUICK), store=store)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")  # my keyboard doesn't play my box
            await on_screen(pilot, "RigScreen")
            await pilot.press("a")
            await on_screen(pilot, "DevicePicker")
            picker = app.screen
            await until(pilot, lambda: any(s.model.id == "arturia-keystep" for s in picker.found))
            await pilot.press(*"keystep", "enter")
            await on_screen(pilot, "RigScreen")
            await pilot.press("n")
            await listen_step(pilot, lambda: devices.send("Arturia KeyStep 32", *NOTES), heard=len(NOTES))
            await listen_step(pilot)  # pads: nothing played
            await on_screen(pilot, "FindingsScreen")
            flow = flow_of(app)
            keys = flow.recorded[0]
            assert keys.step.name == "keys" and len(keys.events) == len(NOTES)
            assert {event.step for event in keys.events} == {"keys"}
            assert keys.ports == [devices.port("Arturia KeyStep 32")]
            assert flow.diagnosis.findings and flow.rig.observers[0].sees.device == "keystep"
            await pilot.press("e")
            await on_screen(pilot, "PathScreen")
            path_input = app.screen.query_one("Input")
            path_input.value = str(tmp_path / "reports")
            await pilot.press("enter")
            await on_screen(pilot, "MessageScreen")
            shown = str(app.screen.query_one("#lines").render())
            assert str(tmp_path / "reports" / "report.html") in shown

    run(scenario)
    written = sorted(path.name for path in (tmp_path / "reports").iterdir())
    assert written == ["report.html", "report.json", "report.md", "report.txt"]
    report = json.loads((tmp_path / "reports" / "report.json").read_text())
    assert report["schema"] == "midi-diag/report/1"
    assert report["traffic"] and {f["status"] for f in report["findings"]} <= {s.value for s in Status}
    assert (tmp_path / "session" / "step-1-keys.jsonl").is_file()


def test_from_any_question_the_monitor_the_theme_and_the_palette_are_a_key_away(devices):
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")
            await on_screen(pilot, "RigScreen")
            rig_screen = app.screen
            await pilot.press("f2")
            await on_screen(pilot, "WizardMonitor")
            await pilot.press("escape")
            await on_screen(pilot, "RigScreen")
            assert app.screen is rig_screen
            dark = app.current_theme.dark
            await pilot.press("ctrl+t")
            assert app.current_theme.dark is not dark
            titles = [command.title for command in app.get_system_commands(app.screen)]
            assert {"Live monitor", "Save the report", "Add a device", "Quit"} <= set(titles)

    run(scenario)


async def _keystep_rig_and_listen(pilot, devices: Rig) -> None:
    await on_screen(pilot, "SymptomScreen")
    await pilot.press("1")
    await on_screen(pilot, "RigScreen")
    await pilot.press("a")
    await on_screen(pilot, "DevicePicker")
    picker = pilot.app.screen
    await until(pilot, lambda: any(s.model.id == "arturia-keystep" for s in picker.found))
    await pilot.press(*"keystep", "enter")
    await on_screen(pilot, "RigScreen")
    await pilot.press("n")
    await on_screen(pilot, "ListenScreen")


def test_a_port_that_goes_away_while_listening_is_named_and_what_came_before_is_kept(devices):
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await _keystep_rig_and_listen(pilot, devices)
            screen = app.screen
            await pilot.press("enter")
            await until(pilot, lambda: screen.phase == "listening")
            devices.send("Arturia KeyStep 32", *NOTES[:3])
            await until(pilot, lambda: screen.recorder.activity.total == 3)
            port = devices.port("Arturia KeyStep 32")
            devices.outputs["Arturia KeyStep 32"].close_port()  # unplugged
            await until(pilot, lambda: "went away" in str(screen.query_one("#warning").render()))
            await pilot.press("enter")
            await on_screen(pilot, "ListenScreen")
            await until(pilot, lambda: app.screen is not screen)
            kept = flow_of(app).recorded[0]
            assert kept.missing == [port] and len(kept.events) == 3

    run(scenario)


def test_the_report_can_be_saved_before_anything_was_heard(devices, tmp_path):
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("f3")
            await on_screen(pilot, "PathScreen")
            app.screen.query_one("Input").value = str(tmp_path)
            await pilot.press("enter")
            await on_screen(pilot, "MessageScreen")
            await pilot.press("enter")
            await on_screen(pilot, "SymptomScreen")

    run(scenario)
    assert json.loads((tmp_path / "report.json").read_text())["findings"]


class _Played:
    """A simulated step that is already over."""

    def wait(self, timeout: float | None = None) -> bool:
        return True

    def stop(self) -> None:
        pass


def test_a_simulated_step_played_late_is_listened_to_again(devices):
    lateness = iter([True, False])
    opened = []

    class LateOnce(HardwareBench):
        def perform(self, step):
            return _Played()

        def played_late(self, performance) -> bool:
            return next(lateness)

        def open_capture(self, ports, step):
            opened.append(step)
            return super().open_capture(ports, step)

    app = wizard_app(LateOnce(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("8")
            await on_screen(pilot, "RigScreen")
            await pilot.press("n")
            await on_screen(pilot, "ListenScreen")
            screen = app.screen
            await pilot.press("enter")
            await until(pilot, lambda: app.screen is not screen)
            await on_screen(pilot, "ListenScreen")  # the next step
            assert opened == ["keys", "keys"]  # once late, once on time
            assert 0 in flow_of(app).recorded

    run(scenario)
