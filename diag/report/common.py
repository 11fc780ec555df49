"""What every report format says, as plain strings: headline, traffic facts, rig lines, environment."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diag.engine.diagnosis import Diagnosis
from diag.engine.traffic import PortTraffic
from diag.engine.words import channels_words, counts_words, kind_words, seconds_words

STATUS_WORDS = {"fail": "FAIL", "warn": "WARN", "skip": "SKIP", "pass": "PASS"}
"""The word each status is shown with; colour only ever repeats it."""

HEADLINE_WORDS = {"fail": ("failed", "failed"), "warn": ("warning", "warnings"),
                  "skip": ("skipped", "skipped"), "pass": ("passed", "passed")}

MAX_NOTES_SHOWN = 12
"""Note numbers listed per channel in a traffic line; the rest are counted."""


def headline(diagnosis: Diagnosis) -> str:
    """'2 failed, 1 warning, 3 passed, 1 skipped' (zeros left out)."""
    parts = []
    for status, count in diagnosis.counts().items():
        if count:
            one, many = HEADLINE_WORDS[status]
            parts.append(f"{count} {one if count == 1 else many}")
    return ", ".join(parts) or "no findings"


def verdict(diagnosis: Diagnosis) -> str:
    """One sentence: is something wrong?"""
    if diagnosis.failed:
        return "Something is wrong: the failed findings below say what, and how to fix it."
    if diagnosis.counts()["warn"]:
        return "Nothing failed, but the warnings below may explain odd behaviour."
    return "No check found a problem in what was captured."


def generated_text(diagnosis: Diagnosis) -> str:
    """The generation time as ISO-8601 in UTC, to the second."""
    return diagnosis.generated.isoformat(timespec="seconds").replace("+00:00", "Z")


def step_label(step: str | None) -> str:
    return step if step is not None else "(no step)"


def traffic_facts(entry: PortTraffic) -> list[str]:
    """What came on one port during one step, a short line per fact family."""
    if entry.silent:
        return ["nothing at all"]
    facts = [f"{entry.messages} messages over {seconds_words(entry.duration)}: {counts_words(entry.kinds)}"]
    facts += _channel_facts(entry) + _note_facts(entry) + _clock_facts(entry) + _system_facts(entry)
    return facts


def _channel_facts(entry: PortTraffic) -> list[str]:
    return [f"{kind_words(kind)} on {channels_words(counts)}" for kind, counts in entry.channels.items()]


def _note_facts(entry: PortTraffic) -> list[str]:
    facts = []
    for channel, counts in entry.notes.items():
        numbers = [f"{note}x{count}" if count > 1 else str(note) for note, count in sorted(counts.items())]
        shown = ", ".join(numbers[:MAX_NOTES_SHOWN])
        more = f" and {len(numbers) - MAX_NOTES_SHOWN} more" if len(numbers) > MAX_NOTES_SHOWN else ""
        facts.append(f"note numbers on channel {channel}: {shown}{more}")
    held = entry.balance.held
    if held:
        facts.append(f"still on at the end: {', '.join(f'ch {h.channel} note {h.note}' for h in held[:8])}")
    return facts


def _clock_facts(entry: PortTraffic) -> list[str]:
    facts = []
    clock = entry.clock
    if clock is not None:
        tempo = f"{clock.bpm:g} BPM, jitter {clock.jitter_ms:g} ms" if clock.bpm and clock.jitter_ms is not None \
            else "too few ticks for a tempo"
        facts.append(f"clock: {clock.ticks} ticks, {tempo}")
    if entry.transport:
        facts.append("transport: " + ", ".join(_transport_word(e.kind, e.position) for e in entry.transport[:8]))
    return facts


def _transport_word(kind: str, position: int | None) -> str:
    return f"song position {position}" if kind == "songpos" else kind


def _system_facts(entry: PortTraffic) -> list[str]:
    facts = []
    sysex = entry.sysex
    if sysex.count:
        makers = ", ".join(sysex.manufacturers)
        sizes = f"{sysex.smallest}" if sysex.smallest == sysex.largest else f"{sysex.smallest}-{sysex.largest}"
        facts.append(f"SysEx: {sysex.count} ({sizes} bytes) from {makers}")
    for identity in sysex.identities:
        facts.append(f"identity reply: {identity.manufacturer}, family {identity.family}, "
                     f"member {identity.member}, version {identity.revision}")
    if entry.active_sensing:
        facts.append(f"active sensing: {entry.active_sensing.count}, "
                     f"longest gap {seconds_words(entry.active_sensing.longest_gap)}")
    for undefined in entry.undefined.values():
        facts.append(f"undefined byte {undefined.status:02X}: {undefined.count}")
    if entry.malformed.count:
        facts.append(f"malformed: {entry.malformed.count}")
    return facts


def rig_lines(rig: Mapping[str, Any]) -> dict[str, list[str]]:
    """The rig as sections of lines: devices with their stated settings, connections, observers."""
    return {
        "devices": [_device_line(device) for device in rig.get("devices", [])],
        "connections": [_connection_line(c) for c in rig.get("connections", [])],
        "observers": [f"computer port '{o.get('port')}' shows {o.get('sees')}" for o in rig.get("observers", [])],
    }


def _device_line(device: Mapping[str, Any]) -> str:
    parts = [f"{device.get('name')}: {device.get('model_name') or device.get('model')}"]
    for key, label in (("version", "OS"), ("firmware", "firmware"), ("power", "power")):
        if device.get(key):
            parts.append(f"{label} {device[key]}")
    settings = _settings_words(device.get("settings") or {}, device.get("tracks") or {})
    if settings:
        parts.append(f"settings: {settings}")
    if device.get("description"):
        parts.append(f"({device['description']})")
    return "; ".join(parts)


def _settings_words(settings: Mapping[str, Any], tracks: Mapping[str, Any]) -> str:
    words = [f"{name} = {_value(value)}" for name, value in settings.items()]
    for group, per_setting in tracks.items():
        for name, per_track in per_setting.items():
            values = ", ".join(f"{track} {_value(value)}" for track, value in per_track.items())
            words.append(f"{group} tracks {name}: {values}")
    return ", ".join(words)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    return str(value)


def _connection_line(connection: Mapping[str, Any]) -> str:
    middle = f" -> [{connection.get('through')}]" if connection.get("through") else ""
    arrow = " <-> " if connection.get("two_way") else " -> "
    if middle:
        return f"{connection.get('from')}{middle}{arrow}{connection.get('to')}"
    return f"{connection.get('from')}{arrow}{connection.get('to')}"


def environment_lines(diagnosis: Diagnosis) -> list[tuple[str, str]]:
    """(label, value) pairs: tool, OS, Python, python-rtmidi, MIDI system, ports."""
    env = diagnosis.environment
    return [
        ("midi-diag", env.midi_diag), ("OS", env.os), ("Python", env.python),
        ("python-rtmidi", env.python_rtmidi or "not installed"), ("MIDI system", env.api or "none (capture files)"),
        ("ports", ", ".join(env.ports) or "none"),
    ]


def step_lines(diagnosis: Diagnosis) -> list[str]:
    """One line per captured step: its name, where it came from, how long."""
    lines = []
    for step in diagnosis.steps:
        length = f", {step.seconds:g} s" if step.seconds is not None else ""
        lines.append(f"{step_label(step.name)}: {step.source}{length}")
    return lines
