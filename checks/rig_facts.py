"""Shared by the rig-aware checks: how sure a finding is, how a rig fact is cited, where a setting lives."""

from __future__ import annotations

from collections.abc import Iterable

from diag.engine import Confidence, Evidence, PortTraffic, where
from diag.engine.words import counts_words
from diag.knowledge import Confidence as FactConfidence
from diag.knowledge import Fact, Setting, TrackGroup
from diag.rig import Rig, RigDevice, SettingValue

PLAYED_STEPS = ("keys", "pads", "sequencer")
"""Steps in which something is played, so MIDI should flow."""

LISTENING_SETTINGS = ("receive_channel", "channel")
"""The settings that say which channel a synth listens on, the more specific first."""

RECEIVER_KINDS = frozenset({"synth", "drum-machine", "sampler", "groovebox"})
"""Kinds of device that play what arrives on their listening channel."""

_LEVELS = (Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW)


def confidence(wire: bool, trusted: bool) -> Confidence:
    """High when the wire shows it and the cause is stated or verified; one level lower for each
    that is missing (no capture shows it; it rests on a forum or unverified fact)."""
    return _LEVELS[(not wire) + (not trusted)]


def fact_trusted(fact: Fact | None) -> bool:
    """True for a fact the manufacturer or several sources establish."""
    return fact is not None and fact.known and fact.confidence is FactConfidence.VERIFIED


def trusted(value: SettingValue) -> bool:
    """True when the rig states the setting, or its factory default is verified."""
    return value.origin == "stated" or (value.origin == "default" and fact_trusted(value.fact))


def fact_words(fact: Fact | None) -> str:
    """'forum: Elektronauts: ...' - how far a fact is trusted and who says so."""
    if fact is None:
        return "no source"
    return f"{fact.confidence}: {fact.source.title}"


def origin_words(value: SettingValue) -> str:
    """'stated in the rig, line 12' or 'not stated; factory default (forum: ...)'."""
    if value.origin == "stated":
        return f"stated in the rig, line {value.line}" if value.line else "stated in the rig"
    if value.origin == "default":
        return f"not stated; factory default ({fact_words(value.fact)})"
    return "not stated, and the factory default is unknown"


def value_words(value: object) -> str:
    """A setting's value as a person says it: on/off for switches."""
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


def setting_words(device: RigDevice, label: str, value: SettingValue) -> str:
    """'octatrack AUTO CHANNEL = 10 (not stated; factory default (forum: ...))'."""
    return f"{device.name} {label} = {value_words(value.value)} ({origin_words(value)})"


def spec_of(device: RigDevice, path: str) -> Setting | None:
    """The knowledge's setting at a path ("auto_channel", "tracks.midi.send_channel"), also
    among the settings of the firmware the device runs ("loopback")."""
    settings = device.model.all_settings()
    return settings.get(path) or settings.get(f"firmwares.{device.firmware}.{path}")


def label_of(device: RigDevice, path: str) -> str:
    """The label the device shows for a setting path ("AUTO CHANNEL"), else the path."""
    setting = spec_of(device, path)
    return setting.label if setting else path


def menu_of(device: RigDevice, path: str) -> str | None:
    """Where the setting is changed on the device (from the knowledge), None when not known."""
    setting = spec_of(device, path)
    if setting is None or not setting.menu.known:
        return None
    return str(setting.menu.value)


def set_step(device: RigDevice, path: str, value: object, what: str = "") -> str:
    """'On the Elektron Digitakt (digitakt): SETTINGS > ... > AUTO CHANNEL: set 1.' from the
    knowledge's menu; `what` names the track of a per-track setting."""
    where_on = f"On the {device.model.title} ({device.name}){', ' + what if what else ''}"
    menu = menu_of(device, path)
    if menu is None:
        spec = spec_of(device, path)
        settle = (spec.menu.settle or spec.default.settle) if spec else ""
        settle = settle or "see its manual"
        return f"{where_on}: set {label_of(device, path)} to {value} ({settle})."
    if " > " in menu and "," not in menu:
        return f"{where_on}: {menu}: set {value}."
    return f"{where_on}: {menu}; set it to {value}."


