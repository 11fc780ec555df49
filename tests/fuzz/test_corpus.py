"""Every fuzz target's committed corpus and crash regressions replay cleanly, without atheris."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from diag.errors import InputError
from fuzz.harness import printable, rejected
from fuzz.targets import TARGETS

FUZZ = Path(__file__).resolve().parents[2] / "fuzz"


def inputs(folder: str) -> list[tuple[str, Path]]:
    return [
        (target, path)
        for target in TARGETS
        for path in sorted((FUZZ / folder / target).glob("*"))
        if path.is_file() and not path.name.startswith(".")
    ]


def test_every_target_has_a_module_and_seeds() -> None:
    modules = {path.stem for path in (FUZZ / "targets").glob("*.py")} - {"__init__"}
    assert modules == set(TARGETS)
    seeded = {target for target, _ in inputs("corpus")}
    assert seeded == set(TARGETS)


@pytest.mark.parametrize("target", TARGETS)
def test_the_corpus_replays(target: str) -> None:
    test_one_input = importlib.import_module(f"fuzz.targets.{target}").TestOneInput
    for _, path in (item for item in inputs("corpus") if item[0] == target):
        test_one_input(path.read_bytes())


@pytest.mark.parametrize(
    "target, path", inputs("regressions"), ids=lambda value: value if isinstance(value, str) else value.name
)
def test_a_crash_the_fuzzer_found_stays_fixed(target: str, path: Path) -> None:
    importlib.import_module(f"fuzz.targets.{target}").TestOneInput(path.read_bytes())


def test_the_project_s_errors_are_refusals_and_anything_else_is_a_crash() -> None:
    def refuse() -> None:
        raise InputError("bad file")

    def break_down() -> None:
        raise KeyError("oops")

    assert rejected(refuse) is None
    assert rejected(lambda: 7) == 7
    with pytest.raises(KeyError):
        rejected(break_down)


def test_text_that_cannot_be_written_as_utf8_is_a_crash() -> None:
    printable({"port": ["Digitakt", ("ポート", None)]})
    with pytest.raises(UnicodeEncodeError):
        printable({"port": ["Digitakt", ("\ud800", None)]})
