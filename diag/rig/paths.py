"""Following MIDI backwards through a rig: cables, thru ports and the routes the knowledge gives."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from diag.knowledge import Route
from diag.knowledge.vocabulary import SETTINGS

if TYPE_CHECKING:
    from diag.rig.model import Connection, PortRef, Rig, RigDevice


@dataclass(frozen=True)
class SignalPath:
    """How MIDI from one port reaches another: the connections in the order MIDI travels them."""

    connections: tuple[Connection, ...]

    @property
    def origin(self) -> PortRef:
        """The port the MIDI leaves first."""
        return self.connections[0].source

    @property
    def target(self) -> PortRef:
        """The port it finally arrives at."""
        return self.connections[-1].target

    @property
    def through(self) -> tuple[str, ...]:
        """Every cable and device the MIDI passes between origin and target, in order."""
        passed: list[str] = []
        for position, connection in enumerate(self.connections):
            if position:
                passed.append(connection.source.device)
            if connection.through:
                passed.append(connection.through)
        return tuple(dict.fromkeys(passed))

    def __str__(self) -> str:
        return " => ".join(str(connection) for connection in self.connections)


def sources_of(rig: Rig, device: str, port: str | None = None) -> list[SignalPath]:
    """Every path by which MIDI reaches a device's inputs, shortest first.

    A path ends (at its origin) at every device it passes, except a cable: a cable never
    originates MIDI, so only the paths through it count. MIDI goes on upstream through a
    device only along a route the knowledge base says passes under the rig's settings
    (the Digitakt's IN to THRU while THRU PORT FUNC is MIDI, an RK-002's input to output).
    """
    found: list[SignalPath] = []
    pending: list[tuple[Connection, ...]] = [(c,) for c in rig.connections_into(device, port)]
    while pending:
        path = pending.pop(0)
        head = path[0]
        if rig.device(head.source.device).kind != "cable":
            found.append(SignalPath(path))
        visited = {c.target for c in path} | {c.source for c in path}
        for upstream in _feeding(rig, head.source):
            if upstream.source not in visited:
                pending.append((upstream, *path))
    return found


def _feeding(rig: Rig, sender: PortRef) -> list[Connection]:
    """The connections whose MIDI the device passes on to this sending port."""
    device = rig.device(sender.device)
    feeding: list[Connection] = []
    for route in device.model.routes:
        if route.target_port == sender.port and _passes(device, route):
            feeding.extend(rig.connections_into(device.name, route.source_port))
    return feeding


def _passes(device: RigDevice, route: Route) -> bool:
    """True when the knowledge says MIDI takes this route with the device set as the rig says."""
    if route.passes.value is not True:
        return False
    if route.when is None:
        return True
    if route.when.setting not in SETTINGS:
        return False
    current = device.setting(route.when.setting)
    return current.known and current.value == route.when.equals


def power_feed(rig: Rig, device: str) -> PortRef | None:
    """The jack a MIDI-powered device draws from: where its input plug (or the cable it is) sits."""
    found = rig.device(device)
    if found.model.power.needs_midi_power is None or found.model.power.needs_midi_power.value is not True:
        return None
    carried = rig.connection_through(device)
    if carried is not None:
        return carried.source
    draws_from = found.model.power.draws_from
    feeding = rig.connections_into(device, draws_from or None)
    return feeding[0].source if feeding else None
