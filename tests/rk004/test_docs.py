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


def _interrupted_section() -> str:
    text = DOC.read_text()
    return text[text.index("## When a write is interrupted"):text.index("## Assumptions")]


def test_every_test_the_interruption_table_names_exists() -> None:
    root = DOC.parents[1]
    named = re.findall(r"`(tests/[\w/]+\.py)::(\w+)`", _interrupted_section())
    assert len(named) >= 15
    for path, test in named:
        assert f"def {test}(" in (root / path).read_text(), f"{path}::{test}"


def test_the_interruption_example_is_what_midi_diag_says() -> None:
    from diag.rk004.client import WriteCheck, WriteJournal
    from diag.rk004.recovery import interrupted_write

    din1, din2, din3 = (find_param(name) for name in ("DIN1_MODE", "DIN2_MODE", "DIN3_MODE"))
    journal = WriteJournal(((din1, 5), (din2, 6), (din3, 5)), [WriteCheck(din1, 5, 5, 5)], pending=(din2, 6))
    undo = ("midi-diag rk004 restore /home/ann/.local/share/midi-diag/rk004-backups/"
            "rk004-20250301-123005-before-set.json --in rk004-01:out --out rk004:in --api jack")
    cause = "RK-004 did not answer SET DIN2_MODE (param 9) = 6 (MIDI_OUT) after 3 tries of 0.5 s"
    message = interrupted_write(cause, journal, {8: 4, 9: 4, 10: 4}, undo)
    assert f"    midi-diag: {message}\n" in _interrupted_section()
