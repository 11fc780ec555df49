"""The key-line scanner: tables, dotted keys, inline tables, lists over several lines, tricky strings."""

import pytest

from diag.rig.lines import KeyLines

TEXT = '''\
# a comment with [brackets] and key = "value"
[rig]
name = "a # that is no comment, nor [this]"
description = """
lines = "inside a string"
[not.a.table]
"""
symptom = 'single \\ quoted'

[devices.dt]
model = "elektron-digitakt"
settings = { auto_channel = 10, "output_channel" = "AUTO CH" }
tracks.midi.send_channel = [
  1,  # first
  "off",
  { nested = 3 },
]

[devices.dt.tracks.audio]
channel = { 1 = 3, 2 = 4 }

[[connections]]
from = "a.out"

[[connections]]
from = "b.out"
to = "c.in"
'''


def lines() -> KeyLines:
    return KeyLines(TEXT)


def test_tables_and_keys_are_found_on_their_lines():
    found = lines()
    assert found.line_of(("rig",)) == 2
    assert found.line_of(("rig", "name")) == 3
    assert found.line_of(("rig", "symptom")) == 8
    assert found.line_of(("devices", "dt")) == 10
    assert found.line_of(("devices", "dt", "model")) == 11


def test_text_inside_strings_is_not_taken_for_keys_or_tables():
    found = lines()
    assert not found.known(("lines",))
    assert not found.known(("not", "a", "table"))
    assert found.line_of(("rig", "description")) == 4


def test_keys_of_inline_tables_quoted_or_bare():
    found = lines()
    assert found.line_of(("devices", "dt", "settings", "auto_channel")) == 12
    assert found.line_of(("devices", "dt", "settings", "output_channel")) == 12
    assert found.line_of(("devices", "dt", "tracks", "audio", "channel", "2")) == 20


def test_dotted_keys_and_the_items_of_a_list_over_several_lines():
    found = lines()
    assert found.line_of(("devices", "dt", "tracks", "midi", "send_channel")) == 13
    assert found.line_of(("devices", "dt", "tracks", "midi", "send_channel", 0)) == 14
    assert found.line_of(("devices", "dt", "tracks", "midi", "send_channel", 1)) == 15
    assert found.line_of(("devices", "dt", "tracks", "midi", "send_channel", 2, "nested")) == 16


def test_arrays_of_tables_are_counted():
    found = lines()
    assert found.line_of(("connections", 0)) == 22
    assert found.line_of(("connections", 0, "from")) == 23
    assert found.line_of(("connections", 1)) == 25
    assert found.line_of(("connections", 1, "to")) == 27


def test_an_unwritten_key_falls_back_to_its_nearest_parent():
    found = lines()
    assert found.line_of(("connections", 1, "through")) == 25
    assert found.line_of(("devices", "dt", "power")) == 10
    assert found.line_of(("nothing", "here")) == 1


def test_nested_arrays_of_tables_belong_to_the_latest_parent():
    found = KeyLines("[[a]]\nx = 1\n[[a.b]]\ny = 2\n[[a]]\n[[a.b]]\ny = 3\n")
    assert found.line_of(("a", 0, "b", 0, "y")) == 4
    assert found.line_of(("a", 1, "b", 0, "y")) == 7


def _paths(data, prefix=()):
    for key, value in data.items() if isinstance(data, dict) else enumerate(data):
        yield prefix + (key,)
        if isinstance(value, (dict, list)):
            yield from _paths(value, prefix + (key,))


def test_every_key_and_item_of_every_example_rig_is_found_on_a_line_that_holds_it():
    import tomllib

    from tests.rig.conftest import EXAMPLES

    for path in sorted(EXAMPLES.glob("*.toml")):
        text = path.read_text(encoding="utf-8")
        found, rows = KeyLines(text), text.splitlines()
        for key_path in _paths(tomllib.loads(text)):
            assert found.known(key_path), (path.name, key_path)
            last = key_path[-1]
            if isinstance(last, str):
                assert last in rows[found.line_of(key_path) - 1], (path.name, key_path)


@pytest.mark.timeout(30)  # the scanner used to loop for ever on these (found by fuzz/, scenario target)
@pytest.mark.parametrize("broken", [
    'trigs = { "drum.BD" = [1, 4, 7, 1"warn" }\nname = 1\n',
    "notes = [60, }\nname = 1\n",
])
def test_text_that_is_not_toml_ends_the_scan_with_the_lines_found_so_far(broken: str):
    found = KeyLines("[scenario]\n" + broken)
    assert found.known(("scenario",))
    assert not found.known(("scenario", "name"))
