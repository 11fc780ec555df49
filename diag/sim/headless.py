"""A whole diagnosis of a scenario without a UI: each step listened to through the real capture path."""

from __future__ import annotations

import time

from diag.engine import (
    CapturedStep,
    Diagnosis,
    TrafficAnalyzer,
    build_evidence,
    collect_environment,
    diagnose,
)
from diag.engine.evidence import DeviceReading
from diag.engine.registry import load_registry
from diag.engine.sources import feed_live
from diag.midi.capture import open_capture
from diag.sim.live import DemoSession, LiveRig
from diag.sim.player import needs_real_time
from diag.sim.scenario import Scenario

TRIES = 4
"""Captures of one step at most, when the player was held up."""

LATE_WARNING = "the simulated clock of step {number} went out up to {ms:.0f} ms late in every one of {tries} tries: " \
               "this machine was too busy to keep time, so clock findings may show that rather than the rig"
"""Said in the report when no try kept time."""

LATE_LIMIT = 0.006
"""A clock tick sent later than this shows as jitter the simulated device never had: at 120 BPM a tick
lasts 20.8 ms, and the clock check counts one late by half of that as a lost tick."""

SETTLE_SECONDS = 0.05
"""Listening goes on this long after a step's last message, so the capture's poller has taken everything."""


def run_headless(scenario: Scenario, *, fixed: bool = False, speed: float | None = 1.0) -> Diagnosis:
    """Perform every step on an in-process MIDI system, listen to the rig's observers, run every check."""
    with DemoSession(scenario, speed) as demo:
        if fixed:
            demo.apply_fix()
        return diagnose_live(demo)


def diagnose_live(rig: LiveRig) -> Diagnosis:
    """Listen to every step of a running rig in turn and diagnose what came, with the rig as it is now."""
    analyzer = TrafficAnalyzer()
    warnings: list[str] = []
    steps = [listen_to_step(rig, index, analyzer, warnings) for index in range(len(rig.steps))]
    evidence = build_evidence(analyzer.summary(), steps, rig.simulation.rig, readings=read_hubs(rig))
    environment = collect_environment(rig.api, evidence.traffic.ports)
    return diagnose(evidence, load_registry(), environment, warnings=warnings)


def read_hubs(rig: LiveRig) -> list[DeviceReading]:
    """Each RK-004's settings read over its SysEx ports, as `diagnose --rk004-in/--rk004-out` reads a real hub."""
    from diag.rk004.readings import read_hub

    return [read_hub(rig.api, rig.simulation.rig.device(name), answers_from, requests_to)
            for name, (requests_to, answers_from) in rig.rk004_ports.items()]


def listen_to_step(rig: LiveRig, index: int, analyzer: TrafficAnalyzer, warnings: list[str]) -> CapturedStep:
    """Capture all observer ports while the simulated user performs one step.

    A step with clock is captured again when the machine held the player up (another process
    took the CPU): the ticks would show a stall the simulated rig never made.
    """
    step = rig.steps[index]
    for _ in range(TRIES):
        session = open_capture(rig.api, list(rig.ports.values()), step=step.name)
        session.start()
        started = time.monotonic()
        # The step plays in this thread and nothing runs meanwhile but the capture's poller:
        # analysing batches alongside would delay the ticks of a clock.
        traffic = rig.perform_now(index)
        time.sleep(SETTLE_SECONDS)
        events = session.stop()
        if not needs_real_time(traffic) or traffic.late <= LATE_LIMIT:
            break
    else:
        warnings.append(LATE_WARNING.format(number=step.number, ms=traffic.late * 1000, tries=TRIES))
    feed = feed_live(analyzer, session.port_names, step.name, f"simulated step {step.number} ({rig.scenario.name})")
    feed(events)
    return feed.finished(time.monotonic() - started)
