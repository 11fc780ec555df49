"""Checking a scenario by running it in simulated time: the fault, then the fix, every assumption used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diag.knowledge.kinds import checker
from diag.rig import Rig
from diag.rig.problems import RigProblem
from diag.rk004.params import resolve_changes
from diag.rk004.virtual import preset
from diag.sim.facts import Assumption
from diag.sim.simulation import Simulation

if TYPE_CHECKING:
    from diag.sim.scenario import Scenario

FACT_KINDS = {
    "supplies_power": "bool", "passes": "bool", "sysex": "bool", "sequencer_sends_midi": "bool",
    "manual_sends_midi": "bool", "loopback_blocks_other_sources": "bool", "pad_note": "note",
    "version": "version",
}
"""Value kinds (diag.knowledge's) of the facts a scenario may assume, by the last part of their key."""

DIRECTIONS = ("sequencer-higher", "sequencer-lower")


def dry_run(scenario: Scenario) -> None:
    """Every step with the fault and again with the fix; RigProblem at the first thing that does not work."""
    for assumption in scenario.assumptions.values():
        check_value(scenario.rig, assumption)
    simulation = scenario.simulation()
    _play_all(scenario, simulation)
    if scenario.fix is not None:
        simulation.refit(scenario.fixed_rig())
        if scenario.fix.rk004 is not None:
            action = scenario.fix.rk004
            preset(simulation.hubs[action.device].emulator,
                   {param.number: value for param, value in resolve_changes(dict(action.changes))})
        _play_all(scenario, simulation)
    for unused in simulation.book.unused():
        raise RigProblem(("assume", unused.key), "the simulation never needs this",
                         "drop it: assume only what the steps depend on")


def _play_all(scenario: Scenario, simulation: Simulation) -> None:
    for index, step in enumerate(scenario.steps):
        try:
            simulation.play(step)
        except RigProblem as problem:
            if len(problem.path) == 1:  # the step that ran into it is the place to show
                raise RigProblem(("steps", index), problem.what, problem.hint) from None
            raise


def check_value(rig: Rig, assumption: Assumption) -> None:
    """RigProblem when an assumed value cannot be a value of the fact it is for."""
    device_name, _, key = assumption.key.partition(".")
    device = rig.device(device_name)
    values = list(assumption.by_power.values()) if assumption.by_power is not None else [assumption.value]
    check = _checker(device, key)
    for value in values:
        for one in _per_track(key, value):
            try:
                check(one)
            except ValueError as error:
                raise RigProblem(("assume", assumption.key), f"{one!r} cannot be its value", str(error)) from None


def _checker(device: Any, key: str) -> Any:
    parts = key.split(".")
    if parts[0] == "tracks" and len(parts) == 3 and parts[1] in device.model.tracks:
        spec = device.model.tracks[parts[1]].settings.get(parts[2])
        if spec is not None:
            return lambda value: spec.check(value)
    if len(parts) == 1 and parts[0] != "version":
        spec = device.setting_spec(parts[0]) if _is_setting(parts[0]) else None
        if spec is not None:
            return spec.check
    if parts[-1] == "direction":
        return _direction
    if parts[-1] == "drum_note_map":
        return checker("note-map")
    if parts[-1] == "semitones":
        return checker("int", value_range=(-48, 48))
    return checker(FACT_KINDS.get(parts[-1], "text"))


def _is_setting(name: str) -> bool:
    from diag.knowledge.vocabulary import SETTINGS

    return name in SETTINGS


def _direction(value: Any) -> Any:
    if value not in DIRECTIONS:
        raise ValueError(f"must be {' or '.join(DIRECTIONS)}")
    return value


def _per_track(key: str, value: Any) -> list[Any]:
    """The single values of a per-track assumption (a list or a table by track); others as they are."""
    if not key.startswith("tracks."):
        return [value]
    if isinstance(value, list):
        return value
    return list(value.values()) if isinstance(value, dict) else [value]
