"""Check `malformed`: cut-off or broken messages, and undefined status bytes outside a known protocol."""

from __future__ import annotations

from functools import cache

from diag.engine import (
    Check,
    Evidence,
    Finding,
    PortTraffic,
    UndefinedStats,
    fix,
    plural,
    where,
)
from diag.knowledge import all_models

MANY_MALFORMED = 3
"""One or two broken messages can be a plug pulled mid-message (warn); from three on, something
on the path breaks them (fail)."""

FLOW_CONTROL_BYTES = {0xF9: "XON", 0xFD: "XOFF"}
"""Undefined real-time bytes some devices use in band to pace a sender (see `flow_control` in
the device knowledge, e.g. the Retrokits RK-004)."""

MALFORMED_FIXES = (
    fix("Find what cuts or mixes messages on the path to this port.",
        "A SysEx cut short: a device in between that does not pass SysEx whole (an Arturia KeyStep does "
        "not pass SysEx at all), or a sender faster than a DIN link; connect the SysEx sender directly, "
        "or send slower.",
        "A message starting with a data byte: two streams merged in the middle of a message, or a "
        "running-status message whose status got lost; use a proper merge box or another port.",
        "Swap the cable and the interface port to rule out a loose contact."),
)

UNDEFINED_FIXES = (
    fix("Find which device sends the undefined bytes.",
        "MIDI 1.0 leaves F4, F5, F9 and FD undefined; receivers should ignore them, but some react "
        "oddly, and ALSA drops F9 and FD.",
        "Capture each sender alone; update the firmware of the one that sends them."),
)


class MalformedCheck(Check):
    """Messages that are not valid MIDI: cut off, starting with a data byte, undefined bytes.

    Symptom: devices react oddly or miss messages; a SysEx transfer (firmware, presets,
    settings) fails or times out.
    Cause: a device in the path that cuts SysEx or does not pass it, two streams merged in the
    middle of a message, a loose contact, or a sender emitting undefined status bytes.
    Fix: connect SysEx senders directly (or through a device that passes SysEx), use a
    proper merge, swap cables and ports, and find which device sends the undefined bytes.
    Undefined F9/FD next to a Retrokits RK-004's SysEx are its flow control and fine.
    """

    id = "malformed"
    title = "Malformed or undefined messages"
    symptom = "devices react oddly or miss messages; a SysEx transfer (firmware, presets) fails"

    def run(self, evidence: Evidence) -> list[Finding]:
        if not evidence.traffic.total_messages:
            return [self.skip("No message was captured, so there is nothing to check.",
                              needs="Capture a step in which something is played.")]
        findings: list[Finding] = []
        for entry in evidence.traffic:
            if entry.malformed.count:
                findings.append(self._malformed(entry))
            stray = {u.status: _stray(u, entry) for u in entry.undefined.values()}
            if any(stray.values()):
                findings.append(self._undefined(entry, stray))
        return findings or [self._clean(evidence)]

    def _malformed(self, entry: PortTraffic) -> Finding:
        count = entry.malformed.count
        lines = [f"at {e.t:.3f} s: {e.hex}: {e.reason}" for e in entry.malformed.examples]
        lines.append(f"{plural(count, 'malformed message')} among {plural(entry.messages, 'message')} "
                     f"on {where(entry.port, entry.step)}")
        summary = (f"On {where(entry.port, entry.step)} {plural(count, 'message')} "
                   f"{'was' if count == 1 else 'were'} not valid MIDI: cut off, or broken in between. "
                   "Receivers drop or misread them.")
        if count >= MANY_MALFORMED:
            return self.fail(summary, evidence=lines, fixes=MALFORMED_FIXES, title="Malformed messages")
        return self.warn(summary, evidence=lines, fixes=MALFORMED_FIXES, title="Malformed messages")

    def _undefined(self, entry: PortTraffic, stray: dict[int, int]) -> Finding:
        lines = [f"{status:02X}: {plural(count, 'time')}, first at {entry.undefined[status].first.t:.3f} s "
                 f"({entry.undefined[status].first.reason})" for status, count in stray.items() if count]
        return self.warn(
            f"On {where(entry.port, entry.step)} undefined status bytes came, and not as the flow control "
            "of a device that uses them.",
            evidence=lines, fixes=UNDEFINED_FIXES, title="Undefined status bytes")

    def _clean(self, evidence: Evidence) -> Finding:
        total = evidence.traffic.total_messages
        lines = [f"{plural(total, 'message')} on {plural(len(evidence.traffic.ports), 'port')}, all well-formed"]
        for entry in evidence.traffic:
            for undefined in entry.undefined.values():
                lines.append(f"{where(entry.port, entry.step)}: {plural(undefined.count, 'time')} "
                             f"{undefined.status:02X} ({FLOW_CONTROL_BYTES.get(undefined.status, '')}), "
                             "next to the SysEx of a device that uses it for flow control")
        return self.passed("Every message was valid MIDI.", evidence=lines, title="Messages well-formed")


def _stray(undefined: UndefinedStats, entry: PortTraffic) -> int:
    """How many of these bytes are not explained as flow control next to its device's SysEx."""
    if undefined.status not in FLOW_CONTROL_BYTES:
        return undefined.count
    if not any(entry.sysex.has_header(header) for header in flow_control_headers()):
        return undefined.count
    return undefined.count - undefined.near_sysex


@cache
def flow_control_headers() -> tuple[str, ...]:
    """SysEx headers of the devices the knowledge says pace their senders with XON/XOFF."""
    return tuple(str(model.sysex.header.value) for model in all_models()
                 if "flow_control" in model.behaviour and model.sysex.header is not None)
