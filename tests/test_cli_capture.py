"""`midi-diag capture` and `monitor --headless` as a user runs them, over a private JACK server."""

import signal
import time

import pytest

from diag.captures import read_capture
from tests.midi.test_capture_jack import EVERY_KIND, SYSEX_6000
from tests.support.processes import start_midi_diag, start_script_sender, wait_for_line

pytestmark = pytest.mark.jack

NOTES = [bytes([0x90, 36 + n, 100]) for n in range(20)]


@pytest.fixture
def senders(jack_server, tmp_path):
    started = []

    def start(client, messages, gap=0.002):
        started.append(start_script_sender(jack_server, client, messages, tmp_path, gap))
        return started[-1]

    yield start
    for sender in started:
        sender.close()


def run_capture(server, senders_and_messages, output, *extra, seconds="3"):
    args = ["capture", "--seconds", seconds, "-o", str(output), *extra]
    for sender, _ in senders_and_messages:
        args += ["--in", sender.port.split(":")[0]]
    process = start_midi_diag(server, *args)
    wait_for_line(process, "stderr", "capturing")
    for sender, _ in senders_and_messages:
        sender.go()
    stdout, stderr = process.communicate(timeout=30)
    return process.returncode, stdout, stderr


def test_capture_to_json_lines_keeps_every_byte_port_and_step(jack_server, senders, tmp_path):
    keystep, digitakt = senders("KeyStep", NOTES), senders("Digitakt", EVERY_KIND)
    output = tmp_path / "rig.jsonl"
    code, stdout, stderr = run_capture(jack_server, [(keystep, NOTES), (digitakt, EVERY_KIND)], output,
                                       "--step", "keys")
    assert code == 0, stderr
    capture = read_capture(output)
    assert [e.data for e in capture.events if e.port == "KeyStep:out"] == NOTES
    assert [e.data for e in capture.events if e.port == "Digitakt:out"] == EVERY_KIND
    assert {e.step for e in capture.events} == {"keys"}
    assert capture.header["ports"] == ["KeyStep:out", "Digitakt:out"]
    assert f"kept {len(NOTES) + len(EVERY_KIND)} messages" in stdout
    assert f"{len(NOTES):>9}  KeyStep:out" in stdout and f"{len(EVERY_KIND):>9}  Digitakt:out" in stdout
    assert stderr == ""  # nothing after the "capturing ..." line: no warning, no drop


def test_capture_to_a_midi_file(jack_server, senders, tmp_path):
    sender = senders("Rytm", EVERY_KIND)
    code, _, stderr = run_capture(jack_server, [(sender, EVERY_KIND)], tmp_path / "rytm.mid")
    assert code == 0, stderr
    assert [e.data for e in read_capture(tmp_path / "rytm.mid").events] == EVERY_KIND


def test_capture_to_syx_keeps_the_sysex_and_says_what_it_left_out(jack_server, senders, tmp_path):
    sender = senders("RK004", EVERY_KIND)
    code, _, stderr = run_capture(jack_server, [(sender, EVERY_KIND)], tmp_path / "dump.syx")
    assert code == 0, stderr
    sysex = [m for m in EVERY_KIND if m[0] == 0xF0]
    assert [e.data for e in read_capture(tmp_path / "dump.syx").events] == sysex
    assert f"{len(EVERY_KIND) - len(sysex)} messages left out" in stderr
    assert (tmp_path / "dump.syx").read_bytes().startswith(SYSEX_6000[:4])


def test_ctrl_c_stops_early_and_keeps_everything_received(jack_server, senders, tmp_path):
    sender = senders("KeyStep", NOTES)
    output = tmp_path / "early.jsonl"
    process = start_midi_diag(jack_server, "capture", "--in", "keystep", "--seconds", "60", "-o", str(output))
    wait_for_line(process, "stderr", "capturing")
    sender.go()
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=10)
    assert process.returncode == 0, stderr
    assert "stopped early" in stdout and "Traceback" not in stderr
    assert [e.data for e in read_capture(output).events] == NOTES


def test_a_killed_capture_leaves_a_readable_file_with_what_was_flushed(jack_server, senders, tmp_path):
    sender = senders("KeyStep", NOTES)
    output = tmp_path / "killed.jsonl"
    process = start_midi_diag(jack_server, "capture", "--in", "keystep", "--seconds", "60", "-o", str(output))
    wait_for_line(process, "stderr", "capturing")
    sender.go()
    time.sleep(1.0)
    process.kill()
    process.wait()
    assert [e.data for e in read_capture(output).events] == NOTES


def test_an_unwritable_output_is_exit_2_before_anything_is_captured(jack_server, senders, tmp_path):
    senders("KeyStep", NOTES)
    process = start_midi_diag(jack_server, "capture", "--in", "keystep", "--seconds", "1",
                              "-o", str(tmp_path / "no-such-dir" / "x.jsonl"))
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 2
    assert stderr.startswith("midi-diag: cannot write") and stderr.count("\n") == 1


def test_an_unknown_suffix_is_a_usage_error(jack_server, senders, tmp_path):
    senders("KeyStep", NOTES)
    process = start_midi_diag(jack_server, "capture", "--in", "keystep", "--seconds", "1",
                              "-o", str(tmp_path / "x.wav"))
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 2 and ".jsonl" in stderr and stderr.count("\n") == 1


def test_monitor_headless_prints_one_decoded_line_per_message(jack_server, senders):
    messages = [bytes.fromhex("90 3C 64"), bytes.fromhex("B0 07 64"), bytes([0xF8]), bytes([0xFD]),
                bytes.fromhex("F0 7E 00 06 02 00 20 3C 0C 00 04 00 01 05 00 00 F7")]
    sender = senders("Digitakt", messages)
    process = start_midi_diag(jack_server, "monitor", "--headless", "--in", "digitakt", "--seconds", "2")
    wait_for_line(process, "stderr", "monitoring")
    sender.go()
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    lines = stdout.splitlines()
    assert len(lines) == len(messages)
    assert all("Digitakt:out" in line for line in lines)
    assert "C4" in lines[0] and "60" in lines[0] and "90 3C 64" in lines[0]
    assert "Volume" in lines[1] or "volume" in lines[1]
    assert "FD" in lines[3]
    assert "Elektron" in lines[4]