def listening(device: RigDevice) -> tuple[str, SettingValue] | None:
    """The setting path and value of the channel a synth listens on, None when it has none."""
    for name in LISTENING_SETTINGS:
        if device.setting_spec(name) is not None:
            return name, device.setting(name)
    return None


def is_receiver(device: RigDevice) -> bool:
    """A device that plays what arrives on one listening channel (not an Elektron box with an auto channel)."""
    return (device.kind in RECEIVER_KINDS and device.setting_spec("auto_channel") is None
            and listening(device) is not None)


def note_channels(entries: Iterable[PortTraffic]) -> dict[int, int]:
    """Channel -> note-ons, over several ports."""
    found: dict[int, int] = {}
    for entry in entries:
        for channel, notes in entry.notes.items():
            found[channel] = found.get(channel, 0) + sum(notes.values())
    return dict(sorted(found.items()))


def note_numbers(entries: Iterable[PortTraffic], channel: int | None = None) -> dict[int, int]:
    """Note number -> note-ons, over several ports, on one channel or all."""
    found: dict[int, int] = {}
    for entry in entries:
        for note, count in entry.note_numbers(channel).items():
            found[note] = found.get(note, 0) + count
    return dict(sorted(found.items()))


def with_notes(entries: Iterable[PortTraffic]) -> list[PortTraffic]:
    """The entries that carried at least one played note."""
    return [entry for entry in entries if entry.played_notes]


def arriving(evidence: Evidence, device: str, step: str | None) -> list[PortTraffic]:
    """What capture ports observing one of the device's input jacks showed in a step."""
    rig = evidence.rig
    if rig is None or device not in rig.devices:
        return []
    ports = rig.devices[device].model.ports
    entries = []
    for port in evidence.ports_observing(device):
        seen = evidence.observed_as(port)
        entry = evidence.traffic_at(port, step)
        if seen and entry is not None and ports.get(seen[1]) is not None and ports[seen[1]].direction == "in":
            entries.append(entry)
    return entries


def shows(evidence: Evidence, entry: PortTraffic) -> str:
    """"'USB MIDI Interface' during 'keys' (shows digitakt.in)"."""
    seen = evidence.observed_as(entry.port)
    suffix = f" (shows {seen[0]}.{seen[1]})" if seen else ""
    return where(entry.port, entry.step) + suffix


def notes_line(evidence: Evidence, entry: PortTraffic) -> str:
    """"<port> during <step> (shows ...): 12 note-ons on channel 1"."""
    channels = note_channels([entry])
    if not channels:
        return f"{shows(evidence, entry)}: no note-on ({entry.messages} messages in all)"
    parts = [f"{count} on channel {channel}" for channel, count in channels.items()]
    return f"{shows(evidence, entry)}: note-ons: {', '.join(parts)}"


def quiet_line(evidence: Evidence, entry: PortTraffic) -> str:
    """"<port> during <step> (shows ...): nothing at all" or what little came."""
    if entry.silent:
        return f"{shows(evidence, entry)}: nothing at all"
    return f"{shows(evidence, entry)}: {counts_words(entry.kinds)}; no note or controller"


def title_of(rig: Rig, name: str) -> str:
    """'the Arturia KeyStep (keystep)'."""
    return f"the {rig.device(name).model.title} ({name})"


def sentence(text: str) -> str:
    """The text with its first letter in upper case."""
    return text[:1].upper() + text[1:]


def one_track(group: TrackGroup) -> str:
    """'MIDI track' for the group "MIDI tracks"."""
    return group.label[:-1] if group.label.endswith("tracks") else group.label


def track_name(group: TrackGroup, index: int) -> str:
    """'MIDI track A', 'drum track BD' - one track of a group, named as the device names it."""
    return f"{one_track(group)} {group.names[index]}"
