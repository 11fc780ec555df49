"""The parameter table as published, and lookup of parameters and values by name or number."""

import pytest

from diag.errors import ExitCode, UsageError
from diag.rk004.errors import ParameterError
from diag.rk004.params import (
    PARAMS,
    VENDOR_PAGE,
    Confidence,
    find_param,
    parse_assignment,
    resolve_changes,
)

PUBLISHED = [
    (0, "SYNCIN_MODE"), (1, "SYNCIN_PPSN"), (4, "SYNCOUT_MODE"), (5, "SYNCOUT_PPSN"),
    (8, "DIN1_MODE"), (9, "DIN2_MODE"), (10, "DIN3_MODE"), (11, "DIN4_MODE"),
    (12, "DIN5_MODE"), (13, "DIN6_MODE"), (14, "DIN7_MODE"),
    (16, "DIN1_PPSN"), (17, "DIN2_PPSN"), (18, "DIN3_PPSN"), (19, "DIN4_PPSN"),
    (20, "DIN5_PPSN"), (21, "DIN6_PPSN"), (22, "DIN7_PPSN"),
]  # fmt: skip


def test_table_holds_exactly_the_published_numbers_and_names() -> None:
    assert [(param.number, param.name) for param in PARAMS] == PUBLISHED


def test_every_parameter_carries_source_and_confidence() -> None:
    for param in PARAMS:
        assert param.source == VENDOR_PAGE
        assert param.confidence in set(Confidence)
        assert param.description


def test_din_mode_values_as_published() -> None:
    din1, din2 = find_param("DIN1_MODE"), find_param("DIN2_MODE")
    assert [din1.value_name(v) for v in range(9)] == [
        "SYNCOUT_POS_SHORT", "SYNCOUT_NEG_SHORT", "SYNCOUT_POS_LONG", "SYNCOUT_NEG_LONG",
        "MIDI_AUTO", "MIDI_IN", "MIDI_OUT", "UART@38400", "UART@31250",
    ]  # fmt: skip
    assert din1.range_text == "0-8"
    assert din2.range_text == "0-6"
    assert din2.value_name(7) is None


def test_syncout_mode_names_battsynth_for_64_and_above() -> None:
    mode = find_param("SYNCOUT_MODE")
    assert [mode.value_name(v) for v in (0, 1, 2, 3, 4, 63, 64, 200, 255)] == [
        "POS_SHORT", "NEG_SHORT", "POS_LONG", "NEG_LONG", None, None, "BATTSYNTH", "BATTSYNTH", "BATTSYNTH",
    ]  # fmt: skip
    assert mode.range_text == "0-3, 64-255"


def test_ranges_nobody_published_say_unknown() -> None:
    unknown = {param.name for param in PARAMS if param.range_text == "unknown"}
    assert unknown == {"SYNCIN_MODE", "SYNCIN_PPSN", "SYNCOUT_PPSN"} | {f"DIN{n}_PPSN" for n in range(1, 8)}


@pytest.mark.parametrize("ref", ["DIN3_MODE", "din3_mode", " Din3-Mode ", 10, "10", "0x0A", "0x0a"])
def test_parameter_by_name_or_number(ref: str | int) -> None:
    assert find_param(ref).name == "DIN3_MODE"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("DIN3_MDOE", "unknown RK-004 parameter 'DIN3_MDOE'; did you mean DIN3_MODE?"),
        ("syncout_ppqn", "unknown RK-004 parameter 'syncout_ppqn'; did you mean SYNCOUT_PPSN?"),
        ("SYNCIN", "unknown RK-004 parameter 'SYNCIN'; did you mean SYNCIN_MODE or SYNCIN_PPSN?"),
        (
            2,
            "RK-004 has no published parameter 2 (known: 0, 1, 4, 5, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18, "
            "19, 20, 21, 22)",
        ),
    ],
)
def test_unknown_parameter_suggests_the_closest(ref: str | int, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        find_param(ref)
    assert str(caught.value) == message
    assert isinstance(caught.value, UsageError) and caught.value.exit_code == ExitCode.USAGE


def test_unknown_parameter_without_a_close_match_lists_them_all() -> None:
    with pytest.raises(ParameterError, match=r"known: SYNCIN_MODE, SYNCIN_PPSN, .*DIN7_PPSN$"):
        find_param("volume")


@pytest.mark.parametrize(
    ("param", "text", "value"),
    [
        ("DIN1_MODE", "MIDI_OUT", 6),
        ("DIN1_MODE", "midi-out", 6),
        ("DIN1_MODE", "uart@38400", 7),
        ("DIN1_MODE", "UART_31250", 8),
        ("DIN1_MODE", "6", 6),
        ("SYNCOUT_MODE", "battsynth", 64),
        ("SYNCOUT_MODE", "200", 200),
        ("SYNCOUT_MODE", 255, 255),
        ("DIN5_PPSN", "0xC8", 200),
    ],
)
def test_value_by_name_or_number(param: str, text: str | int, value: int) -> None:
    assert find_param(param).parse_value(text) == value


@pytest.mark.parametrize(
    ("param", "text", "message"),
    [
        ("DIN2_MODE", 7, "7 is out of range for DIN2_MODE (valid: 0-6)"),
        (
            "DIN2_MODE",
            "UART@38400",
            "DIN2_MODE has no value 'UART@38400'; known: SYNCOUT_POS_SHORT, SYNCOUT_NEG_SHORT, "
            "SYNCOUT_POS_LONG, SYNCOUT_NEG_LONG, MIDI_AUTO, MIDI_IN, MIDI_OUT",
        ),
        ("DIN1_MODE", "MIDI_OTU", "DIN1_MODE has no value 'MIDI_OTU'; did you mean MIDI_OUT?"),
        ("SYNCOUT_MODE", "10", "10 is out of range for SYNCOUT_MODE (valid: 0-3, 64-255)"),
        (
            "DIN1_PPSN",
            256,
            "256 is out of range for DIN1_PPSN (valid: 0-255; the published range is unknown)",
        ),
        ("DIN1_PPSN", "-1", "DIN1_PPSN takes a number, not '-1'"),
        ("DIN1_PPSN", "fast", "DIN1_PPSN takes a number, not 'fast'"),
    ],
)
def test_bad_values_are_refused(param: str, text: str | int, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        find_param(param).parse_value(text)
    assert str(caught.value) == message


def test_describe_value_adds_the_name_where_there_is_one() -> None:
    assert find_param("DIN1_MODE").describe_value(6) == "6 (MIDI_OUT)"
    assert find_param("DIN1_PPSN").describe_value(6) == "6"


def test_assignment_takes_names_or_numbers_on_both_sides() -> None:
    assert parse_assignment("din1_mode=midi_out") == (find_param(8), 6)
    assert parse_assignment("5=6") == (find_param("SYNCOUT_PPSN"), 6)
    for bad in ("DIN1_MODE", "=6", "DIN1_MODE="):
        with pytest.raises(ParameterError, match="expected NAME=VALUE"):
            parse_assignment(bad)


def test_changes_resolve_in_order_and_a_parameter_named_twice_is_refused() -> None:
    mixed: dict[str | int, int | str] = {"DIN2_MODE": "MIDI_IN", 16: 3}
    assert resolve_changes(mixed) == [(find_param(9), 5), (find_param(16), 3)]
    twice: dict[str | int, int | str] = {"DIN1_MODE": 6, 8: 5}
    with pytest.raises(ParameterError, match="DIN1_MODE is given more than once"):
        resolve_changes(twice)
