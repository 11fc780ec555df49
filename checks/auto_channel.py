"""Check `auto-channel`: a controller plays an Elektron box off its auto channel, or the auto channel is shared."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import (
    arriving,
    confidence,
    is_receiver,
    label_of,
    listening,
    note_channels,
    notes_line,
    origin_words,
    sentence,
    set_step,
    setting_words,
    title_of,
    track_name,
    trusted,
    with_notes,
)
from diag.engine import Check, Evidence, Finding, Fix, fix
from diag.engine.words import channels_words
from diag.rig import Rig, RigDevice, SettingValue, SignalPath

KEYS_STEP = "keys"
"""The step in which the user plays the controller's keys."""


@dataclass(frozen=True)
class Played:
    """The channels a controller plays a box on, and what shows it."""

    controller: str
    channels: tuple[int, ...]
    line: str
    wire: bool
    """True when a capture shows the channels, False when only the rig states them."""


@dataclass(frozen=True)
class Sharer:
    """Something else that uses the auto channel: a setting of the box, or a synth it plays."""

    device: RigDevice
    path: str
    words: str
    what: str = ""
    """Which track, for a per-track setting ("MIDI tracks 1")."""


class AutoChannelCheck(Check):
    """A controller plays an Elektron box on a channel other than the box's auto channel.

    Symptom: the controller's keys play nothing (or not the active track) on the box, and
    nothing reaches the synth a MIDI track should play, while the box's own trig keys work.
    Cause: only notes on the AUTO CHANNEL reach the active track (and, in MIDI mode, the synth
    behind it); or the auto channel is also a track's or a synth's own channel, so one channel
    does two jobs.
    Fix: set the controller to the box's auto channel (or the auto channel to the controller's),
    and give tracks and synths channels of their own.
    """

    id = "auto-channel"
    title = "Controller off the auto channel"
    symptom = "the controller's keys play nothing on the Elektron box, though its own trig keys work"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        boxes = [device for device in rig.devices.values() if device.setting_spec("auto_channel") is not None]
        if not boxes:
            return [self.skip("No device in the rig has an auto channel, so there is nothing to compare.",
                              needs="Nothing to do unless the rig has a box with an auto channel "
                                    "(an Elektron box); add it to the rig file if it is part of the setup.")]
        return [self._judge(evidence, box) for box in boxes]

    def _judge(self, evidence: Evidence, box: RigDevice) -> Finding:
        auto = box.setting("auto_channel")
        if not isinstance(auto.value, int):
            return self._auto_unknown(box, auto)
        rig = evidence.rig
        assert rig is not None
        sharers = _sharers(rig, box, auto.value)
        paths = _controller_paths(rig, box.name)
        played = [p for p in (_played(evidence, box, path) for path in paths) if p is not None]
        wrong = [p for p in played if not _reaches_box(box, auto.value, p)]
        if wrong:
            return self._off_auto(rig, box, auto, wrong[0], sharers)
        if sharers:
            return self._shared(rig, box, auto, sharers, played)
        if paths and not played:
            return self._no_keys(rig, box, auto, paths[0])
        return self._fine(box, auto, played)

    def _auto_unknown(self, box: RigDevice, auto: SettingValue) -> Finding:
        settle = auto.fact.settle if auto.fact and auto.fact.settle else "read it in the MIDI settings"
        if auto.value == "off":
            return self.skip(f"{box.name}'s auto channel is off, so no controller plays its active track.",
                             needs=f"Switch the auto channel on if a controller should play {box.name}.",
                             steps=(set_step(box, "auto_channel", "a channel of its own"),))
        return self.skip(f"{box.name}'s auto channel is not stated and its factory value is unknown.",
                         needs=f"State it in the rig: [devices.{box.name}] settings = {{ auto_channel = N }}.",
                         steps=(f"On the {box.model.title}: {settle}.",))

    def _off_auto(self, rig: Rig, box: RigDevice, auto: SettingValue, played: Played,
                  sharers: list[Sharer]) -> Finding:
        controller = rig.device(played.controller)
        summary = (f"{sentence(title_of(rig, controller.name))} plays {box.name} on {channels_words(played.channels)}, "
                   f"but {box.name}'s auto channel is {auto.value}. Only notes on the auto channel reach the "
                   "active track (and, on a MIDI track, the synth it plays), so the keys play nothing there.")
        if auto.origin != "stated":
            summary += f" The auto channel is not stated in the rig; {auto.value} is the factory default."
        lines = [played.line, setting_words(box, "AUTO CHANNEL", auto)]
        lines += [sharer.words for sharer in sharers]
        fixes = [_to_auto(rig, controller, box, auto.value, played.channels)]
        fixes += _move_sharers(rig, box, auto.value, sharers)
        return self.fail(summary, evidence=lines, fixes=fixes,
                         confidence=confidence(played.wire, trusted(auto)))

    def _shared(self, rig: Rig, box: RigDevice, auto: SettingValue, sharers: list[Sharer],
                played: list[Played]) -> Finding:
        names = ", ".join(dict.fromkeys(_sharer_name(box, sharer) for sharer in sharers))
        summary = (f"{sentence(box.name)}'s auto channel {auto.value} is also the channel of {names}. The auto "
                   "channel should "
                   "carry the controller alone: notes on it play whichever track is active, so a track or "
                   "synth that shares it is played twice or from the wrong place.")
        lines = [setting_words(box, "AUTO CHANNEL", auto), *(sharer.words for sharer in sharers)]
        lines += [p.line for p in played]
        return self.warn(summary, evidence=lines, fixes=_move_sharers(rig, box, auto.value, sharers),
                         confidence=confidence(False, trusted(auto)), title="Auto channel shared")

    def _no_keys(self, rig: Rig, box: RigDevice, auto: SettingValue, path: SignalPath) -> Finding:
        controller = path.origin.device
        return self.skip(
            f"{sentence(title_of(rig, controller))} is wired to {box.name} (auto channel {auto.value}), but no capture "
            "shows which channel it plays on and the rig does not state it.",
            needs=f"Capture the '{KEYS_STEP}' step on a port that observes {controller}'s USB or "
                  f"{path.target}, or state the controller's channel in the rig.",
            steps=(f"midi-diag diagnose --rig RIG.toml --listen PORT --seconds 10 --step {KEYS_STEP}",
                   f"or: [devices.{controller}] settings = {{ channel = N }}"))

    def _fine(self, box: RigDevice, auto: SettingValue, played: list[Played]) -> Finding:
        lines = [setting_words(box, "AUTO CHANNEL", auto), *(p.line for p in played)]
        tracks = _track_channels(box)
        lines += [f"channel {c} is the own channel of {tracks[c]}: the keys play that track, whichever is active"
                  for p in played for c in p.channels if c != auto.value and c in tracks]
        if played:
            summary = f"The controllers play {box.name} on its auto channel or on a track's own channel."
            wire = all(p.wire for p in played)
        else:
            summary = f"No controller is wired to {box.name}, and nothing else uses its auto channel {auto.value}."
            wire = False
        return self.passed(summary, evidence=lines, confidence=confidence(wire, trusted(auto)),
                           title="Auto channel in order")


