"""`midi-diag rk004 set --commit` cut off over real JACK ports (the emulator process on virtual ports): a wrong
answer, XOFF without XON, the hub's port disappearing. Each run ends with one statement, and the restore
command it gives, run as printed, puts the hub back."""

from __future__ import annotations

import shlex
import subprocess

import pytest

from diag.rk004.params import PARAMS
from tests.rk004.hub_process import HubProcess, midi_diag, start_hub

pytestmark = pytest.mark.jack

TIMEOUT = "0.15"
ANSWERED_BEFORE_SECOND_SET = len(PARAMS) + 2
"""The backup's gets, then DIN1_MODE's set and read-back."""
COMMIT_ANSWER = "F0 00 21 23 00 04 47 F7"


@pytest.fixture(scope="module")
def hub_process(jack_server):
    hub = start_hub(jack_server, "rk004cut")
    yield hub
    hub.close()


@pytest.fixture
def env(jack_server, tmp_path) -> dict[str, str]:
    return jack_server.env | {"XDG_DATA_HOME": str(tmp_path / "data")}


def set_two(env: dict[str, str], hub: HubProcess) -> str:
    """`set DIN1_MODE=MIDI_IN DIN2_MODE=MIDI_OUT --commit`; its one error line (exit 3, no traceback)."""
    result = midi_diag(env, "rk004", "set", "DIN1_MODE=MIDI_IN", "DIN2_MODE=MIDI_OUT", "--commit",
                       "--in", hub.out_port, "--out", hub.in_port, "--timeout", TIMEOUT)
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith("midi-diag: ")
    return line


def run_the_way_back(env: dict[str, str], hub: HubProcess, line: str, before: dict[str, int]) -> None:
    """The command after "run: ", exactly as printed; then the hub holds the old values, live and stored."""
    words = shlex.split(line.split("To go back to the settings from before this command, run: ")[1])
    assert words[:3] == ["midi-diag", "rk004", "restore"]
    assert words[4:] == ["--in", hub.out_port, "--out", hub.in_port, "--api", "jack", "--timeout", TIMEOUT]
    result: subprocess.CompletedProcess = midi_diag(env, *words[1:])
    assert result.returncode == 0, result.stderr
    hub.power_cycle()
    state = hub.state()
    assert state["volatile"] == state["committed"] == before


def test_a_wrong_answer_mid_write_is_named_and_the_restore_puts_the_hub_back(hub_process, env):
    hub = hub_process
    hub.configure("--reply-instead-after", str(ANSWERED_BEFORE_SECOND_SET), "--reply-instead", COMMIT_ANSWER)
    before = hub.state()["volatile"]
    line = set_two(env, hub)
    assert "RK-004 did not answer SET DIN2_MODE (param 9) = 6 (MIDI_OUT) after 3 tries of 0.15 s" in line
    assert "among them an RK-004 COMMIT_PARAMS_RSP (47) that answers another request" in line
    assert ("Set and read back (confirmed): DIN1_MODE = 5 (MIDI_IN). Sent, not confirmed (unknown): DIN2_MODE = "
            "4 (MIDI_AUTO) or 6 (MIDI_OUT): its SET went out and no answer came back. The other 16 parameters "
            "were not touched. Nothing was committed") in line
    assert hub.state()["volatile"]["DIN2_MODE"] == 6  # it took the set; only its answer was wrong
    hub.knobs()
    run_the_way_back(env, hub, line, before)


def test_xoff_without_xon_mid_write_sends_nothing_more_and_says_the_hub_held_it_off(hub_process, env):
    hub = hub_process
    hub.configure("--xoff-hold", "inf", "--xoff-every", str(ANSWERED_BEFORE_SECOND_SET))
    before = hub.state()["volatile"]
    line = set_two(env, hub)
    assert "RK-004 held XOFF for more than 2 s; SET DIN2_MODE (param 9) = 6 (MIDI_OUT) was not sent." in line
    assert ("Set and read back (confirmed): DIN1_MODE = 5 (MIDI_IN). Not sent: DIN2_MODE keeps 4 (MIDI_AUTO). "
            "The other 16 parameters were not touched. Nothing was committed") in line
    state = hub.state()
    assert state["holds"] == 1 and state["frames_while_held"] == 0
    assert state["received"] == ANSWERED_BEFORE_SECOND_SET
    hub.knobs()
    run_the_way_back(env, hub, line, before)


def test_the_hubs_ports_disappearing_mid_write_is_said_and_the_restore_works_once_they_are_back(hub_process, env):
    hub = hub_process
    hub.configure("--vanish-after", str(ANSWERED_BEFORE_SECOND_SET))
    before = hub.state()["volatile"]
    line = set_two(env, hub)
    assert "RK-004 did not answer SET DIN2_MODE (param 9) = 6 (MIDI_OUT) after 3 tries of 0.15 s: the ports " \
        f"'{hub.out_port}' and '{hub.in_port}' have disappeared (hub unplugged or switched off?)." in line
    assert "Set and read back (confirmed): DIN1_MODE = 5 (MIDI_IN). Sent, not confirmed (unknown): DIN2_MODE" in line
    state = hub.state()
    assert not state["ports"] and state["volatile"]["DIN1_MODE"] == 5 and state["committed"] == before
    assert hub.control("replug") == "ok"
    run_the_way_back(env, hub, line, before)
