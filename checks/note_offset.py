"""Check `note-offset`: notes come out at other numbers than played (pads versus sequencer, sent versus arrived)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from checks.rig_facts import (
    arriving,
    fact_words,
    note_numbers,
    sentence,
    set_step,
    with_notes,
)
from diag.engine import Check, Confidence, Evidence, Finding, Fix, fix
from diag.engine.words import channels_words
from diag.knowledge import Bug
from diag.rig import Rig, RigDevice

MIN_NOTES = 2
"""Distinct note numbers that must agree on one offset before it counts as shown by the wire
(high confidence); a single pair of notes could be two different notes played."""

PADS_STEP, SEQUENCER_STEP, KEYS_STEP = "pads", "sequencer", "keys"


@dataclass(frozen=True)
class Comparison:
    """Note numbers played one way against another way, on one device (and channel)."""

    device: str
    what: str
    """"pads against sequencer on channel 10", "sent by keystep against arrived at peak.in"."""
    before: dict[int, int]
    """Note number -> note-ons: the reference (pads, or what was sent)."""
    after: dict[int, int]
    """Note number -> note-ons: what is compared (the sequencer, or what arrived)."""
    sequencer: bool
    """True for pads against sequencer (a device's own bug or track setting); False for a path."""
    channel: int | None = None
    """The channel compared (pads against sequencer); None when all channels are taken together."""


@dataclass(frozen=True)
class Outcome:
    """What a comparison shows: the same numbers, a constant offset, one note for all, or no pattern."""

    kind: str
    """"same", "offset", "one-note" or "unmatched"."""
    offset: int = 0
    matched: int = 0
    """How many distinct numbers the offset explains."""


class NoteOffsetCheck(Check):
    """Notes arrive at other note numbers than were played or sequenced.

    Symptom: the sequencer plays the wrong sounds on a drum machine (or none at all: the notes
    fall outside the few it answers), every trig lands on one note, or a synth plays in the
    wrong octave, while the pads played by hand are right.
    Cause: on an Analog Rytm MKII with OS 1.50 the sequencer's notes come out two octaves
    from the pads' notes (a known bug); otherwise a transpose or octave setting on the way.
    Compare note numbers, never note names: makers name octaves differently.
    Fix: update the OS past the bug; otherwise find the transpose or octave setting and zero it.
    """

    id = "note-offset"
    title = "Notes arrive at other note numbers"
    symptom = "the sequencer (or the keyboard) plays the wrong notes or sounds, though the pads are right"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        comparisons = _pads_against_sequencer(evidence) + _sent_against_arrived(evidence)
        judged = [(comparison, _compare(comparison)) for comparison in comparisons]
        wrong = _grouped([(c, o) for c, o in judged if o.kind in ("offset", "one-note")])
        if wrong:
            return [self._wrong(evidence, group) for group in wrong]
        same = [c for c, o in judged if o.kind == "same"]
        if same:
            return [self.passed("Notes come out at the numbers they were played at.",
                                evidence=[_pair_words(c) for c in same], title="Note numbers agree")]
        if judged:
            return [self._unmatched([c for c, _ in judged])]
        return [self._nothing_to_compare()]

    def _wrong(self, evidence: Evidence, group: list[tuple[Comparison, Outcome]]) -> Finding:
        rig = evidence.rig
        assert rig is not None
        comparison, outcome = group[0]
        device = rig.device(comparison.device)
        matched = sum(o.matched for _, o in group)
        bugs = _matching_bugs(device, outcome) if comparison.sequencer else []
        lines = [_pair_words(c) for c, _ in group]
        lines += [f"{device.name} OS {device.version or '(not stated)'}: known bug '{bug.title}' "
                  f"({fact_words(bug.effect.semitones) if bug.effect else bug.confidence})" for bug in bugs]
        summary = _summary(group, matched) + _cause(device, bugs, outcome)
        fixes = [_update_fix(device, bug) for bug in bugs] + [_transpose_fix(rig, comparison)]
        sure = Confidence.HIGH if matched >= MIN_NOTES else Confidence.MEDIUM
        title = "Every trig on one note" if outcome.kind == "one-note" else None
        return self.fail(summary, evidence=lines, fixes=fixes, confidence=sure, title=title)

    def _unmatched(self, comparisons: list[Comparison]) -> Finding:
        return self.skip(
            "The notes compared differ in a way no constant offset explains, so the same notes were "
            "probably not played both ways.",
            needs="Play the same tracks (or keys) in both steps: the pads of exactly the tracks the pattern "
                  "uses, or the same keys that arrive at the synth.",
            evidence=[_pair_words(c) for c in comparisons])

    def _nothing_to_compare(self) -> Finding:
        return self.skip(
            "No two captures show the same notes played two ways, so there is nothing to compare.",
            needs=f"Capture '{PADS_STEP}' and '{SEQUENCER_STEP}' on a port that observes the device's MIDI OUT "
                  "or USB, playing the same tracks; or capture 'keys' on ports that observe both the controller "
                  "and the receiving device's MIDI IN.",
            steps=((f"midi-diag diagnose --rig RIG.toml --listen PORT --seconds 10 --step {PADS_STEP} "
                    f"--listen PORT --seconds 10 --step {SEQUENCER_STEP}"),))


def _pads_against_sequencer(evidence: Evidence) -> list[Comparison]:
    rig = evidence.rig
    assert rig is not None
    found = []
    for name in rig.devices:
        pads = with_notes(evidence.sent_by(name, PADS_STEP))
        sequenced = with_notes(evidence.sent_by(name, SEQUENCER_STEP))
        for channel in sorted(_channels(pads) & _channels(sequenced)):
            found.append(Comparison(name, f"pads against sequencer on channel {channel}",
                                    note_numbers(pads, channel), note_numbers(sequenced, channel), True, channel))
    return found


def _sent_against_arrived(evidence: Evidence) -> list[Comparison]:
    rig = evidence.rig
    assert rig is not None
    found = []
    for name in rig.devices:
        arrived = with_notes(arriving(evidence, name, KEYS_STEP))
        if not arrived:
            continue
        for origin in dict.fromkeys(path.origin.device for path in rig.sources_of(name)):
            sent = with_notes(evidence.sent_by(origin, KEYS_STEP))
            if sent:
                found.append(Comparison(name, f"sent by {origin} against arrived at {name}",
                                        note_numbers(sent), note_numbers(arrived), False))
    return found


def _channels(entries: Iterable) -> set[int]:
    return {channel for entry in entries for channel in entry.notes}


def _compare(comparison: Comparison) -> Outcome:
    """The offset that explains every number compared, trying 0 first, then the smallest."""
    before, after = set(comparison.before), set(comparison.after)
    if len(after) == 1 and len(before) >= MIN_NOTES and not after & before:
        return Outcome("one-note", next(iter(after)) - min(before), len(before))
    candidates = sorted({a - b for a in after for b in before}, key=lambda k: (abs(k), k))
    for offset in candidates:
        matched = sum(1 for a in after if a - offset in before)
        if matched == len(after):
            return Outcome("same" if offset == 0 else "offset", offset, matched)
    return Outcome("unmatched")


def _matching_bugs(device: RigDevice, outcome: Outcome) -> list[Bug]:
    """Known bugs of the device's version whose note offset is the one seen (one note for all:
    any note-offset bug, since users report that as well)."""
    found = []
    for bug in device.firmware_bugs():
        effect = bug.effect
        if effect is None or effect.kind != "note-offset":
            continue
        size = effect.semitones.value if effect.semitones is not None else None
        if outcome.kind == "one-note" or size == abs(outcome.offset):
            found.append(bug)
    return found


def _pair_words(comparison: Comparison) -> str:
    return (f"{comparison.device}, {comparison.what}: notes {_numbers(comparison.before)} against "
            f"{_numbers(comparison.after)}")


def _numbers(counts: dict[int, int]) -> str:
    return ", ".join(f"{note} ({count}x)" for note, count in counts.items())


def _summary(group: list[tuple[Comparison, Outcome]], matched: int) -> str:
    comparison, outcome = group[0]
    what = _what(comparison, [c for c, _ in group])
    if outcome.kind == "one-note":
        numbers = sorted({note for c, _ in group for note in c.after})
        played = len({note for c, _ in group for note in c.before})
        return (f"On {comparison.device} ({what}) every note comes out as number "
                f"{', '.join(map(str, numbers))}, while {played} different numbers were played: a drum machine "
                "on the other end plays one sound, or none.")
    way = "higher" if outcome.offset > 0 else "lower"
    return (f"On {comparison.device} ({what}) every note comes out {abs(outcome.offset)} semitones "
            f"{way} ({matched} distinct numbers agree). Note numbers are compared, not names.")


def _what(first: Comparison, comparisons: list[Comparison]) -> str:
    channels = [c.channel for c in comparisons if c.channel is not None]
    if first.sequencer and channels:
        return f"pads against sequencer on {channels_words(channels)}"
    return first.what


def _grouped(judged: list[tuple[Comparison, Outcome]]) -> list[list[tuple[Comparison, Outcome]]]:
    """The pairs of one device that show the same thing (one offset, or one note for all), together."""
    groups: dict[tuple[str, bool, str, int], list[tuple[Comparison, Outcome]]] = {}
    for comparison, outcome in judged:
        offset = outcome.offset if outcome.kind == "offset" else 0
        groups.setdefault((comparison.device, comparison.sequencer, outcome.kind, offset), []).append(
            (comparison, outcome))
    return list(groups.values())


def _cause(device: RigDevice, bugs: list[Bug], outcome: Outcome) -> str:
    if bugs:
        bug = bugs[0]
        version = f"OS {device.version}" if device.version else "some OS versions (the rig does not state which)"
        what = "This is what" if outcome.kind == "offset" else "Users report this, too, with"
        return (f" {what} a known bug of the {device.model.title} on {version} does: '{bug.title}' "
                f"({bug.confidence} confidence, {bug.source.title}).")
    if outcome.kind == "offset" and outcome.offset % 12 == 0:
        return " A whole number of octaves points at an octave or transpose setting on the way."
    return " A constant offset points at a transpose setting on the way."


def _update_fix(device: RigDevice, bug: Bug) -> Fix:
    fixed = bug.fixed_in.value if bug.fixed_in is not None and bug.fixed_in.known else None
    steps = [f"Install the newest OS on the {device.model.title}"
             + (f" (the bug is said to be fixed in {fixed}" if fixed else "")
             + (f"; still reported on {', '.join(bug.reported_in)})" if fixed and bug.reported_in else
                (")" if fixed else "")) + ", then state the version in the rig."]
    if bug.workaround:
        steps.append(sentence(bug.workaround) + ".")
    return fix(f"Update the {device.model.title}'s OS: {bug.title}.", *steps)


def _transpose_fix(rig: Rig, comparison: Comparison) -> Fix:
    """Transpose settings of the devices involved, from the knowledge, else what to look for."""
    names = [comparison.device] + [p.target.device for d in rig.devices for p in rig.sources_of(d)
                                   if p.origin.device == comparison.device]
    steps = [set_step(rig.device(name), "transpose", 0) for name in dict.fromkeys(names)
             if rig.device(name).setting_spec("transpose") is not None]
    what = "the track's note or transpose, the trigs' note" if comparison.sequencer else "octave and transpose"
    steps.append(f"On {comparison.device}: check {what} settings; pads and sequencer (or keys and receiver) "
                 "should give the same numbers.")
    return fix(sentence("look for a transpose or octave setting and set it to zero."), *steps)
