"""The RK-004 screen against the emulator on the in-process MIDI system, through the real client and transport.

Snapshots at 80x24, dark and light; update after a deliberate change with
`pytest tests/tui/test_rk004_screen.py --snapshot-update` and look at the SVGs before committing them.
"""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static

from diag.cli import main
from diag.commands.rk004 import dry_run_text
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rk004.backup import read_backup
from diag.rk004.emulator import Behaviour, Rk004Emulator
from diag.rk004.params import PARAMS, find_param
from diag.rk004.virtual import VirtualRk004, preset
from diag.tui.app import MidiDiagApp, make_app, make_rk004_app
from diag.tui.rk004.dialogs import ConfirmDialog, EditValueDialog, PathDialog
from diag.tui.rk004.screen import Rk004Outcome, Rk004Screen
from diag.tui.rk004.session import PortHub
from diag.tui.sources import ReplaySource
from tests.tui.conftest import run, until

_systems = itertools.count()
PRESET = {"SYNCOUT_MODE": 200, "DIN1_MODE": 7}
"""A hub configured long ago: a value above 127 and a DIN1-only mode, so that names beyond 0-127 show."""


@dataclass
class Bench:
    """An emulated RK-004 on an in-process MIDI system, and a client factory reaching it by port names."""

    device: VirtualRk004
    factory: PortHub
    backups: Path

    def state(self, which: str = "volatile") -> dict[str, int]:
        return self.device.snapshot()[which]

    @property
    def received(self) -> int:
        return self.device.snapshot()["received"]

    def knobs(self, **knobs: object) -> None:
        self.device.change_behaviour(Behaviour(**knobs))


HUB_TIMEOUT = 0.5
"""Seconds per try: long enough that a loaded machine's late answer is not taken for silence."""


@pytest.fixture
def bench(tmp_path) -> Iterator[Bench]:
    system = InProcessMidi(f"rk004-screen-{next(_systems)}")
    register_in_process(system)
    emulator = Rk004Emulator()
    preset(emulator, {find_param(name).number: value for name, value in PRESET.items()})
    device = VirtualRk004(system.name, "rk004", emulator).start()
    factory = PortHub(system.name, "rk004", "rk004", timeout=HUB_TIMEOUT)
    backups = tmp_path / "automatic"
    yield Bench(device, factory, backups)
    factory.close()
    device.close()
    unregister_in_process(system)


def editor(bench: Bench, theme: str = "dark") -> MidiDiagApp:
    return make_rk004_app(bench.factory, theme=theme, backup_folders=[bench.backups])


class Host(App[None]):
    """Opens the screen the way the wizard does, and keeps what it closed with."""

    def __init__(self, screen: Rk004Screen) -> None:
        super().__init__()
        self.rk004 = screen
        self.outcomes: list[Rk004Outcome] = []

    def on_mount(self) -> None:
        self.push_screen(self.rk004, self.outcomes.append)


async def read(pilot) -> Rk004Screen:
    """Wait for the first read of the hub to end well; the screen."""
    screen = next(s for s in pilot.app.screen_stack if isinstance(s, Rk004Screen))
    await until(pilot, lambda: not screen.doing and screen.edits.held)
    return screen


async def job_done(pilot, screen: Rk004Screen) -> None:
    """Wait for the next job to end (each call waits for one more)."""
    seen = getattr(screen, "seen_by_test", 1)  # the first read is counted by read()
    await until(pilot, lambda: screen.jobs_ended > seen)
    screen.seen_by_test = seen + 1
    await pilot.pause()


async def select(pilot, screen: Rk004Screen, name: str) -> None:
    screen.table.move_cursor(row=PARAMS.index(find_param(name)))
    await pilot.pause()


async def stage(pilot, screen: Rk004Screen, name: str, text: str) -> None:
    """Edit one parameter through the dialog (the typed text replaces the suggested value)."""
    await select(pilot, screen, name)
    await pilot.press("e")
    await until(pilot, lambda: isinstance(pilot.app.screen, EditValueDialog))
    await pilot.press(*text, "enter")
    await until(pilot, lambda: pilot.app.screen is screen)


async def confirm(pilot, answer: str = "y") -> ConfirmDialog:
    await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
    dialog = pilot.app.screen
    await pilot.press(answer)
    return dialog


def text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def cells(screen: Rk004Screen, name: str) -> list[str]:
    return [str(cell) for cell in screen.query_one(DataTable).get_row(name)]


