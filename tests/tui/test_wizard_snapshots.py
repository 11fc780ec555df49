"""Pictures of every wizard screen at 80x24 and 120x36 (dark; the findings also light), from fixed data.

Update after a deliberate change with `pytest tests/tui/test_wizard_snapshots.py --snapshot-update`, and look at
the SVGs under __snapshots__ before committing them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from diag.engine import Action, Diagnosis
from diag.events import MidiEvent
from diag.midi.capture import CaptureSession
from diag.rig import load_rig
from diag.tui.wizard.diagnosing import diagnose_steps
from diag.tui.wizard.listening import RecordedStep, Recorder
from diag.tui.wizard.machinefix import proposal_text
from diag.tui.wizard.plan import PlannedStep, plan_steps
from diag.tui.wizard.rigdraft import from_rig
from diag.tui.wizard.rigedit import edit_for
from diag.tui.wizard.rigview import observed_ports, sees_choices
from diag.tui.wizard.screens.dialogs import ConfirmScreen, MessageScreen
from diag.tui.wizard.screens.findings import FindingsScreen
from diag.tui.wizard.screens.listen import ListenScreen
from diag.tui.wizard.screens.rig import RigScreen
from diag.tui.wizard.screens.rigdialogs import (
    DevicePicker,
    PortsDialog,
    SettingDialog,
    Surroundings,
)
from diag.tui.wizard.symptoms import BY_ID
from tests.tui.conftest import until
from tests.tui.test_wizard_flow import on_screen, wizard_app

RIG = load_rig(Path(__file__).resolve().parents[2] / "docs" / "examples" / "auto-channel.toml")
KEYSTEP, INTERFACE = "Arturia KeyStep 32 MIDI 1", "USB MIDI Interface MIDI 1"


class StillBench:
    """A computer with two ports that never change and no device that answers; nothing is ever heard."""

    api = "still"
    preset = None

    def inputs(self) -> list[str]:
        return [KEYSTEP, INTERFACE]

    def outputs(self) -> list[str]:
        return []

    def open_capture(self, ports, step):
        return CaptureSession([], step)

    def perform(self, step):
        return None

    def identities(self):
        return []

    def rk004_ports(self, device):
        return None

    def fix_by_hand(self):
        return None


def _steps() -> list[RecordedStep]:
    keys, pads = plan_steps(BY_ID["keys-silent"], RIG)
    played = [MidiEvent(0.5 + i * 0.4 + off * 0.2, KEYSTEP, bytes([0x80 if off else 0x90, note, 0 if off else 100]),
                        "keys") for i, note in enumerate((60, 64, 67)) for off in (0, 1)]
    tapped = [MidiEvent(0.5 + i * 0.4 + off * 0.1, INTERFACE, bytes([0x89 if off else 0x99, 60, 0 if off else 100]),
                        "pads") for i in range(2) for off in (0, 1)]
    return [RecordedStep(keys, [KEYSTEP, INTERFACE], played, 8.0), RecordedStep(pads, [KEYSTEP, INTERFACE], tapped, 8.0)]


def _diagnosis() -> Diagnosis:
    return diagnose_steps(_steps(), RIG, {"symptom": "keys-silent"}, "alsa")


def _on_top(screen_factory, ready: str):
    """run_before: wait for the wizard's first question, then put the screen under test on top."""

    async def run_before(pilot) -> None:
        await on_screen(pilot, "SymptomScreen")
        pilot.app.push_screen(screen_factory())
        await on_screen(pilot, ready)
        await pilot.pause(0.05)

    return run_before


@pytest.fixture(params=[(80, 24), (120, 36)], ids=["80x24", "120x36"])
def size(request) -> tuple[int, int]:
    """The smallest terminal the wizard is made for, and a roomier one."""
    return request.param


def _look(_again: bool) -> Surroundings:
    return Surroundings([KEYSTEP, INTERFACE], [])


def test_symptom(snap_compare, size):
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=lambda p: on_screen(p, "SymptomScreen"))


def test_rig(snap_compare, size):
    screen = lambda: RigScreen(from_rig(RIG), _look)
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(screen, "RigScreen"))


def test_setting_dialog(snap_compare, size):
    screen = lambda: SettingDialog(edit_for(RIG.devices["octatrack"], "auto_channel"))
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(screen, "SettingDialog"))


def test_device_picker(snap_compare, size):
    async def run_before(pilot) -> None:
        await _on_top(lambda: DevicePicker(_look, set()), "DevicePicker")(pilot)
        await until(pilot, lambda: bool(pilot.app.screen.found))
        await pilot.pause(0.1)

    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=run_before)


def test_ports_dialog(snap_compare, size):
    ports, current = observed_ports(RIG, [KEYSTEP, INTERFACE])
    screen = lambda: PortsDialog(ports, sees_choices(RIG), current)
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(screen, "PortsDialog"))


class FrozenRecorder(Recorder):
    """A step 3.2 s in with fixed messages heard: the picture does not depend on the clock."""

    def __init__(self, step: PlannedStep) -> None:
        super().__init__(step, CaptureSession([], step.name))
        self.record.ports = [KEYSTEP, INTERFACE]
        self._take(_steps()[0].events[:5] + [MidiEvent(3.0, INTERFACE, b"\xf8")])

    def start(self) -> None:
        pass

    @property
    def elapsed(self) -> float:
        return 3.2

    def session_now(self) -> float:
        return 3.4

    def drain(self) -> int:
        return 0


def _listen_screen() -> ListenScreen:
    step = plan_steps(BY_ID["keys-silent"], RIG)[0]
    bench = StillBench()
    return ListenScreen(step, 2, [KEYSTEP, INTERFACE], lambda: FrozenRecorder(step), bench.perform)


def test_listen_ready(snap_compare, size):
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(_listen_screen, "ListenScreen"))


def test_listening(snap_compare, size):
    async def run_before(pilot) -> None:
        await _on_top(_listen_screen, "ListenScreen")(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: pilot.app.screen.phase == "listening")
        await pilot.pause(0.05)

    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_findings(snap_compare, size, theme):
    diagnosis = _diagnosis()
    screen = lambda: FindingsScreen(diagnosis)
    assert snap_compare(wizard_app(StillBench(), theme=theme), terminal_size=size,
                        run_before=_on_top(screen, "FindingsScreen"))


def test_machine_fix_confirmation(snap_compare, size):
    action = Action("rk004-set", "hub", {"changes": {"DIN3_MODE": "MIDI_OUT"}, "commit": True})
    screen = lambda: ConfirmScreen("Let the wizard make this change?", proposal_text(action))
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(screen, "ConfirmScreen"))


def test_recheck_verdict(snap_compare, size):
    lines = ["✓ mended: Controller off the auto channel (was ✗ FAIL, now ✓ PASS)", "",
             "Nothing is clearly wrong. 0 wrong, 0 to look at, 5 undecided, 7 fine."]
    screen = lambda: MessageScreen("Did it work?", lines)
    assert snap_compare(wizard_app(StillBench()), terminal_size=size, run_before=_on_top(screen, "MessageScreen"))


def test_the_findings_data_is_what_the_picture_shows():
    """The snapshot's diagnosis really finds the forum case (so the picture is not of an empty list)."""
    failed = [finding.check for finding in _diagnosis().findings if finding.status == "fail"]
    assert failed == ["auto-channel"]
