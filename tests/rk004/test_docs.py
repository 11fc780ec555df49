"""docs/rk004.md cannot go stale: its parameter table and worked examples are checked against the code."""

import re
from datetime import datetime
from pathlib import Path

from diag.commands.rk004 import dry_run_text
from diag.rk004.backup import backup_document
from diag.rk004.frames import set_request, to_hex
from diag.rk004.params import PARAMS, find_param

DOC = Path(__file__).resolve().parents[2] / "docs" / "rk004.md"


def _parameter_rows() -> list[list[str]]:
    rows = [line.split("|")[1:-1] for line in DOC.read_text().splitlines() if re.match(r"\| \d+ \| 0x", line)]
    return [[cell.strip() for cell in row] for row in rows]


def test_the_parameter_table_matches_the_code() -> None:
    rows = _parameter_rows()
    assert [(int(row[0]), int(row[1], 16), row[2], row[4]) for row in rows] == [
        (param.number, param.number, param.name, param.range_text) for param in PARAMS
    ]


def test_the_value_names_in_the_table_match_the_code() -> None:
    values = {row[2]: row[3] for row in _parameter_rows()}
    for name in ("SYNCOUT_MODE", "DIN1_MODE"):
        param = next(param for param in PARAMS if param.name == name)
        listed = [
            f"{e.first} {e.name}" if e.first == e.last else f"{e.first}-{e.last} {e.name}"
            for e in param.value_names
        ]
        assert values[name] == ", ".join(listed)


def test_the_worked_frames_are_what_the_builder_makes() -> None:
    text = DOC.read_text()
    for name, value in [("SYNCOUT_PPSN", 6), ("DIN1_MODE", 6), ("SYNCOUT_MODE", 200)]:
        assert f"`{to_hex(set_request(name, value).frame)}`" in text


def test_the_dry_run_example_is_what_the_command_prints() -> None:
    text = DOC.read_text()
    for line in dry_run_text({find_param("SYNCOUT_PPSN"): 6}, commit=False).splitlines():
        assert f"    {line}\n" in text


def test_the_backup_example_has_the_keys_a_backup_has() -> None:
    document = backup_document([(PARAMS[0], 0)], {}, datetime.now().astimezone(), reason="backup")
    text = DOC.read_text()
    for key in [*document, *document["tool"], *document["parameters"][0]]:
        assert f'"{key}":' in text
