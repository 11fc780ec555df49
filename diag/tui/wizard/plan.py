"""The listening steps: what the user does in each, on which device, for how long."""

from __future__ import annotations

from dataclasses import dataclass

from diag.commands.diagnose import STEP_PROMPTS
from diag.engine.words import STEP_ACTIONS
from diag.rig import Rig
from diag.tui.wizard.symptoms import Symptom

SECONDS = {"keys": 8.0, "pads": 8.0, "sequencer": 10.0, "idle": 5.0}
"""How long each kind of step listens by default: long enough for a few notes or two bars at 120 BPM."""

PLAYERS = {"keys": ("controller",), "pads": ("groovebox", "drum-machine", "sampler"),
           "sequencer": ("groovebox", "drum-machine", "sampler")}
"""The kinds of device that are played in each kind of step, in order of preference."""

SAY = {
    "keys": "Play a few keys on the {device} now, one after another.",
    "pads": "Tap a few pads or trig keys on the {device} now, by hand.",
    "sequencer": "Start the {device}'s sequencer now and let it play.",
    "idle": "Touch nothing for a moment: just listen.",
}


@dataclass(frozen=True)
class PlannedStep:
    """One listening step."""

    index: int
    """From 0, in the plan's order."""
    name: str
    """keys, pads, sequencer or idle: the `step` of the capture."""
    say: str
    """What to do, in words."""
    device: str | None = None
    """The rig's name for the device played."""
    seconds: float = 8.0
    """How long to listen (a simulated step ends when its player is done)."""

    @property
    def title(self) -> str:
        return f"Step {self.index + 1}: {STEP_ACTIONS.get(self.name, self.name)}"


def plan_steps(symptom: Symptom, rig: Rig | None) -> list[PlannedStep]:
    """The steps for a symptom, each naming the rig's device that is played in it."""
    steps = []
    for index, name in enumerate(symptom.steps):
        device = _player(rig, name)
        steps.append(PlannedStep(index, name, _say(name, rig, device), device, SECONDS[name]))
    return steps


def _player(rig: Rig | None, step: str) -> str | None:
    if rig is None:
        return None
    for kind in PLAYERS.get(step, ()):
        found = next((name for name, device in rig.devices.items() if device.kind == kind), None)
        if found is not None:
            return found
    return None


def _say(step: str, rig: Rig | None, device: str | None) -> str:
    if step not in SAY:
        return STEP_PROMPTS.get(step, f"do what '{step}' stands for").capitalize() + "."
    if device is None or rig is None:
        generic = STEP_PROMPTS[step]
        return generic[0].upper() + generic[1:] + " now."
    return SAY[step].format(device=rig.devices[device].model.name)
