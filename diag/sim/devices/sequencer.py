"""An Elektron-style box: tracks with channels, an auto channel that plays the active track, pads and a sequencer."""

from __future__ import annotations

from functools import partial
from typing import Any

from diag.knowledge import TrackGroup
from diag.knowledge.versions import parse_version
from diag.sim.devices.base import SimDevice
from diag.sim.network import Timed
from diag.sim.steps import (
    PAD_HOLD,
    Step,
    clock_times,
    key_times,
    sequence_end,
    trig_times,
)
from diag.sim.wire import CLOCK, START, STOP, Message, note_off, note_on

PORT_KINDS_BY_OUTPUT = {"DISABLED": (), "MIDI": ("din",), "USB": ("usb",), "MIDI+USB": ("din", "usb")}
"""Which kinds of port OUTPUT TO (and INPUT FROM) let MIDI through."""

DIRECTIONS = {"sequencer-higher": 1, "sequencer-lower": -1}
"""A note-offset bug's direction as a sign on its semitones."""

PAD_NOTE_SETTLE = ("play the pad with a MIDI monitor running (midi-diag monitor) and read the note number; "
                   "the knowledge does not say which note a pad sends")


class SequencerBox(SimDevice):
    """Everything the knowledge says about the box decides what it sends and plays.

    Notes on the auto channel play the active track (a MIDI track passes them on on its own
    channel); notes on a sound track's channel play that track. Pads send per OUTPUT CH, the
    sequencer per track group (whether it sends at all, its send flag, its channel), and
    firmware bugs with a note-offset effect shift the sequencer's notes.
    """

    def receive(self, port: str, message: Message, hops: int) -> None:
        self.pass_on(port, message, hops)
        if self._listens(port) and (message.is_note_on or message.is_note_off):
            self._react(message)

    def pads(self, step: Step) -> list[Timed]:
        """A `pads` step: each track's pad or trig key tapped in turn."""
        actions = []
        for ref, (down, up) in zip(step.tracks, key_times(len(step.tracks), PAD_HOLD)):
            group, index = self.track(ref)
            actions.append(Timed(down, partial(self._pad, group, index, True)))
            actions.append(Timed(up, partial(self._pad, group, index, False)))
        return actions

    def sequencer(self, step: Step) -> list[Timed]:
        """A `sequencer` step: the pattern plays for its bars, with clock and transport as the box is set."""
        actions = self._clock(step)
        for ref, positions in step.trigs.items():
            group, index = self.track(ref)
            for on, off in trig_times(step, positions):
                actions.append(Timed(on, partial(self._trig, group, index, step.note, True)))
                actions.append(Timed(off, partial(self._trig, group, index, step.note, False)))
        return actions

    def track(self, ref: str) -> tuple[TrackGroup, int]:
        """A "group.track" reference as the group and the track's position in it."""
        group_id, _, name = ref.partition(".")
        self.require(group_id in self.model.tracks, "steps", f"{self.name} has no track group {group_id!r}",
                     f"its groups: {', '.join(self.model.tracks)}")
        group = self.model.tracks[group_id]
        try:
            return group, self.device.track_index(group_id, int(name) - 1 if name.isdigit() else name)
        except (ValueError, IndexError):
            self.require(False, "steps", f"{self.name} has no track {ref!r}",
                         f"its {group.label}: {', '.join(group.names)}")
            raise

    def outputs(self) -> list[str]:
        """The ports the box's own MIDI leaves by, per OUTPUT TO and OUT PORT FUNC."""
        kinds = PORT_KINDS_BY_OUTPUT[self.setting_or("output_to", "MIDI+USB")]
        return [port for port in self.sending_ports()
                if self.model.port(port).kind in kinds and self._port_sends_midi(port)]

    def send(self, message: Message) -> None:
        for port in self.outputs():
            self.emit(port, message)

    def _port_sends_midi(self, port: str) -> bool:
        function = self.model.port(port).function_setting
        return not function or self.setting_or(function, "MIDI") == "MIDI"

    def _listens(self, port: str) -> bool:
        kinds = PORT_KINDS_BY_OUTPUT[self.setting_or("input_from", "MIDI+USB")]
        return self.model.port(port).kind in kinds

    def _react(self, message: Message) -> None:
        if self.setting_or("receive_notes", True) is False:
            return
        if message.channel == self.setting("auto_channel"):
            self._play_active(message)
            return
        for group in self._sound_groups():
            for index in range(group.count):
                if self.net.book.track_setting(self.device, group.id, index, "channel") == message.channel:
                    self._sound(group, index, message)

    def _play_active(self, message: Message) -> None:
        group, index = self.track(self._active_track())
        if not self._is_midi_group(group):
            self._sound(group, index, message)
            return
        channel = self.net.book.track_setting(self.device, group.id, index, "send_channel")
        if isinstance(channel, int):
            self.send(Message(message.on_channel(channel).data, self.name))

    def _active_track(self) -> str:
        active = self.state.get("active_track")
        self.require(isinstance(active, str), "state",
                     f"a note came on {self.name}'s auto channel, and the scenario does not say which track is active",
                     f'add [state.{self.name}] with active_track = "<group>.<track>"')
        return str(active)

    def _pad(self, group: TrackGroup, index: int, down: bool) -> None:
        note = self._pad_note(group, index)
        if down and not self._is_midi_group(group):
            self.net.sounded(self.name, 0, note, group.names[index])
        if not self.fact(f"tracks.{group.id}.manual_sends_midi", group.manual_sends_midi):
            return
        channel = self._pad_channel(group, index)
        if isinstance(channel, int):
            self.send(note_on(channel, note, 100, self.name) if down else note_off(channel, note, self.name))

    def _pad_channel(self, group: TrackGroup, index: int) -> Any:
        if self._is_midi_group(group):
            return self.net.book.track_setting(self.device, group.id, index, "send_channel")
        if self.setting_or("output_channel", "TRK CH") == "AUTO CH":
            return self.setting("auto_channel")
        return self.net.book.track_setting(self.device, group.id, index, "channel")

    def _pad_note(self, group: TrackGroup, index: int) -> int:
        return int(self.net.book.assumed_only(self.device, f"tracks.{group.id}.pad_note", PAD_NOTE_SETTLE,
                                              index, group.names))

    def _trig(self, group: TrackGroup, index: int, pattern_note: int | None, on: bool) -> None:
        if on and not self._is_midi_group(group):
            self.net.sounded(self.name, 0, self._pad_note(group, index), group.names[index])
        channel = self._sequencer_channel(group, index)
        if isinstance(channel, int) and self._sequencer_sends(group, index):
            note = self._trig_note(group, index, pattern_note)
            self.send(note_on(channel, note, 100, self.name) if on else note_off(channel, note, self.name))

    def _trig_note(self, group: TrackGroup, index: int, pattern_note: int | None) -> int:
        """The note a trig sends: the pattern's on a MIDI track, the pad's otherwise, shifted by firmware bugs."""
        if self._is_midi_group(group):
            self.require(pattern_note is not None, "steps", f"{self.name}'s MIDI tracks play a note of the pattern",
                         "give the sequencer step a note = <number>")
            return int(pattern_note or 0)
        return self._pad_note(group, index) + self._note_offset()

    def _sequencer_sends(self, group: TrackGroup, index: int) -> bool:
        if not self.fact(f"tracks.{group.id}.sequencer_sends_midi", group.sequencer_sends_midi):
            return False
        if group.send_flag and not self.net.book.track_setting(self.device, group.id, index, group.send_flag):
            return False
        return not any(bug.effect.kind == "no-output" for bug in self._bugs() if bug.effect)

    def _sequencer_channel(self, group: TrackGroup, index: int) -> Any:
        return self.net.book.track_setting(self.device, group.id, index, group.sequencer_channel or "channel")

    def _note_offset(self) -> int:
        offset = 0
        for bug in self._bugs():
            if bug.effect is None or bug.effect.kind != "note-offset":
                continue
            semitones = self.fact(f"bugs.{bug.id}.semitones", bug.effect.semitones)
            direction = self.fact(f"bugs.{bug.id}.direction", bug.effect.direction)
            offset += DIRECTIONS[direction] * int(semitones)
        return offset

    def _bugs(self) -> list[Any]:
        from diag.knowledge import firmware_bugs

        if not any(bug.effect for bug in self.model.bugs):
            return []
        version = self.device.version or self.net.book.assumed_only(
            self.device, "version", "read the OS version on the device's start screen or in its system menu")
        parse_version(str(version))
        return firmware_bugs(self.model, str(version))

    def _clock(self, step: Step) -> list[Timed]:
        actions = []
        if self.setting_or("transport_send", False):
            actions.append(Timed(clock_times(step)[0], lambda: self.send(Message(START, self.name))))
        if self.setting_or("clock_send", False):
            actions += [Timed(t, lambda: self.send(Message(CLOCK, self.name))) for t in clock_times(step)]
        if self.setting_or("transport_send", False):
            actions.append(Timed(sequence_end(step), lambda: self.send(Message(STOP, self.name))))
        return actions

    def _sound_groups(self) -> list[TrackGroup]:
        return [g for g in self.model.tracks.values() if "channel" in g.settings and not self._is_midi_group(g)]

    def _sound(self, group: TrackGroup, index: int, message: Message) -> None:
        if message.is_note_on:
            self.net.sounded(self.name, message.channel or 0, message.note, group.names[index])

    @staticmethod
    def _is_midi_group(group: TrackGroup) -> bool:
        return group.sequencer_channel == "send_channel"
