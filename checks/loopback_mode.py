"""Check `loopback-mode`: a smart cable in loopback mode fed by anything but the device it loops on."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import (
    PLAYED_STEPS,
    confidence,
    fact_trusted,
    fact_words,
    menu_of,
    notes_line,
    quiet_line,
    sentence,
    setting_words,
    title_of,
    trusted,
    with_notes,
)
from diag.engine import Check, Evidence, Finding, Fix, PortTraffic, fix
from diag.knowledge import Fact
from diag.rig import PortRef, Rig, RigDevice, SettingValue

LOOPBACK = "loopback"
"""The firmware setting (diag.knowledge vocabulary)."""

BLOCKS = "loopback_blocks_other_sources"
"""The firmware behaviour that says loopback drops MIDI from other devices."""


@dataclass(frozen=True)
class Ends:
    """Where a cable's input plug sits (the sending jack) and where its output plug goes."""

    source: PortRef
    target: PortRef


@dataclass(frozen=True)
class Wire:
    """What the captures show at both ends of the cable during the played steps."""

    sent: list[PortTraffic]
    """Entries in which the feeding device sent notes."""
    arrived: list[PortTraffic]
    """Entries observing the far end that carried channel messages."""
    quiet: list[PortTraffic]
    """Entries observing the far end that carried none."""


class LoopbackModeCheck(Check):
    """An RK-002 in loopback mode swallows MIDI that does not come from the device it loops on.

    Symptom: a controller plays a Digitakt through an RK-002 with the Digitakt firmware and
    nothing at all arrives, while the same cable works plugged from the Digitakt's OUT into
    its own IN.
    Cause: the Digitakt firmware ships in loopback mode; in it the cable only lets through
    what the Digitakt itself sends, so MIDI from a keyboard is dropped inside the cable.
    Fix: switch loopback mode off in the cable's firmware settings (DUY Exchange Portal),
    from an interface that passes SysEx and powers the cable.
    """

    id = "loopback-mode"
    title = "Cable in loopback mode"
    symptom = "nothing arrives through an RK-002 from a keyboard, though it works in the device's own loop"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        cables = [d for d in rig.devices.values() if _has_loopback(d)]
        if not cables:
            return [self.skip("No cable in the rig runs a firmware with a loopback mode.",
                              needs="Nothing to do unless an RK-002 with a loopback firmware (the Digitakt "
                                    "firmware) is in the rig; name its firmware: firmware = \"digitakt\".")]
        return [self._judge(evidence, cable) for cable in cables]

    def _judge(self, evidence: Evidence, cable: RigDevice) -> Finding:
        if cable.firmware is None:
            return self.skip(f"The rig does not say which firmware {cable.name} runs, and only some have a "
                             "loopback mode.", needs=f"State it: [devices.{cable.name}] firmware = \"digitakt\" "
                                                     "(or the firmware it runs).")
        rig = evidence.rig
        assert rig is not None
        ends = _ends(rig, cable.name)
        if ends is None:
            return self.skip(f"{cable.name} is not wired in the rig.",
                             needs=f"Wire it: through = \"{cable.name}\" on the connection it sits in.")
        loopback = cable.setting(LOOPBACK)
        looped = ends.source.device == ends.target.device
        if loopback.value is True and not looped:
            return self._foreign_source(evidence, cable, ends, loopback)
        if loopback.value is False and looped:
            return self._loop_without_loopback(rig, cable, ends, loopback)
        return self._fine(rig, cable, ends, loopback)

    def _foreign_source(self, evidence: Evidence, cable: RigDevice, ends: Ends, loopback: SettingValue) -> Finding:
        rig = evidence.rig
        assert rig is not None
        wire = _wire(evidence, ends)
        blocks = _blocks(cable)
        lines = _lines(evidence, cable, ends, loopback, blocks, wire)
        if wire.arrived:
            return self.passed(f"{cable.name} is in loopback mode per the rig, yet MIDI from {ends.source.device} "
                               f"arrived at {ends.target}: the cable passes it, so loopback is probably off. "
                               "Correct the rig file.", evidence=lines, confidence=confidence(True, False))
        if not wire.quiet:
            return self.skip(
                f"The rig puts {cable.name} in loopback mode between {ends.source} and {ends.target}; in that "
                f"mode the firmware drops MIDI that does not come from {ends.target.device}. No capture shows "
                f"what arrives at {ends.target}, so it is not confirmed.",
                needs=f"Capture the 'keys' step on a port that observes {ends.target} (an interface on "
                      f"{ends.target.device}'s THRU).", evidence=lines)
        summary = (f"{sentence(title_of(rig, ends.source.device))} feeds {cable.name}, which runs its "
                   f"{cable.model.firmwares[cable.firmware or ''].name} in loopback mode. In that mode the "
                   f"cable expects to sit in {ends.target.device}'s own OUT-to-IN loop and drops MIDI from "
                   f"anything else, so nothing reaches {ends.target}.")
        sure = confidence(True, trusted(loopback) and fact_trusted(blocks))
        return self.fail(summary, evidence=lines, fixes=[_switch_off(cable)], confidence=sure)

    def _loop_without_loopback(self, rig: Rig, cable: RigDevice, ends: Ends, loopback: SettingValue) -> Finding:
        device = ends.target.device
        summary = (f"{cable.name} sits in {device}'s own OUT-to-IN loop with loopback mode off, so what "
                   f"{device} sends comes straight back into it; loopback mode is what keeps it from "
                   "hearing its own MIDI.")
        lines = [f"{cable.name} is plugged from {ends.source} into {ends.target}",
                 setting_words(cable, "loopback mode", loopback)]
        steps = [menu_of(cable, LOOPBACK) or "the cable's firmware settings"]
        return self.warn(summary, evidence=lines, fixes=[fix("Switch loopback mode on for this wiring.", *steps)],
                         confidence=confidence(False, trusted(loopback)), title="Cable loop without loopback mode")

    def _fine(self, rig: Rig, cable: RigDevice, ends: Ends, loopback: SettingValue) -> Finding:
        how = "in loopback mode inside its own device's loop" if loopback.value else "with loopback mode off"
        return self.passed(f"{cable.name} runs {how}, which suits where it is plugged.",
                           evidence=[f"{cable.name} is plugged from {ends.source} into {ends.target}",
                                     setting_words(cable, "loopback mode", loopback)],
                           confidence=confidence(False, trusted(loopback)), title="Loopback mode suits the wiring")


