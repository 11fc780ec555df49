"""One simulated rig: its devices wired up, each step performed, in simulated time and without any ports."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diag.rig import Rig
from diag.rig.problems import RigProblem
from diag.sim.devices import Rk004Hub
from diag.sim.facts import Assumption, FactBook
from diag.sim.network import Network, StepTraffic, Timed
from diag.sim.steps import TAIL, Step


class Simulation:
    """Performs steps on a rig and says what each observer saw and what sounded.

    Pure and deterministic apart from device state that carries over (an RK-002's next polymux
    voice); a Player puts the observed messages on MIDI ports at their times.
    """

    def __init__(self, rig: Rig, assumptions: Mapping[str, Assumption] | None = None,
                 state: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self.rig = rig
        self.state = dict(state or {})
        self.book = FactBook(assumptions)
        self.network = Network(rig, self.book, self.state)

    @property
    def hubs(self) -> dict[str, Rk004Hub]:
        """The RK-004 hubs of the rig by name."""
        return {name: device for name, device in self.network.devices.items() if isinstance(device, Rk004Hub)}

    def play(self, step: Step) -> StepTraffic:
        """Perform one step; RigProblem when the scenario asks for something the rig cannot do."""
        traffic = self.network.run(self._actions(step), TAIL)
        if step.name == "idle":
            traffic.seconds = step.seconds
        return traffic

    def refit(self, rig: Rig) -> None:
        """Carry on with a changed rig (a fix applied); the hubs keep the settings they hold now."""
        hubs = self.hubs
        self.rig = rig
        self.network = Network(rig, self.book, self.state)
        for name, hub in self.hubs.items():
            if name in hubs:
                hub.take_over(hubs[name])

    def _actions(self, step: Step) -> list[Timed]:
        if step.name == "idle":
            return []
        device = self.network.device(step.device or "")
        performer = getattr(device, step.name, None)
        if not callable(performer):
            raise RigProblem(("steps",), f"{step.device} ({device.model.title}) cannot be played in a "
                                         f"{step.name!r} step", _who_can(step.name))
        actions: list[Timed] = performer(step)
        return actions


def _who_can(step: str) -> str:
    return {"keys": "keys are played on a controller", "pads": "pads belong to a box with tracks",
            "sequencer": "the sequencer belongs to a box with tracks"}.get(step, "")

