"""`midi-diag simulate`: a scenario's rig on real virtual ports, playing its steps until interrupted."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from diag.errors import DiagError, ExitCode

if TYPE_CHECKING:
    from diag.sim.live import LiveRig

GAP_SECONDS = 1.0
"""Silence between one round of steps and the next, so a listener can tell the rounds apart."""


class Control:
    """What to play next: the steps in a loop, or (once a step was asked for on stdin) only what is asked."""

    def __init__(self, loop: list[int]) -> None:
        self.loop = loop
        self.stop = threading.Event()
        """Set by Ctrl-C or SIGTERM: end cleanly."""
        self.cut = threading.Event()
        """Set to cut the step that plays short (held notes are released)."""
        self._asked: deque[int] = deque()
        self._position = 0
        self._lock = threading.Lock()

    def ask(self, index: int | None) -> None:
        """Play this step next, once, then wait for the next request (None: just stop and wait)."""
        with self._lock:
            self.loop = []
            if index is not None:
                self._asked.append(index)
        self.cut.set()

    def next(self) -> int | None:
        """The step to play now, or None to stay silent."""
        with self._lock:
            if self._asked:
                return self._asked.popleft()
            if not self.loop:
                return None
            index = self.loop[self._position % len(self.loop)]
            self._position += 1
            return index

    def round_ended(self, index: int) -> bool:
        """True when the step just played was the last of a round of the loop."""
        with self._lock:
            return bool(self.loop) and index == self.loop[-1]

    def end(self, *_: object) -> None:
        self.stop.set()
        self.cut.set()


def run(args: argparse.Namespace) -> int:
    from diag.midi.apis import choose_api
    from diag.sim import load_scenario
    from diag.sim.live import LiveRig
    from diag.sim.player import FAST, check_virtual_ports

    scenario = load_scenario(args.scenario)
    api = choose_api(args.api)
    check_virtual_ports(api)
    loop = [scenario.step(args.step)] if args.step else list(range(len(scenario.steps)))
    control = Control(loop)
    with LiveRig(scenario, api, FAST if args.fast else 1.0) as rig, _ending_on_signals(control):
        _announce(rig, loop)
        threading.Thread(target=_read_requests, args=(rig, control), daemon=True, name="simulate-stdin").start()
        _play(rig, control)
    print("stopped", flush=True)
    return ExitCode.OK


def _play(rig: LiveRig, control: Control) -> None:
    while not control.stop.is_set():
        control.cut.clear()
        index = control.next()
        if index is None:
            control.cut.wait(0.1)
            continue
        rig.perform_now(index, control.cut)
        if control.round_ended(index):
            control.cut.wait(GAP_SECONDS)


def _read_requests(rig: LiveRig, control: Control) -> None:
    """Each line on stdin: a step's name or number (play it once), or "wait" (fall silent)."""
    for line in sys.stdin:
        request = line.strip()
        if not request:
            continue
        if request == "wait":
            control.ask(None)
            print("waiting", flush=True)
            continue
        try:
            index = rig.scenario.step(request)
        except DiagError as error:
            print(f"error {error}", flush=True)
            continue
        control.ask(index)
        print(f"playing {index + 1} {rig.steps[index].name}", flush=True)


def _announce(rig: LiveRig, loop: list[int]) -> None:
    print(f"simulating '{rig.scenario.name}' on {rig.api}: {rig.scenario.description}", flush=True)
    sees = {observer.port: str(observer.sees) for observer in rig.scenario.rig.observers}
    for observer, name in rig.ports.items():
        print(f"  port '{name}' shows {sees[observer]}")
    for hub, (requests_to, answers_from) in rig.rk004_ports.items():
        print(f"  RK-004 {hub}: requests to '{requests_to}', answers from '{answers_from}'")
    steps = ", ".join(f"{index + 1} {rig.steps[index].name}" for index in loop)
    print(f"playing step{'s' if len(loop) > 1 else ''} {steps} in a loop until Ctrl-C; type a step's name or "
          "number and Enter to play it once, or wait to pause", flush=True)


@contextmanager
def _ending_on_signals(control: Control) -> Iterator[None]:
    """Ctrl-C and SIGTERM end the loop cleanly: the step is cut, held notes released, ports closed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, control.end) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
