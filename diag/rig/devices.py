"""Building one rig device from its `[devices.<name>]` table, every value checked against the knowledge."""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from diag.errors import UsageError
from diag.knowledge import DeviceModel, Firmware, Setting, TrackGroup, load_model
from diag.knowledge.versions import parse_version
from diag.knowledge.vocabulary import SETTINGS
from diag.rig.lines import KeyLines, KeyPath
from diag.rig.model import POWER_SOURCES, RigDevice
from diag.rig.problems import (
    RigProblem,
    check_keys,
    closest_by_alias,
    did_you_mean,
    require_table,
    require_text,
    toml_value,
)

DEVICE_KEYS = ("model", "version", "firmware", "power", "description", "settings", "tracks")
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def build_device(name: str, raw: Any, lines: KeyLines) -> RigDevice:
    """A RigDevice from its table; a RigProblem at the first thing that is wrong."""
    path: KeyPath = ("devices", name)
    if not NAME.match(name):
        raise RigProblem(
            path, f"{name!r} is not a usable device name", "use letters, digits, - and _, e.g. digitakt or rk002"
        )
    table = require_table(raw, path, f'[devices.{name}] with model = "..."')
    check_keys(table, DEVICE_KEYS, path)
    model = _model(table, path)
    firmware = _firmware(model, table.get("firmware"), path + ("firmware",))
    settings = _settings(model, firmware, table.get("settings", {}), path + ("settings",))
    tracks = _tracks(model, table.get("tracks", {}), path + ("tracks",))
    return RigDevice(
        name=name,
        model=model,
        version=_version(table.get("version"), path + ("version",)),
        firmware=firmware.id if firmware else None,
        power=_power(model, table.get("power"), path + ("power",)),
        description=_optional_text(table.get("description"), path + ("description",)),
        stated=MappingProxyType(settings),
        stated_tracks=_frozen_tracks(tracks),
        line=lines.line_of(path),
        lines=MappingProxyType(_setting_lines(settings, tracks, path, lines)),
    )


def _frozen_tracks(tracks: Mapping[str, Mapping[str, Written]]) -> Mapping[str, Mapping[str, Mapping[int, Any]]]:
    return MappingProxyType(
        {
            group: MappingProxyType(
                {name: MappingProxyType({i: v for i, (v, _) in by_track.items()}) for name, by_track in values.items()}
            )
            for group, values in tracks.items()
        }
    )


def _model(table: Mapping[str, Any], path: KeyPath) -> DeviceModel:
    if "model" not in table:
        raise RigProblem(path, "no model", 'add model = "<id>", an id from docs/knowledge.md, e.g. "elektron-digitakt"')
    wanted = require_text(table["model"], path + ("model",), 'model = "elektron-digitakt"')
    try:
        return load_model(wanted)
    except UsageError as exc:
        what, _, hint = str(exc).partition("; ")
        raise RigProblem(path + ("model",), what, hint or "write the model's id from docs/knowledge.md") from None


def _firmware(model: DeviceModel, raw: Any, path: KeyPath) -> Firmware | None:
    if raw is None:
        return None
    wanted = require_text(raw, path, 'firmware = "digitakt"')
    if not model.firmwares:
        raise RigProblem(
            path, f"the {model.title} runs no alternative firmware", f'for its OS version write version = "{wanted}"'
        )
    for firmware in model.firmwares.values():
        if wanted.casefold() in (firmware.id.casefold(), firmware.name.casefold()):
            return firmware
    raise RigProblem(path, f"unknown firmware {wanted!r} for the {model.title}", did_you_mean(wanted, model.firmwares))


def _version(raw: Any, path: KeyPath) -> str | None:
    if raw is None:
        return None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        raise RigProblem(
            path,
            f"the version {raw} is a number, which loses its trailing zeros",
            'write it in quotes as the device shows it, e.g. version = "1.50"',
        )
    text = require_text(raw, path, 'version = "1.50"')
    try:
        parse_version(text)
    except ValueError as exc:
        raise RigProblem(
            path, str(exc), 'write it as the device shows it, e.g. "1.50", "1.50A" or "OS 1.61B"'
        ) from None
    return text


def _power(model: DeviceModel, raw: Any, path: KeyPath) -> str | None:
    if raw is None:
        return None
    text = require_text(raw, path, 'power = "usb-computer"')
    if text not in POWER_SOURCES:
        raise RigProblem(
            path,
            f"unknown power source {text!r}",
            did_you_mean(text, POWER_SOURCES, f"one of {', '.join(POWER_SOURCES)}"),
        )
    needs = model.power.needs_midi_power
    if text == "midi" and needs is not None and needs.value is False:
        raise RigProblem(path, f"the {model.title} does not run from MIDI power", f"one of {', '.join(POWER_SOURCES)}")
    return text


def _optional_text(raw: Any, path: KeyPath) -> str | None:
    return None if raw is None else require_text(raw, path, 'description = "..."')


