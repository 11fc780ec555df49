"""Finding models: ids, aliases, port names, suggestions for unknown ids, lazy cached loading."""

from __future__ import annotations

from pathlib import Path

import pytest

from diag.errors import InputError, UsageError
from diag.knowledge import Catalog, find_models, load_model
from tests.knowledge.conftest import WriteModel


@pytest.mark.parametrize(
    ("asked", "expected"),
    [
        ("elektron-digitakt", "elektron-digitakt"),
        ("ELEKTRON-DIGITAKT", "elektron-digitakt"),
        ("Digitakt", "elektron-digitakt"),
        ("DT", "elektron-digitakt"),
        ("Digitakt 2", "elektron-digitakt-ii"),
        ("Elektron Analog Rytm MKII", "elektron-analog-rytm-mkii"),
        ("AR", "elektron-analog-rytm-mkii"),
        ("rk002", "retrokits-rk-002"),
        ("RK-004", "retrokits-rk-004"),
        ("KeyStep 37", "arturia-keystep-37"),
        ("Rev2", "sequential-prophet-rev2"),
    ],
)
def test_load_by_id_or_alias_in_any_case(asked: str, expected: str) -> None:
    assert load_model(asked).id == expected


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        ("digitak", "elektron-digitakt"),
        ("elektron-rytm", "elektron-analog-rytm-mkii"),
        ("keystep-38", "arturia-keystep-37"),
        ("rk-02", "retrokits-rk-002"),
    ],
)
def test_unknown_id_suggests_the_closest(asked: str, suggested: str) -> None:
    with pytest.raises(UsageError) as caught:
        load_model(asked)
    message = str(caught.value)
    assert message.startswith(f"unknown device model {asked!r}; did you mean ")
    assert suggested in message
    assert "\n" not in message


def test_hopeless_id_lists_the_known_models() -> None:
    with pytest.raises(UsageError, match=r"known models: .*elektron-digitakt"):
        load_model("xyzzy")


@pytest.mark.parametrize(
    ("port_name", "expected"),
    [
        ("Digitakt MIDI 1", ["elektron-digitakt"]),
        ("Elektron Digitakt:Elektron Digitakt MIDI 1 20:0", ["elektron-digitakt"]),
        ("Digitakt II MIDI 1", ["elektron-digitakt-ii"]),
        ("Analog Rytm MKII MIDI 1", ["elektron-analog-rytm-mkii"]),
        ("Arturia KeyStep 37", ["arturia-keystep-37"]),
        ("Arturia KeyStep 32 MIDI 1", ["arturia-keystep"]),
        ("Virus TI Synth", ["access-virus-ti2"]),
        ("USB MIDI Interface MIDI 1", ["generic-usb-midi-interface"]),
        ("Midi Through Port-0", ["computer"]),
        ("KORG nanoKONTROL2 MIDI 1", []),
        ("Synth A", []),
        ("", []),
    ],
)
def test_port_names_find_their_model(port_name: str, expected: list[str]) -> None:
    assert [m.id for m in find_models(port_name, by_maker=False)] == expected


def test_a_maker_finds_all_its_models() -> None:
    korg = [m.id for m in find_models("korg")]
    assert korg == ["korg-electribe", "korg-electribe-sampler", "korg-minilogue"]
    assert len(find_models("Elektron")) == 7


def test_the_most_specific_match_wins_and_order_follows_the_text() -> None:
    assert [m.id for m in find_models("Elektron Digitakt")] == ["elektron-digitakt"]
    assert [m.id for m in find_models("keystep into RK-002 into digitakt")] == [
        "arturia-keystep",
        "retrokits-rk-002",
        "elektron-digitakt",
    ]


def test_models_are_read_once_and_kept() -> None:
    assert load_model("elektron-digitakt") is load_model("Digitakt")


def test_loading_one_model_reads_only_its_file(write_model: WriteModel, tmp_path: Path) -> None:
    write_model()
    (tmp_path / "broken.toml").write_text("this is not toml", encoding="utf-8")
    catalog = Catalog(tmp_path)
    assert catalog.load("test-box").name == "Box"
    assert catalog.ids() == ["broken", "test-box"]
    with pytest.raises(InputError, match=r"broken\.toml: not valid TOML"):
        catalog.all()


def test_a_name_shared_by_two_models_is_ambiguous(write_model: WriteModel, tmp_path: Path) -> None:
    write_model()
    write_model(('id = "test-box"', 'id = "test-box-2"'), name="test-box-2")
    with pytest.raises(UsageError, match=r"'testbox' names several device models: test-box, test-box-2"):
        Catalog(tmp_path).load("testbox")
