"""Check `sysex-filtered`: SysEx from the computer has to pass a device that drops it on the way."""

from __future__ import annotations

from dataclasses import dataclass

from checks.rig_facts import confidence, fact_trusted, fact_words, quiet_line, shows
from diag.engine import Check, Confidence, Evidence, Finding, Fix, PortTraffic, fix
from diag.knowledge import Fact, Route
from diag.rig import Rig, RigDevice, SignalPath

SYSEX_STEP = "sysex"
"""The step in which the computer sends SysEx: a firmware update, an editor, `midi-diag identify`."""


@dataclass(frozen=True)
class Blocked:
    """A path from the computer to a device that takes SysEx, and the first hop that may drop it."""

    path: SignalPath
    hop: int
    """Index of the connection that leaves the filtering device."""
    filter: RigDevice
    route: Route
    takers: tuple[str, ...]
    """The devices after the hop that are set up or updated by SysEx."""

    @property
    def sysex(self) -> Fact:
        assert self.route.sysex is not None
        return self.route.sysex

    @property
    def drops(self) -> bool:
        """True when the knowledge says the hop drops SysEx; False when it is unknown."""
        return self.sysex.value is False


class SysexFilteredCheck(Check):
    """SysEx sent from the computer is dropped by a device on the way to the one that needs it.

    Symptom: a firmware update or an editor cannot reach the device ("inquiry failed", settings
    that never change), while notes get through the same cables.
    Cause: a device between the computer and the target passes notes but drops System Exclusive
    messages, e.g. an Arturia KeyStep from its USB to its MIDI OUT, in front of an RK-002.
    Fix: connect the target to the computer by a path that passes SysEx: a USB-MIDI interface
    (one that also powers a MIDI-powered cable), not the controller.
    """

    id = "sysex-filtered"
    title = "SysEx does not get through"
    symptom = "a firmware update or an editor cannot reach the device (\"inquiry failed\")"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        rig = evidence.rig
        assert rig is not None
        blocked = _blocked_paths(rig)
        if not blocked:
            return [self.passed("No device that drops SysEx stands between a computer and a device set up by "
                                "SysEx.", confidence=Confidence.MEDIUM, title="SysEx paths clear")]
        return [self._judge(evidence, item) for item in blocked]

    def _judge(self, evidence: Evidence, blocked: Blocked) -> Finding:
        entries = _beyond(evidence, blocked)
        lines = _lines(evidence, blocked, entries)
        takers = ", ".join(blocked.takers)
        if not entries:
            return self.skip(
                f"SysEx from the computer to {takers} must pass {_hop_words(blocked)}, which "
                f"{'drops' if blocked.drops else 'may drop'} it ({fact_words(blocked.sysex)}); no capture shows "
                "whether it gets through.",
                needs=f"Capture the '{SYSEX_STEP}' step while the computer sends SysEx towards {takers} (a firmware "
                      "update, an editor, midi-diag identify), on a port that observes the far side.",
                steps=(f"midi-diag diagnose --rig RIG.toml --listen PORT --seconds 10 --step {SYSEX_STEP}",),
                evidence=lines)
        if any(entry.sysex.count for entry in entries):
            return self.passed(f"SysEx got past {blocked.filter.name} during '{SYSEX_STEP}'.", evidence=lines,
                               title="SysEx gets through")
        assert evidence.rig is not None
        return self._lost(evidence.rig, blocked, lines)

    def _lost(self, rig: Rig, blocked: Blocked, lines: list[str]) -> Finding:
        takers = ", ".join(blocked.takers)
        fixes = [_route_around(rig, blocked)]
        if blocked.drops:
            summary = (f"While the computer sent SysEx, none arrived past {_hop_words(blocked)}: the "
                       f"{blocked.filter.model.title} passes notes there but drops SysEx, so {takers} never "
                       "hears a firmware update, an editor or an identity request.")
            return self.fail(summary, evidence=lines, fixes=fixes,
                             confidence=confidence(True, fact_trusted(blocked.sysex)))
        summary = (f"While the computer sent SysEx, none arrived past {_hop_words(blocked)}, and whether the "
                   f"{blocked.filter.model.title} passes SysEx there is not known.")
        settle = blocked.sysex.settle
        if settle:
            fixes.insert(0, fix("Find out whether it passes SysEx.", settle[0].upper() + settle[1:] + "."))
        return self.warn(summary, evidence=lines, fixes=fixes, confidence=Confidence.MEDIUM,
                         title="SysEx may be filtered")


