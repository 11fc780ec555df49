"""The JSON report: exactly the contract's object, schema "midi-diag/report/1"."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from diag.engine.clock import ClockStats
from diag.engine.diagnosis import Diagnosis
from diag.engine.traffic import Echo, PortTraffic, TrafficSummary
from diag.report.common import generated_text

SCHEMA = "midi-diag/report/1"


def render(diagnosis: Diagnosis) -> str:
    """The report as pretty-printed JSON, ending in a newline."""
    return json.dumps(report_object(diagnosis), indent=2, ensure_ascii=False) + "\n"


def report_object(diagnosis: Diagnosis) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "generated": generated_text(diagnosis),
        "tool": {"name": "midi-diag", "version": diagnosis.environment.midi_diag},
        "environment": diagnosis.environment.to_dict(),
        "rig": diagnosis.rig,
        "traffic": traffic_object(diagnosis),
        "findings": [finding.to_dict() for finding in diagnosis.findings],
    }


def traffic_object(diagnosis: Diagnosis) -> dict[str, Any]:
    """A compact summary: the steps captured, then per port and step what came."""
    summary: TrafficSummary = diagnosis.traffic
    return {
        "messages": summary.total_messages,
        "steps": [{"step": s.name, "source": s.source, "ports": list(s.ports), "seconds": s.seconds}
                  for s in diagnosis.steps],
        "entries": [_entry(entry) for entry in summary],
        "echoes": [_echo(echo) for echo in summary.echoes],
        "warnings": list(diagnosis.warnings),
    }


def _entry(entry: PortTraffic) -> dict[str, Any]:
    return {
        "port": entry.port, "step": entry.step, "messages": entry.messages,
        "first_t": _time(entry.first_t), "last_t": _time(entry.last_t),
        "kinds": dict(entry.kinds),
        "channels": {kind: _keyed(counts) for kind, counts in entry.channels.items()},
        "notes": {str(channel): _keyed(counts) for channel, counts in entry.notes.items()},
        "controls": {str(channel): _keyed(counts) for channel, counts in entry.controls.items()},
        "programs": {str(channel): _keyed(counts) for channel, counts in entry.programs.items()},
        "note_balance": _balance(entry),
        "clock": _clock(entry.clock),
        "transport": [{"t": _time(e.t), "kind": e.kind, "position": e.position} for e in entry.transport],
        "sysex": _sysex(entry),
        "active_sensing": _sensing(entry),
        "undefined": {f"{u.status:02X}": {"count": u.count, "near_sysex": u.near_sysex}
                      for u in entry.undefined.values()},
        "malformed": {"count": entry.malformed.count,
                      "examples": [{"t": _time(e.t), "data": e.hex, "reason": e.reason} for e in entry.malformed.examples]},
    }


def _time(t: float | None) -> float | None:
    """Seconds to the microsecond, as captures store them."""
    return None if t is None else round(t, 6)


def _keyed(counts: Mapping[int, int]) -> dict[str, int]:
    return {str(number): count for number, count in counts.items()}


def _balance(entry: PortTraffic) -> dict[str, Any]:
    balance = entry.balance
    return {"note_on": balance.ons, "note_off": balance.offs, "repeated_on": balance.repeated_ons,
            "orphan_off": balance.orphan_offs,
            "held": [{"channel": h.channel, "note": h.note, "on_t": _time(h.on_t), "held_for": round(h.held_for, 6)}
                     for h in balance.held]}


def _clock(clock: ClockStats | None) -> dict[str, Any] | None:
    if clock is None:
        return None
    return {"ticks": clock.ticks, "bpm": clock.bpm, "tick_ms": clock.tick_ms, "jitter_ms": clock.jitter_ms,
            "beats": clock.beats, "beat_bpm_low": clock.beat_bpm_low, "beat_bpm_high": clock.beat_bpm_high,
            "dropouts": clock.dropouts, "pauses": clock.pauses}


def _sysex(entry: PortTraffic) -> dict[str, Any]:
    sysex = entry.sysex
    return {"count": sysex.count, "smallest": sysex.smallest, "largest": sysex.largest,
            "manufacturers": dict(sysex.manufacturers), "headers": dict(sysex.headers),
            "identities": [{"manufacturer": i.manufacturer, "family": i.family, "member": i.member,
                            "revision": i.revision, "data": i.raw} for i in sysex.identities]}


def _sensing(entry: PortTraffic) -> dict[str, Any] | None:
    sensing = entry.active_sensing
    if sensing is None:
        return None
    return {"count": sensing.count, "longest_gap": sensing.longest_gap, "late": sensing.late}


def _echo(echo: Echo) -> dict[str, Any]:
    return {"from": echo.source_port, "to": echo.echo_port, "step": echo.step, "count": echo.count,
            "returns": echo.returns, "longest_chain": echo.longest_chain, "min_delay": echo.min_delay,
            "max_delay": echo.max_delay, "example": echo.example}
