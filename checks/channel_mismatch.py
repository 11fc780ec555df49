"""Check `channel-mismatch`: notes reach a synth on another channel than the one it listens on."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import (
    PLAYED_STEPS,
    arriving,
    confidence,
    is_receiver,
    label_of,
    listening,
    note_channels,
    notes_line,
    sentence,
    set_step,
    setting_words,
    track_name,
    trusted,
    with_notes,
)
from diag.engine import Check, Evidence, Finding, Fix, fix
from diag.engine.words import channels_words
from diag.rig import Rig, RigDevice, SettingValue


@dataclass(frozen=True)
class Arrival:
    """Notes that reach (or are sent towards) a receiver during one step."""

    step: str
    channels: dict[int, int]
    """Channel -> note-ons."""
    line: str
    direct: bool
    """True when a port observes the receiver's input; False when only the sender was observed."""


@dataclass(frozen=True)
class SenderSetting:
    """A setting of an upstream device that makes it send on a channel."""

    device: RigDevice
    path: str
    what: str
    """Which track, for a per-track setting."""
    words: str


class ChannelMismatchCheck(Check):
    """Notes reach a synth on a channel it does not listen on.

    Symptom: the sender plays and the MIDI arrives (the synth's MIDI light may blink), yet the
    synth makes no sound.
    Cause: the sender (a controller, a sequencer track) sends on one channel and the synth
    listens on another.
    Fix: set the synth's receive channel to the channel the notes come on, or make the sender
    send on the synth's channel.
    """

    id = "channel-mismatch"
    title = "Sender and receiver on different channels"
    symptom = "MIDI reaches the synth, but it plays nothing"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        receivers = [d for d in rig.devices.values() if is_receiver(d) and rig.connections_into(d.name)]
        if not receivers:
            return [self.skip("No device in the rig listens on one channel and has MIDI wired into it.",
                              needs="Add the synth and the cable that feeds it to the rig file, with the "
                                    "synth's channel under settings.")]
        return [self._judge(evidence, receiver) for receiver in receivers]

    def _judge(self, evidence: Evidence, receiver: RigDevice) -> Finding:
        heard = listening(receiver)
        assert heard is not None
        path, listens = heard
        arrivals = _arrivals(evidence, receiver)
        if not arrivals:
            return self._nothing_seen(receiver)
        if not isinstance(listens.value, int):
            if listens.value == "all":
                return self._fine(receiver, listens, arrivals, "listens on every channel")
            return self._listening_unknown(receiver, path, listens, arrivals)
        if any(listens.value in arrival.channels for arrival in arrivals):
            return self._fine(receiver, listens, arrivals, f"gets notes on its channel {listens.value}")
        return self._mismatch(evidence, receiver, path, listens, arrivals)

    def _mismatch(self, evidence: Evidence, receiver: RigDevice, path: str, listens: SettingValue,
                  arrivals: list[Arrival]) -> Finding:
        rig = evidence.rig
        assert rig is not None
        seen = _channels(arrivals)
        main = max(seen, key=lambda channel: seen[channel])
        senders = _sender_settings(rig, receiver, main)
        summary = (f"Notes reach {receiver.name} on {channels_words(seen)}, but it listens on channel "
                   f"{listens.value}, so it ignores them.")
        lines = [arrival.line for arrival in arrivals]
        lines += [setting_words(receiver, label_of(receiver, path), listens)]
        lines += [sender.words for sender in senders]
        wire = any(arrival.direct for arrival in arrivals)
        fixes = [fix(f"Let {receiver.name} listen on channel {main}.", set_step(receiver, path, main))]
        fixes += _send_on(senders, listens.value)
        return self.fail(summary, evidence=lines, fixes=fixes, confidence=confidence(wire, trusted(listens)))

    def _fine(self, receiver: RigDevice, listens: SettingValue, arrivals: list[Arrival], how: str) -> Finding:
        lines = [arrival.line for arrival in arrivals]
        lines.append(setting_words(receiver, "listening channel", listens))
        wire = any(arrival.direct for arrival in arrivals)
        return self.passed(sentence(f"{receiver.name} {how}."), evidence=lines, title="Channels match",
                           confidence=confidence(wire, trusted(listens)))

    def _listening_unknown(self, receiver: RigDevice, path: str, listens: SettingValue,
                           arrivals: list[Arrival]) -> Finding:
        seen = channels_words(_channels(arrivals))
        settle = listens.fact.settle if listens.fact and listens.fact.settle else "read it on the device"
        return self.skip(
            f"Notes reach {receiver.name} on {seen}, but the rig does not say which channel it listens "
            "on and its factory value is unknown.",
            needs=f"State it in the rig: [devices.{receiver.name}] settings = {{ {path} = N }}.",
            steps=(f"On the {receiver.model.title}: {settle}.",), evidence=[a.line for a in arrivals])

    def _nothing_seen(self, receiver: RigDevice) -> Finding:
        return self.skip(
            f"No capture shows notes reaching {receiver.name} or leaving the devices that feed it.",
            needs=f"Capture a played step (keys, pads or sequencer) on a port that observes {receiver.name}'s "
                  "MIDI IN (an interface on its THRU) or the sending device's OUT or USB.",
            steps=("midi-diag diagnose --rig RIG.toml --listen PORT --seconds 10 --step keys",))


