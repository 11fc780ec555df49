"""`midi-diag ports`, port matching and MIDI-system errors, run as a user runs them."""

import json
import subprocess
import sys

import pytest

from tests.support.jack import client_env
from tests.support.processes import start_script_sender


def midi_diag(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "diag", *args], env=env, capture_output=True, text=True,
                          timeout=60)


def assert_one_line_error(result, code: int, *fragments: str) -> None:
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("midi-diag: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.fixture
def two_senders(jack_server, tmp_path):
    senders = [start_script_sender(jack_server, name, [], tmp_path) for name in ("Digitakt", "KeyStep")]
    yield jack_server
    for sender in senders:
        sender.close()


@pytest.mark.jack
def test_ports_lists_inputs_and_outputs(two_senders):
    result = midi_diag(two_senders.env, "ports")
    assert result.returncode == 0, result.stderr
    assert "MIDI system: jack" in result.stdout
    assert "  Digitakt:out" in result.stdout and "  KeyStep:out" in result.stdout


@pytest.mark.jack
def test_ports_json(two_senders):
    listing = json.loads(midi_diag(two_senders.env, "ports", "--json").stdout)
    assert listing["api"] == "jack"
    assert {"Digitakt:out", "KeyStep:out"} <= set(listing["inputs"])
    assert isinstance(listing["outputs"], list)


@pytest.mark.jack
def test_an_unknown_port_is_exit_2_and_names_the_ports_that_exist(two_senders, tmp_path):
    result = midi_diag(two_senders.env, "capture", "--in", "rytm", "--seconds", "1", "-o", str(tmp_path / "x.jsonl"))
    assert_one_line_error(result, 2, "no input port matches 'rytm'", "'Digitakt:out'", "'KeyStep:out'")
    assert not (tmp_path / "x.jsonl").exists()


@pytest.mark.jack
def test_an_ambiguous_port_is_exit_2_and_names_the_matches(two_senders, tmp_path):
    result = midi_diag(two_senders.env, "capture", "--in", ":OUT", "--seconds", "1", "-o", str(tmp_path / "x.jsonl"))
    assert_one_line_error(result, 2, "ambiguous", "'Digitakt:out'", "'KeyStep:out'")


def test_an_absent_jack_server_is_exit_3_in_one_line():
    env = client_env("no-such-server-here")
    for args in (["ports"], ["capture", "--in", "x", "--seconds", "1", "-o", "/tmp/never.jsonl"],
                 ["monitor", "--headless", "--seconds", "1"]):
        assert_one_line_error(midi_diag(env, *args, "--api", "jack"), 3, "'jack' is not available")


def test_an_unknown_api_in_the_environment_is_exit_2():
    env = client_env("x") | {"MIDI_DIAG_API": "sndio"}
    assert_one_line_error(midi_diag(env, "ports"), 2, "MIDI_DIAG_API", "sndio")


@pytest.mark.parametrize("seconds", ["0", "-1", "soon", "inf", "nan"])
def test_a_bad_duration_is_a_usage_error(seconds):
    result = midi_diag(client_env("x"), "capture", "--in", "a", "--seconds", seconds, "-o", "x.jsonl")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_help_names_every_command():
    result = midi_diag(None, "--help")
    assert result.returncode == 0
    for command in ("ports", "capture", "monitor", "rk004"):
        assert command in result.stdout
