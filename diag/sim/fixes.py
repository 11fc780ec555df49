"""A scenario's fix: settings changed in the rig (checked as a rig file's are), or an RK-004 write."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from diag.errors import DiagError
from diag.rig import Rig, RigDevice
from diag.rig.devices import build_device
from diag.rig.lines import KeyLines
from diag.rig.problems import RigProblem, check_keys
from diag.rk004.params import resolve_changes

FIX_DEVICE_KEYS = ("settings", "tracks", "power", "version")
"""What a fix may change on a device: what a user changes by hand."""


def _nothing() -> Mapping[str, Any]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Rk004Action:
    """A fix the wizard carries out itself: parameters written to an RK-004 and, if asked, stored."""

    device: str
    changes: Mapping[str, Any]
    """Parameter name -> value (name or number), as `midi-diag rk004 set` takes them."""
    commit: bool = True

    def describe(self) -> str:
        values = " ".join(f"{name}={value}" for name, value in self.changes.items())
        return f"midi-diag rk004 set {values}{' --commit' if self.commit else ''} (on {self.device})"


@dataclass(frozen=True)
class Fix:
    """What the user changes to mend the fault."""

    say: str
    """The fix in the user's terms."""
    devices: Mapping[str, Mapping[str, Any]] = field(default_factory=_nothing)
    """Device name -> the rig keys it changes (settings, tracks, power, version), written as in a rig file."""
    rk004: Rk004Action | None = None


def fixed_rig(rig: Rig, fix: Fix) -> Rig:
    """The rig with the fix applied; RigProblem (at the fix's key) for a change the rig cannot hold."""
    devices = dict(rig.devices)
    for name, changes in fix.devices.items():
        if name not in devices:
            raise RigProblem(("fix", "devices", name), f"no device {name!r} in the rig",
                             f"its devices: {', '.join(devices)}")
        devices[name] = changed_device(devices[name], changes)
    if fix.rk004 is not None:
        devices[fix.rk004.device] = _with_hub_modes(devices[fix.rk004.device], fix.rk004)
    return replace(rig, devices=MappingProxyType(devices))


def changed_device(device: RigDevice, changes: Mapping[str, Any]) -> RigDevice:
    """A device with some settings, tracks, power or version changed, each value checked against the knowledge."""
    path = ("fix", "devices", device.name)
    check_keys(changes, FIX_DEVICE_KEYS, path)
    raw: dict[str, Any] = {"model": device.model.id, **dict(changes)}
    if device.firmware:
        raw["firmware"] = device.firmware
    try:
        partial = build_device(device.name, raw, KeyLines(""))
    except RigProblem as problem:
        raise RigProblem(("fix",) + problem.path, problem.what, problem.hint) from None
    return replace(
        device,
        stated=MappingProxyType({**device.stated, **partial.stated}),
        stated_tracks=_merged_tracks(device.stated_tracks, partial.stated_tracks),
        power=partial.power or device.power,
        version=partial.version or device.version,
    )


def check_rk004_action(rig: Rig, action: Rk004Action) -> None:
    """RigProblem when the action names no RK-004 of the rig or a parameter or value the hub lacks."""
    path = ("fix", "rk004")
    device = rig.devices.get(action.device)
    if device is None or "din1_mode" not in device.model.settings:
        hubs = [name for name, d in rig.devices.items() if "din1_mode" in d.model.settings]
        raise RigProblem(path + ("device",), f"{action.device!r} is not an RK-004 of the rig",
                         f"its RK-004s: {', '.join(hubs) or 'none'}")
    try:
        resolve_changes(dict(action.changes))
    except (ValueError, DiagError) as error:
        raise RigProblem(path + ("set",), str(error), "names and values as midi-diag rk004 set takes them") from None


def _with_hub_modes(device: RigDevice, action: Rk004Action) -> RigDevice:
    """The hub as the rig should now describe it: the port modes the action wrote."""
    modes = {param.name.lower(): param.value_name(value) for param, value in resolve_changes(dict(action.changes))}
    settings = {name: value for name, value in modes.items() if name in device.model.settings and value}
    return changed_device(device, {"settings": settings}) if settings else device


def _merged_tracks(old: Mapping[str, Mapping[str, Mapping[int, Any]]],
                   new: Mapping[str, Mapping[str, Mapping[int, Any]]]) -> Mapping[str, Mapping[str, Mapping[int, Any]]]:
    merged = {group: {name: dict(values) for name, values in settings.items()} for group, settings in old.items()}
    for group, settings in new.items():
        for name, values in settings.items():
            merged.setdefault(group, {}).setdefault(name, {}).update(values)
    return MappingProxyType({group: MappingProxyType({name: MappingProxyType(values)
                                                      for name, values in settings.items()})
                             for group, settings in merged.items()})
