"""Check `clock`: two clock sources, a clock too irregular to follow, a wandering tempo, start without clock."""

from __future__ import annotations

from diag.engine import (
    Check,
    ClockStats,
    Confidence,
    Evidence,
    Finding,
    Fix,
    PortTraffic,
    fix,
    plural,
    where,
)
from diag.engine.clock import PPQN
from diag.engine.words import step_words
from diag.knowledge import load_model

MIN_TICKS = 2 * PPQN
"""Two beats of ticks before a tempo is judged."""

TEMPO_AGREEMENT = 0.01
"""Two ports carrying one clock (passed on by a thru or a device) agree on the tempo within a
fraction of this: the tempo is averaged over many ticks, and DIN or USB jitter is about a
millisecond per tick. Tempos more than 1 % apart are two clocks."""

IRREGULAR = 0.35
"""Tick jitter above 35 % of the tick interval. One clock over DIN or USB jitters by about a
millisecond (5 % of a tick at 120 BPM, 12 % at 300 BPM); two clocks merged into one port
interleave their ticks and jump between short and long intervals."""

BEAT_SPREAD = 0.03
"""Single beats (24 ticks) whose tempo spreads over more than 3 % (5th to 95th percentile):
audible drift. Averaged over a beat, a millisecond of jitter is under 1 % up to 300 BPM."""

MIN_BEATS = 4
"""Beats needed before the spread of their tempo is judged."""

DROPOUT_SHARE = 0.01
"""More than 1 % of the intervals long enough to have lost a tick: the follower falls behind."""

REFERENCE_MODEL = "elektron-digitakt"
"""Where the menu paths quoted in the fixes come from (the Elektron boxes share them)."""


class ClockCheck(Check):
    """Clock problems: two sources, an irregular or wandering clock, start with no clock.

    Symptom: synced devices drift apart, run at double or odd tempo, stutter, or do not
    start together with the master.
    Cause: two devices both send clock (both with clock send on, or a merge of two clocks),
    a clock source that jitters or drops ticks (a busy computer, a long USB chain), or a
    master that sends start but no clock ticks.
    Fix: let one device send clock and every other follow it (clock send off, clock receive
    on), keep the clock off busy paths, and turn clock send on at the master.
    """

    id = "clock"
    title = "MIDI clock"
    symptom = "synced devices drift apart, run at the wrong tempo or do not start together"

    def run(self, evidence: Evidence) -> list[Finding]:
        ticking = [entry for entry in evidence.traffic if entry.clock]
        started = [entry for entry in evidence.traffic if _starts(entry)]
        if not ticking and not started:
            return [self.skip("No clock and no start message came, so there is no sync to judge.",
                              needs="If a device should follow another's tempo, capture the 'sequencer' "
                                    "step with the clock source playing.")]
        findings = [f for step in evidence.traffic.steps for f in self._judge_step(evidence, step)]
        findings += self._followers_without_clock(evidence)
        return findings or [self._healthy(ticking)]

    def _followers_without_clock(self, evidence: Evidence) -> list[Finding]:
        """A device the rig sets to receive clock whose observed input gets none while its source sends it."""
        findings = []
        for port in evidence.observers:
            follower = _clock_follower_input(evidence, port)
            if follower is None:
                continue
            for entry in evidence.traffic.for_port(port):
                source = None if entry.clock else _clock_source_of(evidence, follower, entry.step)
                if source is not None:
                    findings.append(self._clock_lost(entry, follower, source))
        return findings

    def _clock_lost(self, entry: PortTraffic, follower: str, source: PortTraffic) -> Finding:
        return self.fail(
            f"During {step_words(entry.step)} clock left a device that feeds {follower}, but none arrived "
            f"there, and the rig sets {follower.split('.')[0]} to receive clock: it cannot follow the tempo.",
            evidence=[_tempo_words(source), f"{where(entry.port, entry.step)} (shows {follower}): 0 clock ticks"],
            fixes=(fix("Let the clock through to the follower.",
                       f"On the sending Elektron box: {_menu('clock_send')} on.",
                       "Every device in between must pass clock (a thru port, or a hub or cable set to pass "
                       "real-time messages)."),),
            title="Clock does not arrive")

    def _judge_step(self, evidence: Evidence, step: str | None) -> list[Finding]:
        entries = list(evidence.traffic.for_step(step))
        judged = [e for e in entries if e.clock and e.clock.ticks >= MIN_TICKS and e.clock.bpm]
        findings = self._two_tempos(step, judged)
        for entry in judged:
            findings += self._one_port(entry)
        findings += [self._start_without_clock(e) for e in entries if _starts(e) and not e.clock]
        return findings

    def _two_tempos(self, step: str | None, judged: list[PortTraffic]) -> list[Finding]:
        if len(judged) < 2:
            return []
        tempos = sorted(judged, key=lambda e: _clock(e).bpm or 0.0)
        slow, fast = _clock(tempos[0]).bpm or 0.0, _clock(tempos[-1]).bpm or 0.0
        if fast <= slow * (1 + TEMPO_AGREEMENT):
            return []
        return [self.fail(
            f"During {step_words(step)} clock came at different tempos on different ports: two devices "
            "send clock, and each follower runs at the tempo of whichever clock reaches it.",
            evidence=[_tempo_words(e) for e in tempos], fixes=self._one_master(),
            confidence=Confidence.MEDIUM, title="Two clock sources")]

    def _one_port(self, entry: PortTraffic) -> list[Finding]:
        clock = _clock(entry)
        irregularity, spread = clock.irregularity or 0.0, clock.beat_spread or 0.0
        if irregularity > IRREGULAR:
            return [self.fail(
                f"The clock ticks on {where(entry.port, entry.step)} jump between short and long intervals: "
                f"jitter is {irregularity:.0%} of a tick. That is two clocks merged into one stream, or a "
                "clock source that cannot keep time; followers stutter or run at a wrong tempo.",
                evidence=[_tempo_words(entry), _jitter_words(clock)], fixes=self._one_master(),
                confidence=Confidence.MEDIUM, title="Clock ticks irregular")]
        findings = []
        if clock.beats >= MIN_BEATS and spread > BEAT_SPREAD:
            findings.append(self._wandering(entry, clock, spread))
        if clock.dropouts >= 2 and clock.dropouts > DROPOUT_SHARE * clock.ticks:
            findings.append(self._dropouts(entry, clock))
        return findings

    def _wandering(self, entry: PortTraffic, clock: ClockStats, spread: float) -> Finding:
        return self.warn(
            f"The tempo on {where(entry.port, entry.step)} wanders: single beats range from "
            f"{clock.beat_bpm_low:g} to {clock.beat_bpm_high:g} BPM ({spread:.1%}). Unless the tempo was "
            "changed during the capture, followers will drift.",
            evidence=[_tempo_words(entry), _jitter_words(clock)],
            fixes=(_STEADY_FIX,), title="Unstable tempo")

    def _dropouts(self, entry: PortTraffic, clock: ClockStats) -> Finding:
        return self.warn(
            f"On {where(entry.port, entry.step)} {plural(clock.dropouts, 'gap')} in the clock lasted "
            "long enough to lose at least one tick; a follower falls behind each time.",
            evidence=[_tempo_words(entry), f"{plural(clock.dropouts, 'interval')} over 1.5 ticks long"],
            fixes=(_STEADY_FIX,), title="Clock ticks missing")

    def _start_without_clock(self, entry: PortTraffic) -> Finding:
        kinds = ", ".join(dict.fromkeys(event.kind for event in entry.transport))
        return self.warn(
            f"On {where(entry.port, entry.step)} transport messages came ({kinds}) but no clock tick: a "
            "device set to follow clock starts and then waits for ticks that never come.",
            evidence=[(f"{where(entry.port, entry.step)}: {entry.count('start')} start, "
                       f"{entry.count('continue')} continue, {entry.count('stop')} stop, 0 clock")],
            fixes=(fix("Turn clock send on at the device that sends start.",
                       f"On Elektron boxes: {_menu('clock_send')} on."),),
            title="Start without clock")

    def _healthy(self, ticking: list[PortTraffic]) -> Finding:
        return self.passed("One steady clock per step; no port mixes two.",
                           evidence=[_tempo_words(e) for e in ticking], title="Clock steady")

    def _one_master(self) -> tuple[Fix, ...]:
        return (fix("Let one device send clock and make every other one follow it.",
                    f"On each device that should follow: {_menu('clock_send')} off and "
                    f"{_menu('clock_receive')} on (Elektron boxes; other devices call it sync or clock source).",
                    "In a computer: send clock to each port from one place only, and not back to the port "
                    "clock comes in from."),)


