"""Edits to a rig draft from what the user types: settings, per-track settings, version, firmware, power."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from diag.knowledge import Setting
from diag.knowledge.kinds import check_version
from diag.rig import POWER_SOURCES, RigDevice
from diag.tui.wizard.rigdraft import DraftDevice
from diag.tui.wizard.rigview import device_settings, parse_value, show_value, value_help

FIELDS = ("@version", "@firmware", "@power")
"""Row keys of the device's own fields, before its settings."""


@dataclass(frozen=True)
class Edit:
    """What the setting dialog shows and how it reads the answer."""

    key: str
    title: str
    about: str
    """Where it is on the device and what the knowledge says."""
    takes: str
    """What may be typed."""
    current: str
    parse: Callable[[str], Any]


def edit_for(device: RigDevice, key: str) -> Edit:
    """The edit of one row of the settings table."""
    if key in FIELDS:
        return _field_edit(device, key)
    if "." in key:
        group, name = key.split(".", 1)
        return _track_edit(device, group, name)
    spec = device_settings(device)[key]
    value = device.setting(key)
    about = f"Where: {spec.menu.value}\nNow: {show_value(value.value)} ({_origin(value.origin, value.fact)})"
    return Edit(key, f"{device.name}: {spec.label}", about, value_help(spec), _typed(device, key),
                lambda text: parse_value(text, spec))


def _origin(origin: str, fact: Any) -> str:
    if origin == "stated":
        return "you said so"
    if origin == "default" and fact is not None:
        return f"factory default, {fact.confidence}: {fact.source.cite()}"
    return "not known: look it up on the device"


def _typed(device: RigDevice, key: str) -> str:
    return show_value(device.stated[key]) if key in device.stated else ""


def _field_edit(device: RigDevice, key: str) -> Edit:
    if key == "@version":
        return Edit(key, f"{device.name}: OS or firmware version", "As the device shows it (known bugs are "
                    "looked up by it).", 'e.g. 1.50 or 1.50A', device.version or "", check_version)
    if key == "@firmware":
        names = list(device.model.firmwares)
        return Edit(key, f"{device.name}: the firmware it runs", "Which program the cable runs.",
                    "one of: " + ", ".join(names), device.firmware or "", _one_of(names))
    return Edit(key, f"{device.name}: power", "Where it gets its power; some cables live on MIDI power.",
                "one of: " + ", ".join(POWER_SOURCES), device.power or "", _one_of(list(POWER_SOURCES)))


def _one_of(names: list[str]) -> Callable[[str], str]:
    def parse(text: str) -> str:
        match = next((name for name in names if name.casefold() == text.strip().casefold()), None)
        if match is None:
            raise ValueError("one of: " + ", ".join(names))
        return match

    return parse


def _track_edit(device: RigDevice, group: str, name: str) -> Edit:
    found = device.model.tracks[group]
    spec = found.settings[name]
    shown = " ".join(f"{track}={show_value(value.value)}"
                     for track, value in zip(found.names, device.track_settings(group, name)))
    about = f"Where: {spec.menu.value}\nNow: {shown}"
    takes = f"{value_help(spec)}: one value for every track, or track=value pairs (e.g. {found.names[0]}=1)"
    return Edit(f"{group}.{name}", f"{device.name}: {found.label}, {spec.label}", about, takes, "",
                lambda text: parse_tracks(text, spec, found.names))


def parse_tracks(text: str, spec: Setting, names: tuple[str, ...]) -> dict[str, Any]:
    """'A=1 C=3' or '1' (every track) -> {track name: value}; ValueError naming the bad part."""
    parts = text.replace(",", " ").split()
    if len(parts) == 1 and "=" not in parts[0]:
        value = parse_value(parts[0], spec)
        return {track: value for track in names}
    values = {}
    for part in parts:
        track, _, typed = part.partition("=")
        match = next((n for n in names if n.casefold() == track.casefold()), None)
        if match is None or not typed:
            raise ValueError(f"'{part}': write track=value; the tracks are {', '.join(names)}")
        values[match] = parse_value(typed, spec)
    return values


def apply_edit(draft: DraftDevice, key: str, value: Any) -> None:
    """Store an answer in the draft; None forgets what was said (the default applies again)."""
    if key in FIELDS:
        setattr(draft, key[1:], value)
    elif "." in key:
        group, name = key.split(".", 1)
        tracks = draft.tracks.setdefault(group, {})
        if value is None:
            tracks.pop(name, None)
        else:
            tracks.setdefault(name, {}).update(value)
    elif value is None:
        draft.settings.pop(key, None)
    else:
        draft.settings[key] = value
