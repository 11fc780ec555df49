"""Each way a data file can be broken gives a one-line InputError naming the file and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from diag.errors import InputError
from diag.knowledge import Catalog, Confidence, read_model_file
from tests.knowledge.conftest import WriteModel

AUTO_DEFAULT = 'default = { value = 10, source = "forum", confidence = "forum" }'
OUT_DEFAULT = 'default = { value = "MIDI", source = "manual", confidence = "verified" }'
SECOND_BUG = """[[bugs]]
id = "offset"
title = "a"
summary = "b"
first_version = "1.0"
source = "forum"
confidence = "forum"

"""
UNUSED_SOURCE = '[sources.unused]\nkind = "blog"\ntitle = "x"\n\n'

BROKEN = {
    "unknown top-level key": (("schema = 1\n", 'schema = 1\ncolour = "red"\n'), "colour", "not a known key"),
    "unknown key in a fact": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace(" }", ", colour = 1 }")),
        "settings.auto_channel.default.colour",
        "not a known key",
    ),
    "unknown key in a port": (
        ('direction = "in"\n', 'direction = "in"\npins = 5\n'),
        "ports.in.pins",
        "not a known key",
    ),
    "fact without source": (
        (AUTO_DEFAULT, 'default = { value = 10, confidence = "forum" }'),
        "settings.auto_channel.default.source",
        "is missing",
    ),
    "source id not in [sources]": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace('"forum", conf', '"manul", conf')),
        "settings.auto_channel.default.source",
        "no entry of [sources]",
    ),
    "bad confidence": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace('confidence = "forum"', 'confidence = "strong"')),
        "settings.auto_channel.default.confidence",
        "verified, forum, unverified",
    ),
    "channel of the wrong type": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace("10", '"ten"')),
        "settings.auto_channel.default.value",
        "MIDI channel",
    ),
    "channel out of range": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace("10", "17")),
        "settings.auto_channel.default.value",
        "MIDI channel",
    ),
    "choice not among the choices": (
        (OUT_DEFAULT, OUT_DEFAULT.replace('"MIDI"', '"DIN 48"')),
        "settings.out_port_function.default.value",
        "one of MIDI, DIN 24",
    ),
    "per-track list of the wrong length": (
        ("value = [1, 2]", "value = [1, 2, 3]"),
        "tracks.drum.settings.channel.default.value",
        "list of 2 values",
    ),
    "unknown value that is not unverified": (
        (AUTO_DEFAULT, 'default = { value = "unknown", source = "forum", confidence = "forum", settle = "read it" }'),
        "settings.auto_channel.default.confidence",
        "only be unverified",
    ),
    "unknown value without settle": (
        (AUTO_DEFAULT, 'default = { value = "unknown", source = "forum", confidence = "unverified" }'),
        "settings.auto_channel.default.settle",
        "what would settle it",
    ),
    "verified from one forum post": (
        (AUTO_DEFAULT, AUTO_DEFAULT.replace('confidence = "forum"', 'confidence = "verified"')),
        "settings.auto_channel.default.confidence",
        "verified needs",
    ),
    "setting name outside the vocabulary": (
        ("[settings.auto_channel]", "[settings.auto_chanel]"),
        "settings.auto_chanel",
        "vocabulary",
    ),
    "choices on a channel setting": (
        ('label = "AUTO CHANNEL"\n', 'label = "AUTO CHANNEL"\nchoices = ["1"]\n'),
        "settings.auto_channel.choices",
        "only a choice setting",
    ),
    "choice setting without choices": (
        ('choices = ["MIDI", "DIN 24"]\n', ""),
        "settings.out_port_function.choices",
        "is missing",
    ),
    "route to a port that does not exist": (('to = "out"', 'to = "thru"'), "routes[0].to", "'thru'"),
    "function setting that does not exist": (
        ('function_setting = "out_port_function"', 'function_setting = "thru_port_function"'),
        "ports.out.function_setting",
        "does not define",
    ),
    "send flag that is not a true/false setting": (
        ('send_flag = "send_midi"', 'send_flag = "channel"'),
        "tracks.drum.send_flag",
        "true/false",
    ),
    "source nobody cites": (("[sources.forum]", UNUSED_SOURCE + "[sources.forum]"), "sources.unused", "never cited"),
    "model id other than the file name": (('id = "test-box"', 'id = "test-bux"'), "model.id", "file name"),
    "model kind outside the list": (('kind = "synth"', 'kind = "toaster"'), "model.kind", "one of controller"),
    "wrong schema version": (("schema = 1\n", "schema = 2\n"), "schema", "must be 1"),
    "port id that is not a slug": (("[ports.in]", '[ports."MIDI In"]'), "ports.MIDI In", "slug"),
    "unreadable bug version": (
        ('first_version = "1.50"', 'first_version = "one fifty"'),
        "bugs[0].first_version",
        "version",
    ),
    "bug id used twice": (("[[bugs]]\n", SECOND_BUG + "[[bugs]]\n"), "bugs[1].id", "used twice"),
    "record verified from a forum source": (
        ('confidence = "forum"\n\n[bugs.effect]', 'confidence = "verified"\n\n[bugs.effect]'),
        "bugs[0].confidence",
        "verified needs",
    ),
    "guess cited as more than unverified": (
        [
            ("[sources.forum]", '[sources.guess]\nkind = "inference"\ntitle = "reasoning"\n\n[sources.forum]'),
            (AUTO_DEFAULT, AUTO_DEFAULT.replace('source = "forum"', 'source = "guess"')),
        ],
        "settings.auto_channel.default.confidence",
        "inference source can only back an unverified",
    ),
    "missing required key": (('label = "MIDI IN"\n', ""), "ports.in.label", "is missing"),
}


def test_the_valid_file_loads(write_model: WriteModel) -> None:
    model = read_model_file(write_model())
    assert model.id == "test-box"
    assert model.settings["auto_channel"].default.confidence is Confidence.FORUM
    assert model.tracks["drum"].settings["send_midi"].default.known is False


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_file_names_file_and_key(case: str, write_model: WriteModel) -> None:
    edits, key_path, fragment = BROKEN[case]
    path = write_model(*(edits if isinstance(edits, list) else [edits]))
    with pytest.raises(InputError) as caught:
        read_model_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {key_path}: "), message
    assert fragment in message
    assert "\n" not in message


def test_toml_syntax_error_is_one_line(write_model: WriteModel) -> None:
    path = write_model(('name = "Box"', 'name = "Box'))
    with pytest.raises(InputError, match=r"not valid TOML") as caught:
        read_model_file(path)
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)


def test_a_catalog_reports_the_broken_file_by_name(write_model: WriteModel, tmp_path: Path) -> None:
    write_model(("schema = 1\n", 'schema = 1\ncolour = "red"\n'))
    with pytest.raises(InputError, match=r"^shown/test-box\.toml: colour: "):
        Catalog(tmp_path, "shown").load("test-box")
