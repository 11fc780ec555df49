"""What a check sees: the rig, the user's answers, the captured steps and the traffic summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from diag.engine.traffic import EMPTY, PortTraffic, TrafficSummary
from diag.errors import InputError

if TYPE_CHECKING:
    from diag.rig import Observer, Rig


@dataclass(frozen=True)
class CapturedStep:
    """One step captured from one source (a capture file, or one `--listen` group)."""

    name: str | None
    """keys, pads, sequencer, idle, a word of the user's own, or None when the capture did not say."""
    ports: tuple[str, ...]
    """Every port captured during it, silent or not."""
    source: str
    """The capture file, or "listening on PORT"."""
    seconds: float | None = None
    """How long it was captured, when known (a live capture)."""


SENDING_DIRECTIONS = frozenset({"out", "both"})
"""Port directions (diag.knowledge) on which an observer shows what the device itself sends."""


def _direction(ports: Mapping[str, Any], seen: tuple[str, str] | None) -> str | None:
    port = ports.get(seen[1]) if seen else None
    return port.direction if port is not None else None


def _no_answers() -> Mapping[str, Any]:
    return EMPTY


@dataclass(frozen=True)
class DeviceReading:
    """Settings read from the device itself before the checks ran (an RK-004 over SysEx), and from where."""

    device: str
    """The rig's name for the device."""
    source: str
    """Where the values came from, in words: "read from the device over 'rk004:out' and 'rk004:in'"."""
    values: Mapping[str, Any] = field(default_factory=_no_answers)
    """Setting name (docs/knowledge.md vocabulary) -> the value as a rig file would state it."""
    error: str | None = None
    """Why the device could not be read (then `values` is empty)."""
    options: tuple[str, ...] = ()
    """Command-line options that reach the device again, e.g. ("--in", PORT, "--out", PORT, "--api", "jack")."""

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Evidence:
    """Everything a check may reason over; build it with `build_evidence`."""

    traffic: TrafficSummary
    steps: tuple[CapturedStep, ...] = ()
    rig: Rig | None = None
    """The loaded rig file, or None for a traffic-only diagnosis."""
    answers: Mapping[str, Any] = field(default_factory=_no_answers)
    """What the user told the wizard (question id -> answer); empty on the command line."""
    observers: Mapping[str, Observer] = field(default_factory=_no_answers)
    """Capture port name -> the rig's observer for it (its `sees` is a PortRef(device, port)).
    Empty without a rig."""
    readings: Mapping[str, DeviceReading] = field(default_factory=_no_answers)
    """Device name -> settings read from that device (`diagnose --rk004-in/--rk004-out`); they beat the rig's."""

    @property
    def step_names(self) -> tuple[str | None, ...]:
        """Every captured step, in the order captured."""
        return tuple(dict.fromkeys(step.name for step in self.steps))

    def captured(self, step: str | None) -> bool:
        """True when this step was captured (even if nothing came)."""
        return step in self.step_names

    def traffic_at(self, port: str, step: str | None) -> PortTraffic | None:
        """What one port showed during one step; None when it was not captured then."""
        return self.traffic.get(port, step)

    def observer(self, port: str) -> Observer | None:
        """The rig's observer for a capture port (None without a rig)."""
        return self.observers.get(port)

    def observed_as(self, port: str) -> tuple[str, str] | None:
        """(device, port) whose traffic the capture port shows, per the rig; None without one."""
        observer = self.observer(port)
        return (observer.sees.device, observer.sees.port) if observer is not None else None

    def ports_observing(self, device: str, device_port: str | None = None) -> tuple[str, ...]:
        """Capture ports whose observer sees this device (and this port of it, when given)."""
        found = []
        for capture_port in self.observers:
            seen = self.observed_as(capture_port)
            if seen and seen[0] == device and device_port in (None, seen[1]):
                found.append(capture_port)
        return tuple(found)

    def traffic_of(self, device: str, step: str | None, device_port: str | None = None) -> tuple[PortTraffic, ...]:
        """What the capture ports observing this device (or this port of it) showed during a step."""
        entries = (self.traffic.get(port, step) for port in self.ports_observing(device, device_port))
        return tuple(entry for entry in entries if entry is not None)

    def sent_by(self, device: str, step: str | None) -> tuple[PortTraffic, ...]:
        """What the device itself sent during a step: capture ports observing one of its out or
        two-way (USB) ports. An observer on an IN port shows what arrives there instead."""
        if self.rig is None or device not in self.rig.devices:
            return ()
        ports = self.rig.devices[device].model.ports
        return tuple(entry for entry in self.traffic_of(device, step)
                     if _direction(ports, self.observed_as(entry.port)) in SENDING_DIRECTIONS)

    def answer(self, key: str, default: Any = None) -> Any:
        """One of the user's answers, or `default` when not asked or not answered."""
        return self.answers.get(key, default)


def build_evidence(traffic: TrafficSummary, steps: Iterable[CapturedStep], rig: Rig | None = None,
                   answers: Mapping[str, Any] | None = None,
                   readings: Iterable[DeviceReading] = ()) -> Evidence:
    """Evidence with each capture port mapped to its rig observer; InputError for a port the rig lacks."""
    steps = tuple(steps)
    observers = _observers(rig, steps) if rig is not None else {}
    by_device = MappingProxyType({reading.device: reading for reading in readings})
    return Evidence(traffic, steps, rig, MappingProxyType(dict(answers or {})), MappingProxyType(observers),
                    by_device)


def observer_or_error(rig: Rig, port: str, source: str) -> Observer:
    """The rig's observer for a capture port; InputError naming the port and its source if none."""
    observer = rig.observer_for(port)
    if observer is None:
        raise InputError(f"{source}: port '{port}' is not observed in the rig file "
                         "(add an [[observe]] entry for it, or leave it out of the capture)")
    return observer


def _observers(rig: Rig, steps: tuple[CapturedStep, ...]) -> dict[str, Observer]:
    observers: dict[str, Observer] = {}
    for step in steps:
        for port in step.ports:
            if port not in observers:
                observers[port] = observer_or_error(rig, port, step.source)
    return observers
