"""The rig in words for the wizard's screens: settings with where each value comes from, ports, cables."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from diag.knowledge import DeviceModel, Setting
from diag.rig import Rig, RigDevice, SettingValue

SURENESS = {"verified": "manual", "forum": "forum", "unverified": "a guess"}
"""How far a knowledge default is trusted, in words."""


@dataclass(frozen=True)
class SettingRow:
    """One setting as the rig screen lists it."""

    name: str
    """The rig file's name (`auto_channel`), or `group.name` for a per-track setting."""
    label: str
    """As the device shows it."""
    value: str
    source: str
    """Where the value comes from: you said / factory default / not known."""
    sure: str
    """How far to trust it."""
    menu: str
    """Where to find it on the device."""


def setting_rows(device: RigDevice) -> list[SettingRow]:
    """Every device-wide setting, then every per-track one, with value, origin and trust."""
    rows = [_row(name, spec, device.setting(name)) for name, spec in device_settings(device).items()]
    for group_id, group in device.model.tracks.items():
        for name, spec in group.settings.items():
            values = device.track_settings(group_id, name)
            rows.append(_track_row(f"{group_id}.{name}", f"{group.label}: {spec.label}", spec, group.names, values))
    return rows


def source_words(row: SettingRow) -> str:
    """'you said', 'default · manual', 'not known' in one short column."""
    if row.source == "factory default":
        return f"default · {row.sure}"
    return row.source


def device_settings(device: RigDevice) -> dict[str, Setting]:
    """The device-wide settings of the model and of the firmware it runs."""
    settings = dict(device.model.settings)
    running = device.model.firmwares.get(device.firmware or "")
    if running is not None:
        settings.update(running.settings)
    return settings


def _row(name: str, spec: Setting, value: SettingValue) -> SettingRow:
    return SettingRow(name, spec.label, show_value(value.value), _source(value), _sure(value), _menu(spec))


def _track_row(name: str, label: str, spec: Setting, names: tuple[str, ...],
               values: tuple[SettingValue, ...]) -> SettingRow:
    shown = " ".join(f"{track}={show_value(value.value)}" for track, value in zip(names, values))
    if len({show_value(value.value) for value in values}) == 1:
        shown = f"all {show_value(values[0].value)}"
    stated = any(value.origin == "stated" for value in values)
    unknown = any(value.origin == "unknown" for value in values)
    source = "you said" if stated else ("not known" if unknown else "factory default")
    return SettingRow(name, label, shown, source, _sure(values[0]) if not stated else "stated", _menu(spec))


def _source(value: SettingValue) -> str:
    return {"stated": "you said", "default": "factory default", "unknown": "not known"}[value.origin]


def _sure(value: SettingValue) -> str:
    if value.origin == "stated":
        return "stated"
    if value.fact is None or value.origin == "unknown":
        return "check it"
    return SURENESS.get(str(value.fact.confidence), str(value.fact.confidence))


def _menu(spec: Setting) -> str:
    return str(spec.menu.value) if spec.menu.known else "menu not known"


def show_value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def parse_value(text: str, spec: Setting) -> Any:
    """What the user typed, in the setting's stored form; ValueError saying what it takes."""
    text = text.strip()
    if spec.kind == "bool":
        words = {"on": True, "true": True, "yes": True, "off": False, "false": False, "no": False}
        if text.casefold() not in words:
            raise ValueError("type on or off")
        return words[text.casefold()]
    if spec.kind == "choice":
        match = next((choice for choice in spec.choices if choice.casefold() == text.casefold()), None)
        if match is None:
            raise ValueError(f"one of: {', '.join(spec.choices)}")
        return match
    value: Any = int(text) if text.lstrip("-").isdigit() else text.casefold()
    return spec.check(value)


def value_help(spec: Setting) -> str:
    """What a setting takes, in a few words."""
    if spec.kind == "choice":
        return "one of: " + ", ".join(spec.choices)
    if spec.kind == "bool":
        return "on or off"
    if spec.kind == "int" and spec.value_range:
        return f"a number from {spec.value_range[0]} to {spec.value_range[1]}"
    extra = {"channel-or-off": ' or "off"', "channel-or-auto": ' or "auto"', "channel-or-all": ' or "all"'}
    return "a channel 1-16" + extra.get(spec.kind, "")


def port_words(model: DeviceModel, port: str) -> str:
    """'MIDI OUT' for a port id, as printed on the device."""
    found = model.ports.get(port)
    return found.label if found is not None else port


def sees_choices(rig: Rig) -> list[tuple[str, str]]:
    """Every device port a computer port could show, as (rig reference, words)."""
    choices = []
    for device in rig.devices.values():
        if device.model.kind == "computer":
            continue
        for port_id, port in device.model.ports.items():
            if port.kind in ("audio", "sync"):
                continue
            verb = f"what reaches {device.name}'s {port.label}" if port.direction == "in" else \
                f"what {device.name} sends from {port.label}"
            choices.append((f"{device.name}.{port_id}", verb))
    return choices


def observed_ports(rig: Rig, inputs: list[str]) -> tuple[list[str], dict[str, str]]:
    """The ports to ask about (the computer's, then observed ones not there now) and what each shows now."""
    current = {port: str(found.sees) for port in inputs if (found := rig.observer_for(port)) is not None}
    unseen = [o.port for o in rig.observers if not any(o.matches(port) for port in inputs)]
    current.update({o.port: str(o.sees) for o in rig.observers if o.port in unseen})
    return [*inputs, *unseen], current


def wiring_lines(rig: Rig) -> list[str]:
    """One line per cable and per observed computer port."""
    lines = [f"cable  {c}" for c in rig.connections]
    lines += [f"port   '{o.port}' shows {o.sees}" for o in rig.observers]
    return lines


def device_line(device: RigDevice) -> str:
    extra = [device.version and f"OS {device.version}", device.firmware and f"firmware {device.firmware}"]
    details = ", ".join(part for part in extra if part)
    return f"{device.name}: {device.model.title}" + (f" ({details})" if details else "")


def ports_of(models: Iterable[DeviceModel]) -> list[str]:
    return [port for model in models for port in model.ports]
