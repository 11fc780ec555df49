"""The rig as a network of behaviour models: cables carry messages between ports, observers record them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from diag.rig import PortRef, Rig
from diag.sim.facts import FactBook
from diag.sim.wire import Message, Sound, Tap

if TYPE_CHECKING:
    from diag.sim.devices.base import SimDevice

MAX_HOPS = 32
"""A message passed on more often than this is going round a loop of thru ports; it is dropped there."""


@dataclass(frozen=True)
class Timed:
    """Something a device does at a moment of a step (sends a note, ticks the clock)."""

    t: float
    act: Callable[[], None]


@dataclass
class StepTraffic:
    """What one step produced: the observers' view, the sounds made, and how long it lasts."""

    taps: list[Tap] = field(default_factory=list)
    sounds: list[Sound] = field(default_factory=list)
    seconds: float = 0.0
    looped: int = 0
    """Messages dropped because they went round a loop of thru ports."""
    late: float = 0.0
    """Seconds the most belated message went out after its time, once played on ports (a busy machine)."""


class Network:
    """Devices wired as the rig says; `run` performs timed actions and returns what the observers saw."""

    def __init__(self, rig: Rig, book: FactBook, state: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        from diag.sim.devices import build_device

        self.rig = rig
        self.book = book
        self.state = dict(state or {})
        self.now = 0.0
        self._traffic = StepTraffic()
        self._links = _links(rig)
        self._observed = {(o.sees.device, o.sees.port): o.port for o in rig.observers}
        self.devices: dict[str, SimDevice] = {name: build_device(device, self) for name, device in rig.devices.items()}

    def device(self, name: str) -> SimDevice:
        return self.devices[name]

    def run(self, actions: Iterable[Timed], tail: float) -> StepTraffic:
        """Perform the actions in time order (ties in the order given); the step lasts until `tail` after the last."""
        self._traffic = StepTraffic()
        ordered = sorted(actions, key=lambda action: action.t)
        for action in ordered:
            self.now = action.t
            action.act()
        self._traffic.seconds = (ordered[-1].t if ordered else 0.0) + tail
        return self._traffic

    def leads_anywhere(self, device: str, port: str) -> bool:
        """True when something is plugged into the port or a computer observes it."""
        return bool(self._links.get((device, port))) or (device, port) in self._observed

    def targets(self, device: str, port: str) -> list[PortRef]:
        """The ports a cable from this port leads to."""
        return list(self._links.get((device, port), ()))

    def transmit(self, device: str, port: str, message: Message, hops: int = 0) -> None:
        """A device sends a message out of one of its ports: observers see it, cables carry it on."""
        if hops > MAX_HOPS:
            self._traffic.looped += 1
            return
        self._observe(device, port, message, sending=True)
        for target in self._links.get((device, port), ()):
            self._observe(target.device, target.port, message, sending=False)
            self.devices[target.device].receive(target.port, message, hops + 1)

    def sounded(self, device: str, channel: int, note: int, voice: str = "") -> None:
        self._traffic.sounds.append(Sound(self.now, device, channel, note, voice))

    def _observe(self, device: str, port: str, message: Message, sending: bool) -> None:
        observer = self._observed.get((device, port))
        if observer is None:
            return
        direction = self.rig.device(device).model.port(port).direction
        shows = {"in": not sending, "out": sending, "both": sending}.get(direction, True)
        if shows:
            self._traffic.taps.append(Tap(self.now, observer, message.data))


def _links(rig: Rig) -> dict[tuple[str, str], list[PortRef]]:
    """Where MIDI leaving each port goes; a cable named in `through` becomes two links via its own ports."""
    links: dict[tuple[str, str], list[PortRef]] = {}
    for connection in rig.connections:
        hops = [(connection.source, connection.target)]
        if connection.through:
            cable_in, cable_out = _cable_ports(rig, connection.through)
            hops = [(connection.source, cable_in), (cable_out, connection.target)]
        if connection.two_way:
            hops += [(target, source) for source, target in hops]
        for source, target in hops:
            links.setdefault((source.device, source.port), []).append(target)
    return links


def _cable_ports(rig: Rig, cable: str) -> tuple[PortRef, PortRef]:
    ports = rig.device(cable).model.ports.values()
    receiving = next(port.id for port in ports if port.direction == "in")
    sending = next(port.id for port in ports if port.direction == "out")
    return PortRef(cable, receiving), PortRef(cable, sending)
