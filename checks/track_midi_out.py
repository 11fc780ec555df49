"""Check `track-midi-out`: a sequencer plays, but its tracks send no MIDI (send flag off, CHAN off, audio tracks)."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import (
    confidence,
    fact_trusted,
    fact_words,
    label_of,
    notes_line,
    one_track,
    origin_words,
    quiet_line,
    sentence,
    set_step,
    track_name,
    trusted,
    with_notes,
)
from diag.engine import Check, Evidence, Finding, Fix, PortTraffic, fix
from diag.knowledge import TrackGroup
from diag.rig import RigDevice, SettingValue

SEQUENCER_STEP = "sequencer"
PADS_STEP = "pads"


@dataclass(frozen=True)
class Reason:
    """Why some tracks' sequencer sends nothing: what the rig or the knowledge says, and the fix."""

    words: str
    trusted: bool
    """True when the rig states it or the manufacturer does."""
    fix: Fix


class TrackMidiOutCheck(Check):
    """The device's sequencer plays, but its tracks send no MIDI notes.

    Symptom: pads or trig keys played by hand reach the synth or the DAW, but the pattern
    playing back sends nothing (the DAW records nothing, the synth stays silent).
    Cause: the tracks' sequencer does not send MIDI: on an Analog Rytm MKII (OS 1.50 on)
    each track's TRK SEND MIDI must be on; a Digitakt's audio tracks never send their
    sequence as MIDI; a MIDI track sends nothing while its CHAN is off.
    Fix: switch the track's MIDI send on, give the MIDI track a channel, or move the pattern
    to a MIDI track.
    """

    id = "track-midi-out"
    title = "Sequencer sends no MIDI"
    symptom = "pads played by hand reach the synth or DAW, but the sequencer's pattern sends nothing"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        devices = [d for d in rig.devices.values() if d.model.tracks and _has_sequencer_facts(d)]
        if not devices:
            return [self.skip("No device in the rig has a sequencer whose tracks send MIDI.",
                              needs="Nothing to do unless a sequencing device (an Elektron box) is in the rig.")]
        return [self._judge(evidence, device) for device in devices]

    def _judge(self, evidence: Evidence, device: RigDevice) -> Finding:
        played = evidence.sent_by(device.name, SEQUENCER_STEP)
        if not played:
            return self._not_captured(device)
        if with_notes(played):
            lines = [notes_line(evidence, entry) for entry in with_notes(played)]
            return self.passed(sentence(f"{device.name}'s sequencer sends MIDI notes."), evidence=lines,
                               title="Sequencer sends MIDI")
        pads = evidence.sent_by(device.name, PADS_STEP)
        if pads and not with_notes(pads):
            return self._nothing_by_hand(evidence, device, pads)
        return self._silent(evidence, device, played, with_notes(pads))

    def _silent(self, evidence: Evidence, device: RigDevice, played: tuple[PortTraffic, ...],
                pads: list[PortTraffic]) -> Finding:
        reasons = _reasons(device)
        lines = [quiet_line(evidence, entry) for entry in played]
        lines += [notes_line(evidence, entry) for entry in pads]
        lines += [reason.words for reason in reasons]
        contrast = (" Played by hand its notes do get out, so the cables and ports work." if pads else
                    " No 'pads' step was captured, so a cable or port problem is not ruled out.")
        if not reasons:
            return self.warn(
                f"{sentence(device.name)}'s sequencer played but sent no note, though the rig sets its tracks to send."
                + contrast, evidence=lines, fixes=[_generic_fix(device)],
                confidence=confidence(bool(pads), False), title="Sequencer silent")
        summary = (f"{sentence(device.name)}'s sequencer played but sent no note on the wire: "
                   f"{'; '.join(reason.words for reason in reasons)}." + contrast)
        return self.fail(summary, evidence=lines, fixes=[reason.fix for reason in reasons],
                         confidence=confidence(bool(pads), any(reason.trusted for reason in reasons)))

    def _not_captured(self, device: RigDevice) -> Finding:
        return self.skip(
            f"No capture shows what {device.name} sends while its sequencer plays.",
            needs=f"Capture the '{SEQUENCER_STEP}' step (and '{PADS_STEP}', playing the same tracks by hand) on "
                  f"a port that observes {device.name}'s MIDI OUT or USB.",
            steps=(f"midi-diag diagnose --rig RIG.toml --listen PORT --seconds 10 --step {SEQUENCER_STEP}",))

    def _nothing_by_hand(self, evidence: Evidence, device: RigDevice, pads: tuple[PortTraffic, ...]) -> Finding:
        return self.skip(
            f"{device.name} sent no note either by hand or from its sequencer, so the tracks' settings are "
            "not what stops it: the cable, the port or the output settings are (see no-traffic).",
            needs=f"Make the '{PADS_STEP}' step show notes first, then capture '{SEQUENCER_STEP}' again.",
            evidence=[quiet_line(evidence, entry) for entry in pads])


