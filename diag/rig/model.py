"""The rig as the checks see it: devices with their stated settings, connections and observers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from diag.knowledge import UNKNOWN, Bug, DeviceModel, Fact, Setting, TrackGroup, firmware_bugs
from diag.knowledge.vocabulary import SETTINGS, TRACK_SETTINGS
from diag.rig.paths import SignalPath, power_feed, sources_of

Origin = Literal["stated", "default", "unknown"]

POWER_SOURCES: Mapping[str, str] = MappingProxyType(
    {
        "usb-computer": "USB from a computer's port",
        "usb-hub": "USB from a hub with its own power supply",
        "usb-charger": "a USB wall charger",
        "usb-tablet": "USB from a phone or tablet (little current to spare)",
        "battery": "its own batteries or a USB power bank",
        "adapter": "its own mains adapter or built-in supply",
        "midi": "MIDI power, drawn from the jack it is plugged into",
    }
)
"""The values of a device's `power` key, with what each means."""

EMPTY: Mapping[str, Any] = MappingProxyType({})


def _nothing() -> Mapping[str, Any]:
    return EMPTY


@dataclass(frozen=True)
class PortRef:
    """One port of one device of the rig, written `device.port` in a rig file."""

    device: str
    port: str

    def __str__(self) -> str:
        return f"{self.device}.{self.port}"


@dataclass(frozen=True)
class Connection:
    """A cable from a sending port to a receiving port, maybe through a smart cable.

    `two_way` connections (USB) carry MIDI both ways; the helpers of `Rig` hand them out
    turned round where MIDI flows from `target` to `source`.
    """

    source: PortRef
    target: PortRef
    through: str | None = None
    """The rig name of the cable device (an RK-002) the MIDI passes on the way."""
    line: int = 0
    two_way: bool = False

    def reversed(self) -> Connection:
        """The same connection seen in the other direction."""
        return replace(self, source=self.target, target=self.source)

    def __str__(self) -> str:
        middle = f" -> [{self.through}]" if self.through else ""
        return f"{self.source}{middle} -> {self.target}"

    def as_dict(self) -> dict[str, Any]:
        return {"from": str(self.source), "to": str(self.target), "through": self.through, "two_way": self.two_way}


@dataclass(frozen=True)
class Observer:
    """A computer port (a case-insensitive part of its name) and the device port whose traffic it shows."""

    port: str
    sees: PortRef
    line: int = 0

    def matches(self, capture_port: str) -> bool:
        """True when this observer's port name is part of the capture's port name, any case."""
        return self.port.casefold() in capture_port.casefold()

    def as_dict(self) -> dict[str, Any]:
        return {"port": self.port, "sees": str(self.sees)}


@dataclass(frozen=True)
class SettingValue:
    """A setting's value for one device, and where that value comes from.

    origin "stated": the rig file says so (`line` tells where); "default": the knowledge
    base's factory value, trusted as far as `fact.confidence` says; "unknown": neither, so a
    check must skip or ask (`fact.settle`, when there is a fact, says what would settle it).
    `fact` is the knowledge default, None when the model has no such setting at all.
    """

    value: Any
    origin: Origin
    fact: Fact | None = None
    line: int | None = None

    @property
    def known(self) -> bool:
        return self.origin != "unknown"


