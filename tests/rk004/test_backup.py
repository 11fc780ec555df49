"""Backup files: the document, every way a file can fail to be a backup, and where automatic backups go."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from diag import __version__
from diag.errors import ExitCode, InputError, OutputError
from diag.rk004.backup import (
    SCHEMA,
    backup_document,
    check_writable,
    data_dir,
    parse_backup,
    read_backup,
    write_automatic_backup,
    write_backup,
)
from diag.rk004.params import PARAMS, find_param

CREATED = datetime(2025, 3, 1, 12, 30, 5, tzinfo=timezone(timedelta(hours=1)))
VALUES = {param: 200 if param.name == "SYNCOUT_MODE" else 1 for param in PARAMS}
DEVICE = {"product": "RK-004", "api": "jack", "input": "rk004-01:out", "output": "rk004:in",
          "get_response_code": "0x44"}


def document() -> dict:
    return backup_document(VALUES.items(), DEVICE, CREATED, reason="backup")


def text_with(**changes: object) -> str:
    return json.dumps(document() | changes)


def test_the_document_names_format_tool_time_device_and_every_parameter() -> None:
    doc = document()
    assert doc["schema"] == SCHEMA == "midi-diag/rk004-backup/1"
    assert doc["tool"] == {"name": "midi-diag", "version": __version__}
    assert doc["created"] == "2025-03-01T12:30:05+01:00"
    assert doc["device"] == DEVICE
    assert doc["parameters"][2] == {"number": 4, "name": "SYNCOUT_MODE", "value": 200, "value_name": "BATTSYNTH"}
    assert len(doc["parameters"]) == len(PARAMS)


def test_a_written_backup_reads_back_as_the_same_values(tmp_path: Path) -> None:
    path = tmp_path / "rig.json"
    write_backup(path, document())
    backup = read_backup(path)
    assert backup.values == VALUES
    assert list(backup.values) == list(PARAMS)
    assert (backup.tool_version, backup.created, backup.device) == (__version__, "2025-03-01T12:30:05+01:00", DEVICE)
    assert not list(tmp_path.glob(".*.tmp"))


def _parameters(**changes: object) -> list[dict]:
    entries = document()["parameters"]
    return [entry | changes if entry["name"] == "DIN2_MODE" else entry for entry in entries]


@pytest.mark.parametrize(("text", "message"), [
    ("", "not JSON (line 1, column 1: Expecting value)"),
    ('{"schema": ', "not JSON"),
    ("[1, 2]", "a backup is a JSON object, this is a JSON list"),
    ('{"t": 0.1, "port": "x", "data": "F8"}', '"schema" is null, not "midi-diag/rk004-backup/1"'),
    (text_with(schema="midi-diag/report/1"), '"schema" is "midi-diag/report/1"'),
    (text_with(schema="midi-diag/rk004-backup/2"), 'its format is "midi-diag/rk004-backup/2"; this midi-diag reads'),
    (text_with(parameters={"DIN1_MODE": 4}), '"parameters" is missing or not a list'),
    (text_with(parameters=[*_parameters(), 5]), f"parameter entry {len(PARAMS) + 1} is not an object"),
    (text_with(parameters=_parameters(value="4")), 'needs an integer "number", a text "name" and an integer "value"'),
    (text_with(parameters=_parameters(value=True)), 'needs an integer "number"'),
    (text_with(parameters=_parameters(number=3)), "RK-004 has no published parameter 3"),
    (text_with(parameters=_parameters(name="DIN3_MODE")), "parameter 9 is DIN2_MODE, not DIN3_MODE"),
    (text_with(parameters=_parameters(name="DIN2_MOOD")), "did you mean DIN2_MODE?"),
    (text_with(parameters=_parameters(value=7)), "7 is out of range for DIN2_MODE (valid: 0-6)"),
    (text_with(parameters=_parameters(value=256)), "256 is out of range for DIN2_MODE"),
    (text_with(parameters=[*_parameters(), _parameters()[0]]), "SYNCIN_MODE is listed twice"),
    (text_with(parameters=_parameters()[:-2]), "it lacks DIN6_PPSN, DIN7_PPSN"),
    (text_with(device=DEVICE | {"api": "j\ud800ack"}), "escape without its pair"),  # found by fuzz/
])
def test_anything_that_is_not_a_complete_valid_backup_is_refused(text: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_backup(text)
    assert message in str(caught.value)
    assert caught.value.exit_code == ExitCode.USAGE


def test_a_bad_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "capture.jsonl"
    path.write_text('{"t": 0.1, "port": "x", "data": "F8"}\n')
    with pytest.raises(InputError, match=r"capture.jsonl is not a usable RK-004 backup: \"schema\" is null"):
        read_backup(path)
    with pytest.raises(InputError, match=r"cannot read the backup .*missing.json: No such file"):
        read_backup(tmp_path / "missing.json")
    (tmp_path / "binary.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(InputError, match="cannot read the backup"):
        read_backup(tmp_path / "binary.json")


def test_a_backup_replaces_an_old_file_whole_and_refuses_a_missing_folder(tmp_path: Path) -> None:
    path = tmp_path / "rig.json"
    path.write_text("old")
    write_backup(path, document())
    assert json.loads(path.read_text())["schema"] == SCHEMA
    with pytest.raises(OutputError, match="cannot write the backup"):
        write_backup(tmp_path / "nowhere" / "rig.json", document())
    with pytest.raises(OutputError, match="the folder .*nowhere does not exist"):
        check_writable(tmp_path / "nowhere" / "rig.json")
    with pytest.raises(OutputError, match="it is a folder"):
        check_writable(tmp_path)
    check_writable(Path("rig.json"))


@pytest.mark.parametrize(("platform", "environ", "expected"), [
    ("linux", {"HOME": "/home/ann"}, "/home/ann/.local/share/midi-diag/rk004-backups"),
    ("linux", {"HOME": "/home/ann", "XDG_DATA_HOME": "/data"}, "/data/midi-diag/rk004-backups"),
    ("darwin", {"HOME": "/Users/ann"}, "/Users/ann/Library/Application Support/midi-diag/rk004-backups"),
    ("win32", {"HOME": "C:/Users/ann", "LOCALAPPDATA": "C:/Local"}, "C:/Local/midi-diag/rk004-backups"),
])
def test_automatic_backups_go_to_the_platforms_data_folder(platform: str, environ: dict, expected: str) -> None:
    assert data_dir(environ, platform) == Path(expected)


def test_automatic_backups_never_overwrite_and_fall_back_to_the_next_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    folders = [blocked / "sub", tmp_path / "here"]
    first = write_automatic_backup(document(), "set", CREATED, folders)
    second = write_automatic_backup(document(), "set", CREATED, folders)
    assert first == tmp_path / "here" / "rk004-20250301-123005-before-set.json"
    assert second.name == "rk004-20250301-123005-before-set-2.json"
    assert read_backup(second).values[find_param("SYNCOUT_MODE")] == 200


def test_no_automatic_backup_means_no_write(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write the automatic backup .*nothing was written to the hub"):
        write_automatic_backup(document(), "reset", CREATED, [blocked / "a"])
