"""Scenario files: an example rig (diag/examples), the fault, what the user does, the findings expected, the fix."""

from __future__ import annotations

import difflib

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import diag
from diag.errors import InputError, UsageError
from diag.rig import Rig, load_rig
from diag.rig.lines import KeyLines
from diag.rig.problems import (
    RigProblem,
    check_keys,
    did_you_mean,
    require_table,
    require_text,
    show_path,
)
from diag.sim import parse
from diag.sim.facts import Assumption
from diag.sim.fixes import Fix, fixed_rig
from diag.sim.simulation import Simulation
from diag.sim.steps import Step

TOP_KEYS = ("scenario", "assume", "state", "steps", "expect", "fix")
ABOUT_KEYS = ("name", "description", "rig", "fault", "source")
SCENARIO_PACKAGE = "diag.sim.scenarios"


def _empty() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Scenario:
    """A simulated rig with a story: what is wrong (or nothing), what the user does, what must be found."""

    name: str
    description: str
    """One line."""
    path: Path
    rig: Rig
    steps: tuple[Step, ...]
    expect: Mapping[str, str] = field(default_factory=_empty)
    """Check id -> the status a correct diagnosis gives it."""
    fault: str | None = None
    """What is wrong, for a scenario of a failure; None for a healthy rig."""
    fix: Fix | None = None
    assumptions: Mapping[str, Assumption] = field(default_factory=_empty)
    state: Mapping[str, Mapping[str, Any]] = field(default_factory=_empty)
    source: str | None = None
    """Where the case comes from (a forum thread)."""

    @property
    def healthy(self) -> bool:
        return self.fault is None

    def simulation(self) -> Simulation:
        """A fresh simulation of the rig as it is (fault included)."""
        return Simulation(self.rig, self.assumptions, self.state)

    def fixed_rig(self) -> Rig:
        """The rig after the fix; the rig itself for a healthy scenario."""
        return fixed_rig(self.rig, self.fix) if self.fix is not None else self.rig

    def step(self, ref: str | int) -> int:
        """The index of a step given by its number (from 1) or its name; UsageError naming the steps."""
        names = [step.name for step in self.steps]
        if isinstance(ref, int) or (ref.isdecimal() and len(ref) < 5):  # not "²", which isdigit() takes
            if 1 <= int(ref) <= len(self.steps):
                return int(ref) - 1
        elif ref in names:
            return names.index(ref)
        listing = ", ".join(f"{number} {name}" for number, name in enumerate(names, start=1))
        raise UsageError(f"scenario '{self.name}' has no step '{ref}' (its steps: {listing})")


def scenario_names() -> list[str]:
    """The scenarios that ship with midi-diag, by name."""
    folder = resources.files(SCENARIO_PACKAGE)
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def load_scenario(ref: str) -> Scenario:
    """A shipped scenario by name, or a scenario file by path; UsageError listing the names if neither."""
    if ref in scenario_names():
        with resources.as_file(resources.files(SCENARIO_PACKAGE) / f"{ref}.toml") as path:
            return read_scenario(path)
    if ref.endswith(".toml"):
        if not Path(ref).is_file():
            raise InputError(f"{ref}: no such scenario file (midi-diag demo --list names the built-in ones)")
        return read_scenario(Path(ref))
    close = difflib.get_close_matches(ref, scenario_names(), n=1)
    hint = f"did you mean {close[0]}? " if close else ""
    known = ", ".join(scenario_names())
    raise UsageError(f"unknown scenario '{ref}' ({hint}known: {known}; or give the path of a scenario .toml file)")


def read_scenario(path: Path) -> Scenario:
    """Read, check and dry-run a scenario file; any problem is one InputError line `<file>:<line>: ...`."""
    from diag.sim.validate import dry_run

    text = _read(path)
    lines = KeyLines(text)
    try:
        scenario = _build(_toml(text, path), path)
        dry_run(scenario)
    except RigProblem as problem:
        where = show_path(problem.path)
        raise InputError(f"{path}:{lines.line_of(problem.path)}: {where}: {problem.what} ({problem.hint})") from None
    return scenario


def examples_dir() -> Path:
    """The example rigs the scenarios use: diag/examples, shipped with the package (docs/examples links to it)."""
    return Path(diag.__file__).resolve().parent / "examples"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot read the scenario file: {error}") from None


def _toml(text: str, path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML: {error}") from None
    except RecursionError:
        raise InputError(f"{path}: not valid TOML: arrays or tables nested too deeply") from None


def _build(data: dict[str, Any], path: Path) -> Scenario:
    check_keys(data, TOP_KEYS, ())
    about = require_table(data.get("scenario"), ("scenario",), '[scenario] with name = "..."')
    check_keys(about, ABOUT_KEYS, ("scenario",))
    name = _name(about, path)
    rig = load_rig(_rig_path(require_text(about.get("rig"), ("scenario", "rig"), 'rig = "auto-channel"'), path))
    fault, fix = _fault_and_fix(about, data, rig)
    return Scenario(
        name=name,
        description=_one_line(about, "description"),
        path=path,
        rig=rig,
        steps=parse.steps(data.get("steps"), rig),
        expect=MappingProxyType(parse.expectations(data.get("expect", {}))),
        fault=fault,
        fix=fix,
        assumptions=MappingProxyType(parse.assumptions(data.get("assume", {}), rig)),
        state=MappingProxyType(parse.state(data.get("state", {}), rig)),
        source=_one_line(about, "source") if "source" in about else None,
    )


def _name(about: Mapping[str, Any], path: Path) -> str:
    name = require_text(about.get("name"), ("scenario", "name"), f'name = "{path.stem}"')
    if name != path.stem:
        raise RigProblem(("scenario", "name"), f"the name {name!r} differs from the file's",
                         f'name the file {name}.toml, or write name = "{path.stem}"')
    return name


def _one_line(about: Mapping[str, Any], key: str) -> str:
    text = require_text(about.get(key), ("scenario", key), f'{key} = "..."')
    if "\n" in text.strip():
        raise RigProblem(("scenario", key), "must be one line", "say it in one sentence")
    return text.strip()


def _rig_path(ref: str, scenario_path: Path) -> Path:
    if ref.endswith(".toml"):
        return scenario_path.parent / ref
    folder = examples_dir()
    if not folder.is_dir():
        raise InputError(f"{scenario_path}: the example rigs ({folder}) are not installed with this copy of "
                         "midi-diag (run it from a source checkout, or pip install -e .)")
    candidate = folder / f"{ref}.toml"
    if not candidate.is_file():
        names = sorted(p.stem for p in folder.glob("*.toml"))
        raise RigProblem(("scenario", "rig"), f"no example rig {ref!r} in docs/examples",
                         did_you_mean(ref, names, f"examples: {', '.join(names)}"))
    return candidate


def _fault_and_fix(about: Mapping[str, Any], data: Mapping[str, Any], rig: Rig) -> tuple[str | None, Fix | None]:
    fault = _one_line(about, "fault") if "fault" in about else None
    if fault is not None and "fix" not in data:
        raise RigProblem(("scenario", "fault"), "a scenario with a fault needs its fix", "add [fix]")
    if fault is None and "fix" in data:
        raise RigProblem(("fix",), "a healthy scenario has nothing to fix", "add fault = \"...\" to [scenario]")
    return fault, parse.fix(data["fix"], rig) if fault is not None else None