@dataclass(frozen=True)
class RigDevice:
    """One device of the rig: its knowledge model and what the rig file says about it."""

    name: str
    model: DeviceModel
    version: str | None = None
    """The OS or firmware version the device shows, e.g. "1.50"."""
    firmware: str | None = None
    """The id of the alternative firmware it runs (RK-002 DUY firmwares: "digitakt")."""
    power: str | None = None
    """One of POWER_SOURCES."""
    description: str | None = None
    stated: Mapping[str, Any] = field(default_factory=_nothing)
    """Device-wide settings exactly as the rig states them (validated, in stored form)."""
    stated_tracks: Mapping[str, Mapping[str, Mapping[int, Any]]] = field(default_factory=_nothing)
    """Per-track settings the rig states: group id -> setting -> track index (from 0) -> value."""
    line: int = 0
    lines: Mapping[str, int] = field(default_factory=_nothing)
    """Where each stated setting is written: "auto_channel", "tracks.midi.send_channel.0"."""

    @property
    def kind(self) -> str:
        return self.model.kind

    def setting_spec(self, name: str) -> Setting | None:
        """The knowledge's description of a device-wide setting (running firmware included)."""
        if name not in SETTINGS:
            raise ValueError(f"{name!r} is not a setting name of the vocabulary (docs/knowledge.md)")
        if name in self.model.settings:
            return self.model.settings[name]
        running = self.model.firmwares.get(self.firmware or "")
        return running.settings.get(name) if running else None

    def setting(self, name: str) -> SettingValue:
        """A device-wide setting: as stated, else the knowledge default, else unknown."""
        spec = self.setting_spec(name)
        default = spec.default if spec else None
        if name in self.stated:
            return SettingValue(self.stated[name], "stated", default, self.lines.get(name))
        return _from_default(default, lambda value: value)

    def track_group(self, group: str) -> TrackGroup:
        """The model's track group; ValueError naming the groups it has."""
        if group not in self.model.tracks:
            raise ValueError(f"{self.model.id} has no track group {group!r}; it has {', '.join(self.model.tracks)}")
        return self.model.tracks[group]

    def track_index(self, group: str, track: int | str) -> int:
        """A track's position in its group (from 0), from the position or the track's name."""
        found = self.track_group(group)
        if isinstance(track, int):
            if not 0 <= track < found.count:
                raise IndexError(f"{group} has tracks 0-{found.count - 1}, not {track}")
            return track
        names = [name.casefold() for name in found.names]
        if track.casefold() not in names:
            raise ValueError(f"{group} has no track {track!r}; its tracks: {', '.join(found.names)}")
        return names.index(track.casefold())

    def track_setting(self, group: str, track: int | str, name: str) -> SettingValue:
        """One track's setting (track by position from 0 or by name): stated, default or unknown."""
        if name not in TRACK_SETTINGS:
            raise ValueError(f"{name!r} is not a track setting name of the vocabulary")
        index = self.track_index(group, track)
        spec = self.track_group(group).settings.get(name)
        default = spec.default if spec else None
        stated = self.stated_tracks.get(group, EMPTY).get(name, EMPTY)
        if index in stated:
            line = self.lines.get(f"tracks.{group}.{name}.{index}")
            return SettingValue(stated[index], "stated", default, line)
        return _from_default(default, lambda value: value[index] if isinstance(value, (list, tuple)) else value)

    def track_settings(self, group: str, name: str) -> tuple[SettingValue, ...]:
        """A setting for every track of a group, in track order."""
        return tuple(self.track_setting(group, index, name) for index in range(self.track_group(group).count))

    def firmware_bugs(self) -> list[Bug]:
        """Known bugs of the stated version; every bug that could apply when no version is stated."""
        return firmware_bugs(self.model, self.version)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "model": self.model.id,
            "model_name": self.model.title,
            "kind": self.model.kind,
            "version": self.version,
            "firmware": self.firmware,
            "power": self.power,
            "description": self.description,
            "settings": {name: _plain(value) for name, value in self.stated.items()},
            "tracks": self._tracks_as_dict(),
        }

    def _tracks_as_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for group_id, settings in self.stated_tracks.items():
            names = self.model.tracks[group_id].names
            result[group_id] = {
                name: {names[index]: _plain(value) for index, value in sorted(values.items())}
                for name, values in settings.items()
            }
        return result


def _from_default(default: Fact | None, pick: Any) -> SettingValue:
    if default is not None and default.known:
        return SettingValue(pick(default.value), "default", default)
    return SettingValue(UNKNOWN, "unknown", default)


def _plain(value: Any) -> Any:
    """A value as JSON has it: tuples become lists, mappings dicts."""
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class Rig:
    """A whole rig: what the user told about the devices, the cables between them and the observers."""

    name: str
    description: str | None
    symptom: str | None
    path: Path | None
    devices: Mapping[str, RigDevice]
    connections: tuple[Connection, ...] = ()
    observers: tuple[Observer, ...] = ()

    def device(self, name: str) -> RigDevice:
        """The device of this name; KeyError naming the rig's devices."""
        if name not in self.devices:
            raise KeyError(f"no device {name!r} in rig {self.name!r}; its devices: {', '.join(self.devices)}")
        return self.devices[name]

    def connections_into(self, device: str, port: str | None = None) -> list[Connection]:
        """Connections carrying MIDI into a device (or one of its ports), turned to point at it."""
        found = []
        for connection in self.connections:
            if connection.target.device == device and port in (None, connection.target.port):
                found.append(connection)
            elif connection.two_way and connection.source.device == device and port in (None, connection.source.port):
                found.append(connection.reversed())
        return found

    def connections_from(self, device: str, port: str | None = None) -> list[Connection]:
        """Connections carrying MIDI out of a device (or one of its ports), turned to start at it."""
        found = []
        for connection in self.connections:
            if connection.source.device == device and port in (None, connection.source.port):
                found.append(connection)
            elif connection.two_way and connection.target.device == device and port in (None, connection.target.port):
                found.append(connection.reversed())
        return found

    def connection_through(self, cable: str) -> Connection | None:
        """The connection a cable device is named in as `through`."""
        return next((c for c in self.connections if c.through == cable), None)

    def sources_of(self, device: str, port: str | None = None) -> list[SignalPath]:
        """Every way MIDI reaches a device's inputs: directly, through cables, through thru ports."""
        return sources_of(self, device, port)

    def power_feed(self, device: str) -> PortRef | None:
        """For a MIDI-powered device (an RK-002): the jack its input plug draws power from."""
        return power_feed(self, device)

    def observer_for(self, capture_port: str) -> Observer | None:
        """The observer of a capture's port: an exact name first, else the longest part that matches."""
        wanted = capture_port.casefold()
        exact = [observer for observer in self.observers if observer.port.casefold() == wanted]
        if exact:
            return exact[0]
        matching = [observer for observer in self.observers if observer.matches(capture_port)]
        return max(matching, key=lambda observer: len(observer.port), default=None)

    def as_dict(self) -> dict[str, Any]:
        """Plain data for the reports: the rig, its devices and stated settings, its wiring."""
        return {
            "name": self.name,
            "description": self.description,
            "symptom": self.symptom,
            "path": str(self.path) if self.path else None,
            "devices": [device.as_dict() for device in self.devices.values()],
            "connections": [connection.as_dict() for connection in self.connections],
            "observers": [observer.as_dict() for observer in self.observers],
        }
