"""Every `midi-diag rk004` command as a user runs it, against the emulator process over a private JACK server."""

from __future__ import annotations

import json
import shlex
import subprocess
import time
from datetime import datetime
from pathlib import Path

import pytest

from diag import __version__
from diag.rk004.backup import read_backup
from diag.rk004.emulator import ASSUMED_FACTORY_DEFAULTS
from diag.rk004.params import PARAMS, find_param
from tests.rk004.hub_process import HubProcess, midi_diag, start_hub

pytestmark = pytest.mark.jack

TIMEOUT = "0.15"
"""Seconds per try in these tests: JACK answers within a few milliseconds."""

FACTORY = {param.name: ASSUMED_FACTORY_DEFAULTS[param.name] for param in PARAMS}


@pytest.fixture(scope="module")
def hub_process(jack_server):
    hub = start_hub(jack_server)
    yield hub
    hub.close()


@pytest.fixture
def hub(hub_process) -> HubProcess:
    """The emulated hub, factory-fresh, with default knobs and no records."""
    hub_process.configure()
    return hub_process


@pytest.fixture
def env(jack_server, tmp_path) -> dict[str, str]:
    """The environment for midi-diag: the JACK server, and a data folder of this test's own."""
    return jack_server.env | {"XDG_DATA_HOME": str(tmp_path / "data")}


def rk004(env: dict[str, str], hub: HubProcess, *args: str, timeout: str = TIMEOUT) -> subprocess.CompletedProcess:
    return midi_diag(env, "rk004", *args, "--in", hub.out_port, "--out", hub.in_port, "--timeout", timeout)


def automatic_backups(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "data" / "midi-diag" / "rk004-backups").glob("*.json"))


def values(**named: int) -> list[str]:
    return [word for name, value in named.items() for word in ("--value", f"{name}={value}")]


def error_line(result: subprocess.CompletedProcess, code: int) -> str:
    """The one error line, after any progress lines; asserts the exit code and that there is no traceback."""
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("midi-diag: ")
    return line


def test_dump_prints_every_parameter_including_values_above_127(hub, env):
    hub.configure(*values(SYNCOUT_MODE=200, DIN3_PPSN=154, DIN2_MODE=6, DIN7_PPSN=128))
    result = rk004(env, hub, "dump")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        " #  parameter     value  value name\n"
        " 0  SYNCIN_MODE       0\n"
        " 1  SYNCIN_PPSN       1\n"
        " 4  SYNCOUT_MODE    200  BATTSYNTH\n"
        " 5  SYNCOUT_PPSN      1\n"
        " 8  DIN1_MODE         4  MIDI_AUTO\n"
        " 9  DIN2_MODE         6  MIDI_OUT\n"
        "10  DIN3_MODE         4  MIDI_AUTO\n"
        "11  DIN4_MODE         4  MIDI_AUTO\n"
        "12  DIN5_MODE         4  MIDI_AUTO\n"
        "13  DIN6_MODE         4  MIDI_AUTO\n"
        "14  DIN7_MODE         4  MIDI_AUTO\n"
        "16  DIN1_PPSN         1\n"
        "17  DIN2_PPSN         1\n"
        "18  DIN3_PPSN       154\n"
        "19  DIN4_PPSN         1\n"
        "20  DIN5_PPSN         1\n"
        "21  DIN6_PPSN         1\n"
        "22  DIN7_PPSN       128\n"
    )
    assert hub.state()["received"] == len(PARAMS)


def test_dump_json_from_a_hub_that_answers_gets_with_0x43(hub, env):
    hub.configure("--get-code", "0x43", *values(DIN1_PPSN=255, DIN1_MODE=8))
    result = rk004(env, hub, "dump", "--json")
    assert result.returncode == 0, result.stderr
    parameters = json.loads(result.stdout)["parameters"]
    assert [(entry["number"], entry["name"]) for entry in parameters] == [(p.number, p.name) for p in PARAMS]
    assert {"number": 16, "name": "DIN1_PPSN", "value": 255, "value_name": None} in parameters
    assert {"number": 8, "name": "DIN1_MODE", "value": 8, "value_name": "UART@31250"} in parameters


def test_get_takes_names_and_numbers(hub, env):
    hub.configure(*values(DIN3_MODE=5))
    result = rk004(env, hub, "get", "din3-mode", "0x05")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        " #  parameter     value  value name\n"
        "10  DIN3_MODE         5  MIDI_IN\n"
        " 5  SYNCOUT_PPSN      1\n"
    )
    assert hub.state()["received"] == 2


