"""Immutable objects for one device model as its data file describes it."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from diag.errors import UsageError
from diag.knowledge.facts import Confidence, Fact, Source
from diag.knowledge.kinds import checker, per_track

KINDS = ("controller", "groovebox", "synth", "drum-machine", "sampler", "cable", "hub", "interface", "computer")
PORT_KINDS = ("din", "usb", "usb-host", "trs", "sync", "audio")
DIRECTIONS = ("in", "out", "both", "configurable")
EMPTY: Mapping[str, Any] = MappingProxyType({})


def _no_entries() -> Mapping[str, Any]:
    return EMPTY


@dataclass(frozen=True)
class Setting:
    """A user-changeable setting: where to find it, its factory default and its values."""

    name: str
    label: str
    kind: str
    menu: Fact
    default: Fact
    choices: tuple[str, ...] = ()
    value_range: tuple[int, int] | None = None
    since: str = ""
    param: int | None = None
    """Its number in the device's own SysEx parameter table, where it has one."""
    per_track: int = 0
    """0 for a device-wide setting, else the number of tracks (the default is a list)."""
    note: str = ""

    def check(self, value: Any) -> Any:
        """The value in stored form if this setting can hold it; ValueError saying why not.

        A per-track setting takes either one value per track (a list) or one value for a track.
        """
        one = checker(self.kind, self.choices, self.value_range or (0, 0))
        if self.per_track and isinstance(value, list):
            return per_track(one, self.per_track)(value)
        return one(value)


@dataclass(frozen=True)
class Port:
    """A physical or USB port, with what it can be switched to and whether it feeds power."""

    id: str
    label: str
    kind: str
    direction: str
    source: Source
    confidence: Confidence
    function_setting: str = ""
    supplies_power: Fact | None = None
    carries_midi: Fact | None = None
    note: str = ""


@dataclass(frozen=True)
class Condition:
    """A route that only exists while a setting has one value."""

    setting: str
    equals: Any


@dataclass(frozen=True)
class Route:
    """Whether MIDI entering one port leaves by another, and whether SysEx survives."""

    source_port: str
    target_port: str
    passes: Fact
    sysex: Fact | None = None
    when: Condition | None = None
    note: str = ""


@dataclass(frozen=True)
class TrackGroup:
    """Tracks that behave alike (Digitakt audio tracks, Rytm drum tracks, MIDI tracks)."""

    id: str
    label: str
    count: int
    names: tuple[str, ...]
    source: Source
    confidence: Confidence
    sequencer_sends_midi: Fact
    manual_sends_midi: Fact | None = None
    sequencer_channel: str = ""
    """The track setting whose channel the sequencer's notes go out on."""
    send_flag: str = ""
    """The per-track setting that must be on for the sequencer to send at all."""
    settings: Mapping[str, Setting] = field(default_factory=_no_entries)
    note: str = ""


@dataclass(frozen=True)
class Identity:
    """How to recognise the device: SysEx identity codes and computer port names."""

    manufacturer_id: Fact | None = None
    family: Fact | None = None
    member: Fact | None = None
    vendor_device_id: Fact | None = None
    usb_port_names: Fact | None = None


@dataclass(frozen=True)
class Sysex:
    """The device's own SysEx framing."""

    header: Fact | None = None
    note: str = ""


@dataclass(frozen=True)
class Power:
    """Whether the device runs from MIDI power and from which port it draws it."""

    needs_midi_power: Fact | None = None
    draws_from: str = ""
    sources: Fact | None = None
    note: str = ""


@dataclass(frozen=True)
class BugEffect:
    """What a firmware bug does to the MIDI a check or the simulator sees."""

    kind: str
    semitones: Fact | None = None
    direction: Fact | None = None


@dataclass(frozen=True)
class Bug:
    """A known firmware bug and the versions it affects: first <= version < fixed_in."""

    id: str
    title: str
    summary: str
    first_version: str
    source: Source
    confidence: Confidence
    fixed_in: Fact | None = None
    reported_in: tuple[str, ...] = ()
    """Versions outside the range where users still report the bug."""
    effect: BugEffect | None = None
    workaround: str = ""
    note: str = ""


@dataclass(frozen=True)
class Firmware:
    """An alternative program the device can run (RK-002 DUY firmwares)."""

    id: str
    name: str
    summary: str
    source: Source
    confidence: Confidence
    settings: Mapping[str, Setting] = field(default_factory=_no_entries)
    behaviour: Mapping[str, Fact] = field(default_factory=_no_entries)


@dataclass(frozen=True)
class DeviceModel:
    """Everything midi-diag knows about one model, every fact with source and confidence."""

    id: str
    maker: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    source: Source
    confidence: Confidence
    sources: Mapping[str, Source]
    identity: Identity = field(default_factory=Identity)
    sysex: Sysex = field(default_factory=Sysex)
    power: Power = field(default_factory=Power)
    ports: Mapping[str, Port] = field(default_factory=_no_entries)
    routes: tuple[Route, ...] = ()
    settings: Mapping[str, Setting] = field(default_factory=_no_entries)
    tracks: Mapping[str, TrackGroup] = field(default_factory=_no_entries)
    behaviour: Mapping[str, Fact] = field(default_factory=_no_entries)
    firmwares: Mapping[str, Firmware] = field(default_factory=_no_entries)
    bugs: tuple[Bug, ...] = ()
    note: str = ""

    @property
    def title(self) -> str:
        """Maker and name, as a person would say it."""
        return f"{self.maker} {self.name}"

    def all_settings(self) -> dict[str, Setting]:
        """Every setting by path: "auto_channel", "tracks.drum.send_midi", "firmwares.digitakt.loopback"."""
        found = dict(self.settings)
        for group in self.tracks.values():
            found.update({f"tracks.{group.id}.{k}": s for k, s in group.settings.items()})
        for firmware in self.firmwares.values():
            found.update({f"firmwares.{firmware.id}.{k}": s for k, s in firmware.settings.items()})
        return found

    @property
    def menus(self) -> dict[str, Fact]:
        """The menu path (or key combination) of every setting, by setting path."""
        return {path: setting.menu for path, setting in self.all_settings().items()}

    @property
    def channels(self) -> dict[str, Setting]:
        """The channel settings: auto, FX, performance, program change, track and send channels."""
        from diag.knowledge.vocabulary import SETTINGS

        return {k: s for k, s in self.settings.items() if SETTINGS[k].category == "channels"}

    def setting(self, path: str) -> Setting:
        """The setting at a path; an unknown path is a UsageError naming the closest ones."""
        settings = self.all_settings()
        if path in settings:
            return settings[path]
        raise UsageError(_unknown(f"{self.id} has no setting {path!r}", path, settings))

    def port(self, port_id: str) -> Port:
        """The port with this id; an unknown id is a UsageError naming the ports it has."""
        if port_id in self.ports:
            return self.ports[port_id]
        raise UsageError(f"{self.id} has no port {port_id!r}; its ports: {', '.join(self.ports)}")

    def routes_from(self, port_id: str) -> tuple[Route, ...]:
        """The routes leaving a port."""
        return tuple(route for route in self.routes if route.source_port == port_id)


def _unknown(message: str, word: str, known: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(word, list(known), n=3)
    return f"{message}; did you mean {', '.join(close)}?" if close else message