# The table ---------------------------------------------------------------------


def test_the_table_shows_every_parameter_with_its_value_name(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            assert screen.table.row_count == len(PARAMS)
            assert cells(screen, "SYNCOUT_MODE") == ["", "4", "SYNCOUT_MODE", "200 (BATTSYNTH)", ""]
            assert cells(screen, "DIN1_MODE")[3] == "7 (UART@38400)"
            assert cells(screen, "DIN2_MODE")[3] == "4 (MIDI_AUTO)"
            assert cells(screen, "DIN7_PPSN")[3] == "1"
            assert screen.notice == f"✓ read all {len(PARAMS)} parameters."
            assert "in 'rk004:out', out 'rk004:in'" in text(screen, "#hub")

    run(scenario)


# Editing -------------------------------------------------------------------------


def test_a_bad_value_is_refused_in_the_dialog_with_the_reason_and_nothing_is_sent(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            sent = bench.received
            await select(pilot, screen, "DIN2_MODE")
            await pilot.press("e")
            await until(pilot, lambda: isinstance(pilot.app.screen, EditValueDialog))
            dialog = pilot.app.screen
            for typed, reason in [("7", "7 is out of range for DIN2_MODE (valid: 0-6)"),
                                  ("uart@31250", "DIN2_MODE has no value 'uart@31250'")]:
                dialog.query_one(Input).value = typed
                await pilot.press("enter")
                assert pilot.app.screen is dialog
                assert text(dialog, "#problem").startswith(f"✗ not accepted: {reason}")
            await pilot.press("escape")
            await until(pilot, lambda: pilot.app.screen is screen)
            assert screen.edits.pending == {} and cells(screen, "DIN2_MODE")[0] == ""
            await pilot.pause(0.2)
            assert bench.received == sent

    run(scenario)


def test_edits_by_name_or_number_are_pending_and_listed_in_the_diff(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            sent = bench.received
            await stage(pilot, screen, "DIN3_MODE", "midi_out")
            await stage(pilot, screen, "SYNCOUT_MODE", "64")
            await stage(pilot, screen, "DIN5_PPSN", "0x18")
            assert cells(screen, "DIN3_MODE") == ["•", "10", "DIN3_MODE", "4 (MIDI_AUTO)", "→ 6 (MIDI_OUT)"]
            assert cells(screen, "SYNCOUT_MODE")[4] == "→ 64 (BATTSYNTH)"
            pending = text(screen, "#pending").splitlines()
            assert pending[0].startswith("3 pending:")
            assert pending[1:4] == ["SYNCOUT_MODE (4): 200 (BATTSYNTH) → 64 (BATTSYNTH)",
                                    "DIN3_MODE (10): 4 (MIDI_AUTO) → 6 (MIDI_OUT)",
                                    "DIN5_PPSN (20): 1 → 24"]
            await stage(pilot, screen, "DIN3_MODE", "4")  # back to what the hub holds: no longer pending
            await select(pilot, screen, "DIN5_PPSN")
            await pilot.press("u")
            assert {find_param(n).name for n in screen.edits.pending} == {"SYNCOUT_MODE"}
            assert text(screen, "#pending").splitlines()[0].startswith("1 pending:")
            assert bench.received == sent

    run(scenario)


# Writing -----------------------------------------------------------------------


def test_apply_confirms_the_exact_frames_writes_reads_back_and_does_not_commit(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            await stage(pilot, screen, "DIN1_MODE", "MIDI_OUT")
            await stage(pilot, screen, "SYNCOUT_PPSN", "6")
            await pilot.press("a")
            dialog = await confirm(pilot, "n")
            changes = {find_param("SYNCOUT_PPSN"): 6, find_param("DIN1_MODE"): 6}
            assert dialog.plan.frames == dry_run_text(changes, commit=False).splitlines()[1:]
            assert bench.state()["DIN1_MODE"] == 7  # cancelled: nothing written
            await pilot.press("a")
            await confirm(pilot, "y")
            await job_done(pilot, screen)
            assert screen.notice.startswith("✓ 2 changes written and read back. Not stored yet")
            assert bench.state()["DIN1_MODE"] == 6 and bench.state()["SYNCOUT_PPSN"] == 6
            assert bench.state("committed")["DIN1_MODE"] == 7
            assert cells(screen, "DIN1_MODE") == ["✓", "8", "DIN1_MODE", "6 (MIDI_OUT)", ""]
            (backup,) = bench.backups.iterdir()
            assert read_backup(backup).values[find_param("DIN1_MODE")] == 7
            assert str(backup) in screen.notice

    run(scenario)


def test_a_change_the_hub_ignores_is_shown_and_nothing_is_committed_even_when_storing_was_asked(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            bench.knobs(ignore_set=frozenset({find_param("DIN2_MODE").number}))
            await stage(pilot, screen, "DIN2_MODE", "MIDI_IN")
            await stage(pilot, screen, "DIN4_MODE", "MIDI_IN")
            screen.action_apply(commit=True)
            dialog = await confirm(pilot, "y")
            assert dialog.plan.frames[-1].endswith("COMMIT: store, sent only if every read-back matched")
            await job_done(pilot, screen)
            assert screen.notice.startswith("✗ 1 of 2 changes did not take (DIN2_MODE): the hub kept its old value")
            assert screen.notice_is_error and "Nothing was committed" in screen.notice
            assert cells(screen, "DIN2_MODE") == ["✗", "9", "DIN2_MODE", "4 (MIDI_AUTO)", "→ 5 (MIDI_IN)"]
            assert cells(screen, "DIN4_MODE")[0] == "✓"
            assert "DIN2_MODE (9): 4 (MIDI_AUTO) → 5 (MIDI_IN)  ✗ did not take" in text(screen, "#pending")
            assert bench.state()["DIN4_MODE"] == 5 and bench.state("committed")["DIN4_MODE"] == 4
            assert not screen.stored

    run(scenario)


def test_commit_stores_what_the_hub_holds(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            await stage(pilot, screen, "DIN6_MODE", "6")
            await pilot.press("a")
            await confirm(pilot)
            await job_done(pilot, screen)
            assert bench.state("committed")["DIN6_MODE"] == 4
            await pilot.press("c")
            dialog = await confirm(pilot)
            assert dialog.plan.frames == ["F0 00 21 23 00 04 07 F7  COMMIT: store the values the hub holds now"]
            await job_done(pilot, screen)
            assert bench.state("committed")["DIN6_MODE"] == 6 and screen.stored
            assert screen.notice.startswith("✓ stored")

    run(scenario)


# Backup and restore ------------------------------------------------------------


async def choose_file(pilot, path: Path) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, PathDialog))
    pilot.app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")


def test_backup_to_a_file_and_restore_from_it(bench, tmp_path):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            path = tmp_path / "mine.json"
            await pilot.press("b")
            await choose_file(pilot, path)
            await job_done(pilot, screen)
            assert screen.notice == f"✓ backed up {len(PARAMS)} parameters to {path}"
            assert read_backup(path).values[find_param("SYNCOUT_MODE")] == 200
            await stage(pilot, screen, "SYNCOUT_MODE", "1")
            await stage(pilot, screen, "DIN1_MODE", "MIDI_IN")
            await pilot.press("a")
            await confirm(pilot)
            await job_done(pilot, screen)
            assert bench.state()["SYNCOUT_MODE"] == 1
            await pilot.press("o")
            await choose_file(pilot, path)
            dialog = await confirm(pilot)
            assert dialog.plan.sections[0].lines[:3] == (
                f"2 of {len(PARAMS)} parameters differ from what the hub holds; all are written.",
                "SYNCOUT_MODE (4): 1 (NEG_SHORT) → 200 (BATTSYNTH)",
                "DIN1_MODE (8): 5 (MIDI_IN) → 7 (UART@38400)")
            assert len(dialog.plan.frames) == 2 * len(PARAMS) + 1
            await job_done(pilot, screen)
            assert screen.notice == f"✓ restored {len(PARAMS)} parameters from {path}, read each back and stored them."
            assert bench.state() == bench.state("committed")
            assert bench.state()["SYNCOUT_MODE"] == 200 and bench.state()["DIN1_MODE"] == 7

    run(scenario)


def test_an_unusable_backup_file_is_refused_before_anything_is_sent(bench, tmp_path):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            sent = bench.received
            path = tmp_path / "broken.json"
            path.write_text("{\"schema\": \"something else\"}")
            await pilot.press("o")
            await choose_file(pilot, path)
            await pilot.pause()
            assert isinstance(pilot.app.screen, PathDialog)
            assert "is not a usable RK-004 backup" in text(pilot.app.screen, "#problem")
            await pilot.press("escape")
            assert bench.received == sent and screen.edits.pending == {}

    run(scenario)


# A hub in trouble --------------------------------------------------------------


def test_a_silent_hub_is_a_clear_error_and_keys_work_while_it_is_asked(bench):
    bench.knobs(silent=True)
    bench.factory.timeout = 0.2  # three tries: 0.6 s of waiting for the first answer

    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = next(s for s in pilot.app.screen_stack if isinstance(s, Rk004Screen))
            await until(pilot, lambda: screen.doing)
            await pilot.press("down", "down")
            assert screen.table.cursor_row == 2 and screen.doing  # handled while the request was waiting
            await until(pilot, lambda: not screen.doing)
            assert screen.notice_is_error
            assert screen.notice.startswith("✗ could not read the RK-004: RK-004 did not answer GET SYNCIN_MODE")
            assert "is the hub connected to input 'rk004:out' and output 'rk004:in'?" in screen.notice
            assert cells(screen, "DIN1_MODE")[3] == "?"
            await pilot.press("e")
            await until(pilot, lambda: isinstance(pilot.app.screen, EditValueDialog))

    run(scenario)


def test_a_hub_that_stops_answering_mid_write_says_what_it_holds_and_offers_the_backup(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            await stage(pilot, screen, "DIN1_MODE", "MIDI_OUT")
            await stage(pilot, screen, "DIN2_MODE", "MIDI_OUT")
            # Answers the backup's 18 gets and the first set and get, then nothing.
            bench.knobs(silent_after=bench.device.snapshot()["answered"] + len(PARAMS) + 2)
            await pilot.press("a")
            await confirm(pilot)
            offer = await confirm(pilot, "y")
            assert offer.plan.title == "the hub stopped answering"
            message = offer.plan.sections[0].lines[0]
            assert "Set and read back (confirmed): DIN1_MODE = 6 (MIDI_OUT)." in message
            assert "Sent, not confirmed (unknown): DIN2_MODE = 4 (MIDI_AUTO) or 6 (MIDI_OUT)" in message
            assert cells(screen, "DIN2_MODE")[3:] == ["?", "→ 6 (MIDI_OUT)"]  # not known, still pending
            assert screen.notice.startswith("✗ could not write to the RK-004") and screen.notice_is_error
            (backup,) = bench.backups.iterdir()
            await until(pilot, lambda: isinstance(pilot.app.screen, PathDialog))
            assert pilot.app.screen.query_one(Input).value == str(backup)
            bench.knobs()  # the hub answers again
            await pilot.press("enter")
            await confirm(pilot)
            await job_done(pilot, screen)
            assert bench.state()["DIN1_MODE"] == bench.state("committed")["DIN1_MODE"] == 7
            assert screen.notice.startswith("✓ restored")

    run(scenario)


# The entry point for the wizard --------------------------------------------------


def test_prefilled_changes_open_a_confirmation_of_the_exact_frames_and_the_outcome_comes_back(bench):
    screen = Rk004Screen(bench.factory, pending_changes={"DIN1_MODE": "MIDI_OUT", 4: 64}, commit=True,
                         backup_folders=[bench.backups])
    host = Host(screen)

    async def scenario():
        async with host.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))
            dialog = pilot.app.screen
            assert dialog.plan.title == "write 2 changes and store them"
            assert dialog.plan.sections[0].lines == ("SYNCOUT_MODE (4): 200 (BATTSYNTH) → 64 (BATTSYNTH)",
                                                     "DIN1_MODE (8): 7 (UART@38400) → 6 (MIDI_OUT)")
            changes = {find_param("SYNCOUT_MODE"): 64, find_param("DIN1_MODE"): 6}
            assert dialog.plan.frames == dry_run_text(changes, commit=True).splitlines()[1:]
            await pilot.press("y")
            await job_done(pilot, screen)
            await pilot.press("escape")
            await until(pilot, lambda: host.outcomes)

    run(scenario)
    (outcome,) = host.outcomes
    assert outcome.stored and outcome.written is not None and outcome.written.ok and outcome.pending == {}
    assert outcome.automatic_backup is not None and outcome.automatic_backup.parent == bench.backups
    assert bench.state("committed")["DIN1_MODE"] == 6 and bench.state("committed")["SYNCOUT_MODE"] == 64


def test_bad_prefilled_changes_are_refused_and_nothing_is_written(bench):
    host = Host(Rk004Screen(bench.factory, pending_changes={"DIN2_MODE": 7}, backup_folders=[bench.backups]))

    async def scenario():
        async with host.run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            assert screen.edits.pending == {} and pilot.app.screen is screen
            assert bench.received == len(PARAMS)  # the read, nothing else

    run(scenario)
    # The refusal is the first thing said; the read's own notice follows it.
    assert Rk004Screen(bench.factory, pending_changes={"DIN2_MODE": 7}).notice.startswith(
        "✗ the changes to make were refused, nothing is sent: 7 is out of range for DIN2_MODE")


def test_leaving_with_pending_changes_asks_once_more(bench):
    host = Host(Rk004Screen(bench.factory, backup_folders=[bench.backups]))

    async def scenario():
        async with host.run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            await stage(pilot, screen, "DIN7_PPSN", "3")
            await pilot.press("escape")
            assert not host.outcomes and screen.notice.startswith("1 change is not written: Esc again leaves")
            await pilot.press("escape")
            await until(pilot, lambda: host.outcomes)

    run(scenario)
    assert host.outcomes[0].pending == {"DIN7_PPSN": 3} and host.outcomes[0].written is None


# Command palette and the command line --------------------------------------------


def test_the_command_palette_runs_the_screens_actions(bench, tmp_path):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            await read(pilot)
            await pilot.press("ctrl+p")
            await pilot.press(*"back up the rk")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(pilot.app.screen, PathDialog))

    run(scenario)


def test_the_monitor_offers_the_rk004_screen_in_the_palette_when_it_has_a_hub(bench):
    with_hub = make_app(ReplaySource(), rk004=bench.factory)
    without = make_app(ReplaySource())

    async def scenario():
        async with with_hub.run_test(size=(80, 24)) as pilot:
            titles = [command.title for command in with_hub.get_system_commands(with_hub.screen)]
            assert "RK-004 settings" in titles
            with_hub.action_open_rk004()
            await read(pilot)
        async with without.run_test(size=(80, 24)):
            assert "RK-004 settings" not in [c.title for c in without.get_system_commands(without.screen)]

    run(scenario)


def test_rk004_edit_opens_the_ports_first_and_closes_them_at_the_end(bench, monkeypatch):
    launched: list[MidiDiagApp] = []
    monkeypatch.setattr(MidiDiagApp, "run", lambda self, **_: launched.append(self))
    monkeypatch.setattr("diag.commands.rk004.choose_api", lambda option: bench.factory.api)
    assert main(["rk004", "edit", "--in", "rk004", "--out", "rk004"]) == 0
    (app,) = launched
    assert isinstance(app.first_screen(), Rk004Screen) and app.rk004 is not None
    assert app.rk004._transport is None  # closed again


def test_rk004_edit_with_a_port_that_does_not_exist_is_one_line_before_any_screen(bench, monkeypatch, capsys):
    launched: list[MidiDiagApp] = []
    monkeypatch.setattr(MidiDiagApp, "run", lambda self, **_: launched.append(self))
    monkeypatch.setattr("diag.commands.rk004.choose_api", lambda option: bench.factory.api)
    assert main(["rk004", "edit", "--in", "nothing-like-it", "--out", "rk004"]) == 2
    error = capsys.readouterr().err
    assert "nothing-like-it" in error and error.count("\n") == 1 and not launched


# Pictures ------------------------------------------------------------------------


async def _with_a_pending_change(pilot) -> None:
    screen = await read(pilot)
    await stage(pilot, screen, "DIN2_MODE", "MIDI_OUT")
    await select(pilot, screen, "SYNCOUT_MODE")


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_screen_80x24(snap_compare, bench, theme):
    assert snap_compare(editor(bench, theme), terminal_size=(80, 24), run_before=_with_a_pending_change)


def test_screen_120x36(snap_compare, bench):
    assert snap_compare(editor(bench, "dark"), terminal_size=(120, 36), run_before=_with_a_pending_change)


@pytest.mark.parametrize("size", [(80, 24), (120, 36)], ids=["80x24", "120x36"])
def test_confirmation(snap_compare, bench, size):
    async def run_before(pilot) -> None:
        await _with_a_pending_change(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmDialog))

    assert snap_compare(editor(bench, "light"), terminal_size=size, run_before=run_before)