def _arrivals(evidence: Evidence, receiver: RigDevice) -> list[Arrival]:
    """Notes seen at the receiver's input in each played step; where its input is not observed,
    notes sent by the devices that feed it straight (no device in between that may remap)."""
    found = []
    for step in PLAYED_STEPS:
        entries = with_notes(arriving(evidence, receiver.name, step))
        if entries:
            found += [Arrival(step, note_channels([e]), notes_line(evidence, e), True) for e in entries]
            continue
        found += _sent_towards(evidence, receiver, step)
    return found


def _sent_towards(evidence: Evidence, receiver: RigDevice, step: str) -> list[Arrival]:
    assert evidence.rig is not None
    found = []
    for origin, route, direct in _feeders(evidence.rig, receiver.name):
        for entry in with_notes(evidence.sent_by(origin, step)):
            line = f"{notes_line(evidence, entry)}; the rig sends it to {receiver.name} by {route}"
            found.append(Arrival(step, note_channels([entry]), line, direct))
    return found


def _feeders(rig: Rig, name: str) -> list[tuple[str, str, bool]]:
    """(device, path in words, nothing in between) for each device whose MIDI reaches this one.
    A hub passes what enters it on to its outputs, so the walk goes on through hubs."""
    found: list[tuple[str, str, bool]] = []
    for path in rig.sources_of(name):
        origin = path.origin.device
        found.append((origin, str(path), not path.through))
        if rig.device(origin).kind == "hub":
            found += [(up.origin.device, f"{up} => (through the hub) {path}", False)
                      for up in rig.sources_of(origin)]
    return found


def _channels(arrivals: list[Arrival]) -> dict[int, int]:
    merged: dict[int, int] = {}
    for arrival in arrivals:
        for channel, count in arrival.channels.items():
            merged[channel] = merged.get(channel, 0) + count
    return dict(sorted(merged.items()))


def _sender_settings(rig: Rig, receiver: RigDevice, channel: int) -> list[SenderSetting]:
    """The settings of the devices feeding the receiver that make them send on `channel`."""
    found: list[SenderSetting] = []
    for origin in dict.fromkeys(origin for origin, _, _ in _feeders(rig, receiver.name)):
        device = rig.device(origin)
        found += _sending_tracks(device, channel)
        for name in ("send_channel", "channel"):
            value = device.setting(name) if device.setting_spec(name) is not None else None
            if value is not None and value.value == channel and not is_receiver(device):
                found.append(SenderSetting(device, name, "", setting_words(device, label_of(device, name), value)))
    return found


def _sending_tracks(device: RigDevice, channel: int) -> list[SenderSetting]:
    found = []
    for group in device.model.tracks.values():
        if not group.sequencer_channel:
            continue
        for index, value in enumerate(device.track_settings(group.id, group.sequencer_channel)):
            if value.value == channel:
                what = track_name(group, index)
                label = group.settings[group.sequencer_channel].label
                found.append(SenderSetting(device, f"tracks.{group.id}.{group.sequencer_channel}", what,
                                           setting_words(device, f"{what}: {label}", value)))
    return found


def _send_on(senders: list[SenderSetting], channel: int) -> list[Fix]:
    if not senders:
        return []
    steps = [set_step(sender.device, sender.path, channel, sender.what) for sender in senders]
    return [fix(f"Or make the sender send on channel {channel}.", *steps)]

