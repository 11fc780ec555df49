"""The RK-004 screen when a write is cut off (no answer, a wrong answer, XOFF without XON, a commit or a
restore unanswered), and the automatic backup before each of its writes; the in-process emulator behind
real ports of the in-process MIDI system. Never a crash, nothing the user typed is lost, and the way back
(restore from the automatic backup) is offered and works."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest

from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rk004.backup import read_backup
from diag.rk004.frames import XON
from diag.rk004.params import PARAMS, find_param
from diag.rk004.virtual import VirtualRk004, preset
from diag.tui.rk004.dialogs import ConfirmDialog, PathDialog
from diag.tui.rk004.screen import Rk004Screen
from diag.tui.rk004.session import PortHub
from tests.rk004.faults import FaultyRk004
from tests.tui.conftest import run, until
from tests.tui.test_rk004_screen import HUB_TIMEOUT, PRESET, Bench, cells, choose_file, confirm, editor, job_done, read, stage

_systems = itertools.count()
READ = len(PARAMS)
"""Requests of the screen's first read; the automatic backup's gets come next, then the write."""


@pytest.fixture
def bench(tmp_path) -> Iterator[Bench]:
    """As in test_rk004_screen, with an emulator that can go wrong at a chosen request and notes the backups
    on disk when the first write arrives."""
    system = InProcessMidi(f"rk004-interrupted-{next(_systems)}")
    register_in_process(system)
    backups = tmp_path / "automatic"
    emulator = FaultyRk004(witness=backups)
    preset(emulator, {find_param(name).number: value for name, value in PRESET.items()})
    device = VirtualRk004(system.name, "rk004", emulator).start()
    factory = PortHub(system.name, "rk004", "rk004", timeout=HUB_TIMEOUT)
    yield Bench(device, factory, backups)
    factory.close()
    device.close()
    unregister_in_process(system)


def hub(bench: Bench) -> FaultyRk004:
    emulator = bench.device.emulator
    assert isinstance(emulator, FaultyRk004)
    return emulator


def go_wrong(bench: Bench, fault: str, at: int) -> None:
    with bench.device.lock:
        hub(bench).fault, hub(bench).fault_at = fault, at


def heal(bench: Bench) -> None:
    with bench.device.lock:
        hub(bench).heal()


async def offer(pilot, answer: str) -> ConfirmDialog:
    """The dialog that says what the hub holds and offers the backup (given time: a hub that does not answer
    takes its tries, XOFF its own wait), answered."""
    def shown() -> bool:
        screen = pilot.app.screen
        return isinstance(screen, ConfirmDialog) and screen.plan.title == "the hub stopped answering"

    await until(pilot, shown, 30)
    dialog = pilot.app.screen
    assert dialog.plan.go == "Restore them"
    await pilot.press(answer)
    return dialog


async def stopped(pilot) -> tuple[ConfirmDialog, str]:
    """The offer declined, so that the screen is back; the dialog and its statement."""
    dialog = await offer(pilot, "n")
    return dialog, dialog.plan.sections[0].lines[0]


async def restore_offered(pilot, screen: Rk004Screen, dialog_answer: str = "y") -> None:
    """Take the offer: the automatic backup is suggested; restore it, confirmed."""
    backup = screen.session.last_saved.path
    await until(pilot, lambda: isinstance(pilot.app.screen, PathDialog) and pilot.app.screen.query("Input"))
    assert pilot.app.screen.query_one("Input").value == str(backup)
    await pilot.press("enter")
    await confirm(pilot, dialog_answer)
    await job_done(pilot, screen)


def test_xoff_without_xon_mid_apply_sends_nothing_more_keeps_the_edits_and_the_restore_works(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            before = bench.state()
            await stage(pilot, screen, "DIN1_MODE", "MIDI_OUT")
            await stage(pilot, screen, "DIN2_MODE", "MIDI_OUT")
            go_wrong(bench, "xoff", READ + READ + 2)  # held after DIN1's set and read-back
            await pilot.press("a")
            await confirm(pilot)
            message = (await offer(pilot, "y")).plan.sections[0].lines[0]
            assert "RK-004 held XOFF for more than 2 s; SET DIN2_MODE (param 9) = 6 (MIDI_OUT) was not sent" in message
            assert "Set and read back (confirmed): DIN1_MODE = 6 (MIDI_OUT). Not sent: DIN2_MODE keeps 4" in message
            assert hub(bench).sent_while_held == 0
            assert screen.edits.pending == {9: 6}  # the change that never went out is still there
            heal(bench)
            bench.device.send(bytes([XON]))  # the hub is ready again
            await restore_offered(pilot, screen)
            assert screen.notice.startswith("✓ restored")
            assert bench.state() == bench.state("committed") == before

    run(scenario)


def test_a_wrong_answer_mid_apply_leaves_that_value_unknown_and_the_restore_works(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            before = bench.state()
            await stage(pilot, screen, "DIN4_MODE", "MIDI_OUT")
            await stage(pilot, screen, "DIN5_MODE", "MIDI_IN")
            go_wrong(bench, "other-param", READ + READ + 2)  # DIN5's set is answered for another parameter
            screen.action_apply(commit=True)
            await confirm(pilot)
            _, message = await stopped(pilot)
            assert "RK-004 did not answer SET DIN5_MODE (param 12) = 5 (MIDI_IN) after 3 tries" in message
            assert "among them an RK-004 SETPARAM_RSP (43) for param 0 = 0 that answers another request" in message
            assert "Sent, not confirmed (unknown): DIN5_MODE = 4 (MIDI_AUTO) or 5 (MIDI_IN)" in message
            assert "Nothing was committed" in message
            assert cells(screen, "DIN5_MODE")[3:] == ["?", "→ 5 (MIDI_IN)"]
            assert cells(screen, "DIN4_MODE")[0] == "✓"
            assert screen.notice_is_error and screen.notice.startswith("✗ could not write to the RK-004")
            heal(bench)
            screen.action_restore()
            await restore_offered(pilot, screen)
            assert bench.state() == bench.state("committed") == before
            assert cells(screen, "DIN5_MODE")[3] == "4 (MIDI_AUTO)"

    run(scenario)


def test_the_hubs_ports_disappearing_mid_apply_is_said_and_restore_reconnects_once_they_are_back(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            before = bench.state()
            await stage(pilot, screen, "DIN1_MODE", "MIDI_OUT")
            await stage(pilot, screen, "DIN2_MODE", "MIDI_OUT")
            bench.device.vanish_after = READ + READ + 2  # unplugged after DIN1's set and read-back
            await pilot.press("a")
            await confirm(pilot)
            message = (await offer(pilot, "y")).plan.sections[0].lines[0]
            assert "the ports 'rk004:out' and 'rk004:in' have disappeared (hub unplugged or switched off?)" in message
            assert "Sent, not confirmed (unknown): DIN2_MODE = 4 (MIDI_AUTO) or 6 (MIDI_OUT)" in message
            assert not bench.device.snapshot()["ports"]
            bench.device.replug()
            await restore_offered(pilot, screen)
            assert screen.notice.startswith("✓ restored")
            assert bench.state() == bench.state("committed") == before

    run(scenario)


def test_a_commit_cut_off_says_it_may_have_stored_and_offers_the_backup(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            go_wrong(bench, "silent", READ + READ)
            await pilot.press("c")
            await confirm(pilot)
            _, message = await stopped(pilot)
            assert message.startswith(f"RK-004 did not answer COMMIT after 3 tries of {HUB_TIMEOUT} s. "
                                      "The hub may or may not have stored its current settings.")
            assert str(screen.session.last_saved.path) in message and "rk004 restore" in message
            assert not screen.stored

    run(scenario)


def test_a_restore_cut_off_says_how_to_undo_it_and_how_to_finish_it(bench, tmp_path):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            target = tmp_path / "mine.json"
            await pilot.press("b")
            await choose_file(pilot, target)
            await job_done(pilot, screen)
            await stage(pilot, screen, "SYNCOUT_PPSN", "24")
            await pilot.press("a")
            await confirm(pilot)
            await job_done(pilot, screen)
            sent = len(hub(bench).received)
            go_wrong(bench, "silent", sent + READ + 5)
            await pilot.press("o")
            await choose_file(pilot, target)
            await confirm(pilot)
            _, message = await stopped(pilot)
            assert "To go back to the settings from before this command, run: midi-diag rk004 restore " in message
            assert f"To finish the restore instead, run: midi-diag rk004 restore {target} --in" in message
            assert "before-restore" in str(screen.session.last_saved.path)

    run(scenario)


def test_a_factory_reset_is_confirmed_backed_up_first_read_back_and_undone_by_restore(bench):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            before = bench.state()
            await pilot.press("x")
            dialog = await confirm(pilot)
            assert dialog.plan.frames == ["F0 00 21 23 00 04 05 F7  FACTORY RESET: back to the factory settings"]
            await until(pilot, lambda: screen.notice.startswith("✓ reset to factory settings and read back"))
            assert cells(screen, "SYNCOUT_MODE")[3] == "0 (POS_SHORT)"
            assert bench.state() == {param.name: hub(bench).defaults[param.number] for param in PARAMS}
            screen.action_restore()
            await restore_offered(pilot, screen)
            assert bench.state() == bench.state("committed") == before

    run(scenario)


@pytest.mark.parametrize("action", ["apply", "commit", "reset", "restore"])
def test_every_write_of_the_screen_has_its_automatic_backup_on_disk_before_it_reaches_the_hub(bench, action,
                                                                                              tmp_path):
    async def scenario():
        async with editor(bench).run_test(size=(80, 24)) as pilot:
            screen = await read(pilot)
            if action == "restore":
                target = tmp_path / "mine.json"
                await pilot.press("b")
                await choose_file(pilot, target)
                await job_done(pilot, screen)
            await stage(pilot, screen, "DIN6_MODE", "MIDI_IN")
            if action == "restore":
                screen.action_restore(target)
                await until(pilot, lambda: isinstance(pilot.app.screen, PathDialog) and pilot.app.screen.query("Input"))
                await pilot.press("enter")
            else:
                await pilot.press({"apply": "a", "commit": "c", "reset": "x"}[action])
            await confirm(pilot)
            await job_done(pilot, screen)

    before = bench.state()
    run(scenario)
    (backup,) = hub(bench).backups_at_first_write or [None]
    assert backup is not None and backup.parent == bench.backups
    assert f"before-{'set' if action == 'apply' else action}" in backup.name
    assert {param.name: value for param, value in read_backup(backup).values.items()} == before


def test_the_wizards_machine_fix_has_its_automatic_backup_on_disk_before_it_reaches_the_hub(monkeypatch, tmp_path):
    from diag.tui.wizard.bench import HardwareBench
    from tests.tui.test_wizard_flow import QUICK, wizard_app
    from tests.tui.test_wizard_machine_fix import confirm_on_the_rk004_screen, needs_a_port_mode, to_the_findings

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setenv("HOME", str(tmp_path))
    backups = tmp_path / "midi-diag" / "rk004-backups"
    system = InProcessMidi(f"rk004-interrupted-wizard-{next(_systems)}")
    register_in_process(system)
    emulator = FaultyRk004(witness=backups)
    device = VirtualRk004(system.name, "Retrokits RK-004", emulator).start()
    before = dict(emulator.volatile)
    app = wizard_app(HardwareBench(device.api, QUICK), diagnoser=needs_a_port_mode)

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await to_the_findings(pilot)
            await pilot.press("f")
            await until(pilot, lambda: type(pilot.app.screen).__name__ == "ConfirmScreen")
            await confirm_on_the_rk004_screen(pilot)
            await until(pilot, lambda: emulator.committed != before, 20)

    try:
        run(scenario)
    finally:
        device.close()
        unregister_in_process(system)
    (backup,) = emulator.backups_at_first_write or [None]
    assert backup is not None and "before-set" in backup.name
    assert {param.number: value for param, value in read_backup(backup).values.items()} == before
