"""Properties of rig and scenario files: any text or TOML document gives a Rig (Scenario) or one error with its line."""

import re
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from diag.errors import ExitCode, InputError
from diag.rig import Rig
from diag.rig.loader import parse_rig
from diag.sim.scenario import (
    SCENARIO_PACKAGE,
    Scenario,
    examples_dir,
    read_scenario,
    scenario_names,
)
from tests.properties.toml_text import changed, toml_document, toml_values

EXAMPLE_RIGS = {path.stem: path.read_text(encoding="utf-8") for path in sorted(examples_dir().glob("*.toml"))}
SCENARIOS = {name: (resources.files(SCENARIO_PACKAGE) / f"{name}.toml").read_text(encoding="utf-8")
             for name in scenario_names()}
PLACE = re.compile(r"^<rig>:(\d+)(?::\d+)?: ")
DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"


def rig_or_error(text: str) -> Rig | InputError:
    """parse_rig's answer; an error must be one line that starts with the rig's name and a line in it."""
    try:
        return parse_rig(text)
    except InputError as error:
        message = str(error)
        place = PLACE.match(message)
        assert place and "\n" not in message, message
        assert 1 <= int(place.group(1)) <= text.count("\n") + 1, message
        assert error.exit_code == ExitCode.USAGE
        return error


def edited(text: str, draw) -> str:
    """The text with a few characters inserted, removed or replaced, as a hand edit might."""
    for _ in range(draw.draw(st.integers(1, 3))):
        at = draw.draw(st.integers(0, len(text)))
        cut = draw.draw(st.integers(0, 3))
        insert = draw.draw(st.one_of(st.just(""), st.sampled_from(list('"[]{}=#.,\n\\ \'')), st.text(max_size=3)))
        text = text[:at] + insert + text[at + cut :]
    return text


@given(st.one_of(st.text(max_size=200), st.dictionaries(st.text(max_size=8), toml_values, max_size=5).map(toml_document)))
@example(DEEP)  # RecursionError from tomllib before the fix
@example("a = " + "{b = " * 300 + "1" + "}" * 300 + "\n")
@example('"\\n" = []\n')  # the key was shown raw, so the error took two lines
def test_any_text_is_a_rig_or_the_rig_error_with_a_line(text):
    rig_or_error(text)


@pytest.mark.parametrize("name", sorted(EXAMPLE_RIGS))
def test_the_writer_of_generated_documents_keeps_every_example_rig_a_rig(name):
    """So that the changed documents below are changed rigs, not documents the writer broke."""
    assert isinstance(rig_or_error(toml_document(tomllib.loads(EXAMPLE_RIGS[name]))), Rig)


@given(st.sampled_from(sorted(EXAMPLE_RIGS)), st.data())
def test_a_changed_example_rig_is_a_rig_or_the_rig_error_with_a_line(name, draw):
    document = draw.draw(changed(tomllib.loads(EXAMPLE_RIGS[name])))
    rig_or_error(toml_document(document))


@given(st.sampled_from(sorted(EXAMPLE_RIGS)), st.data())
def test_a_hand_edited_example_rig_is_a_rig_or_the_rig_error_with_a_line(name, draw):
    rig_or_error(edited(EXAMPLE_RIGS[name], draw))


@pytest.mark.parametrize("track", ["²", "1" * 5000])  # int() raised ValueError on both after isdigit() took them
def test_a_track_key_that_only_looks_like_a_number_is_the_rig_error(track):
    text = EXAMPLE_RIGS["track-midi-out"].replace('send_channel = { A = "off" }', f'send_channel = {{ "{track}" = "off" }}')
    assert "no track" in str(rig_or_error(text))


# --- scenario files --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("scenarios")


def scenario_or_error(path: Path, text: str) -> Scenario | InputError:
    path.write_text(text, encoding="utf-8")
    try:
        return read_scenario(path)
    except InputError as error:
        message = str(error)
        assert message.startswith((f"{path}", str(examples_dir()))), message
        assert "\n" not in message, message
        return error


@given(st.sampled_from(sorted(SCENARIOS)), st.data())
def test_a_changed_scenario_is_a_scenario_or_the_scenario_error(folder, name, draw):
    document = draw.draw(changed(tomllib.loads(SCENARIOS[name])))
    scenario_or_error(folder / f"{name}.toml", toml_document(document))


@given(st.sampled_from(sorted(SCENARIOS)), st.data())
@example("auto-channel", None)
def test_a_hand_edited_scenario_is_a_scenario_or_the_scenario_error(folder, name, draw):
    text = SCENARIOS[name] if draw is None else edited(SCENARIOS[name], draw)
    result = scenario_or_error(folder / f"{name}.toml", text)
    assert draw is not None or isinstance(result, Scenario)


@pytest.mark.parametrize("value", ["[]", "3.0", "true", "{ a = 1 }"])  # [] raised AttributeError: no .strip()
def test_an_rk004_value_that_is_neither_number_nor_name_is_the_scenario_error(folder, value):
    text = SCENARIOS["rk004-port-mode"].replace('rk004 = { DIN3_MODE = "MIDI_IN" }', f"rk004 = {{ DIN3_MODE = {value} }}")
    assert "takes a number or a value name" in str(scenario_or_error(folder / "rk004-port-mode.toml", text))


def test_a_value_with_a_line_break_keeps_the_scenario_error_on_one_line(folder):
    document = tomllib.loads(SCENARIOS["auto-channel"]) | {"assume": "\n"}  # the value was shown raw
    text = toml_document(document)
    assert "must be a table" in str(scenario_or_error(folder / "auto-channel.toml", text))


@example(DEEP)
@given(st.text(max_size=100))
def test_any_text_is_a_scenario_or_the_scenario_error(folder, text):
    scenario_or_error(folder / "any.toml", text)