def _sharer_name(box: RigDevice, sharer: Sharer) -> str:
    """'its drum track BD', 'its FX CONTROL CH', 'peak'."""
    if sharer.device.name != box.name:
        return sharer.device.name
    return f"its {sharer.what or label_of(box, sharer.path)}"


def _controller_paths(rig: Rig, box: str) -> list[SignalPath]:
    """The shortest path from each controller that feeds the box."""
    paths: dict[str, SignalPath] = {}
    for path in rig.sources_of(box):
        if rig.device(path.origin.device).kind == "controller":
            paths.setdefault(path.origin.device, path)
    return list(paths.values())


def _played(evidence: Evidence, box: RigDevice, path: SignalPath) -> Played | None:
    """The controller's channels: what arrives at the box when a cable may rewrite them, else
    what the controller sends, else what the rig states."""
    controller = path.origin.device
    sent = with_notes(evidence.sent_by(controller, KEYS_STEP))
    arrived = with_notes(arriving(evidence, box.name, KEYS_STEP))
    for entries in ((arrived, sent) if path.through else (sent, arrived)):
        if entries:
            return Played(controller, tuple(note_channels(entries)), notes_line(evidence, entries[0]), True)
    stated = evidence.rig.device(controller).setting("channel") if evidence.rig else None
    if stated is not None and stated.origin == "stated" and isinstance(stated.value, int):
        line = f"{controller} channel = {stated.value} ({origin_words(stated)}); no capture shows its keys"
        return Played(controller, (stated.value,), line, False)
    return None


