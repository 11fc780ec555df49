"""`midi-diag diagnose --listen` over a private JACK server, with senders in other processes."""

import json

import pytest

from tests.support.processes import start_midi_diag, start_script_sender, wait_for_line

pytestmark = pytest.mark.jack

NOTE_ON, NOTE_OFF = bytes.fromhex("90 3C 64"), bytes.fromhex("80 3C 00")
RIG = """
[devices.keystep]
model = "arturia-keystep"

[devices.digitakt]
model = "elektron-digitakt"

[devices.computer]
model = "computer"

[[connections]]
from = "keystep.usb"
to = "computer.usb"

[[connections]]
from = "digitakt.usb"
to = "computer.usb"

[[observe]]
port = "KeyStep:out"
sees = "keystep.usb"

[[observe]]
port = "Digitakt:out"
sees = "digitakt.usb"
"""


@pytest.fixture
def senders(jack_server, tmp_path):
    started = []

    def start(client, messages, gap=0.002):
        started.append(start_script_sender(jack_server, client, messages, tmp_path, gap))
        return started[-1]

    yield start
    for sender in started:
        sender.close()


def test_two_listen_groups_run_in_turn_and_find_the_stuck_note(jack_server, senders, tmp_path):
    keystep = senders("KeyStep", [bytes((0x90, n, 100)) for n in (60, 62, 64)] + [bytes((0x80, 60, 0)),
                                                                                   bytes((0x80, 62, 0))])
    digitakt = senders("Digitakt", [bytes([0xFE])] * 3)
    rig = tmp_path / "rig.toml"
    rig.write_text(RIG)
    process = start_midi_diag(jack_server, "diagnose", "--rig", str(rig), "--format", "json",
                              "--listen", "keystep", "--seconds", "1.5", "--step", "keys",
                              "--listen", "digitakt", "--seconds", "1", "--step", "idle")
    assert "now: play a few keys" in wait_for_line(process, "stderr", "now:")
    keystep.go()
    assert "now: touch nothing" in wait_for_line(process, "stderr", "now:")
    digitakt.go()
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr  # a note still on at the very end is too recent to call stuck
    report = json.loads(stdout)
    entries = {(e["port"], e["step"]): e for e in report["traffic"]["entries"]}
    assert entries[("KeyStep:out", "keys")]["notes"] == {"1": {"60": 1, "62": 1, "64": 1}}
    assert entries[("Digitakt:out", "idle")]["kinds"] == {"active_sensing": 3}
    assert [s["step"] for s in report["traffic"]["steps"]] == ["keys", "idle"]
    assert report["environment"]["api"] == "jack" and report["rig"]["devices"][0]["name"] == "keystep"
    held = entries[("KeyStep:out", "keys")]["note_balance"]["held"]
    assert [(h["channel"], h["note"]) for h in held] == [(1, 64)]


def test_a_feedback_loop_heard_live_is_exit_1(jack_server, senders):
    looping = [message for note in (60, 62, 64, 65) for message in [bytes((0x90, note, 100))] * 3]
    sender = senders("Loop", looping)
    process = start_midi_diag(jack_server, "diagnose", "--listen", "loop", "--seconds", "1.5", "--step", "keys",
                              "--format", "md")
    wait_for_line(process, "stderr", "now:")
    sender.go()
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 1, stderr
    assert "**FAIL**: MIDI feedback loop" in stdout
    assert "got 12 messages" in stderr


def test_a_listened_port_the_rig_does_not_observe_is_exit_2_before_listening(jack_server, senders, tmp_path):
    senders("Mystery", [NOTE_ON, NOTE_OFF])
    rig = tmp_path / "rig.toml"
    rig.write_text(RIG)
    process = start_midi_diag(jack_server, "diagnose", "--rig", str(rig), "--listen", "mystery", "--seconds", "5",
                              "--step", "keys")
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert stderr == "midi-diag: --listen mystery: port 'Mystery:out' is not observed in the rig file " \
                     "(add an [[observe]] entry for it, or leave it out of the capture)\n"
