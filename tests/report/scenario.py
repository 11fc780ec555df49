"""A fixed diagnosis for the report tests: the real engine and checks, a fixed time and environment."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from checks.clock import ClockCheck
from checks.feedback_loop import FeedbackLoopCheck
from checks.malformed import MalformedCheck
from checks.no_traffic import NoTrafficCheck
from checks.stuck_notes import StuckNotesCheck
from diag.engine import CapturedStep, Diagnosis, TrafficAnalyzer, build_evidence, diagnose
from diag.engine.diagnosis import Environment
from diag.engine.registry import LoadProblem, Registry
from tests.engine.builders import clock, merged, notes, raw, sensing

GENERATED = datetime(2025, 3, 14, 15, 9, 26, tzinfo=UTC)
IDENTITY_REPLY = "F0 7E 00 06 02 00 20 3C 0C 00 04 00 01 05 00 00 F7"
CHECKS = (NoTrafficCheck(), FeedbackLoopCheck(), StuckNotesCheck(), ClockCheck(), MalformedCheck())
BROKEN_PLUGIN = LoadProblem("sysex-filtered", "midi_diag_extra.sysex:SysexFiltered",
                            "failed to load: ImportError: no module named 'midi_diag_extra'")


def environment(ports: tuple[str, ...]) -> Environment:
    return Environment("Linux-6.1-x86_64", "3.11.7", "0.1.0", "1.5.8", "jack", ports)


def rig_dict(keystep: str = "keystep", comment: str = "KeyStep into the Digitakt through an RK-002") -> dict[str, Any]:
    """The shape Rig.as_dict() gives, written out so that these goldens follow the reports only."""
    return {
        "name": comment, "description": "KeyStep MIDI OUT -> RK-002 -> Digitakt MIDI IN",
        "symptom": "The Digitakt gets no notes from the KeyStep.", "path": None,
        "devices": [
            {"name": keystep, "model": "arturia-keystep", "model_name": "Arturia KeyStep", "kind": "controller",
             "version": None, "firmware": None, "power": "battery", "description": None,
             "settings": {"channel": 9}, "tracks": {}},
            {"name": "digitakt", "model": "elektron-digitakt", "model_name": "Elektron Digitakt",
             "kind": "groovebox", "version": "1.51", "firmware": None, "power": "adapter", "description": comment,
             "settings": {"auto_channel": 10, "clock_receive": True}, "tracks": {"midi": {"send_channel": {"A": 9}}}},
        ],
        "connections": [{"from": f"{keystep}.out", "to": "digitakt.in", "through": "rk002", "two_way": False},
                        {"from": f"{keystep}.usb", "to": "computer.usb", "through": None, "two_way": True}],
        "observers": [{"port": "Arturia KeyStep 32", "sees": f"{keystep}.usb"}],
    }


def build(keystep_port: str = "Arturia KeyStep 32", interface_port: str = "USB MIDI Interface",
          rig: dict[str, Any] | None = None) -> Diagnosis:
    """Keys: notes with one left on, clock; interface: sensing, a stray FD; pads: drums and an identity reply."""
    keys = merged(notes(keystep_port, [60, 64, 67], channel=9), [raw(keystep_port, 0.2, "98 48 64")],
                  clock(keystep_port, beats=6), sensing(interface_port, 3.0), [raw(interface_port, 1.5, "FD")])
    pads = merged(notes(interface_port, [36, 38, 36], channel=10, start=3.5, step="pads"),
                  [raw(interface_port, 4.0, IDENTITY_REPLY, step="pads")])
    analyzer = TrafficAnalyzer()
    analyzer.new_source()
    analyzer.feed(keys + pads)
    ports = (keystep_port, interface_port)
    steps = [CapturedStep("keys", ports, "rig-keys.jsonl"), CapturedStep("pads", ports, "rig-keys.jsonl", 2.5)]
    for step in steps:
        for port in ports:
            analyzer.declare(port, step.name)
    evidence = build_evidence(analyzer.summary(), steps)
    found = diagnose(evidence, Registry(CHECKS, (BROKEN_PLUGIN,)), environment(ports), generated=GENERATED,
                     warnings=["rig-keys.jsonl, line 999: the last line is cut off (interrupted capture?); ignored"])
    return Diagnosis(found.findings, found.traffic, found.steps, rig if rig is not None else rig_dict(),
                     found.environment, found.generated, found.warnings)
