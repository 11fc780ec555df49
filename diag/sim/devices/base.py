"""What every simulated device does: take facts from the book, pass MIDI along the routes the knowledge gives."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diag.knowledge import Route
from diag.rig import RigDevice
from diag.rig.problems import RigProblem
from diag.sim.wire import Message

if TYPE_CHECKING:
    from diag.sim.network import Network

SENDING = frozenset({"out", "both"})
"""Port directions a device sends its own MIDI from."""


class SimDevice:
    """A device of the rig that only passes MIDI on where the knowledge has a route for it.

    Interfaces and computers are exactly this; the other models add what the device itself
    does with what arrives and what it sends when someone plays it.
    """

    def __init__(self, device: RigDevice, network: Network) -> None:
        self.device = device
        self.name = device.name
        self.model = device.model
        self.net = network

    @property
    def state(self) -> dict[str, Any]:
        """What the scenario says about the device beyond its settings (the active track)."""
        return dict(self.net.state.get(self.name, {}))

    def setting(self, name: str) -> Any:
        return self.net.book.setting(self.device, name)

    def setting_or(self, name: str, absent: Any) -> Any:
        """A setting, or `absent` when the model has no such setting at all (never asked for)."""
        return self.setting(name) if self.net.book.has_setting(self.device, name) else absent

    def fact(self, key: str, known: Any) -> Any:
        return self.net.book.fact(self.device, key, known)

    def receive(self, port: str, message: Message, hops: int) -> None:
        """MIDI arrives at one of the device's ports."""
        self.pass_on(port, message, hops)

    def pass_on(self, port: str, message: Message, hops: int) -> None:
        """Send a message on along every route from `port` that passes with the device set as it is."""
        for route in self.model.routes_from(port):
            if self.net.leads_anywhere(self.name, route.target_port) and self._carries(route, message):
                self.net.transmit(self.name, route.target_port, message, hops)

    def emit(self, port: str, message: Message) -> None:
        """The device sends its own message out of a port."""
        self.net.transmit(self.name, port, message)

    def sending_ports(self) -> list[str]:
        """The ports the device sends its own MIDI from: DIN outputs and USB, not THRU (a copy of IN)."""
        return [port.id for port in self.model.ports.values()
                if port.direction in SENDING and port.id != "thru" and self._carries_midi(port.id)]

    def require(self, condition: bool, key: str, what: str, hint: str) -> None:
        """Stop the simulation with a scenario problem when it asks for something the model cannot do."""
        if not condition:
            raise RigProblem((key,), what, hint)

    def _carries(self, route: Route, message: Message) -> bool:
        if route.when is not None and self.setting(route.when.setting) != route.when.equals:
            return False
        key = f"routes.{route.source_port}.{route.target_port}"
        if not self.fact(f"{key}.passes", route.passes):
            return False
        return not message.is_sysex or bool(self.fact(f"{key}.sysex", route.sysex))

    def _carries_midi(self, port: str) -> bool:
        known = self.model.ports[port].carries_midi
        return known is None or known.value is not False
