"""Where each simulated device takes a fact from: the rig, the knowledge, or the scenario's assumptions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from diag.knowledge import Fact
from diag.rig import RigDevice, SettingValue
from diag.rig.problems import RigProblem


class Origin(StrEnum):
    """Where a value the simulation used came from."""

    STATED = "stated"
    KNOWLEDGE = "knowledge"
    ASSUMED = "assumed"


@dataclass(frozen=True)
class Assumption:
    """A value a scenario states for a fact the knowledge leaves unknown (or does not hold at all)."""

    key: str
    """"<device>.<fact>", e.g. "keystep.ports.out.supplies_power"."""
    because: str
    value: Any = None
    by_power: Mapping[str, Any] | None = None
    """Instead of one value: one per power source of the device (`power` in the rig)."""


@dataclass(frozen=True)
class UsedFact:
    """One fact a simulation relied on, and how far it is trusted."""

    key: str
    value: Any
    origin: Origin
    confidence: str
    """The knowledge's confidence; "stated" for the rig's word, "assumed" for the scenario's."""


class MissingFact(RigProblem):
    """The simulation needs a fact nobody gave: the knowledge says unknown and no assumption states it."""

    def __init__(self, key: str, settle: str = "") -> None:
        how = f"; to settle it: {settle}" if settle else ""
        super().__init__(("assume",), f"the simulation needs {key}, which neither the rig nor the knowledge "
                                      f"gives{how}", f'state it, e.g. "{key}" = {{ value = ..., because = "..." }}')
        self.key = key


class FactBook:
    """Resolves facts for every device of one simulation and records which were used."""

    def __init__(self, assumptions: Mapping[str, Assumption] | None = None) -> None:
        self.assumptions = dict(assumptions or {})
        self.used: dict[str, UsedFact] = {}

    def setting(self, device: RigDevice, name: str) -> Any:
        """A device-wide setting; MissingFact when neither stated, known nor assumed."""
        return self._from_setting(device, name, device.setting(name))

    def track_setting(self, device: RigDevice, group: str, index: int, name: str) -> Any:
        """One track's setting (track by position from 0)."""
        key = f"tracks.{group}.{name}"
        found = device.track_setting(group, index, name)
        if found.known:
            return self._note(device, key, found.value, *_origin_of(found))
        return self._assumed(device, key, _settle(found.fact), index=index, names=device.track_group(group).names)

    def fact(self, device: RigDevice, key: str, known: Fact | None) -> Any:
        """A knowledge fact (a port's power, a route, a behaviour): its value, else the scenario's assumption."""
        if known is not None and known.known:
            if f"{device.name}.{key}" in self.assumptions:
                raise self._needless(device, key, f"the knowledge says {known.value!r}")
            return self._note(device, key, known.value, Origin.KNOWLEDGE, str(known.confidence))
        return self._assumed(device, key, _settle(known))

    def assumed_only(self, device: RigDevice, key: str, settle: str, index: int | None = None,
                     names: tuple[str, ...] = ()) -> Any:
        """A fact the knowledge does not hold at all (the note a pad sends): only a scenario can state it."""
        return self._assumed(device, key, settle, index=index, names=names)

    def has_setting(self, device: RigDevice, name: str) -> bool:
        """True when the model (or its running firmware) has this setting at all."""
        return device.setting_spec(name) is not None

    def unused(self) -> list[Assumption]:
        """Assumptions no fact lookup asked for."""
        return [a for key, a in self.assumptions.items() if key not in self.used]

    def _from_setting(self, device: RigDevice, name: str, found: SettingValue) -> Any:
        if found.known:
            return self._note(device, name, found.value, *_origin_of(found))
        return self._assumed(device, name, _settle(found.fact))

    def _assumed(self, device: RigDevice, key: str, settle: str, index: int | None = None,
                 names: tuple[str, ...] = ()) -> Any:
        full = f"{device.name}.{key}"
        assumption = self.assumptions.get(full)
        if assumption is None:
            raise MissingFact(full, settle)
        try:
            value = _pick(_by_power(assumption, device), index, names)
        except (KeyError, IndexError):
            raise MissingFact(f"{full} (track {names[index] if names and index is not None else index})",
                              settle) from None
        self.used[full] = UsedFact(full, value, Origin.ASSUMED, "assumed")
        return value

    def _note(self, device: RigDevice, key: str, value: Any, origin: Origin, confidence: str) -> Any:
        full = f"{device.name}.{key}"
        if origin is Origin.STATED and full in self.assumptions:
            raise self._needless(device, key, "the rig states it")
        self.used.setdefault(full, UsedFact(full, value, origin, confidence))
        return value

    def _needless(self, device: RigDevice, key: str, why: str) -> RigProblem:
        return RigProblem(("assume", f"{device.name}.{key}"), f"not needed: {why}",
                          "assume only what neither the rig nor the knowledge says")


def _origin_of(found: SettingValue) -> tuple[Origin, str]:
    if found.origin == "stated":
        return Origin.STATED, "stated"
    confidence = str(found.fact.confidence) if found.fact is not None else "unverified"
    return Origin.KNOWLEDGE, confidence


def _settle(fact: Fact | None) -> str:
    return fact.settle if fact is not None else ""


def _by_power(assumption: Assumption, device: RigDevice) -> Any:
    if assumption.by_power is None:
        return assumption.value
    power = device.power or ""
    if power not in assumption.by_power:
        raise RigProblem(("assume", assumption.key, "by_power"),
                         f"{device.name} runs from {device.power or 'a power source the rig does not state'}, "
                         "which by_power does not list", f"it lists {', '.join(assumption.by_power)}")
    return assumption.by_power[power]


def _pick(value: Any, index: int | None, names: tuple[str, ...]) -> Any:
    """A per-track value: one for all tracks, a list by position, or a table by track name or number."""
    if index is None:
        return value
    if isinstance(value, list):
        return value[index]
    if isinstance(value, Mapping):
        for key in (names[index] if names else "", str(index + 1)):
            if key in value:
                return value[key]
        raise KeyError(index)
    return value