def test_set_backs_up_first_reads_back_and_stores_only_with_commit(hub, env, tmp_path):
    result = rk004(env, hub, "set", "DIN1_MODE=MIDI_OUT", "5=24")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == [
        "DIN1_MODE (8): 4 (MIDI_AUTO) -> 6 (MIDI_OUT)  ok",
        "SYNCOUT_PPSN (5): 1 -> 24  ok",
    ]
    assert "set, not stored" in result.stdout and "midi-diag rk004 commit --in" in result.stdout
    (backup,) = automatic_backups(tmp_path)
    assert f"backed up the current settings to {backup}" in result.stderr
    assert read_backup(backup).values[find_param("DIN1_MODE")] == 4
    state = hub.state()
    assert state["received"] == len(PARAMS) + 4  # the backup's gets, then a set and a get per change
    assert (state["volatile"]["DIN1_MODE"], state["committed"]["DIN1_MODE"]) == (6, 4)

    result = rk004(env, hub, "set", "DIN1_MODE=MIDI_OUT", "SYNCOUT_PPSN=24", "--commit")
    assert result.returncode == 0, result.stderr
    assert "stored: the hub keeps these settings when switched off" in result.stdout
    hub.power_cycle()
    assert {name: hub.state()["volatile"][name] for name in ("DIN1_MODE", "SYNCOUT_PPSN")} == {
        "DIN1_MODE": 6, "SYNCOUT_PPSN": 24}


def test_a_set_the_hub_silently_ignores_is_caught_and_nothing_is_committed(hub, env):
    hub.configure("--ignore-set", "DIN3_MODE")
    result = rk004(env, hub, "set", "DIN1_MODE=MIDI_OUT", "DIN3_MODE=MIDI_IN", "--commit")
    line = error_line(result, 1)
    assert "DIN3_MODE (10): 4 (MIDI_AUTO) -> 5 (MIDI_IN)  DID NOT TAKE: reads back 4 (MIDI_AUTO)" in result.stdout
    assert "1 of 2 changes did not take (DIN3_MODE)" in line and "Nothing was committed" in line
    assert "midi-diag rk004 restore " in line
    state = hub.state()
    assert state["volatile"]["DIN1_MODE"] == 6  # the change that took is live ...
    assert state["committed"] == FACTORY  # ... but no commit went out
    hub.power_cycle()
    assert "DIN1_MODE         4  MIDI_AUTO" in rk004(env, hub, "dump").stdout


def test_commit_stores_what_was_set_after_an_automatic_backup(hub, env, tmp_path):
    assert rk004(env, hub, "set", "DIN4_MODE=MIDI_IN").returncode == 0
    result = rk004(env, hub, "commit")
    assert result.returncode == 0, result.stderr
    assert "stored: the hub keeps its current settings" in result.stdout
    assert len(automatic_backups(tmp_path)) == 2  # one before each command that writes
    hub.power_cycle()
    assert hub.state()["volatile"]["DIN4_MODE"] == 5


def test_a_silent_hub_is_exit_3_naming_the_request_and_nothing_is_written(hub, env, tmp_path):
    hub.configure("--silent")
    result = rk004(env, hub, "set", "DIN1_MODE=MIDI_OUT", timeout="0.1")
    line = error_line(result, 3)
    assert "RK-004 did not answer GET SYNCIN_MODE (param 0) after 3 tries of 0.1 s" in line
    assert f"is the hub connected to input '{hub.out_port}' and output '{hub.in_port}'?" in line
    assert "while reading the settings to back them up; nothing was written to the hub" in line
    assert hub.state()["received"] == 3
    assert automatic_backups(tmp_path) == []


def test_a_port_with_another_device_behind_it_says_what_answered_instead(hub, env):
    hub.configure("--reply-instead", "F0 00 21 23 00 06 43 00 04 10 F7")
    line = error_line(rk004(env, hub, "get", "DIN1_MODE", timeout="0.1"), 3)
    assert "did not answer GET DIN1_MODE (param 8)" in line
    assert "SysEx that was not an RK-004 response: from a Retrokits RK-006" in line
    assert "nothing on these ports has answered like an RK-004" in line


def test_xoff_held_mid_dump_stops_every_request_until_xon(hub, env):
    hub.configure("--xoff-hold", "0.3", "--xoff-every", "8")
    started = time.monotonic()
    result = rk004(env, hub, "dump", timeout="1")  # XON waits of 4 s: room for a loaded machine
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 1 + len(PARAMS)
    assert time.monotonic() - started >= 0.6
    state = hub.state()
    assert state["holds"] == 2  # after the 8th and the 16th answer
    assert state["frames_while_held"] == 0
    assert state["resumed_after_xon"] == 2


