"""A sound module: it sounds when a note arrives on the channel it listens on."""

from __future__ import annotations

from diag.sim.devices.base import SimDevice
from diag.sim.wire import Message

OMNI = "all"


class Synth(SimDevice):
    """Listens on `receive_channel` (or `channel`, or all); `transpose` shifts what it plays; a drum
    machine with a note map sounds only the notes its voices answer to."""

    def receive(self, port: str, message: Message, hops: int) -> None:
        self.pass_on(port, message, hops)
        if message.is_note_on and self._listens_to(message.channel):
            note = message.note + int(self.setting_or("transpose", 0))
            voice = self._voice(note)
            if voice is not None:
                self.net.sounded(self.name, message.channel or 0, note, voice)

    def _listens_to(self, channel: int | None) -> bool:
        name = "receive_channel" if self.net.book.has_setting(self.device, "receive_channel") else "channel"
        self.require(self.net.book.has_setting(self.device, name), "rig",
                     f"the {self.model.title} has no MIDI channel setting in midi-diag's knowledge",
                     "use a model with one, or generic-synth with receive_channel")
        listening = self.setting(name)
        return bool(listening == OMNI or listening == channel)

    def _voice(self, note: int) -> str | None:
        """The drum voice a note plays ("" for a synth that plays every note), None for a note no voice takes."""
        known = self.model.behaviour.get("drum_note_map")
        if known is None:
            return ""
        mapping = self.fact("behaviour.drum_note_map", known)
        return next((voice for voice, number in mapping.items() if number == note), None)
