"""`diagnose --rk004-in/--rk004-out` against the emulator process on a private JACK server: the hub's own
port modes decide `rk004-port-mode`, its action fixes the hub, and a silent hub does not stop the diagnosis."""

from __future__ import annotations

import json
import shlex
import subprocess
from pathlib import Path

import pytest

from diag.rk004.params import find_param
from tests.rk004.hub_process import HubProcess, midi_diag, start_hub

pytestmark = pytest.mark.jack

RIG = Path(__file__).resolve().parents[2] / "docs" / "examples" / "healthy-rk004-hub.toml"
"""It states DIN 3 as MIDI_OUT: only the hub itself can show that it is not."""

TIMEOUT = "0.15"
"""Seconds per try: JACK answers within a few milliseconds."""

WRONG_DIN3 = ("--value", "DIN1_MODE=MIDI_IN", "--value", "DIN2_MODE=MIDI_OUT", "--value", "DIN3_MODE=MIDI_IN")


@pytest.fixture(scope="module")
def hub_process(jack_server):
    hub = start_hub(jack_server, "rk004-diagnose")
    yield hub
    hub.close()


@pytest.fixture
def env(jack_server, tmp_path) -> dict[str, str]:
    return jack_server.env | {"XDG_DATA_HOME": str(tmp_path / "data")}


def diagnose(env: dict[str, str], hub: HubProcess) -> subprocess.CompletedProcess:
    return midi_diag(env, "diagnose", "--rig", str(RIG), "--rk004-in", hub.out_port, "--rk004-out", hub.in_port,
                     "--rk004-timeout", TIMEOUT, "--format", "json")


def port_mode_findings(result: subprocess.CompletedProcess) -> list[dict]:
    assert "Traceback" not in result.stderr
    return [f for f in json.loads(result.stdout)["findings"] if f["check"] == "rk004-port-mode"]


def test_a_wrong_mode_read_from_the_hub_fails_and_its_action_fixes_the_hub(hub_process, env):
    hub_process.configure(*WRONG_DIN3)
    result = diagnose(env, hub_process)
    assert result.returncode == 1, result.stderr
    assert f"read 18 settings of the RK-004 'hub' (read from the device over '{hub_process.out_port}'" in result.stderr
    (finding,) = port_mode_findings(result)
    assert (finding["status"], finding["confidence"]) == ("fail", "high")
    assert any("hub.din3 mode: MIDI_IN, read from the device" in line and "(the rig states MIDI_OUT)" in line
               for line in finding["evidence"])
    (fix,) = finding["fixes"]
    action = fix["action"]
    assert (action["kind"], action["device"], action["params"]) == (
        "rk004-set", "hub", {"changes": {"DIN3_MODE": "MIDI_OUT"}, "commit": True})

    command = shlex.split(fix["steps"][0].removeprefix("Run: "))
    assert command[:5] == ["midi-diag", "rk004", "set", "DIN3_MODE=MIDI_OUT", "--commit"]
    applied = midi_diag(env, *command[1:], "--timeout", TIMEOUT)
    assert applied.returncode == 0, applied.stderr
    assert hub_process.state()["committed"]["DIN3_MODE"] == find_param("DIN3_MODE").parse_value("MIDI_OUT")

    again = diagnose(env, hub_process)
    assert again.returncode == 0, again.stderr
    (finding,) = port_mode_findings(again)
    assert finding["status"] == "pass"
    assert any(line.startswith("hub.din3 mode: MIDI_OUT, read from the device") for line in finding["evidence"])


def test_a_hub_that_does_not_answer_is_reported_and_the_stated_modes_are_used(hub_process, env):
    hub_process.configure("--silent")
    result = diagnose(env, hub_process)
    assert result.returncode == 0, result.stderr
    assert "could not read the RK-004 'hub': RK-004 did not answer GET SYNCIN_MODE (param 0)" in result.stderr
    assert "going on with the settings the rig states" in result.stderr
    (finding,) = port_mode_findings(result)
    assert finding["status"] == "pass"
    assert "could not read the device" in finding["summary"]
    assert all("as stated in the rig" in line for line in finding["evidence"] if " mode: " in line)
