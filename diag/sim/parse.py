"""The tables of a scenario file, each checked; a problem names its key so the loader can give its line."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from diag.errors import DiagError
from diag.rig import POWER_SOURCES, Rig
from diag.rig.problems import (
    RigProblem,
    check_keys,
    did_you_mean,
    require_table,
    require_text,
    toml_value,
)
from diag.rk004.params import resolve_changes
from diag.sim.facts import Assumption
from diag.sim.fixes import Fix, Rk004Action, check_rk004_action
from diag.sim.steps import STEP_KINDS, Step

STATUSES = ("fail", "warn", "pass", "skip")
CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
STEP_KEYS = {
    "keys": ("notes", "velocity"),
    "pads": ("tracks",),
    "sequencer": ("bars", "bpm", "trigs", "note"),
    "idle": ("seconds",),
}
"""The keys each kind of step takes besides name, device and say."""
STATE_KEYS = ("active_track", "rk004")


def assumptions(raw: Any, rig: Rig) -> dict[str, Assumption]:
    """`[assume]`: "<device>.<fact>" = { value = ..., because = "..." } (or by_power instead of value)."""
    table = require_table(raw, ("assume",), '[assume] with "keystep.channel" = { value = 1, because = "..." }')
    found = {}
    for key, entry in table.items():
        path = ("assume", key)
        _device_of(key, rig, path)
        spec = require_table(entry, path, '{ value = ..., because = "..." }')
        check_keys(spec, ("value", "by_power", "because"), path)
        because = require_text(spec.get("because"), path + ("because",), 'because = "why this value"')
        found[key] = Assumption(key, because, spec.get("value"), _by_power(spec, path))
    return found


def _by_power(spec: Mapping[str, Any], path: tuple[str, ...]) -> Mapping[str, Any] | None:
    if ("value" in spec) == ("by_power" in spec):
        raise RigProblem(path, "needs either value or by_power", "e.g. value = true")
    if "by_power" not in spec:
        return None
    table = require_table(spec["by_power"], path + ("by_power",), "by_power = { usb-computer = true }")
    for source in table:
        if source not in POWER_SOURCES:
            raise RigProblem(path + ("by_power", source), f"unknown power source {source!r}",
                             did_you_mean(source, POWER_SOURCES))
    return MappingProxyType(dict(table))


def state(raw: Any, rig: Rig) -> dict[str, dict[str, Any]]:
    """`[state.<device>]`: what the devices are doing beyond their settings (active track, RK-004 values)."""
    table = require_table(raw, ("state",), "[state.<device>] with active_track = \"midi.1\"")
    found = {}
    for name, entry in table.items():
        path = ("state", name)
        _device_named(name, rig, path)
        values = dict(require_table(entry, path, 'active_track = "midi.1"'))
        check_keys(values, STATE_KEYS, path)
        if "active_track" in values:
            require_text(values["active_track"], path + ("active_track",), 'active_track = "midi.1"')
        if "rk004" in values:
            _rk004_values(values["rk004"], path + ("rk004",))
        found[name] = values
    return found


def _rk004_values(raw: Any, path: tuple[str, ...]) -> None:
    values = require_table(raw, path, 'rk004 = { DIN3_MODE = "MIDI_IN" }')
    try:
        resolve_changes(dict(values))
    except DiagError as error:
        raise RigProblem(path, str(error), "names and values as midi-diag rk004 set takes them") from None


def steps(raw: Any, rig: Rig) -> tuple[Step, ...]:
    """`[[steps]]`: at least one; each a contract step name with what exactly is done."""
    if not isinstance(raw, list) or not raw:
        raise RigProblem(("steps",), "a scenario needs at least one step",
                         'add [[steps]] with name = "keys", device = "...", say = "..."')
    return tuple(_step(entry, rig, ("steps", index)) for index, entry in enumerate(raw))


def _step(raw: Any, rig: Rig, path: tuple[Any, ...]) -> Step:
    table = require_table(raw, path, '[[steps]] with name = "keys"')
    name = require_text(table.get("name"), path + ("name",), 'name = "keys"')
    if name not in STEP_KINDS:
        raise RigProblem(path + ("name",), f"unknown step {name!r}", f"one of {', '.join(STEP_KINDS)}")
    check_keys(table, ("name", "device", "say", *STEP_KEYS[name]), path)
    say = require_text(table.get("say"), path + ("say",), 'say = "Play a few keys on the KeyStep."')
    device = None if name == "idle" else _device_named(table.get("device"), rig, path + ("device",))
    return _STEP_BUILDERS[name](table, path, Step(name, device, say))


def _keys(table: Mapping[str, Any], path: tuple[Any, ...], step: Step) -> Step:
    notes = _numbers(table.get("notes"), path + ("notes",), 0, 127, "notes = [60, 64, 67]")
    velocity = _number(table.get("velocity", 100), path + ("velocity",), 1, 127)
    return replace(step, notes=tuple(notes), velocity=velocity)


def _pads(table: Mapping[str, Any], path: tuple[Any, ...], step: Step) -> Step:
    tracks = table.get("tracks")
    if not isinstance(tracks, list) or not tracks or not all(isinstance(t, str) and "." in t for t in tracks):
        raise RigProblem(path + ("tracks",), "must list the tracks hit as \"group.track\"",
                         'e.g. tracks = ["drum.BD", "drum.SD"]')
    return replace(step, tracks=tuple(tracks))


def _sequencer(table: Mapping[str, Any], path: tuple[Any, ...], step: Step) -> Step:
    bars = _number(table.get("bars"), path + ("bars",), 1, 16)
    bpm = _number(table.get("bpm", 120), path + ("bpm",), 30, 300)
    trigs = require_table(table.get("trigs"), path + ("trigs",), 'trigs = { "midi.A" = [1, 5, 9, 13] }')
    if not trigs:
        raise RigProblem(path + ("trigs",), "no track has trigs", 'e.g. trigs = { "midi.A" = [1, 5, 9, 13] }')
    positions = {ref: tuple(_numbers(value, path + ("trigs", ref), 1, 16, f'"{ref}" = [1, 9]'))
                 for ref, value in trigs.items()}
    note = table.get("note")
    if note is not None:
        note = _number(note, path + ("note",), 0, 127)
    return replace(step, bars=bars, bpm=float(bpm), trigs=MappingProxyType(positions), note=note)


def _idle(table: Mapping[str, Any], path: tuple[Any, ...], step: Step) -> Step:
    seconds = table.get("seconds")
    if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not 0 < seconds <= 60:
        raise RigProblem(path + ("seconds",), "must be a number of seconds, up to 60", "e.g. seconds = 2")
    return replace(step, seconds=float(seconds))


_STEP_BUILDERS = {"keys": _keys, "pads": _pads, "sequencer": _sequencer, "idle": _idle}


def expectations(raw: Any) -> dict[str, str]:
    """`[expect]`: check id = status, for the findings a correct diagnosis must produce."""
    table = require_table(raw, ("expect",), '[expect] with auto-channel = "fail"')
    for check, status in table.items():
        if not CHECK_ID.match(check):
            raise RigProblem(("expect", check), f"{check!r} is not a check id", "ids are like auto-channel")
        if status not in STATUSES:
            raise RigProblem(("expect", check), f"{toml_value(status)} is not a status", f"one of {', '.join(STATUSES)}")
    return dict(table)


def fix(raw: Any, rig: Rig) -> Fix:
    """`[fix]`: what the user says and changes: `[fix.devices.<name>]` tables and/or `[fix.rk004]`."""
    table = require_table(raw, ("fix",), '[fix] with say = "..."')
    check_keys(table, ("say", "devices", "rk004"), ("fix",))
    say = require_text(table.get("say"), ("fix", "say"), 'say = "Set the KeyStep to channel 10."')
    devices = require_table(table.get("devices", {}), ("fix", "devices"), "[fix.devices.<name>]")
    for name, changes in devices.items():
        _device_named(name, rig, ("fix", "devices", name))
        require_table(changes, ("fix", "devices", name), "settings = { channel = 10 }")
    action = _rk004_action(table.get("rk004"), rig)
    if not devices and action is None:
        raise RigProblem(("fix",), "changes nothing", "add [fix.devices.<name>] or [fix.rk004]")
    return Fix(say, MappingProxyType({name: MappingProxyType(dict(c)) for name, c in devices.items()}), action)


def _rk004_action(raw: Any, rig: Rig) -> Rk004Action | None:
    if raw is None:
        return None
    path = ("fix", "rk004")
    table = require_table(raw, path, '[fix.rk004] with device = "hub", set = { DIN3_MODE = "MIDI_OUT" }')
    check_keys(table, ("device", "set", "commit"), path)
    device = require_text(table.get("device"), path + ("device",), 'device = "hub"')
    changes = require_table(table.get("set"), path + ("set",), 'set = { DIN3_MODE = "MIDI_OUT" }')
    commit = table.get("commit", True)
    if not isinstance(commit, bool):
        raise RigProblem(path + ("commit",), "must be true or false", "commit = true")
    action = Rk004Action(device, MappingProxyType(dict(changes)), commit)
    check_rk004_action(rig, action)
    return action


def _device_named(name: Any, rig: Rig, path: tuple[Any, ...]) -> str:
    text = require_text(name, path, 'device = "keystep"')
    if text not in rig.devices:
        raise RigProblem(path, f"no device {text!r} in the rig", did_you_mean(text, rig.devices,
                                                                            f"its devices: {', '.join(rig.devices)}"))
    return text


def _device_of(key: str, rig: Rig, path: tuple[Any, ...]) -> None:
    device, dot, fact = key.partition(".")
    if not dot or not fact:
        raise RigProblem(path, f"{key!r} does not name a device and a fact", 'e.g. "keystep.ports.out.supplies_power"')
    _device_named(device, rig, path)


def _number(value: Any, path: tuple[Any, ...], low: int, high: int, example: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise RigProblem(path, f"{toml_value(value)} is not a whole number from {low} to {high}",
                         f"e.g. {example or f'{path[-1]} = {low}'}")
    return value


def _numbers(value: Any, path: tuple[Any, ...], low: int, high: int, example: str) -> list[int]:
    if not isinstance(value, list) or not value:
        raise RigProblem(path, "must be a list of whole numbers", f"e.g. {example}")
    return [_number(item, path + (index,), low, high, example) for index, item in enumerate(value)]

