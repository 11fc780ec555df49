"""Check `no-traffic`: nothing at all on the wire during a step in which the user played something."""

from __future__ import annotations

from functools import cache

from diag.engine import (
    CapturedStep,
    Check,
    Confidence,
    Evidence,
    Finding,
    Fix,
    PortTraffic,
    fix,
    plural,
    where,
)
from diag.engine.words import counts_words, step_words
from diag.knowledge import load_model

QUIET_STEPS = frozenset({"idle"})
"""Steps in which silence is what a healthy rig shows."""

PLAYED_STEPS = frozenset({"keys", "pads"})
"""Steps in which a person plays notes, so notes or controllers must come somewhere."""

BACKGROUND_KINDS = frozenset({"clock", "active_sensing"})
"""Kinds a device sends on its own, whether anyone plays or not."""

REFERENCE_MODEL = "elektron-digitakt"
"""Where the Elektron menu paths quoted in the fixes come from (the Elektron boxes share them)."""


@cache
def no_traffic_fixes() -> tuple[Fix, ...]:
    """Cables, the sender's output settings (menu paths from the device knowledge), MIDI power."""
    settings = load_model(REFERENCE_MODEL).settings
    return (
        fix("Check that the sending device sends MIDI on the port you use.",
            f"On Elektron boxes: {settings['output_to'].menu.value} includes MIDI (or USB), and "
            f"{settings['out_port_function'].menu.value} is MIDI.",
            "On a controller: its MIDI output is on and goes to the DIN (or USB) port you use."),
        fix("Check the cable runs from an OUT to an IN, and that both plugs sit fully in.",
            "Follow the cable from the sending device's MIDI OUT (not THRU or IN) to the next device's MIDI IN.",
            "Swap in a cable that works elsewhere."),
        fix("A MIDI-powered cable or adapter (an RK-002) needs power from the port that feeds it.",
            "Try it from a port known to supply power, or power the sender from a mains or USB supply."),
    )


class NoTrafficCheck(Check):
    """Nothing came on the wire while the user played.

    Symptom: the receiving device shows no MIDI activity at all; nothing responds.
    Cause: a cable in the wrong jack (THRU, IN to IN), a sender whose MIDI output is off or
    routed elsewhere, a powered cable without power, or the wrong interface port.
    Fix: follow the cable from OUT to IN, turn the sender's MIDI output on for that port,
    and give MIDI-powered cables a port that powers them.
    """

    id = "no-traffic"
    title = "No MIDI traffic where some was expected"
    symptom = "nothing responds; the receiving device shows no MIDI activity at all"

    def run(self, evidence: Evidence) -> list[Finding]:
        if not evidence.steps or not len(evidence.traffic):
            return [self.skip("No traffic was captured, so there is nothing to judge.",
                              needs="Capture a step while playing the controller's keys.",
                              steps=("midi-diag diagnose --listen PORT --seconds 10 --step keys",))]
        if all(step in QUIET_STEPS for step in evidence.step_names):
            return [self.skip("Only idle steps were captured, and silence is normal while nothing is touched.",
                              needs="Capture a step while playing: keys, pads or sequencer.")]
        findings = [f for step in evidence.step_names for f in self._judge_step(evidence, step)]
        return findings or [self._all_flowing(evidence)]

    def _judge_step(self, evidence: Evidence, step: str | None) -> list[Finding]:
        if step in QUIET_STEPS:
            return []
        entries = [evidence.traffic_at(port, step) for port in _ports_of(evidence, step)]
        traffic = [entry for entry in entries if entry is not None]
        if all(entry.silent for entry in traffic):
            return [self._nothing_at_all(step, traffic)]
        if step in PLAYED_STEPS and not any(_played(entry) for entry in traffic):
            return [self._only_background(step, traffic)]
        return [finding for entry in traffic if not entry.channel_messages
                for finding in self._expected_by_rig(evidence, entry)]

    def _expected_by_rig(self, evidence: Evidence, entry: PortTraffic) -> list[Finding]:
        """A quiet observed input whose rig sources did play in the same step."""
        observer = evidence.observer(entry.port)
        if evidence.rig is None or observer is None:
            return []
        for path in evidence.rig.sources_of(observer.sees.device, observer.sees.port):
            playing = _sending(evidence, path.origin.device, entry.step)
            if playing:
                return [self._lost_on_the_way(entry, str(observer.sees), str(path), playing)]
        return []

    def _lost_on_the_way(self, entry: PortTraffic, sees: str, path: str, playing: PortTraffic) -> Finding:
        return self.fail(
            f"During {step_words(entry.step)} nothing played arrived at {sees}, though the rig feeds it "
            f"from a device that was sending at the same time. The MIDI is lost on the way.",
            evidence=[f"{where(playing.port, playing.step)}: {plural(playing.channel_messages, 'channel message')} sent",
                      f"{where(entry.port, entry.step)} (shows {sees}): {counts_words(entry.kinds)}",
                      f"the rig's path: {path}"],
            fixes=no_traffic_fixes(), confidence=Confidence.MEDIUM, title="MIDI lost on the way")

    def _nothing_at_all(self, step: str | None, traffic: list[PortTraffic]) -> Finding:
        lines = [f"{where(entry.port, entry.step)}: 0 messages" for entry in traffic]
        return self.fail(
            f"During {step_words(step)} not a single MIDI message came on "
            f"{'the captured port' if len(traffic) == 1 else f'any of the {len(traffic)} captured ports'}.",
            evidence=lines, fixes=no_traffic_fixes(), title="Nothing at all on the wire")

    def _only_background(self, step: str | None, traffic: list[PortTraffic]) -> Finding:
        lines = [f"{where(entry.port, entry.step)}: {counts_words(entry.kinds)}" for entry in traffic]
        return self.fail(
            f"During {step_words(step)} no note or controller came on any captured port; only "
            "what devices send on their own (clock, active sensing). The cables carry MIDI, "
            "but what was played did not reach them.",
            evidence=lines, fixes=no_traffic_fixes()[:2],
            title="Nothing played reached the wire")

    def _all_flowing(self, evidence: Evidence) -> Finding:
        played = [entry for entry in evidence.traffic if entry.step not in QUIET_STEPS]
        lines = [f"{where(entry.port, entry.step)}: {plural(entry.messages, 'message')}"
                 for entry in played if not entry.silent]
        quiet = [entry for entry in played if entry.silent]
        if quiet:
            lines.append(f"silent: {', '.join(where(e.port, e.step) for e in quiet)}; "
                         "other ports carried traffic in the same step")
        return self.passed("Traffic came in every step in which something was played.",
                           evidence=lines, title="MIDI traffic flows")


def _ports_of(evidence: Evidence, step: str | None) -> list[str]:
    captured: list[CapturedStep] = [s for s in evidence.steps if s.name == step]
    return list(dict.fromkeys(port for s in captured for port in s.ports))


def _sending(evidence: Evidence, device: str, step: str | None) -> PortTraffic | None:
    """An observed port on which this device itself sent channel messages during the step."""
    return next((entry for entry in evidence.sent_by(device, step) if entry.channel_messages), None)


def _played(entry: PortTraffic) -> bool:
    """True when something besides background kinds came (notes, controllers, SysEx...)."""
    return any(kind not in BACKGROUND_KINDS for kind in entry.kinds)
