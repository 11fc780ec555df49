"""The RK-004 hub: its DIN ports route MIDI by the modes its emulator holds, so SysEx changes take effect."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from diag.rig import RigDevice
from diag.rk004.emulator import Rk004Emulator
from diag.rk004.params import find_param, resolve_changes
from diag.rk004.virtual import preset
from diag.sim.devices.base import SimDevice
from diag.sim.wire import Message

if TYPE_CHECKING:
    from diag.sim.network import Network

RECEIVING_MODE = "MIDI_IN"
SENDING_MODE = "MIDI_OUT"
UNROUTED_MODES = ("MIDI_AUTO", "UART@38400", "UART@31250")
"""Modes whose routing the vendor does not publish: a scenario must not send MIDI through them."""


class Rk004Hub(SimDevice):
    """MIDI into a DIN port in MIDI_IN mode leaves by every DIN port in MIDI_OUT mode.

    That routing is the simulator's reading of the vendor's mode names (docs/simulator.md).
    The modes come from an `Rk004Emulator`: preset from the rig's stated `dinN_mode` and the
    scenario's `[state.<hub>] rk004`, then changed by whatever SysEx reaches the emulator
    (a VirtualRk004 on the same emulator, driven by `midi-diag rk004` or the wizard).
    """

    def __init__(self, device: RigDevice, network: Network) -> None:
        super().__init__(device, network)
        self.emulator = Rk004Emulator()
        self.lock = threading.Lock()
        """Held while reading the modes; a VirtualRk004 serving this emulator replaces it with its own."""
        preset(self.emulator, _values(self._stated_modes()))
        preset(self.emulator, _values(self.state.get("rk004", {})))

    def take_over(self, previous: Rk004Hub) -> None:
        """Keep the emulator (and its lock) of the same hub in an earlier network: its settings live on."""
        self.emulator = previous.emulator
        self.lock = previous.lock

    def receive(self, port: str, message: Message, hops: int) -> None:
        if self.mode(port) != RECEIVING_MODE:
            return
        for other in self._din_ports():
            if other != port and self.net.leads_anywhere(self.name, other) and self.mode(other) == SENDING_MODE:
                self.net.transmit(self.name, other, message, hops)

    def mode(self, port: str) -> str:
        """The port's mode name as the hub holds it now."""
        param = find_param(f"{port.upper()}_MODE")
        with self.lock:
            value = self.emulator.volatile[param.number]
        name = param.value_name(value) or str(value)
        self.require(name not in UNROUTED_MODES, "state",
                     f"MIDI reached {self.name}.{port}, which is in {name} mode, and the vendor does not say how "
                     "that mode routes MIDI", f"set the port to {RECEIVING_MODE} or {SENDING_MODE} in the rig "
                     f"or under [state.{self.name}] rk004")
        return name

    def _stated_modes(self) -> dict[str, Any]:
        return {f"{name.upper()}": value for name, value in self.device.stated.items() if name.endswith("_mode")}

    def _din_ports(self) -> list[str]:
        return [port for port in self.model.ports if port.startswith("din")]


def _values(changes: Mapping[str, Any]) -> dict[int, int]:
    return {param.number: value for param, value in resolve_changes(dict(changes))}