def _has_loopback(device: RigDevice) -> bool:
    """A device that runs (or may run) a firmware with a loopback setting."""
    if device.firmware is not None:
        return device.setting_spec(LOOPBACK) is not None
    return any(LOOPBACK in firmware.settings for firmware in device.model.firmwares.values())


def _ends(rig: Rig, cable: str) -> Ends | None:
    carried = rig.connection_through(cable)
    if carried is not None:
        return Ends(carried.source, carried.target)
    into, out_of = rig.connections_into(cable), rig.connections_from(cable)
    if into and out_of:
        return Ends(into[0].source, out_of[0].target)
    return None


def _blocks(cable: RigDevice) -> Fact | None:
    firmware = cable.model.firmwares.get(cable.firmware or "")
    return firmware.behaviour.get(BLOCKS) if firmware is not None else None


def _wire(evidence: Evidence, ends: Ends) -> Wire:
    sent: list[PortTraffic] = []
    arrived: list[PortTraffic] = []
    quiet: list[PortTraffic] = []
    for step in PLAYED_STEPS:
        sent += with_notes(evidence.sent_by(ends.source.device, step))
        for entry in evidence.traffic_of(ends.target.device, step, ends.target.port):
            (arrived if entry.channel_messages else quiet).append(entry)
    return Wire(sent, arrived, quiet)


def _lines(evidence: Evidence, cable: RigDevice, ends: Ends, loopback: SettingValue, blocks: Fact | None,
           wire: Wire) -> list[str]:
    lines = [f"{cable.name} is plugged from {ends.source} into {ends.target}",
             setting_words(cable, "loopback mode", loopback)]
    if blocks is not None:
        lines.append(f"in loopback mode the firmware drops MIDI from other devices ({fact_words(blocks)})")
    lines += [notes_line(evidence, entry) for entry in wire.sent]
    lines += [quiet_line(evidence, entry) for entry in wire.quiet]
    lines += [notes_line(evidence, entry) for entry in wire.arrived]
    return lines


def _switch_off(cable: RigDevice) -> Fix:
    steps = [f"Retrokits firmware settings: {menu_of(cable, LOOPBACK) or 'the cable firmware settings page'}."]
    update = cable.model.behaviour.get("update_path")
    if update is not None and update.known:
        steps.append(f"The settings reach the cable by SysEx: {update.value} ({update.confidence}).")
    return fix(f"Switch loopback mode off in {cable.name}'s firmware.", *steps)
