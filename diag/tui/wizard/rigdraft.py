"""The rig as the wizard edits it: plain data that writes itself as a rig file and loads through parse_rig."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from diag.knowledge import DeviceModel, load_model
from diag.rig import Rig, parse_rig

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_NAME_CHARS = re.compile(r"[^a-z0-9_-]+")


@dataclass
class DraftDevice:
    """One device as a rig file states it."""

    name: str
    model: str
    """The knowledge model id."""
    version: str | None = None
    firmware: str | None = None
    power: str | None = None
    description: str | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    tracks: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    """Group -> setting -> track name -> value, as the table form of a rig file writes it."""

    @property
    def knowledge(self) -> DeviceModel:
        return load_model(self.model)


@dataclass
class RigDraft:
    """A rig being built: devices, cables ((from, to, through)) and observers ((port, sees))."""

    name: str = "My rig"
    description: str | None = None
    symptom: str | None = None
    devices: list[DraftDevice] = field(default_factory=list)
    connections: list[tuple[str, str, str | None]] = field(default_factory=list)
    observers: list[tuple[str, str]] = field(default_factory=list)

    def device(self, name: str) -> DraftDevice | None:
        return next((device for device in self.devices if device.name == name), None)

    def add_device(self, model: DeviceModel) -> DraftDevice:
        """A new device of `model` under a free name made from the model's."""
        device = DraftDevice(self.free_name(model), model.id)
        self.devices.append(device)
        return device

    def free_name(self, model: DeviceModel) -> str:
        words = "computer" if model.kind == "computer" else model.name
        base = _NAME_CHARS.sub("", words.casefold().replace(" ", "-")) or "device"
        base = base if base[0].isalpha() else f"d{base}"
        taken = {device.name.casefold() for device in self.devices}
        candidates = (base if number == 1 else f"{base}-{number}" for number in range(1, 100))
        return next(name for name in candidates if name not in taken)

    def remove_device(self, name: str) -> None:
        """Take a device out, with every cable and observer that names it."""
        self.devices = [device for device in self.devices if device.name != name]
        self.connections = [c for c in self.connections if name not in (_owner(c[0]), _owner(c[1]), c[2])]
        self.observers = [o for o in self.observers if _owner(o[1]) != name]

    def computer(self) -> str:
        """The rig's computer, added when missing (USB devices plug into it)."""
        found = next((d.name for d in self.devices if d.model == "computer"), None)
        return found or self.add_device(load_model("computer")).name

    def plug_usb(self, device: str, port_name: str) -> None:
        """The device's USB into the computer, and the computer port that shows what it sends."""
        computer = self.computer()
        if not any(c[0] == f"{device}.usb" for c in self.connections):
            self.connections.append((f"{device}.usb", f"{computer}.usb", None))
        self.observe(port_name, f"{device}.usb")

    def observe(self, port: str, sees: str) -> None:
        """Say which device port a computer port shows (replacing what was said before)."""
        self.observers = [o for o in self.observers if o[0].casefold() != port.casefold()]
        self.observers.append((port, sees))

    def to_toml(self) -> str:
        return to_toml(self)

    def build(self, source: str = "<the wizard's rig>", path: Path | None = None) -> Rig:
        """The rig, checked exactly as a rig file is; InputError with the line when it is not right."""
        return parse_rig(self.to_toml(), source, path)


def _owner(port_ref: str) -> str:
    return port_ref.split(".", 1)[0]


def from_rig(rig: Rig) -> RigDraft:
    """A draft holding what a loaded rig file states (defaults stay unstated)."""
    draft = RigDraft(rig.name, rig.description, rig.symptom)
    for device in rig.devices.values():
        plain = device.as_dict()
        draft.devices.append(DraftDevice(
            device.name, device.model.id, device.version, device.firmware, device.power, device.description,
            dict(plain["settings"]), {group: dict(values) for group, values in plain["tracks"].items()}))
    draft.connections = [(str(c.source), str(c.target), c.through) for c in rig.connections]
    draft.observers = [(o.port, str(o.sees)) for o in rig.observers]
    return draft


def to_toml(draft: RigDraft) -> str:
    """The draft as a rig file (docs/rig-format.md)."""
    lines = ["# Written by the midi-diag wizard; docs/rig-format.md describes every key.", "", "[rig]"]
    lines += [f"{key} = {_value(value)}" for key, value in
              (("name", draft.name), ("description", draft.description), ("symptom", draft.symptom)) if value]
    for device in draft.devices:
        lines += ["", *_device_lines(device)]
    for source, target, through in draft.connections:
        lines += ["", "[[connections]]", f"from = {_value(source)}", f"to = {_value(target)}"]
        lines += [f"through = {_value(through)}"] if through else []
    for port, sees in draft.observers:
        lines += ["", "[[observe]]", f"port = {_value(port)}", f"sees = {_value(sees)}"]
    return "\n".join(lines) + "\n"


def _device_lines(device: DraftDevice) -> list[str]:
    lines = [f"[devices.{_key(device.name)}]", f"model = {_value(device.model)}"]
    for key in ("version", "firmware", "power", "description"):
        value = getattr(device, key)
        if value is not None:
            lines.append(f"{key} = {_value(value)}")
    if device.settings:
        lines.append(f"settings = {_inline(device.settings)}")
    for group, settings in device.tracks.items():
        if settings:
            lines += ["", f"[devices.{_key(device.name)}.tracks.{_key(group)}]"]
            lines += [f"{_key(name)} = {_inline(values)}" for name, values in settings.items()]
    return lines


def _inline(table: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{_key(str(key))} = {_value(value)}" for key, value in table.items()) + " }"


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else json.dumps(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return _inline(value)
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007F")