def _has_sequencer_facts(device: RigDevice) -> bool:
    return any(group.sequencer_sends_midi.known for group in device.model.tracks.values())


def _reasons(device: RigDevice) -> list[Reason]:
    found = []
    for group in device.model.tracks.values():
        reason = _group_reason(device, group)
        if reason is not None:
            found.append(reason)
    return found


def _group_reason(device: RigDevice, group: TrackGroup) -> Reason | None:
    sends = group.sequencer_sends_midi
    if sends.known and sends.value is False:
        return _never_sends(device, group)
    if group.send_flag:
        return _flag_off(device, group)
    if group.sequencer_channel:
        return _channel_off(device, group)
    return None


def _never_sends(device: RigDevice, group: TrackGroup) -> Reason:
    other = next((g for g in device.model.tracks.values() if g.sequencer_sends_midi.value is True), None)
    words = f"the sequencer of its {group.label} sends no MIDI at all ({fact_words(group.sequencer_sends_midi)})"
    if other is None:
        return Reason(words, fact_trusted(group.sequencer_sends_midi),
                      fix(f"The {group.label} cannot send their pattern as MIDI; sequence the synth elsewhere."))
    return Reason(words, fact_trusted(group.sequencer_sends_midi),
                  fix(f"Put the part on one of the {other.label}, whose sequencer does send MIDI.",
                      f"Copy the pattern's trigs from the {group.label} to a {one_track(other)}"
                      f" (or program them there), and give that track a channel."))


def _flag_off(device: RigDevice, group: TrackGroup) -> Reason | None:
    values = device.track_settings(group.id, group.send_flag)
    if any(value.value is True for value in values):
        return None
    label = label_of(device, f"tracks.{group.id}.{group.send_flag}")
    unknown = [v for v in values if not v.known]
    path = f"tracks.{group.id}.{group.send_flag}"
    if unknown:
        settle = unknown[0].fact.settle if unknown[0].fact else ""
        words = f"{label} is not stated for its {group.label} and its factory value is unknown ({settle})"
        return Reason(words, False, fix(f"Check {label} on each track that should play.",
                                        set_step(device, path, "on", "each track")))
    words = f"{label} is off on all {len(values)} {group.label} ({origin_words(values[0])})"
    return Reason(words, all(trusted(v) for v in values),
                  fix(f"Switch {label} on for the tracks that should play the synth.",
                      set_step(device, path, "on", "each of those tracks")))


def _channel_off(device: RigDevice, group: TrackGroup) -> Reason | None:
    path = f"tracks.{group.id}.{group.sequencer_channel}"
    values = device.track_settings(group.id, group.sequencer_channel)
    if any(isinstance(value.value, int) for value in values):
        return None
    label = label_of(device, path)
    off = [(index, v) for index, v in enumerate(values) if v.value == "off"]
    if not off:
        return None
    words = f"{label} is off on its {group.label} ({_origins(group, off)})"
    return Reason(words, any(trusted(v) for _, v in off),
                  fix(f"Give the {one_track(group)} that holds the pattern a channel.",
                      set_step(device, path, "the synth's channel", track_name(group, off[0][0]))))


def _origins(group: TrackGroup, values: list[tuple[int, SettingValue]]) -> str:
    stated = [group.names[i] for i, v in values if v.origin == "stated"]
    parts = [f"{', '.join(stated)} stated"] if stated else []
    defaulted = [v for _, v in values if v.origin == "default"]
    if defaulted:
        parts.append(f"the others by factory default, {fact_words(defaulted[0].fact)}")
    return "; ".join(parts) or "unknown"


def _generic_fix(device: RigDevice) -> Fix:
    return fix("Look for what else keeps the pattern from sending.",
               f"Is the track muted on {device.name}? Muted tracks send nothing.",
               "Does the pattern that played have trigs on the tracks that send MIDI?",
               "Does the rig file state the tracks' send settings as the device shows them?")
