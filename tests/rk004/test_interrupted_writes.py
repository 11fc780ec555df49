"""`rk004 set --commit` cut off at every point by every fault, against the emulator in-process (virtual clock):
one statement of what the hub holds, exit 3, and a restore command that really puts the hub back."""

from __future__ import annotations

import shlex
from datetime import datetime
from pathlib import Path

import pytest

from diag.commands import rk004
from diag.errors import DiagError, ExitCode
from diag.rk004.backup import backup_document, read_backup, write_backup
from diag.rk004.client import Rk004Client
from diag.rk004.params import PARAMS, find_param
from diag.rk004.ports import PortPair
from tests.rk004.faults import FAULTS, WRONG_ANSWERS, FaultyLoopback, FaultyRk004

PORTS = PortPair("jack", "rk004:out", "rk004:in")
BEFORE = {"SYNCOUT_MODE": 200, "DIN1_MODE": 7, "DIN3_MODE": 6}
"""A hub configured long ago (live and stored)."""
CHANGES = {"DIN1_MODE": 6, "SYNCOUT_PPSN": 24, "DIN3_MODE": 5}
"""What `set DIN1_MODE=MIDI_OUT SYNCOUT_PPSN=24 DIN3_MODE=MIDI_IN --commit` writes, in the order it is sent."""
ORDER = list(CHANGES)
"""The order the changes go out: as given."""
BACKUP_READ = len(PARAMS)
"""The write's requests come after the automatic backup's gets."""
POINTS = {
    "backup": 5,
    **{f"SET {name}": BACKUP_READ + 2 * index for index, name in enumerate(ORDER)},
    **{f"read-back {name}": BACKUP_READ + 2 * index + 1 for index, name in enumerate(ORDER)},
    "COMMIT": BACKUP_READ + 2 * len(ORDER),
}
"""Where the fault strikes: the request number (from 0, backup gets included)."""


