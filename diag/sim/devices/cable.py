"""A MIDI-powered smart cable (the RK-002): dark without power, else what its firmware does to the MIDI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diag.rig import RigDevice
from diag.rig.problems import RigProblem
from diag.sim.devices.base import SimDevice
from diag.sim.wire import Message

if TYPE_CHECKING:
    from diag.sim.network import Network

MODELLED_FIRMWARES = ("digitakt",)
"""Firmwares whose behaviour the knowledge describes well enough to simulate."""


class SmartCable(SimDevice):
    """Powered from the jack its input plug sits in (the feeding port's `supplies_power`).

    Without a firmware it passes everything along its route. The Digitakt firmware in loopback
    mode drops MIDI that does not come from the device it loops on (the one its output plug
    feeds), and spreads notes on the polymux channel over channels 1, 2, 3... in turn.
    """

    def __init__(self, device: RigDevice, network: Network) -> None:
        super().__init__(device, network)
        self._next_voice = 0
        self._voice_of: dict[tuple[int, int], int] = {}
        """(channel, note) of a held note -> the voice channel it went out on."""

    def receive(self, port: str, message: Message, hops: int) -> None:
        if self.model.port(port).direction != "in" or not self.powered():
            return
        firmware = self.device.firmware
        if firmware is None:
            self.pass_on(port, message, hops)
            return
        if firmware not in MODELLED_FIRMWARES:
            raise RigProblem(("rig",), f"the simulator has no model of the {self.model.name}'s {firmware!r} firmware",
                             f"it simulates {', '.join(MODELLED_FIRMWARES)}, or the cable with no firmware named")
        if not self._blocked(message):
            self._send_out(self._polymux(message), hops)

    def powered(self) -> bool:
        """True when the jack that feeds the cable supplies MIDI power (or the cable needs none)."""
        needs = self.model.power.needs_midi_power
        if needs is None or needs.value is not True:
            return True
        feed = self.net.rig.power_feed(self.name)
        if feed is None:
            return False
        feeder = self.net.rig.device(feed.device)
        port = feeder.model.port(feed.port)
        return bool(self.net.book.fact(feeder, f"ports.{feed.port}.supplies_power", port.supplies_power))

    def loops_on(self) -> str | None:
        """The device the cable's output plug feeds: in loopback mode the only one it listens to."""
        targets = self.net.targets(self.name, self._output_port())
        return targets[0].device if targets else None

    def _blocked(self, message: Message) -> bool:
        if not self.setting("loopback"):
            return False
        blocks = self.fact("behaviour.loopback_blocks_other_sources", self._behaviour("loopback_blocks_other_sources"))
        return bool(blocks) and message.origin != self.loops_on()

    def _polymux(self, message: Message) -> Message:
        if not (message.is_note_on or message.is_note_off) or message.channel != self.setting("polymux_channel"):
            return message
        held = (message.channel or 0, message.note)
        if message.is_note_off:
            return message.on_channel(self._voice_of.pop(held, 1))
        voices = int(self.setting("polymux_voices"))
        voice = self._next_voice % voices + 1
        self._next_voice = voice % voices
        self._voice_of[held] = voice
        return message.on_channel(voice)

    def _send_out(self, message: Message, hops: int) -> None:
        self.net.transmit(self.name, self._output_port(), message, hops)

    def _output_port(self) -> str:
        return next(port.id for port in self.model.ports.values() if port.direction == "out")

    def _behaviour(self, name: str) -> object:
        running = self.model.firmwares[self.device.firmware or ""]
        return running.behaviour.get(name)