def test_backup_reset_restore_round_trip_ends_with_the_original_values_committed(hub, env, tmp_path):
    hub.configure(*values(SYNCOUT_MODE=200, SYNCOUT_PPSN=24, DIN1_MODE=6, DIN3_MODE=5, DIN7_PPSN=128))
    original = hub.state()["committed"]
    backup = tmp_path / "rig.json"
    result = rk004(env, hub, "backup", str(backup))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"backed up {len(PARAMS)} parameters to {backup}\n"
    document = json.loads(backup.read_text())
    assert document["schema"] == "midi-diag/rk004-backup/1"
    assert document["tool"] == {"name": "midi-diag", "version": __version__}
    assert datetime.fromisoformat(document["created"]).tzinfo is not None
    assert document["device"] == {"product": "RK-004", "api": "jack", "input": hub.out_port,
                                  "output": hub.in_port, "get_response_code": "0x44"}
    assert {entry["name"]: entry["value"] for entry in document["parameters"]} == original

    result = rk004(env, hub, "reset", "--yes")
    assert result.returncode == 0, result.stderr
    assert hub.state()["committed"] == FACTORY

    result = rk004(env, hub, "restore", str(backup))
    assert result.returncode == 0, result.stderr
    assert f"restored {len(PARAMS)} parameters from {backup} (5 differed)" in result.stdout
    hub.power_cycle()
    state = hub.state()
    assert state["committed"] == state["volatile"] == original


def test_a_write_cut_off_half_way_says_what_the_hub_holds_and_how_to_undo_it(hub, env):
    hub.configure("--silent-after", str(len(PARAMS) + 2))  # the backup, then DIN1's set and read-back
    before = hub.state()["volatile"]
    line = error_line(rk004(env, hub, "set", "DIN1_MODE=MIDI_IN", "DIN2_MODE=MIDI_OUT", "--commit",
                            timeout="0.1"), 3)
    assert "RK-004 did not answer SET DIN2_MODE (param 9) = 6 (MIDI_OUT) after 3 tries of 0.1 s." in line
    assert ("Set and read back (confirmed): DIN1_MODE = 5 (MIDI_IN). Sent, not confirmed (unknown): DIN2_MODE = "
            "4 (MIDI_AUTO) or 6 (MIDI_OUT): its SET went out and no answer came back. The other 16 parameters were "
            "not touched. Nothing was committed") in line
    undo = shlex.split(line.split("run: ")[-1])
    assert undo[:3] == ["midi-diag", "rk004", "restore"]

    hub.knobs()  # the hub answers again
    result = midi_diag(env, *undo[1:], "--timeout", TIMEOUT)
    assert result.returncode == 0, result.stderr
    hub.power_cycle()
    assert hub.state()["committed"] == hub.state()["volatile"] == before


@pytest.mark.parametrize(("args", "fragments"), [
    (["set", "DIN1_MODE=MIDI_OUT", "DIN3_MODE=MIDI_INN"], ["DIN3_MODE has no value 'MIDI_INN'; did you mean MIDI_IN?"]),
    (["set", "SYNCOUT_PSN=6"], ["unknown RK-004 parameter 'SYNCOUT_PSN'; did you mean SYNCOUT_PPSN?"]),
    (["get", "DIN1_MODE", "DIN1_MOD"], ["unknown RK-004 parameter 'DIN1_MOD'; did you mean DIN1_MODE?"]),
    (["set", "DIN1_MODE=MIDI_OUT", "DIN2_MODE=7"], ["7 is out of range for DIN2_MODE (valid: 0-6)"]),
    (["set", "SYNCOUT_MODE=10"], ["10 is out of range for SYNCOUT_MODE (valid: 0-3, 64-255)"]),
    (["set", "DIN1_PPSN=256"], ["256 is out of range for DIN1_PPSN"]),
    (["set", "DIN1_MODE=6", "8=5"], ["DIN1_MODE is given more than once"]),
    (["set", "DIN1_MODE"], ["expected NAME=VALUE"]),
    (["reset"], ["asks for confirmation on a terminal", "add --yes"]),
])
def test_bad_input_is_exit_2_and_nothing_reaches_the_hub(hub, env, tmp_path, args, fragments):
    line = error_line(rk004(env, hub, *args), 2)
    assert len(line.splitlines()) == 1
    for fragment in fragments:
        assert fragment in line
    assert hub.state()["received"] == 0
    assert automatic_backups(tmp_path) == []


@pytest.mark.parametrize(("content", "fragment"), [
    ('{"t": 0.1, "port": "x", "data": "F8"}\n', '"schema" is null'),
    ('{"schema": "midi-diag/rk004-backup/1", "parameters": [{"number": 9, "name": "DIN2_MODE", "value": 7}]}',
     "parameter entry 1: 7 is out of range for DIN2_MODE"),
])
def test_a_file_that_is_not_a_usable_backup_is_exit_2_and_nothing_is_written(hub, env, tmp_path, content, fragment):
    path = tmp_path / "not-a-backup.json"
    path.write_text(content)
    line = error_line(rk004(env, hub, "restore", str(path)), 2)
    assert f"{path} is not a usable RK-004 backup: {fragment}" in line
    assert hub.state()["received"] == 0


def test_a_port_that_does_not_exist_is_exit_2_naming_the_ports_there_are(hub, env):
    result = midi_diag(env, "rk004", "dump", "--in", "no-such-hub", "--out", "rk004")
    line = error_line(result, 2)
    assert "no input port matches 'no-such-hub'" in line and f"'{hub.out_port}'" in line
