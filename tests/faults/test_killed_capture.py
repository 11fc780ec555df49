"""A capture killed with SIGKILL leaves, in every format, a file the reader opens and diagnose accepts."""

import json
import os
import signal

import pytest

from diag.captures import read_capture
from tests.support.processes import start_midi_diag, start_script_sender, wait_for_line
from tests.support.waiting import wait_for_messages

pytestmark = pytest.mark.jack

NOTES = [bytes([0x90, 36 + n, 100]) for n in range(10)]
DUMPS = [bytes([0xF0, 0x00, 0x21, 0x23, 0x00, 0x04, 0x43, n, 0x01, 0xF7]) for n in range(6)]
SENT = {".jsonl": NOTES, ".mid": NOTES, ".syx": DUMPS}


def killed_capture(server, tmp_path, suffix):
    """Capture what a sender plays, SIGKILL the capture once the file holds it all; the file's path."""
    sender = start_script_sender(server, f"Killed{suffix[1:]}", SENT[suffix], tmp_path)
    output = tmp_path / f"killed{suffix}"
    try:
        process = start_midi_diag(server, "capture", "--in", f"killed{suffix[1:]}", "--seconds", "120",
                                  "-o", str(output))
        wait_for_line(process, "stderr", "capturing")
        sender.go()
        wait_for_messages(output, len(SENT[suffix]))
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=10)
        assert process.returncode == -signal.SIGKILL
    finally:
        sender.close()
    return output


def cut(path, count):
    """Take `count` bytes off the end, as a kill in the middle of a write would."""
    with open(path, "r+b") as file:
        file.truncate(os.path.getsize(path) - count)


@pytest.mark.parametrize("suffix", [".jsonl", ".mid", ".syx"])
def test_the_file_of_a_killed_capture_holds_what_was_sent_and_diagnose_reads_it(jack_server, tmp_path, suffix):
    output = killed_capture(jack_server, tmp_path, suffix)
    assert [e.data for e in read_capture(output).events] == SENT[suffix]
    cut(output, 3)  # killed mid-write: the last message is cut off, everything before it stays
    capture = read_capture(output)
    assert [e.data for e in capture.events] == SENT[suffix][:-1]
    assert capture.warnings
    diagnose = start_midi_diag(jack_server, "diagnose", "--capture", str(output), "--format", "json")
    stdout, stderr = diagnose.communicate(timeout=60)
    assert diagnose.returncode in (0, 1), stderr
    assert stderr == ""
    report = json.loads(stdout)
    assert report["traffic"]["messages"] == len(SENT[suffix]) - 1
    assert any(str(output) in warning for warning in report["traffic"]["warnings"])  # the cut is reported
