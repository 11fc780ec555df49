"""What the user can say is wrong, in their words, and what the wizard does for each."""

from __future__ import annotations

from dataclasses import dataclass

DIAGNOSE, RK004, MONITOR = "diagnose", "rk004", "monitor"
"""What a symptom leads to: listening and findings, the RK-004 settings, or the live monitor."""


@dataclass(frozen=True)
class Symptom:
    """One answer to "what is wrong?"."""

    id: str
    words: str
    """As the user would say it."""
    hint: str
    """One line under it: what it covers."""
    steps: tuple[str, ...] = ()
    """The listening steps, in order (keys, pads, sequencer, idle)."""
    leads_to: str = DIAGNOSE


SYMPTOMS: tuple[Symptom, ...] = (
    Symptom("keys-silent", "My keyboard doesn't play my box",
            "keys pressed, nothing sounds or the wrong track plays", ("keys", "pads")),
    Symptom("sequencer-silent", "My sequencer doesn't play my synth",
            "the pattern runs, the synth stays quiet", ("sequencer", "pads")),
    Symptom("wrong-notes", "The notes are wrong",
            "wrong pitch, wrong drum, everything on one note", ("pads", "sequencer")),
    Symptom("daw-record", "My DAW doesn't record the pattern",
            "hand-played notes arrive, the pattern's notes don't", ("sequencer", "pads")),
    Symptom("sync", "Sync is off",
            "tempo drifts, starts late, doesn't start or stop together", ("sequencer", "idle")),
    Symptom("rk004", "Set up my RK-004",
            "read and change the hub's port modes", leads_to=RK004),
    Symptom("monitor", "Just show me the MIDI",
            "the live monitor: every message on every input", leads_to=MONITOR),
    Symptom("other", "Something else",
            "listen to everything and look for anything odd", ("keys", "pads", "sequencer", "idle")),
)

BY_ID = {symptom.id: symptom for symptom in SYMPTOMS}

RELEVANT_STEPS: dict[str, tuple[str, ...]] = {
    "auto-channel": ("keys",),
    "channel-mismatch": ("keys", "pads", "sequencer"),
    "loopback-mode": ("keys",),
    "midi-power": ("keys",),
    "track-midi-out": ("sequencer",),
    "note-offset": ("pads", "sequencer"),
    "clock": ("sequencer",),
}
"""Check id -> the steps whose capture shows it; re-checking a finding listens to these again.
A check not named here (no-traffic, stuck-notes...) can show in any step: all of them run again."""


def symptom_for_steps(step_names: list[str]) -> Symptom:
    """The symptom a list of steps most likely answers (for a simulated user who does not say)."""
    if step_names and step_names[0] == "keys":
        return BY_ID["keys-silent"]
    if "sequencer" in step_names:
        return BY_ID["daw-record"] if "pads" in step_names[:1] else BY_ID["sequencer-silent"]
    return BY_ID["other"]


def steps_to_repeat(check: str, captured: list[str]) -> list[str]:
    """The captured steps that can show whether a finding of `check` is mended."""
    wanted = RELEVANT_STEPS.get(check)
    relevant = [name for name in captured if wanted is None or name in wanted]
    return relevant or list(captured)