_STEADY_FIX = fix("Give the clock a steady path.",
                  "Send it from a device or interface rather than through a busy computer or a long USB hub chain.",
                  "If the computer is the master, raise its MIDI clock priority or use its sync plug-in.")


def _clock_follower_input(evidence: Evidence, port: str) -> str | None:
    """'device.port' when the capture port shows an input of a device the rig sets to receive clock."""
    observer = evidence.observer(port)
    if evidence.rig is None or observer is None:
        return None
    device = evidence.rig.devices.get(observer.sees.device)
    model_port = device.model.ports.get(observer.sees.port) if device else None
    if device is None or model_port is None or model_port.direction != "in":
        return None
    if device.setting_spec("clock_receive") is None:
        return None
    setting = device.setting("clock_receive")
    return str(observer.sees) if setting.known and setting.value is True else None


def _clock_source_of(evidence: Evidence, follower: str, step: str | None) -> PortTraffic | None:
    """Clock sent in this step by a device the rig says feeds the follower's input."""
    assert evidence.rig is not None
    device, port = follower.split(".", 1)
    for path in evidence.rig.sources_of(device, port):
        ticking = [e for e in evidence.sent_by(path.origin.device, step) if e.clock]
        if ticking:
            return ticking[0]
    return None


def _starts(entry: PortTraffic) -> bool:
    return any(event.kind in ("start", "continue") for event in entry.transport)


def _clock(entry: PortTraffic) -> ClockStats:
    assert entry.clock is not None
    return entry.clock


def _tempo_words(entry: PortTraffic) -> str:
    clock = _clock(entry)
    tempo = f"{clock.bpm:g} BPM" if clock.bpm else "too few ticks for a tempo"
    return f"{where(entry.port, entry.step)}: {plural(clock.ticks, 'tick')}, {tempo}"


def _jitter_words(clock: ClockStats) -> str:
    beats = (f"; beats from {clock.beat_bpm_low:g} to {clock.beat_bpm_high:g} BPM"
             if clock.beat_bpm_low is not None else "")
    return f"tick interval {clock.tick_ms:g} ms, jitter {clock.jitter_ms:g} ms{beats}"


def _menu(setting: str) -> str:
    """The menu path of a clock setting, from the device knowledge."""
    return str(load_model(REFERENCE_MODEL).settings[setting].menu.value)
