"""A controller keyboard: its keys send notes on its channel from every MIDI output it has."""

from __future__ import annotations

from functools import partial

from diag.sim.devices.base import SimDevice
from diag.sim.network import Timed
from diag.sim.steps import Step, key_times
from diag.sim.wire import Message, note_off, note_on


class Controller(SimDevice):
    """Keys go out on the channel setting from MIDI OUT and USB alike; what arrives follows the routes.

    Whether its MIDI OUT powers a cable, and whether SysEx from USB reaches MIDI OUT, are the
    knowledge's port and route facts, looked up by whoever needs them.
    """

    def keys(self, step: Step) -> list[Timed]:
        """The notes of a `keys` step, one key after another."""
        self.require(self.net.book.has_setting(self.device, "channel"), "steps",
                     f"the {self.model.title} has no keyboard channel setting in midi-diag's knowledge",
                     "play keys on a controller whose channel is a setting, such as the KeyStep")
        actions = []
        for note, (down, up) in zip(step.notes, key_times(len(step.notes))):
            actions.append(Timed(down, partial(self._play, True, note, step.velocity)))
            actions.append(Timed(up, partial(self._play, False, note, 0)))
        return actions

    def _play(self, down: bool, note: int, velocity: int) -> None:
        channel = self.setting("channel")
        message = note_on(channel, note, velocity, self.name) if down else note_off(channel, note, self.name)
        self.send(message)

    def send(self, message: Message) -> None:
        for port in self.sending_ports():
            self.emit(port, message)
