"""The demo's bench: a scenario's simulated rig, and a simulated user who does each step when asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diag.identity import IdentityAnswer
from diag.midi.capture import CaptureSession, open_capture
from diag.midi.ports import list_ports
from diag.sim.headless import LATE_LIMIT
from diag.sim.player import needs_real_time
from diag.tui.wizard.bench import HandFix, Performance, Preset, rk004_by_name
from diag.tui.wizard.plan import SECONDS, PlannedStep
from diag.tui.wizard.symptoms import symptom_for_steps

if TYPE_CHECKING:
    from diag.sim.live import LiveRig


class SimulatedBench:
    """A running LiveRig (diag.sim.live): its observer ports, its RK-004s, its scenario's steps and fix."""

    def __init__(self, live: LiveRig) -> None:
        self.live = live
        self.api = live.api
        scenario = live.scenario
        steps = [PlannedStep(info.number - 1, info.name, info.say, info.device, SECONDS.get(info.name, 8.0))
                 for info in live.steps]
        self.preset: Preset | None = Preset(scenario.description, symptom_for_steps([s.name for s in steps]),
                                            live.simulation.rig, steps)

    def inputs(self) -> list[str]:
        return list_ports(self.api).inputs

    def outputs(self) -> list[str]:
        return list_ports(self.api).outputs

    def open_capture(self, ports: list[str], step: str | None) -> CaptureSession:
        return open_capture(self.api, ports, step=step)

    def perform(self, step: PlannedStep) -> Performance | None:
        return self.live.perform(step.index)

    def played_late(self, performance: Performance) -> bool:
        traffic = getattr(performance, "traffic", None)
        return traffic is not None and needs_real_time(traffic) and traffic.late > LATE_LIMIT

    def identities(self) -> list[IdentityAnswer]:
        return []

    def rk004_ports(self, device: str) -> tuple[str, str] | None:
        hubs = self.live.rk004_ports
        if device in hubs:
            requests_to, answers_on = hubs[device]
            return answers_on, requests_to
        return rk004_by_name(self.inputs(), self.outputs())

    def fix_by_hand(self) -> HandFix | None:
        applied = self.live.apply_fix()
        return HandFix(applied.say, applied.changes, self.live.simulation.rig)
