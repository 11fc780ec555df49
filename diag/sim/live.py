"""A scenario running on a MIDI system: its observers as ports, its hubs answering SysEx, steps on demand.

This is the driver the wizard uses for `midi-diag demo` (on an in-process system) and what
`midi-diag simulate` runs on a real one:

    with DemoSession(load_scenario("auto-channel")) as demo:
        demo.steps                      # StepInfo: number, name, what the user does
        demo.api, demo.ports            # where to listen: the MIDI system and the observers' port names
        performance = demo.perform(0)   # the simulated user does step 1 while you listen
        performance.wait()
        demo.apply_fix()                # settings changed, an RK-004 written through the real client
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Self

from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rk004.client import Rk004Client, WriteResult
from diag.rk004.ports import open_transport
from diag.rk004.virtual import VirtualRk004
from diag.sim.network import StepTraffic
from diag.sim.player import ObserverPorts, check_virtual_ports, play
from diag.sim.scenario import Scenario
from diag.sim.wire import Sound

SYSTEM_NAME = "simulated"
"""The API name of the demo's in-process MIDI system (reports show it as the MIDI system listened on)."""


@dataclass(frozen=True)
class StepInfo:
    """A step as the wizard shows it."""

    number: int
    """From 1."""
    name: str
    """keys, pads, sequencer or idle: the `--step` of a capture."""
    say: str
    device: str | None


@dataclass(frozen=True)
class AppliedFix:
    """What applying a scenario's fix did."""

    say: str
    changes: tuple[str, ...]
    """One line per change, e.g. "keystep: settings.channel = 10"."""
    rk004: WriteResult | None = None
    """The verified write, when the fix is an RK-004 action."""


@dataclass
class Performance:
    """A step being performed in the background; `wait()` for it, `stop()` to cut it short."""

    step: StepInfo
    traffic: StepTraffic | None = None
    error: BaseException | None = None
    finished: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)

    @property
    def sounds(self) -> list[Sound]:
        """What sounded while the step was performed."""
        return self.traffic.sounds if self.traffic is not None else []

    def wait(self, timeout: float | None = None) -> bool:
        """True once the step is done; re-raises what went wrong while performing it."""
        done = self.finished.wait(timeout)
        if self.error is not None:
            raise self.error
        return done

    def stop(self) -> None:
        self._stop.set()


class LiveRig:
    """A scenario's simulation with its observer ports and RK-004 ports open on one MIDI system."""

    def __init__(self, scenario: Scenario, api: str, speed: float | None = 1.0, keep_tempo: bool = True) -> None:
        self.scenario = scenario
        self.api = api
        self.speed = speed
        """1.0 for real time; None to send without waiting (a step with clock still runs in real time)."""
        self.keep_tempo = keep_tempo
        """False lets clock steps go at `speed` too, for tests that only compare bytes."""
        self.simulation = scenario.simulation()
        self.fixed = False
        self._ports = ObserverPorts(api, scenario.rig.observers)
        self._hubs: dict[str, VirtualRk004] = {}
        self._lock = threading.Lock()

    def open(self) -> Self:
        check_virtual_ports(self.api)
        try:
            self._ports.open()
            for name, hub in self.simulation.hubs.items():
                self._hubs[name] = VirtualRk004(self.api, f"RK-004 {name}", hub.emulator).start()
                hub.lock = self._hubs[name].lock
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        for virtual in self._hubs.values():
            virtual.close()
        self._hubs.clear()
        self._ports.close()

    def __enter__(self) -> Self:
        return self.open()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def ports(self) -> dict[str, str]:
        """Observer port (as the rig writes it) -> the port's name on the MIDI system."""
        return dict(self._ports.names)

    @property
    def rk004_ports(self) -> dict[str, tuple[str, str]]:
        """Hub name -> (the port it takes requests on, the port it answers on)."""
        return {name: (virtual.in_port, virtual.out_port) for name, virtual in self._hubs.items()}

    @property
    def steps(self) -> list[StepInfo]:
        return [StepInfo(number, step.name, step.say, step.device)
                for number, step in enumerate(self.scenario.steps, start=1)]

    def perform_now(self, index: int, stop: threading.Event | None = None) -> StepTraffic:
        """Perform step `index` (from 0) here and now, paced; returns what the observers saw and what sounded."""
        with self._lock:
            traffic = self.simulation.play(self.scenario.steps[index])
            play(traffic, self._ports, self.speed, stop, self.keep_tempo)
        return traffic

    def perform(self, index: int) -> Performance:
        """Perform step `index` (from 0) in the background, so the caller can listen meanwhile."""
        performance = Performance(self.steps[index])
        thread = threading.Thread(target=self._perform_into, args=(performance, index), daemon=True,
                                  name=f"sim-step-{index + 1}")
        thread.start()
        return performance

    def apply_fix(self) -> AppliedFix:
        """Carry out the scenario's fix: the rig's settings changed, an RK-004 action written and read back."""
        fix = self.scenario.fix
        if fix is None:
            return AppliedFix("Nothing to fix: this rig is healthy.", ())
        result = self._write_rk004() if fix.rk004 is not None else None
        with self._lock:
            self.simulation.refit(self.scenario.fixed_rig())
        self.fixed = True
        return AppliedFix(fix.say, _change_lines(self.scenario), result)

    def _perform_into(self, performance: Performance, index: int) -> None:
        try:
            performance.traffic = self.perform_now(index, performance._stop)
        except BaseException as error:  # noqa: BLE001 - handed to whoever waits for the step
            performance.error = error
        finally:
            performance.finished.set()

    def _write_rk004(self) -> WriteResult:
        action = self.scenario.fix.rk004 if self.scenario.fix else None
        assert action is not None
        requests_to, answers_from = self.rk004_ports[action.device]
        with open_transport(self.api, answers_from, requests_to) as transport:
            return Rk004Client(transport).write_verified(dict(action.changes), commit=action.commit)


class DemoSession(LiveRig):
    """A LiveRig on an in-process MIDI system of its own, registered so capture and rk004 find it by name."""


    def __init__(self, scenario: Scenario, speed: float | None = 1.0, name: str = SYSTEM_NAME,
                 keep_tempo: bool = True) -> None:
        self.system = InProcessMidi(name)
        super().__init__(scenario, name, speed, keep_tempo)

    def open(self) -> Self:
        register_in_process(self.system)
        try:
            return super().open()
        except BaseException:
            unregister_in_process(self.system)
            raise

    def close(self) -> None:
        super().close()
        unregister_in_process(self.system)


def _change_lines(scenario: Scenario) -> tuple[str, ...]:
    fix = scenario.fix
    if fix is None:
        return ()
    lines = [f"{device}: {key} = {value}" for device, changes in fix.devices.items()
             for key, value in _flat(changes)]
    if fix.rk004 is not None:
        lines.append(f"{fix.rk004.device}: {fix.rk004.describe()}")
    return tuple(lines)


def _flat(table: object, prefix: str = "") -> list[tuple[str, object]]:
    """("tracks.midi.send_channel.A", 1) for nested tables."""
    if not isinstance(table, Mapping):
        return [(prefix, table)]
    pairs: list[tuple[str, object]] = []
    for key, value in table.items():
        pairs += _flat(value, f"{prefix}.{key}" if prefix else str(key))
    return pairs
