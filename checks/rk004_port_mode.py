"""Check `rk004-port-mode`: an RK-004 port whose mode or sync rate does not fit what the rig plugs into it."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from diag.engine import Action, Check, Confidence, Evidence, Finding, Fix, fix
from diag.engine.evidence import DeviceReading
from diag.knowledge import Port
from diag.knowledge.facts import Confidence as FactConfidence
from diag.knowledge.vocabulary import SETTINGS
from diag.rig import Connection, PortRef, Rig, RigDevice
from diag.rk004.frames import commit_request, set_request, to_hex
from diag.rk004.params import DIN1_MODE_NAMES, Param, find_param
from diag.rk004.readings import HUB_MODEL, rig_hubs

ACTION_KIND = "rk004-set"
"""The machine fix that writes RK-004 parameters (set, read back, commit); the wizard carries it out."""

SYNC_PREFIX = "SYNCOUT_"
"""DIN modes named so send sync pulses instead of MIDI (the vendor's parameter table)."""

MIDI_BIT_RATE = 31250
"""MIDI 1.0's serial rate in bit/s: a UART mode at another rate cannot talk to a MIDI jack."""

MIDI_PORT_KINDS = frozenset({"din", "trs"})
"""Knowledge port kinds that carry MIDI, unless the port's `carries_midi` fact says it does not."""

PPSN_SUFFIX = "_ppsn"
"""A sync port's pulses per sixteenth note is the setting `<port id without hyphens>_ppsn` of its device
(din3 -> din3_ppsn, sync-out -> syncout_ppsn, sync-in -> syncin_ppsn), where the knowledge has one."""

FROM_KNOWLEDGE = {FactConfidence.VERIFIED: Confidence.HIGH, FactConfidence.FORUM: Confidence.MEDIUM,
                  FactConfidence.UNVERIFIED: Confidence.LOW}
"""How far a finding resting on a knowledge default is trusted, by the fact's confidence."""


class Need(Enum):
    """What the hub's port must do for the port plugged into it."""

    SEND_MIDI = "send MIDI"
    RECEIVE_MIDI = "receive MIDI"
    SEND_SYNC = "send sync pulses"


FITTING_MODE: Mapping[Need, str] = {Need.SEND_MIDI: "MIDI_OUT", Need.RECEIVE_MIDI: "MIDI_IN"}
"""The DIN mode a fix proposes; none for sync, whose pulse shape the synced device decides."""


@dataclass(frozen=True)
class Mode:
    """What a DIN mode makes the port do."""

    sends: str | None
    """"midi", "sync" or None."""
    receives: bool
    does: str
    """In words, for findings."""
    assumed: str = ""
    """Where this reading of the mode is ours, not the vendor's."""

    def fits(self, need: Need) -> bool:
        return {Need.SEND_MIDI: self.sends == "midi", Need.RECEIVE_MIDI: self.receives,
                Need.SEND_SYNC: self.sends == "sync"}[need]


MODES: Mapping[str, Mode] = {
    **{entry.name: Mode("sync", False, "it sends sync pulses, not MIDI, and does not listen")
       for entry in DIN1_MODE_NAMES if entry.name.startswith(SYNC_PREFIX)},
    "MIDI_IN": Mode(None, True, "it receives MIDI and sends nothing"),
    "MIDI_OUT": Mode("midi", False, "it sends MIDI and does not listen"),
    "MIDI_AUTO": Mode("midi", True, "it sends or receives MIDI",
                      assumed="what MIDI_AUTO does is not published; taken to work either way"),
    f"UART@{MIDI_BIT_RATE}": Mode("midi", True, "a two-way serial link at MIDI's rate",
                                  assumed="the UART modes are not described beyond their rate; taken to carry MIDI"),
    "UART@38400": Mode(None, False, f"a serial link at 38400 bit/s, which a MIDI jack ({MIDI_BIT_RATE} bit/s) "
                                    "cannot read or be read by"),
}
"""Every published DIN mode (DIN1 has them all), by name."""


@dataclass(frozen=True)
class Link:
    """One cable at one port of the hub, seen from the hub."""

    hub: RigDevice
    port: Port
    partner: RigDevice
    partner_ref: PortRef
    partner_port: Port
    connection: Connection
    hub_sends: bool
    """True when the rig wires the hub's port as the `from` end."""

    @property
    def hub_words(self) -> str:
        return f"{self.port.label} of the RK-004 '{self.hub.name}' ({self.hub.name}.{self.port.id})"

    @property
    def partner_words(self) -> str:
        return f"the {self.partner.model.title}'s {self.partner_port.label} ({self.partner_ref})"

    @property
    def wiring(self) -> str:
        line = f", line {self.connection.line}" if self.connection.line else ""
        return f"rig: {self.connection}{line}"


@dataclass(frozen=True)
class Known:
    """A setting's value and where it comes from."""

    value: Any
    origin: str
    confidence: Confidence


@dataclass(frozen=True)
class Verdict:
    """How one port fits: True, False, or None when a value it needs is unknown."""

    fits: bool | None
    summary: str
    evidence: tuple[str, ...]
    confidence: Confidence = Confidence.HIGH
    fixes: tuple[Fix, ...] = ()
    title: str | None = None
    needs: tuple[str, ...] = ()
    """For an unknown: the settings to state (or read) that would decide it."""


class Rk004PortModeCheck(Check):
    """An RK-004 DIN port whose mode does not fit what the rig plugs into it, or a sync rate that does not.

    Symptom: a device on the hub gets no MIDI, a controller plugged into the hub plays nothing, or
    a device synced from the hub runs at the wrong speed.
    Cause: the port is set to send sync pulses (SYNCOUT_*) or to receive (MIDI_IN) where a MIDI IN
    hangs on it, set to send (MIDI_OUT or sync) where a device's MIDI OUT is plugged in, or its sync
    pulses per sixteenth note (DINn_PPSN, SYNCOUT_PPSN) differ from what the synced device expects.
    Fix: set the port's mode (MIDI_OUT towards a MIDI IN, MIDI_IN from a MIDI OUT) or its pulses per
    sixteenth, read it back and store it: `midi-diag rk004 set DIN3_MODE=MIDI_OUT --commit`, or the
    wizard does it after asking.
    """

    id = "rk004-port-mode"
    title = "RK-004 port modes"
    symptom = "a device on the RK-004 hub gets no MIDI, or its MIDI goes nowhere, or sync runs at a wrong rate"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        assert evidence.rig is not None
        hubs = rig_hubs(evidence.rig)
        if not hubs:
            return [self.skip("The rig has no RK-004 hub, so there are no port modes to check.",
                              needs=f"If the rig has an RK-004, add it as a device of model {HUB_MODEL} "
                                    "and wire it by its DIN ports.")]
        findings = [finding for hub in hubs for finding in self._judge_hub(evidence, hub)]
        return findings or [self._unwired(hubs)]

    def _judge_hub(self, evidence: Evidence, hub: RigDevice) -> list[Finding]:
        assert evidence.rig is not None
        reading = evidence.readings.get(hub.name)
        verdicts = [v for link in links_of(evidence.rig, hub) for v in judge_link(evidence, link, reading)]
        preface, note = _reading_lines(hub, reading), _unread_note(reading)
        findings = [self.fail(v.summary + note, evidence=preface + v.evidence, fixes=v.fixes, confidence=v.confidence,
                              title=v.title) for v in verdicts if v.fits is False]
        unknown = [v for v in verdicts if v.fits is None]
        if unknown:
            findings.append(self._unknown(hub, unknown, preface, reading))
        fitting = [v for v in verdicts if v.fits]
        if fitting and not findings:
            findings.append(self._fitting(hub, fitting, preface, note))
        return findings

    def _unknown(self, hub: RigDevice, unknown: list[Verdict], preface: tuple[str, ...],
                 reading: DeviceReading | None) -> Finding:
        settings = list(dict.fromkeys(name for verdict in unknown for name in verdict.needs))
        failed = reading is not None and not reading.ok
        return self.skip(
            " ".join(v.summary for v in unknown) + (" midi-diag could not read the device." if failed else ""),
            needs=f"State {', '.join(settings)} in the rig ([devices.{hub.name}] settings), or let midi-diag read "
                  "the hub: diagnose --rig RIG.toml --rk004-in PORT --rk004-out PORT (the ports the hub answers "
                  "on and listens to).",
            steps=tuple(_settle(hub, name) for name in settings),
            evidence=preface + tuple(line for v in unknown for line in v.evidence),
            title="RK-004 port modes unknown")

    def _fitting(self, hub: RigDevice, fitting: list[Verdict], preface: tuple[str, ...], note: str) -> Finding:
        confidence = _weakest(v.confidence for v in fitting)
        return self.passed(f"Every port of the RK-004 '{hub.name}' that the rig wires fits what is plugged into "
                           f"it.{note}", evidence=preface + tuple(line for v in fitting for line in v.evidence),
                           confidence=confidence, title="RK-004 port modes fit")

    def _unwired(self, hubs: list[RigDevice]) -> Finding:
        names = ", ".join(f"'{hub.name}'" for hub in hubs)
        return self.skip(f"The rig plugs no device's MIDI port into a DIN port of the RK-004 {names}, and no sync "
                         "input into its sync outputs: no port mode to check.",
                         needs=f"Add a [[connections]] entry for each cable at the hub, e.g. from = \"{hubs[0].name}"
                               ".din2\", to = \"synth.in\".")


def links_of(rig: Rig, hub: RigDevice) -> Iterator[Link]:
    """Every cable at a port of the hub, in the rig's order."""
    for connection in rig.connections:
        ends = ((connection.source, connection.target, True), (connection.target, connection.source, False))
        for own, other, sends in ends:
            if own.device == hub.name:
                partner = rig.device(other.device)
                yield Link(hub, hub.model.ports[own.port], partner, other, partner.model.ports[other.port],
                           connection, sends)


def need_of(link: Link) -> Need | None:
    """What the hub's port must do for the port at the cable's other end; None where that is not MIDI or sync."""
    port = link.partner_port
    if port.direction == "configurable":
        return Need.SEND_MIDI if link.hub_sends else Need.RECEIVE_MIDI
    if port.kind == "sync":
        return Need.SEND_SYNC if port.direction == "in" else None
    carries = port.carries_midi is None or port.carries_midi.value is not False
    if port.kind not in MIDI_PORT_KINDS or not carries:
        return None
    return {"in": Need.SEND_MIDI, "out": Need.RECEIVE_MIDI}.get(port.direction)


def judge_link(evidence: Evidence, link: Link, reading: DeviceReading | None) -> list[Verdict]:
    """The mode verdict of a configurable port, then the sync-rate verdict where the port sends sync."""
    need = need_of(link)
    if need is None:
        return []
    if link.port.function_setting:
        verdict = _judge_mode(evidence, link, need, reading)
        sends_sync = verdict.fits and need is Need.SEND_SYNC
        return [verdict, _judge_rate(evidence, link, reading)] if sends_sync else [verdict]
    if link.port.kind == "sync" and link.port.direction == "out" and need is Need.SEND_SYNC:
        return [_judge_rate(evidence, link, reading)]
    return []


def _judge_mode(evidence: Evidence, link: Link, need: Need, reading: DeviceReading | None) -> Verdict:
    setting = link.port.function_setting
    known = known_setting(evidence, link.hub, setting)
    mode = MODES.get(str(known.value)) if known else None
    if known is None or mode is None:
        what = "not known" if known is None else f"{known.value}, which is not a published mode"
        return Verdict(None, f"The mode of {link.hub_words}, wired to {link.partner_words}, is {what}.",
                       (link.wiring,), needs=(setting,))
    line = f"{link.hub.name}.{link.port.id} mode: {known.value}, {known.origin}"
    lines = (link.wiring, line, *((f"assumed: {mode.assumed}",) if mode.assumed else ()))
    if mode.fits(need):
        confidence = _weakest((known.confidence, Confidence.MEDIUM if mode.assumed else Confidence.HIGH))
        return Verdict(True, "", lines, confidence)
    return Verdict(False, _mode_summary(link, need, str(known.value), mode), lines, known.confidence,
                   (_mode_fix(link, need, reading),), title="RK-004 port in the wrong mode")


def _mode_summary(link: Link, need: Need, value: str, mode: Mode) -> str:
    other = f"'{link.partner_ref.device}'"
    harm = {Need.SEND_MIDI: f"so no MIDI reaches {other}", Need.RECEIVE_MIDI: f"so what {other} sends goes nowhere",
            Need.SEND_SYNC: f"so {other} gets no sync pulses"}[need]
    direction = "takes the MIDI of" if need is Need.RECEIVE_MIDI else "feeds"
    return f"{link.hub_words} {direction} {link.partner_words}, but it is set to {value}: {mode.does}, {harm}."


def _mode_fix(link: Link, need: Need, reading: DeviceReading | None) -> Fix:
    spec = link.hub.setting_spec(link.port.function_setting)
    assert spec is not None and spec.param is not None
    param = find_param(spec.param)
    wanted = FITTING_MODE.get(need)
    if wanted is None:
        shapes = ", ".join(name for name, mode in MODES.items() if mode.sends == "sync")
        return fix(f"Set {param.name} to the sync mode whose pulse shape {link.partner_words} expects "
                   f"({shapes}); the knowledge does not say which.",
                   f"Run: {set_command({param.name: 'SYNCOUT_...'}, reading)}", f"Or: {spec.menu.value}")
    return rk004_fix(link.hub, param, wanted, spec.name, str(spec.menu.value), reading)


def _judge_rate(evidence: Evidence, link: Link, reading: DeviceReading | None) -> Verdict:
    """The hub's pulses per sixteenth against what the synced device expects, where both are known."""
    own_name, their_name = ppsn_setting(link.hub, link.port), ppsn_setting(link.partner, link.partner_port)
    own = known_setting(evidence, link.hub, own_name) if own_name else None
    their = known_setting(evidence, link.partner, their_name) if their_name else None
    sends = (f"{link.hub.name}.{link.port.id} sends {own.value} pulses per sixteenth ({own_name}: {own.origin})"
             if own is not None else f"{link.hub.name}.{link.port.id} pulses per sixteenth: unknown")
    if their is None:
        unknown = f"pulses per sixteenth that {link.partner_ref} expects: unknown (the knowledge does not say; not judged)"
        return Verdict(True, "", (link.wiring, sends, unknown))
    expects = f"{link.partner_ref} expects {their.value} pulses per sixteenth ({their_name}: {their.origin})"
    if own is None or own_name is None:
        return Verdict(None, f"The sync pulses per sixteenth of {link.hub_words} are not known.",
                       (link.wiring, sends, expects), needs=(own_name,) if own_name else ())
    confidence = _weakest((own.confidence, their.confidence))
    if own.value == their.value:
        return Verdict(True, "", (link.wiring, sends, expects), confidence)
    return Verdict(False, f"{link.hub_words} sends {own.value} sync pulses per sixteenth note, but "
                          f"{link.partner_words} expects {their.value}: it runs at the wrong speed.",
                   (link.wiring, sends, expects), confidence, (_rate_fix(link, own_name, their.value, reading),),
                   title="RK-004 sync rate does not fit")


def _rate_fix(link: Link, setting: str, wanted: int, reading: DeviceReading | None) -> Fix:
    spec = link.hub.setting_spec(setting)
    assert spec is not None and spec.param is not None
    return rk004_fix(link.hub, find_param(spec.param), wanted, setting, str(spec.menu.value), reading)


def rk004_fix(hub: RigDevice, param: Param, wanted: str | int, setting: str, menu: str,
              reading: DeviceReading | None) -> Fix:
    """The change as a machine action (set, read back, commit) and as the steps a person takes."""
    value = param.parse_value(wanted)
    action = Action(ACTION_KIND, hub.name, {"changes": {param.name: wanted}, "commit": True},
                    f"On the RK-004 '{hub.name}': set {param.name} (parameter {param.number}) to "
                    f"{param.describe_value(value)} with {to_hex(set_request(param, value).frame)}, read it back, "
                    f"then store it with COMMIT ({to_hex(commit_request().frame)}) only if it reads back right.")
    stated = f'"{wanted}"' if isinstance(wanted, str) else str(wanted)
    return fix(f"Set {param.name} to {wanted} and store it in the hub.",
               f"Run: {set_command({param.name: wanted}, reading)}",
               f"Or by hand: {menu}.",
               f"Then make the rig file say so: {setting} = {stated} under [devices.{hub.name}] settings.",
               action=action)


def set_command(changes: Mapping[str, str | int], reading: DeviceReading | None) -> str:
    """`midi-diag rk004 set NAME=VALUE --commit` on the ports the hub was read over, else PORT placeholders."""
    words = ["midi-diag", "rk004", "set", *(f"{name}={value}" for name, value in changes.items()), "--commit"]
    options = reading.options if reading is not None else ()
    return shlex.join([*words, *options]) if options else shlex.join(words) + " --in PORT --out PORT"


def ppsn_setting(device: RigDevice, port: Port) -> str | None:
    """The device's pulses-per-sixteenth setting for this port, where its knowledge has one."""
    name = port.id.replace("-", "") + PPSN_SUFFIX
    return name if name in SETTINGS and device.setting_spec(name) is not None else None


def known_setting(evidence: Evidence, device: RigDevice, setting: str) -> Known | None:
    """A setting read from the device, else as the rig states it, else the knowledge default; None if unknown."""
    reading = evidence.readings.get(device.name)
    if reading is not None and reading.ok and setting in reading.values:
        value = reading.values[setting]
        stated = device.stated.get(setting)
        differs = f" (the rig states {stated})" if stated is not None and stated != value else ""
        return Known(value, f"{reading.source}{differs}", Confidence.HIGH)
    current = device.setting(setting)
    if current.origin == "stated":
        return Known(current.value, f"as stated in the rig{f', line {current.line}' if current.line else ''}",
                     Confidence.HIGH)
    if current.origin == "default" and current.fact is not None:
        fact = current.fact
        return Known(current.value, f"the knowledge's factory default ({fact.confidence})",
                     FROM_KNOWLEDGE[fact.confidence])
    return None


def _reading_lines(hub: RigDevice, reading: DeviceReading | None) -> tuple[str, ...]:
    if reading is None or reading.ok:
        return ()
    return (f"could not read the RK-004 '{hub.name}': {reading.error}; the modes below are the rig's",)


def _unread_note(reading: DeviceReading | None) -> str:
    if reading is None or reading.ok:
        return ""
    return " midi-diag could not read the device, so this rests on the rig's stated settings."


def _settle(hub: RigDevice, setting: str) -> str:
    spec = hub.setting_spec(setting)
    settle = spec.default.settle if spec is not None else ""
    return f"{setting}: {settle}" if settle else setting


def _weakest(confidences: Iterable[Confidence]) -> Confidence:
    order = [Confidence.HIGH, Confidence.MEDIUM, Confidence.LOW]
    return max(confidences, key=order.index, default=Confidence.HIGH)