def _reaches_box(box: RigDevice, auto: int, played: Played) -> bool:
    """True when the controller plays on the auto channel, or on a track's own channel (that track)."""
    return auto in played.channels or bool(set(played.channels) & set(_track_channels(box)))


def _track_channels(box: RigDevice) -> dict[int, str]:
    """Channel -> the track that listens on it (known values of the track groups' `channel`)."""
    found: dict[int, str] = {}
    for group in box.model.tracks.values():
        if "channel" not in group.settings:
            continue
        for index, value in enumerate(box.track_settings(group.id, "channel")):
            if isinstance(value.value, int):
                found.setdefault(value.value, track_name(group, index))
    return found


def _sharers(rig: Rig, box: RigDevice, auto: int) -> list[Sharer]:
    """The box's other channel settings, its tracks' channels and the synths it feeds that use the auto channel."""
    found = [_box_setting(box, name, value) for name, value in _box_channels(box) if value.value == auto]
    found += _tracks_on(box, auto)
    fed = {d for d in rig.devices for path in rig.sources_of(d) if path.origin.device == box.name} - {box.name}
    for name in sorted(fed):
        device = rig.device(name)
        heard = listening(device) if is_receiver(device) else None
        if heard is not None and heard[1].value == auto:
            found.append(Sharer(device, heard[0], f"{setting_words(device, 'listening channel', heard[1])}, "
                                                  f"and {box.name} plays it"))
    return found


def _box_channels(box: RigDevice) -> list[tuple[str, SettingValue]]:
    return [(name, box.setting(name)) for name in box.model.channels if name != "auto_channel"]


def _box_setting(box: RigDevice, name: str, value: SettingValue) -> Sharer:
    label = box.model.settings[name].label
    return Sharer(box, name, setting_words(box, label, value))


def _tracks_on(box: RigDevice, auto: int) -> list[Sharer]:
    found = []
    for group in box.model.tracks.values():
        for name, setting in group.settings.items():
            for index, value in enumerate(box.track_settings(group.id, name)):
                if value.value == auto:
                    what = track_name(group, index)
                    words = setting_words(box, f"{what}: {setting.label}", value)
                    found.append(Sharer(box, f"tracks.{group.id}.{name}", words, what))
    return found


def used_channels(rig: Rig, skip: str = "") -> set[int]:
    """Every channel the rig states or defaults to for a device-wide setting, a track or a synth
    (`skip` leaves out one device, e.g. the controller that is about to move)."""
    used: set[int] = set()
    for device in rig.devices.values():
        if device.name == skip:
            continue
        used |= {value.value for _, value in _box_channels(device) if isinstance(value.value, int)}
        used |= set(_track_channels(device))
        heard = listening(device)
        if heard is not None and isinstance(heard[1].value, int):
            used.add(heard[1].value)
    return used


def free_channel(rig: Rig, box: RigDevice, auto: int) -> int:
    """The first channel after the auto channel that nothing in the rig states or defaults to."""
    used = used_channels(rig) | {auto}
    return next((c - 1) % 16 + 1 for c in range(auto + 1, auto + 17) if (c - 1) % 16 + 1 not in used)


def _to_auto(rig: Rig, controller: RigDevice, box: RigDevice, auto: int, channels: tuple[int, ...]) -> Fix:
    steps = [set_step(controller, "channel", auto)]
    if channels[0] not in used_channels(rig, skip=controller.name):
        steps.append(f"Or the other way round: {set_step(box, 'auto_channel', channels[0])}")
    return fix(f"Play {box.name} on its auto channel {auto}.", *steps)


def _move_sharers(rig: Rig, box: RigDevice, auto: int, sharers: list[Sharer]) -> list[Fix]:
    if not sharers:
        return []
    free = free_channel(rig, box, auto)
    steps = [set_step(sharer.device, sharer.path, free, sharer.what) for sharer in sharers]
    return [fix(f"Keep channel {auto} for the controller: move what shares it to channel {free} "
                "(a MIDI track and the synth it plays move together).", *dict.fromkeys(steps))]
