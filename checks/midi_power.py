"""Check `midi-power`: a MIDI-powered cable or device plugged into a jack that may not power it."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import (
    PLAYED_STEPS,
    confidence,
    fact_trusted,
    fact_words,
    quiet_line,
    shows,
)
from diag.engine import Check, Confidence, Evidence, Finding, Fix, PortTraffic, fix
from diag.knowledge import Fact
from diag.rig import POWER_SOURCES, PortRef, Rig, RigDevice

WEAK_POWER = frozenset({"battery", "usb-tablet", "midi"})
"""Power sources with little current to spare: a KeyStep on a power bank or a phone may run
itself but not a cable on its MIDI OUT as well (the users in forum case 000 who got it
working powered the KeyStep from a computer or a powered hub)."""

STRONG_POWER = frozenset({"usb-computer", "usb-hub", "usb-charger", "adapter"})
"""Power sources that leave current for a MIDI-powered cable, where the jack supplies power at all."""


@dataclass(frozen=True)
class Flow:
    """Whether MIDI got through the powered device in the played steps, from what shows it."""

    through: list[PortTraffic]
    """Entries at the far end that carried messages."""
    quiet: list[PortTraffic]
    """Entries at the far end that carried nothing at all."""

    @property
    def passes(self) -> bool | None:
        """True: MIDI came through (so it has power); False: nothing came; None: not observed."""
        if self.through:
            return True
        return False if self.quiet else None


class MidiPowerCheck(Check):
    """A MIDI-powered cable gets no power from the jack it is plugged into.

    Symptom: nothing at all passes through an RK-002 (or another MIDI-powered gadget), or it
    works at the desk and not on the road; it may keep working for a while after unplugging.
    Cause: the cable lives on the current of the MIDI OUT it is plugged into; not every MIDI OUT
    supplies it (a 3.3 V output, a floating ground pin), and a sender running from a battery pack
    or a phone may not have the current to spare.
    Fix: measure pin 4 to pin 2 of the sending jack, power the sender from a computer or a powered
    hub, or plug the cable into a jack known to power it.
    """

    id = "midi-power"
    title = "MIDI-powered device without power"
    symptom = "nothing at all passes through a MIDI-powered cable such as an RK-002"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        powered = [d for d in rig.devices.values() if _needs_power(d)]
        if not powered:
            return [self.skip("No device in the rig runs on MIDI power.",
                              needs="Nothing to do unless a MIDI-powered cable or gadget (an RK-002) is in the rig.")]
        return [self._judge(evidence, device) for device in powered]

    def _judge(self, evidence: Evidence, device: RigDevice) -> Finding:
        rig = evidence.rig
        assert rig is not None
        feed = rig.power_feed(device.name)
        if feed is None:
            return self.skip(f"{device.name} is not plugged into anything in the rig.",
                             needs=f"Wire it: through = \"{device.name}\" on the connection it sits in.")
        supply = rig.device(feed.device).model.ports[feed.port].supplies_power
        flow = _flow(evidence, rig, device.name)
        lines = _lines(evidence, rig, device, feed, supply, flow)
        if flow.passes:
            return self.passed(f"MIDI passes through {device.name}, so it gets power from {feed}.", evidence=lines,
                               confidence=Confidence.HIGH, title="MIDI power present")
        if supply is not None and supply.value is False:
            return self.fail(f"{feed} does not supply MIDI power, and {device.name} runs on nothing else.",
                             evidence=lines, fixes=_fixes(rig, device, feed, supply),
                             confidence=confidence(flow.passes is False, fact_trusted(supply)))
        if supply is not None and supply.value is True:
            return self.passed(f"{feed} supplies MIDI power ({supply.confidence}).", evidence=lines,
                               confidence=confidence(False, fact_trusted(supply)), title="MIDI power present")
        return self._uncertain(rig, device, feed, supply, flow, lines)

    def _uncertain(self, rig: Rig, device: RigDevice, feed: PortRef, supply: Fact | None, flow: Flow,
                   lines: list[str]) -> Finding:
        power = rig.device(feed.device).power
        fixes = _fixes(rig, device, feed, supply)
        unknown = (f"Whether {feed} can power {device.name} is not established"
                   f"{' (reports conflict)' if supply is not None and 'conflict' in supply.note else ''}")
        if power in WEAK_POWER and flow.passes is False:
            return self.fail(f"Nothing passes through {device.name}, and {feed.device} runs from "
                             f"{POWER_SOURCES[power]}. {unknown}; with that supply it most likely cannot.",
                             evidence=lines, fixes=fixes, confidence=Confidence.MEDIUM)
        if power in WEAK_POWER:
            return self.warn(f"{device.name} draws its power from {feed}, and {feed.device} runs from "
                             f"{POWER_SOURCES[power]}. {unknown}.", evidence=lines, fixes=fixes,
                             confidence=Confidence.LOW, title="MIDI power in doubt")
        if flow.passes is False:
            return self.warn(f"Nothing passes through {device.name}. {unknown}, so missing power is one "
                             "possible cause (look at the other findings too).", evidence=lines, fixes=fixes,
                             confidence=Confidence.LOW, title="MIDI power in doubt")
        return self.skip(f"{unknown}, and no capture shows whether MIDI gets through {device.name}.",
                         needs=_needs(device, feed, power), evidence=lines)


def _needs_power(device: RigDevice) -> bool:
    fact = device.model.power.needs_midi_power
    return fact is not None and fact.value is True


def _far_ends(rig: Rig, name: str) -> list[PortRef]:
    carried = rig.connection_through(name)
    if carried is not None:
        return [carried.target]
    return [connection.target for connection in rig.connections_from(name)]


def _flow(evidence: Evidence, rig: Rig, name: str) -> Flow:
    through: list[PortTraffic] = []
    quiet: list[PortTraffic] = []
    for end in _far_ends(rig, name):
        for step in PLAYED_STEPS:
            for entry in evidence.traffic_of(end.device, step, end.port):
                (quiet if entry.silent else through).append(entry)
    return Flow(through, quiet)


def _lines(evidence: Evidence, rig: Rig, device: RigDevice, feed: PortRef, supply: Fact | None,
           flow: Flow) -> list[str]:
    sender = rig.device(feed.device)
    power = POWER_SOURCES.get(sender.power or "", "not stated in the rig")
    lines = [f"{device.name} runs on MIDI power and draws it from {feed} (where its input plug sits)",
             f"{feed.device} is powered by: {power}",
             f"{feed} supplies MIDI power: {supply.value if supply else 'unknown'} ({fact_words(supply)})"]
    lines += [f"{shows(evidence, e)}: {e.messages} messages came through" for e in flow.through]
    lines += [quiet_line(evidence, entry) for entry in flow.quiet]
    stored = device.model.behaviour.get("runs_after_unplug")
    if stored is not None and stored.known:
        lines.append(f"{device.name}: {stored.value} ({stored.confidence})")
    return lines


def _fixes(rig: Rig, device: RigDevice, feed: PortRef, supply: Fact | None) -> list[Fix]:
    sender = rig.device(feed.device)
    measure = supply.settle if supply is not None and supply.settle else \
        f"measure pin 4 to pin 2 on {feed} with nothing plugged in (about 4 V or more powers a MIDI-powered cable)"
    fixes = [fix(f"Find out whether {feed} gives power.", measure[0].upper() + measure[1:] + ".")]
    if sender.power not in STRONG_POWER:
        fixes.append(fix(f"Power the {sender.model.title} from a computer's USB port or a powered USB hub, "
                         "not a battery pack or a phone.", "Then try again; the cable needs a few seconds."))
    powering = _powering_jacks(rig, feed)
    if powering:
        fixes.append(fix(f"Plug {device.name} into a jack known to power it.", *powering))
    return fixes


def _powering_jacks(rig: Rig, feed: PortRef) -> list[str]:
    """Other jacks in the rig that the knowledge says supply MIDI power."""
    found = []
    for device in rig.devices.values():
        for port_id, port in device.model.ports.items():
            supply = port.supplies_power
            if supply is not None and supply.value is True and PortRef(device.name, port_id) != feed:
                found.append(f"{device.name}.{port_id} ({port.label}) supplies MIDI power ({fact_words(supply)})")
    return found


def _needs(device: RigDevice, feed: PortRef, power: str | None) -> str:
    parts = [f"capture the 'keys' step on a port that observes where {device.name}'s output goes"]
    if power is None:
        parts.append(f"state how {feed.device} is powered (power = \"usb-computer\", \"battery\"...)")
    parts.append(f"or measure pin 4 to pin 2 on {feed}")
    return "To decide: " + "; ".join(parts) + "."
