"""Check `stuck-notes`: notes switched on and never switched off while traffic went on."""

from __future__ import annotations

from diag.engine import (
    Check,
    Confidence,
    Evidence,
    Finding,
    HeldNote,
    PortTraffic,
    fix,
    plural,
    where,
)
from diag.engine.words import seconds_words

STUCK_SECONDS = 2.0
"""A note still on after this much further traffic on its port has lost its note-off. Played
notes and sequencer gates are shorter; a pad held on purpose for longer is rare during a
diagnosis step (the finding says so)."""

MAX_LISTED = 8
"""Held notes listed per port and step; the rest are counted."""

STUCK_FIXES = (
    fix("Silence the receiver now, then find where the note-offs get lost.",
        "Send All Notes Off (CC 123) on the channel, or press the device's panic / stop twice.",
        "A cable pulled, a port switched or a preset changed while notes sounded drops their note-offs.",
        "Two senders merged on one channel can end each other's notes early or leave them hanging."),
    fix("If a sequencer holds the note, check the trig length.",
        "On Elektron boxes a trig LEN of INF holds the note until the pattern stops."),
)


class StuckNotesCheck(Check):
    """A note-on with no note-off: the receiver keeps the note sounding.

    Symptom: a note drones on after the key is released or the sequencer stopped.
    Cause: the note-off was lost (a cable or port changed while the note sounded, a merge of
    two senders, a buffer overflow), or a sequencer trig is set to hold forever.
    Fix: send All Notes Off, then find what drops the note-offs: cables moved mid-note,
    merged senders on one channel, a trig length of INF.
    """

    id = "stuck-notes"
    title = "Stuck notes"
    symptom = "a note keeps sounding after the key is released or the sequencer stopped"

    def run(self, evidence: Evidence) -> list[Finding]:
        played = [entry for entry in evidence.traffic if entry.balance.ons]
        if not played:
            return [self.skip("No note-on was captured, so no note could get stuck.",
                              needs="Capture a step while playing keys or pads, or with the sequencer running.")]
        stuck = [entry for entry in played if _stuck(entry)]
        if stuck:
            return [self._stuck(entry) for entry in stuck]
        return [self._balanced(played)]

    def _stuck(self, entry: PortTraffic) -> Finding:
        notes = _stuck(entry)
        lines = [_held_words(note) for note in notes[:MAX_LISTED]]
        if len(notes) > MAX_LISTED:
            lines.append(f"and {len(notes) - MAX_LISTED} more")
        lines.append(f"{plural(entry.balance.ons, 'note-on')} and {plural(entry.balance.offs, 'note-off')} "
                     f"in all on {where(entry.port, entry.step)}")
        return self.fail(
            f"On {where(entry.port, entry.step)} {plural(len(notes), 'note')} went on and never off, "
            f"though traffic went on for {STUCK_SECONDS:g} s or more; a receiver keeps "
            f"{'it' if len(notes) == 1 else 'them'} sounding.",
            evidence=lines, fixes=STUCK_FIXES, confidence=Confidence.MEDIUM, title="Notes left on")

    def _balanced(self, played: list[PortTraffic]) -> Finding:
        lines = []
        for entry in played:
            line = (f"{where(entry.port, entry.step)}: {plural(entry.balance.ons, 'note-on')}, "
                    f"{plural(entry.balance.offs, 'note-off')}")
            recent = entry.balance.held
            if recent:
                line += f"; {plural(len(recent), 'note')} still on at the end, switched on too late to judge"
            lines.append(line)
        return self.passed("Every note that went on also went off.", evidence=lines, title="No stuck notes")


def _stuck(entry: PortTraffic) -> list[HeldNote]:
    return [note for note in entry.balance.held if note.held_for >= STUCK_SECONDS]


def _held_words(note: HeldNote) -> str:
    return (f"channel {note.channel} note {note.note}: on at {note.on_t:.3f} s, no note-off in the "
            f"{seconds_words(note.held_for)} of traffic after it")