@pytest.fixture
def backups(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    return tmp_path / "midi-diag" / "rk004-backups"


def wired(device: FaultyRk004) -> rk004.Hub:
    """The command's view of a hub: the real client over a loopback on a virtual clock."""
    for name, value in BEFORE.items():
        device.volatile[find_param(name).number] = value
    device.committed = dict(device.volatile)
    return rerun(FaultyLoopback(device))


def rerun(transport: FaultyLoopback) -> rk004.Hub:
    """A new run of midi-diag on the same hub: a client of its own (not held by an old XOFF)."""
    client = Rk004Client(transport, timeout=0.1, tries=3, xon_timeout=0.4, clock=transport.clock)
    return rk004.Hub(PORTS, client)


def restore_as_told(hub: rk004.Hub, words: list[str]) -> int:
    """Run a `midi-diag rk004 restore FILE ...` command line that a statement gave, on the same hub."""
    assert words[:3] == ["midi-diag", "rk004", "restore"]
    transport = hub.client._transport
    assert isinstance(transport, FaultyLoopback)
    return rk004.restore_backup(rerun(transport), Path(words[3]), read_backup(Path(words[3])))


def stopped(run) -> DiagError:
    with pytest.raises(DiagError) as caught:
        run()
    error = caught.value
    assert error.exit_code == ExitCode.NO_ANSWER and "\n" not in error.message
    return error


def undo_words(message: str) -> list[str]:
    tail = message.split("To go back to the settings from before this command, run: ")[1]
    return shlex.split(tail.split(" To finish the restore instead")[0])


def expected_groups(point: str, fault: str) -> tuple[list[str], list[str], list[str]]:
    """Which of the changes the statement must call confirmed, unknown and not sent."""
    at = POINTS[point] - BACKUP_READ
    done, unknown = ORDER[: at // 2], ORDER[at // 2: at // 2 + 1]
    if point.startswith("SET") and fault == "xoff":
        unknown = []  # held back before it went out
    return done, unknown, [name for name in ORDER if name not in done + unknown]


def check_statement(message: str, point: str, fault: str) -> None:
    done, unknown, unsent = expected_groups(point, fault)
    assert "Nothing was committed" in message or point == "COMMIT"
    if not done and not unknown:
        assert "Nothing of this write reached the hub, so it holds what it held before." in message
        return
    if done:
        listed = ", ".join(f"{name} = {find_param(name).describe_value(CHANGES[name])}" for name in done)
        assert f"Set and read back (confirmed): {listed}." in message
    if unknown:
        assert f"Sent, not confirmed (unknown): {unknown[0]} = " in message
    else:
        assert "Sent, not confirmed" not in message
    if unsent:
        kept = [f"{name} keeps {find_param(name).describe_value(BEFORE.get(name, 1))}" for name in unsent]
        assert f"Not sent: {', '.join(kept)}." in message
    untouched = len(PARAMS) - len(ORDER)
    assert f"The other {untouched} parameters were not touched." in message
    committed_maybe = point == "COMMIT" and fault != "xoff"
    assert ("may or may not have stored" in message) is committed_maybe
    assert ("Nothing was committed" in message) is not committed_maybe


def check_hub_matches(device: FaultyRk004, point: str, fault: str, before: dict[int, int]) -> None:
    """What the hub really holds agrees with the statement."""
    done, unknown, _ = expected_groups(point, fault)
    for name in done:
        assert device.volatile[find_param(name).number] == CHANGES[name]
    for name in unknown:
        assert device.volatile[find_param(name).number] in (before[find_param(name).number], CHANGES[name])
    for param in PARAMS:
        if param.name not in done + unknown:
            assert device.volatile[param.number] == before[param.number]
    if point != "COMMIT":
        assert device.committed == before


def check_cause(message: str, point: str, fault: str) -> None:
    if fault == "xoff":
        assert "held XOFF for more than 0.4 s" in message and "was not sent" in message
    elif fault == "gone":
        assert "the port 'rk004:in' has disappeared (hub unplugged or switched off?)" in message
    else:
        assert "did not answer" in message and "after 3 tries of 0.1 s" in message
    if fault in WRONG_ANSWERS:
        assert "unrelated messages ignored, among them" in message


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("point", list(POINTS))
def test_a_set_cut_off_says_what_the_hub_holds_and_its_restore_puts_it_back(point, fault, backups, capsys):
    device = FaultyRk004(fault=fault, fault_at=POINTS[point])
    hub = wired(device)
    before = dict(device.volatile)
    changes = {find_param(name): value for name, value in CHANGES.items()}
    message = stopped(lambda: rk004.write_changes(hub, changes, commit=True)).message
    check_cause(message, point, fault)
    assert device.sent_while_held == 0
    if point == "backup":
        assert "while reading the settings to back them up; nothing was written to the hub" in message
        assert device.volatile == device.committed == before and not backups.exists()
        return
    check_statement(message, point, fault)
    check_hub_matches(device, point, fault, before)

    words = undo_words(message)
    (backup,) = backups.glob("*.json")
    assert words == ["midi-diag", "rk004", "restore", str(backup), "--in", PORTS.input, "--out", PORTS.output,
                     "--api", PORTS.api, "--timeout", "0.1"]
    half_written = dict(device.volatile)
    device.heal()
    assert restore_as_told(hub, words) == ExitCode.OK
    assert device.volatile == device.committed == before
    # The restore backed up the half-written hub first, so that it too can be undone.
    (undo_of_restore,) = [path for path in backups.glob("*.json") if path != backup]
    assert {param.number: value for param, value in read_backup(undo_of_restore).values.items()} == half_written
    capsys.readouterr()


@pytest.mark.parametrize("fault", ["silent", "xoff"])
def test_a_restore_cut_off_offers_to_undo_it_or_to_finish_it(fault, backups, tmp_path):
    device = FaultyRk004()
    hub = wired(device)
    target = tmp_path / "target.json"
    settings = [(setting.param, setting.value) for setting in hub.client.dump()]
    write_backup(target, backup_document(settings, {}, datetime.now().astimezone(), reason="test"))
    wanted = dict(device.volatile)
    assert rk004.write_changes(hub, {find_param("DIN2_MODE"): 6, find_param("DIN7_PPSN"): 3}, commit=True) == 0
    device.fault, device.fault_at = fault, len(device.received) + BACKUP_READ + 9
    message = stopped(lambda: rk004.restore_backup(hub, target, read_backup(target))).message
    assert message.endswith(f"To finish the restore instead, run: {shlex.join(['midi-diag', 'rk004', 'restore'])} "
                            f"{target} --in rk004:out --out rk004:in --api jack --timeout 0.1")
    device.heal()
    finish = shlex.split(message.split("To finish the restore instead, run: ")[1])
    assert restore_as_told(hub, finish) == ExitCode.OK
    assert device.volatile == device.committed == wanted


@pytest.mark.parametrize(("fault", "outcome"), [
    ("silent", "The hub may or may not have stored its current settings"),
    ("other-command", "The hub may or may not have stored its current settings"),
    ("xoff", "It never went out, so the hub has not stored its current settings"),
])
def test_a_commit_cut_off_says_whether_it_may_have_stored(fault, outcome, backups, capsys):
    device = FaultyRk004(fault=fault, fault_at=BACKUP_READ)
    hub = wired(device)
    message = stopped(lambda: rk004.commit_on(hub)).message
    assert outcome in message
    assert device.sent_while_held == 0
    (backup,) = backups.glob("*.json")
    assert str(backup) in message


def test_a_factory_reset_cut_off_points_at_the_backup_that_undoes_it(backups, capsys):
    device = FaultyRk004(fault="silent", fault_at=BACKUP_READ)
    hub = wired(device)
    before = dict(device.volatile)
    message = stopped(lambda: rk004.reset_on(hub)).message
    assert "The hub may or may not have reset itself to factory settings" in message
    assert device.volatile == device.defaults  # it did, and said nothing
    device.heal()
    assert restore_as_told(hub, shlex.split(message.split("to write them back, run: ")[1])) == ExitCode.OK
    assert device.volatile == device.committed == before


@pytest.mark.parametrize("command", ["set", "commit", "reset", "restore"])
def test_every_command_that_writes_has_its_backup_on_disk_before_the_first_write_arrives(command, backups, tmp_path,
                                                                                        capsys):
    device = FaultyRk004(witness=backups)
    hub = wired(device)
    before = dict(device.volatile)
    target = tmp_path / "factory.json"
    write_backup(target, backup_document([(param, device.defaults[param.number]) for param in PARAMS], {},
                                         datetime.now().astimezone(), reason="test"))
    run = {"set": lambda: rk004.write_changes(hub, {find_param("DIN1_MODE"): 5}, commit=True),
           "commit": lambda: rk004.commit_on(hub), "reset": lambda: rk004.reset_on(hub),
           "restore": lambda: rk004.restore_backup(hub, target, read_backup(target))}[command]
    assert run() == ExitCode.OK
    (backup,) = device.backups_at_first_write or [None]
    assert backup is not None and f"before-{command}" in backup.name
    assert {param.number: value for param, value in read_backup(backup).values.items()} == before
    assert str(backup) in capsys.readouterr().err
