"""A SysEx of a few MB streamed by a device over JACK reaches `midi-diag capture`'s file whole."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diag.captures import read_capture
from diag.events import SYSEX_KEEP
from tests.support.big_sysex_sender import big_sysex
from tests.support.jack import JackServer
from tests.support.processes import Sender, start_midi_diag, wait_for_line
from tests.support.waiting import wait_until

pytestmark = pytest.mark.jack

SENDER = Path(__file__).parents[1] / "support" / "big_sysex_sender.py"
SIZE = 3_000_000


def start_big_sender(server: JackServer, client: str, size: int) -> Sender:
    process = subprocess.Popen([sys.executable, str(SENDER), "--client", client, "--size", str(size)],
                               env=server.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().split()
    if not line or line[0] != "ready":
        process.kill()
        raise RuntimeError(f"big SysEx sender did not start: {process.stderr.read()}")
    return Sender(process, line[1])


def last_line_ends_the_sysex(path: Path) -> bool:
    """The capture file's last complete line holds a message ending in F7 (the long one is in)."""
    if not path.exists():
        return False
    with open(path, "rb") as file:
        file.seek(max(0, path.stat().st_size - 64))
        return file.read().endswith(b' F7"}\n')


def test_a_sysex_of_3_mb_is_captured_whole_and_read_back_clipped_with_its_true_size(jack_server, tmp_path):
    sender = start_big_sender(jack_server, "BigDump", SIZE)
    output = tmp_path / "dump.jsonl"
    process = start_midi_diag(jack_server, "capture", "--in", "BigDump", "--seconds", "120", "-o", str(output))
    try:
        wait_for_line(process, "stderr", "capturing")
        assert sender.go() == SIZE
        wait_until(lambda: last_line_ends_the_sysex(output), 60, "the SysEx written to the capture file")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        sender.close()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "kept 1 message" in stdout
    line = output.read_text().splitlines()[1]
    assert bytes.fromhex(line.split('"data": "')[1].split('"')[0]) == big_sysex(SIZE)
    [event] = read_capture(output).events
    assert event.port == "BigDump:out"
    assert event.size == SIZE and event.clipped and bytes(event.data) == big_sysex(SIZE)[:SYSEX_KEEP]