def _settings(model: DeviceModel, firmware: Firmware | None, raw: Any, path: KeyPath) -> dict[str, Any]:
    table = require_table(raw, path, "settings = { auto_channel = 10 }")
    available = dict(model.settings) | (dict(firmware.settings) if firmware else {})
    stated = {}
    for name, value in table.items():
        setting = available.get(name)
        if setting is None:
            raise _unknown_setting(model, firmware, name, available, path + (name,))
        stated[name] = checked_value(setting, value, path + (name,))
    return stated


def _unknown_setting(
    model: DeviceModel, firmware: Firmware | None, name: str, available: Mapping[str, Setting], path: KeyPath
) -> RigProblem:
    owners = [f.id for f in model.firmwares.values() if name in f.settings and f is not firmware]
    if owners:
        return RigProblem(
            path, f"{name} is a setting of the {model.name}'s {owners[0]} firmware", f'add firmware = "{owners[0]}"'
        )
    groups = [group.id for group in model.tracks.values() if name in group.settings]
    if groups:
        return RigProblem(path, f"{name} is set per track", f"write it under [{show_device(path)}.tracks.{groups[0]}]")
    listing = f"the {model.title} has: {', '.join(available) or 'no settings midi-diag knows'}"
    if name in SETTINGS:
        return RigProblem(path, f"the {model.title} has no setting {name} in midi-diag's knowledge", listing)
    aliases = {key: key for key in available} | {setting.label: key for key, setting in available.items()}
    return RigProblem(path, f"unknown setting {name!r}", closest_by_alias(name, aliases) or listing)


def show_device(path: KeyPath) -> str:
    return ".".join(str(part) for part in path[:2])


def checked_value(setting: Setting, value: Any, path: KeyPath) -> Any:
    """The value in stored form; a choice may be written in any case ("trk ch" for TRK CH)."""
    if isinstance(value, str) and setting.choices:
        folded = {choice.casefold(): choice for choice in setting.choices}
        value = folded.get(value.casefold(), value)
    try:
        return setting.check(value)
    except ValueError as exc:
        raise RigProblem(path, f"{toml_value(value)} is not a value of {setting.label}", str(exc)) from None


Written = dict[int, tuple[Any, KeyPath]]
"""Per-track values by track index, each with the key path it is written at."""


def _tracks(model: DeviceModel, raw: Any, path: KeyPath) -> dict[str, dict[str, Written]]:
    table = require_table(raw, path, "[devices.<name>.tracks.<group>]")
    stated = {}
    for group_id, settings in table.items():
        group = model.tracks.get(group_id)
        if group is None:
            hint = did_you_mean(group_id, model.tracks, f"its track groups: {', '.join(model.tracks) or 'none'}")
            raise RigProblem(path + (group_id,), f"the {model.title} has no track group {group_id!r}", hint)
        group_path = path + (group_id,)
        group_table = require_table(settings, group_path, f"[{show_device(path)}.tracks.{group_id}]")
        stated[group_id] = {
            name: _track_values(group, name, value, group_path + (name,)) for name, value in group_table.items()
        }
    return stated


def _track_values(group: TrackGroup, name: str, raw: Any, path: KeyPath) -> Written:
    """Per-track values: one value for every track, a list with one per track, or a table by track."""
    setting = group.settings.get(name)
    if setting is None:
        hint = did_you_mean(name, group.settings, f"its track settings: {', '.join(group.settings) or 'none'}")
        raise RigProblem(path, f"{group.label} have no setting {name!r}", hint)
    if isinstance(raw, dict):
        return {
            _track_index(group, key, path + (key,)): (checked_value(setting, value, path + (key,)), path + (key,))
            for key, value in raw.items()
        }
    if isinstance(raw, list):
        if len(raw) != group.count:
            raise RigProblem(
                path,
                f"{len(raw)} values for {group.count} {group.label}",
                f"give one value per track, {group.names[0]} to {group.names[-1]}, or one value for all",
            )
        return {
            index: (checked_value(setting, value, path + (index,)), path + (index,)) for index, value in enumerate(raw)
        }
    value = checked_value(setting, raw, path)
    return {index: (value, path) for index in range(group.count)}


def _track_index(group: TrackGroup, key: str, path: KeyPath) -> int:
    names = [name.casefold() for name in group.names]
    if key.casefold() in names:
        return names.index(key.casefold())
    if key.isdecimal() and len(key) < 5 and 1 <= int(key) <= group.count:  # not "²", which isdigit() takes
        return int(key) - 1
    raise RigProblem(
        path, f"no track {key!r} among the {group.label}", f"its tracks: {', '.join(group.names)}, or 1-{group.count}"
    )


def _setting_lines(
    settings: Mapping[str, Any], tracks: Mapping[str, Mapping[str, Written]], path: KeyPath, lines: KeyLines
) -> dict[str, int]:
    found = {name: lines.line_of(path + ("settings", name)) for name in settings}
    for group, values in tracks.items():
        for name, by_track in values.items():
            found.update(
                {f"tracks.{group}.{name}.{index}": lines.line_of(where) for index, (_, where) in by_track.items()}
            )
    return found
