"""`midi-diag simulate` on a private JACK server, with `capture` and `diagnose --listen` pointed at it."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import sys
from dataclasses import dataclass

import pytest

from diag.captures import read_capture
from diag.sim import Scenario, load_scenario
from diag.sim.player import FAST, needs_real_time
from tests.sim.support import faulty, missing_checks
from tests.support.jack import JackServer
from tests.support.processes import start_midi_diag

pytestmark = pytest.mark.jack

PORT_LINE = re.compile(r"^  port '(?P<name>[^']+)' shows (?P<sees>\S+)$")
MARGIN = 0.8
"""Seconds of listening beyond a step's own length: the request's trip and the poller's last look."""


@dataclass
class Simulator:
    """A running `midi-diag simulate`, the ports it announced (what they show -> JACK port name), its first lines."""

    process: subprocess.Popen
    ports: dict[str, str]
    said: list[str]

    def ask(self, request: str) -> str:
        """Send a line to simulate's stdin and return its answer."""
        self.process.stdin.write(request + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            self.process.wait(timeout=10)


def start_simulator(server: JackServer, scenario: str, *extra: str) -> Simulator:
    process = subprocess.Popen([sys.executable, "-m", "diag", "simulate", scenario, *extra], env=server.env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    ports, said = {}, []
    for line in process.stdout:
        said.append(line.rstrip("\n"))
        found = PORT_LINE.match(said[-1])
        if found:
            ports[found["sees"]] = found["name"]
        if line.startswith("playing"):
            return Simulator(process, ports, said)
    raise AssertionError(f"simulate did not start: {process.stderr.read()}")


@pytest.fixture
def simulators(jack_server):
    started: list[Simulator] = []

    def start(scenario: str, *extra: str) -> Simulator:
        started.append(start_simulator(jack_server, scenario, *extra))
        return started[-1]

    yield start
    for simulator in started:
        simulator.close()


def step_seconds(scenario: Scenario, index: int) -> float:
    """How long to listen to one step played by `simulate --fast`."""
    traffic = scenario.simulation().play(scenario.steps[index])
    return traffic.seconds / (1.0 if needs_real_time(traffic) else FAST) + MARGIN


def test_simulate_names_a_port_for_each_observer_and_what_they_show_arrives_byte_for_byte(jack_server, simulators,
                                                                                        tmp_path):
    scenario = load_scenario("auto-channel")
    simulator = simulators("auto-channel", "--fast")
    assert set(simulator.ports) == {str(o.sees) for o in scenario.rig.observers}
    assert simulator.ask("wait") == "waiting"
    output = tmp_path / "keys.jsonl"
    args = ["capture", "--seconds", f"{step_seconds(scenario, 0):.2f}", "-o", str(output), "--step", "keys"]
    capture = start_midi_diag(jack_server, *args, *[a for port in simulator.ports.values() for a in ("--in", port)])
    assert "capturing" in capture.stderr.readline()
    assert simulator.ask("keys") == "playing 1 keys"
    _, stderr = capture.communicate(timeout=30)
    assert capture.returncode == 0, stderr
    events = read_capture(output).events
    taps = scenario.simulation().play(scenario.steps[0]).taps
    for observer in scenario.rig.observers:
        port = simulator.ports[str(observer.sees)]
        assert [e.data for e in events if e.port == port] == [t.data for t in taps if t.port == observer.port]
    assert len(events) == len(taps) > 0


def diagnose_against(server: JackServer, simulator: Simulator, scenario: Scenario) -> dict:
    """Run diagnose --listen on every observer for every step, asking simulate for each step as prompted."""
    args = ["diagnose", "--rig", str(scenario.rig.path), "--format", "json"]
    for line in simulator.said:
        if line.startswith("  RK-004 "):  # read the hub over its SysEx ports, as with a real one
            requests_to, answers_from = re.findall(r"'([^']+)'", line)
            args += ["--rk004-in", answers_from, "--rk004-out", requests_to]
    for index, step in enumerate(scenario.steps):
        for port in simulator.ports.values():
            args += ["--listen", port, "--seconds", f"{step_seconds(scenario, index):.2f}", "--step", step.name]
    process = start_midi_diag(server, *args)
    for line in process.stderr:
        prompt = re.match(r"step '(\w+)' on", line)
        if prompt:
            assert simulator.ask(prompt[1]).startswith("playing")
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode in (0, 1), stderr
    return json.loads(stdout)


@pytest.mark.parametrize("name", [scenario.name for scenario in faulty()])
def test_diagnose_listening_to_simulate_finds_what_the_fault_shows(jack_server, simulators, name, request):
    scenario = load_scenario(name)
    simulator = simulators(name, "--fast")
    assert simulator.ask("wait") == "waiting"
    report = diagnose_against(jack_server, simulator, scenario)
    found = {}
    for finding in report["findings"]:
        found.setdefault(finding["check"], set()).add(finding["status"])
    assert set(report["environment"]["ports"]) == set(simulator.ports.values())
    present = {c: s for c, s in scenario.expect.items() if not missing_checks([c])}
    summaries = [f"{f['check']} {f['status']}: {f['summary']}" for f in report["findings"]]
    assert {c: s for c, s in present.items() if s not in found.get(c, set())} == {}, summaries
    if missing_checks(scenario.expect):
        # Decided by the registry: these expectations wait for their checks; strict, so they are noticed.
        request.node.add_marker(pytest.mark.xfail(strict=True, reason=f"not registered: {missing_checks(scenario.expect)}"))
    assert all(status in found.get(check, set()) for check, status in scenario.expect.items())


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_simulate_ends_cleanly_on_a_signal(simulators, stop):
    simulator = simulators("healthy-keystep-digitakt", "--step", "keys")
    simulator.process.send_signal(stop)
    stdout, stderr = simulator.process.communicate(timeout=10)
    assert simulator.process.returncode == 0, stderr
    assert stdout.strip().endswith("stopped") and "Traceback" not in stderr


def test_simulate_exposes_the_hubs_sysex_ports_for_the_rk004_commands(jack_server, simulators):
    simulator = simulators("healthy-rk004-hub")
    hub = next(line for line in simulator.said if line.startswith("  RK-004 hub:"))
    requests_to, answers_from = re.findall(r"'([^']+)'", hub)
    get = start_midi_diag(jack_server, "rk004", "get", "DIN3_MODE", "--in", answers_from, "--out", requests_to,
                          "--json")
    stdout, stderr = get.communicate(timeout=30)
    assert get.returncode == 0, stderr
    assert "MIDI_OUT" in {str(entry) for entry in json.loads(stdout)["parameters"][0].values()}
