"""The world the wizard listens to, injected: real MIDI ports, or a simulated rig with a simulated user."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from diag.identity import IdentityAnswer
from diag.knowledge import find_models
from diag.midi.capture import CaptureSession, open_capture
from diag.midi.ports import list_ports
from diag.rig import Rig
from diag.tui.wizard.plan import PlannedStep
from diag.tui.wizard.suggest import IDENTITY_WAIT, ask_identities
from diag.tui.wizard.symptoms import Symptom

RK004_MODEL = "retrokits-rk-004"


class Performance(Protocol):
    """A step being played by a simulated user (diag.sim's Performance)."""

    def wait(self, timeout: float | None = None) -> bool: ...

    def stop(self) -> None: ...


@dataclass(frozen=True)
class Preset:
    """What a simulated user has already told the wizard: the symptom, the rig and the steps."""

    story: str
    """The case in one line."""
    symptom: Symptom
    rig: Rig
    steps: list[PlannedStep]


@dataclass(frozen=True)
class HandFix:
    """A fix the simulated user carried out by hand: what changed, and the rig as it is now."""

    say: str
    changes: tuple[str, ...]
    rig: Rig


class Bench(Protocol):
    """What the wizard needs from the outside world; every method may block (call it from a worker)."""

    api: str
    preset: Preset | None

    def inputs(self) -> list[str]: ...

    def outputs(self) -> list[str]: ...

    def open_capture(self, ports: list[str], step: str | None) -> CaptureSession: ...

    def perform(self, step: PlannedStep) -> Performance | None:
        """A simulated user starts playing the step; None where a person plays it."""

    def played_late(self, performance: Performance) -> bool:
        """True when a simulated player was held up enough to show timing the rig never had."""

    def identities(self) -> list[IdentityAnswer]: ...

    def rk004_ports(self, device: str) -> tuple[str, str] | None:
        """(the input the hub answers on, the output it listens to), or None when not found."""

    def fix_by_hand(self) -> HandFix | None:
        """A simulated user carries out the case's fix; None where a person does it."""


class HardwareBench:
    """Real ports on one MIDI system."""

    preset: Preset | None = None

    def __init__(self, api: str, identity_wait: float = IDENTITY_WAIT) -> None:
        self.api = api
        self.identity_wait = identity_wait
        """Seconds to listen for identity replies."""

    def inputs(self) -> list[str]:
        return [name for name in list_ports(self.api).inputs if not _ours(name)]

    def outputs(self) -> list[str]:
        return [name for name in list_ports(self.api).outputs if not _ours(name)]

    def open_capture(self, ports: list[str], step: str | None) -> CaptureSession:
        return open_capture(self.api, ports, step=step)

    def perform(self, step: PlannedStep) -> Performance | None:
        return None

    def played_late(self, performance: Performance) -> bool:
        return False

    def identities(self) -> list[IdentityAnswer]:
        return ask_identities(self.api, self.inputs(), self.outputs(), self.identity_wait)

    def rk004_ports(self, device: str) -> tuple[str, str] | None:
        return rk004_by_name(self.inputs(), self.outputs())

    def fix_by_hand(self) -> HandFix | None:
        return None


def rk004_by_name(inputs: list[str], outputs: list[str]) -> tuple[str, str] | None:
    """The one input and one output whose names say RK-004."""
    found_in = [name for name in inputs if _is_rk004(name)]
    found_out = [name for name in outputs if _is_rk004(name)]
    if len(found_in) == 1 and len(found_out) == 1:
        return found_in[0], found_out[0]
    return None


def _is_rk004(port: str) -> bool:
    return any(model.id == RK004_MODEL for model in find_models(port, by_maker=False))


def _ours(port: str) -> bool:
    """midi-diag's own ports (a monitor or another wizard) are not part of the rig."""
    return port.casefold().startswith("midi-diag")
