"""Firmware versions: reading them as devices print them, ordering, and bug ranges."""

from __future__ import annotations

import pytest

from diag.errors import UsageError
from diag.knowledge import firmware_bugs
from diag.knowledge.versions import Version, in_range, parse_version


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ("1.50", Version((1, 50))),
        ("1.50A", Version((1, 50), "A")),
        ("OS 1.50b", Version((1, 50), "B")),
        ("v1.2.0", Version((1, 2))),
        ("2", Version((2,))),
    ],
)
def test_parse(text: str, version: Version) -> None:
    assert parse_version(text) == version


@pytest.mark.parametrize("text", ["", "banana", "1.50AB", "1..2", "one fifty"])
def test_unreadable_versions(text: str) -> None:
    with pytest.raises(ValueError, match="cannot read"):
        parse_version(text)


def test_order_puts_letters_after_the_plain_release() -> None:
    ordered = ["1.45", "1.50", "1.50A", "1.50B", "1.51", "1.61", "2.0"]
    assert sorted(ordered, key=parse_version) == ordered
    assert parse_version("1.50") < parse_version("1.50A") < parse_version("1.51")


def test_range_is_first_inclusive_fixed_exclusive() -> None:
    first, fixed = parse_version("1.50"), parse_version("1.50A")
    assert in_range(parse_version("1.50"), first, fixed)
    assert not in_range(parse_version("1.50A"), first, fixed)
    assert not in_range(parse_version("1.49"), first, fixed)
    assert in_range(parse_version("9.0"), first, None), "no known fix: every later version"


def test_unknown_version_means_every_bug_could_apply() -> None:
    assert {bug.id for bug in firmware_bugs("elektron-analog-rytm-mkii", None)} == {
        "os150-pad-sequencer-note-offset",
        "os150-auto-channel-no-echo",
    }


def test_bug_with_unknown_fix_applies_to_later_versions() -> None:
    assert [bug.id for bug in firmware_bugs("elektron-analog-rytm-mkii", "1.70")] == ["os150-auto-channel-no-echo"]


def test_unreadable_version_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="cannot read 'latest'"):
        firmware_bugs("elektron-analog-rytm-mkii", "latest")