def _blocked_paths(rig: Rig) -> list[Blocked]:
    """Every computer-to-SysEx-device path with a hop that drops (or may drop) SysEx, one per hop and target."""
    found: dict[tuple[str, tuple[str, ...]], Blocked] = {}
    for name in rig.devices:
        for path in rig.sources_of(name):
            if rig.device(path.origin.device).kind != "computer":
                continue
            blocked = _first_filter(rig, path)
            if blocked is not None:
                found.setdefault((blocked.filter.name, blocked.takers), blocked)
    return list(found.values())


def _first_filter(rig: Rig, path: SignalPath) -> Blocked | None:
    for hop in range(1, len(path.connections)):
        arriving, leaving = path.connections[hop - 1], path.connections[hop]
        device = rig.device(leaving.source.device)
        route = _route(device, arriving.target.port, leaving.source.port)
        if route is None or route.sysex is None or route.sysex.value is True:
            continue
        takers = _takers(rig, path, hop)
        return Blocked(path, hop, device, route, takers) if takers else None
    return None


def _route(device: RigDevice, source: str, target: str) -> Route | None:
    return next((r for r in device.model.routes if r.source_port == source and r.target_port == target), None)


def _takers(rig: Rig, path: SignalPath, hop: int) -> tuple[str, ...]:
    """Devices at or after the hop's far side that are configured or updated by SysEx."""
    names: list[str] = []
    for connection in path.connections[hop:]:
        names += [connection.through] if connection.through else []
        names.append(connection.target.device)
    return tuple(name for name in dict.fromkeys(names) if _takes_sysex(rig.device(name)))


def _takes_sysex(device: RigDevice) -> bool:
    """A device with SysEx of its own that users send it (a SysEx header or an update path in the knowledge),
    and that has no USB port of its own to reach the computer by."""
    header = device.model.sysex.header
    update = device.model.behaviour.get("update_path")
    has_usb = any(port.kind == "usb" for port in device.model.ports.values())
    return not has_usb and ((header is not None and header.known) or (update is not None and update.known))


def _beyond(evidence: Evidence, blocked: Blocked) -> list[PortTraffic]:
    """What ports observing the path past the filtering hop showed during the SysEx step."""
    entries = []
    for connection in blocked.path.connections[blocked.hop:]:
        target = connection.target
        entries += evidence.traffic_of(target.device, SYSEX_STEP, target.port)
    return entries


def _hop_words(blocked: Blocked) -> str:
    route = blocked.route
    return f"{blocked.filter.name} (from its {route.source_port} to its {route.target_port})"


def _lines(evidence: Evidence, blocked: Blocked, entries: list[PortTraffic]) -> list[str]:
    passes = {True: "yes", False: "no"}.get(blocked.sysex.value, "unknown")
    route = blocked.route
    lines = [f"the rig's path: {blocked.path}",
             (f"{blocked.filter.name} passes SysEx from {route.source_port} to {route.target_port}: {passes} "
             f"({fact_words(blocked.sysex)})")]
    for entry in entries:
        if entry.sysex.count:
            lines.append(f"{shows(evidence, entry)}: {entry.sysex.count} SysEx messages arrived")
        else:
            lines.append(quiet_line(evidence, entry).replace("no note or controller", "no SysEx"))
    for name in blocked.takers:
        update = evidence.rig.device(name).model.behaviour.get("update_path") if evidence.rig else None
        if update is not None and update.known:
            lines.append(f"{name}: {update.value} ({update.confidence})")
    return lines


def _route_around(rig: Rig, blocked: Blocked) -> Fix:
    takers = ", ".join(blocked.takers)
    steps = [(f"Plug {takers} into a USB-MIDI interface's MIDI OUT (and its output into the interface's "
             "MIDI IN, so replies come back), and send the SysEx to that interface.")]
    if any(_midi_powered(rig.device(name)) for name in blocked.takers):
        steps.append("A MIDI-powered cable needs an interface whose MIDI OUT powers it (see midi-power).")
    return fix(f"Connect {takers} to the computer by a path without the {blocked.filter.model.title}.", *steps)


def _midi_powered(device: RigDevice) -> bool:
    needs = device.model.power.needs_midi_power
    return needs is not None and needs.value is True
