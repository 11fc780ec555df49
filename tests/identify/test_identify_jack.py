"""`midi-diag identify` over a private JACK server, against a device process that answers (or does not)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from tests.support.processes import start_midi_diag

DEVICE = Path(__file__).resolve().parents[1] / "support" / "identity_device.py"
DIGITAKT = "F0 7E 00 06 02 00 20 3C 0C 00 01 00 01 02 03 04 F7"
"""An Elektron reply; the knowledge has no identity codes for Elektron's models, so only the maker is sure."""
PEAK = "F0 7E 00 06 02 00 20 29 33 01 00 00 01 02 03 04 F7"
"""A Novation reply with the codes the knowledge holds (unverified) for the Peak."""
UNKNOWN_MAKER = "F0 7E 10 06 02 7D 01 00 02 00 00 00 00 00 F7"
BROKEN = "F0 7E 00 06 02 00 20 3C 0C 00 F7"


@pytest.fixture
def device(jack_server, request):
    """Start the answering device with the replies the test's `replies` marker gives."""
    marker = request.node.get_closest_marker("replies")
    replies = marker.args if marker else ()
    client = f"idev-{request.node.name[-20:].replace('[', '-').replace(']', '')}"
    args = [sys.executable, str(DEVICE), "--client", client]
    for reply in replies:
        args += ["--reply", reply]
    process = subprocess.Popen(args, env=jack_server.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    ready = process.stdout.readline().split()
    assert ready and ready[0] == "ready", process.stderr.read()
    yield Ports(answers_on=ready[1], listens_to=ready[2])
    process.stdin.close()
    process.wait(timeout=5)


class Ports(NamedTuple):
    """The device's two JACK ports."""

    answers_on: str
    listens_to: str


def identify(server, device: Ports, *extra: str) -> subprocess.CompletedProcess:
    process = start_midi_diag(server, "identify", "--api", "jack", "--in", device.answers_on,
                              "--out", device.listens_to, "--timeout", "0.5", *extra)
    out, err = process.communicate(timeout=30)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.replies(DIGITAKT)
def test_a_device_that_answers_is_named_with_its_codes_and_the_models_that_fit(jack_server, device):
    result = identify(jack_server, device)
    assert result.returncode == 0, result.stderr
    assert f"'{device.answers_on}': Elektron" in result.stdout and "(00 20 3C)" in result.stdout
    assert "family 0C 00, member 01 00, version 01 02 03 04, device id 00" in result.stdout
    assert "whose identity codes it does not know: " in result.stdout and "Elektron Digitakt," in result.stdout
    assert result.stderr == ""


@pytest.mark.replies(PEAK)
def test_codes_the_knowledge_holds_name_the_model_and_say_how_sure(jack_server, device):
    result = identify(jack_server, device)
    assert result.returncode == 0, result.stderr
    assert "this is: Novation Peak (codes unverified in midi-diag's knowledge)" in result.stdout


@pytest.mark.replies(DIGITAKT, UNKNOWN_MAKER, BROKEN)
def test_json_has_every_reply_and_the_broken_one_with_why(jack_server, device):
    result = identify(jack_server, device, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["request"] == "F0 7E 7F 06 01 F7"
    assert [reply["data"] for reply in report["replies"]] == [DIGITAKT, UNKNOWN_MAKER]
    digitakt, unknown = report["replies"]
    assert digitakt["manufacturer_id"] == "00 20 3C" and digitakt["family"] == "0C 00"
    assert {"id": "elektron-digitakt", "name": "Elektron Digitakt", "by": "maker", "confidence": "verified"} \
        in digitakt["models"]
    assert unknown["manufacturer_id"] == "7D" and unknown["models"] == [] and unknown["device_id"] == 0x10
    assert [bad["data"] for bad in report["broken"]] == [BROKEN]
    assert "must be 17" in report["broken"][0]["reason"]


def test_a_device_that_does_not_answer_is_exit_3_in_one_line(jack_server, device):
    result = identify(jack_server, device)
    assert result.returncode == 3
    assert result.stderr.count("\n") == 1 and "no device answered the Identity Request" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_port_that_matches_nothing_is_exit_2_with_the_ports_that_exist(jack_server, device):
    process = start_midi_diag(jack_server, "identify", "--api", "jack", "--in", device.answers_on,
                              "--out", "no-such-port")
    _, err = process.communicate(timeout=30)
    assert process.returncode == 2 and "no-such-port" in err and device.listens_to in err and "Traceback" not in err
