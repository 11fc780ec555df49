"""A SysEx of a few MB streamed by a device over JACK reaches `midi-diag capture`'s file whole."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from diag.captures import read_capture
from diag.events import SYSEX_KEEP, MidiEvent
from tests.support.big_sysex_sender import ATTEMPTS, big_sysex, send_until_clean
from tests.support.jack import JackServer
from tests.support.processes import Sender, start_midi_diag, wait_for_line
from tests.support.waiting import wait_until

pytestmark = pytest.mark.jack

SENDER = Path(__file__).parents[1] / "support" / "big_sysex_sender.py"
SIZE = 2_000_000


def start_big_sender(server: JackServer, client: str, size: int) -> Sender:
    process = subprocess.Popen([sys.executable, str(SENDER), "--client", client, "--size", str(size)],
                               env=server.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline().split()
    if not line or line[0] != "ready":
        process.kill()
        raise RuntimeError(f"big SysEx sender did not start: {process.stderr.read()}")
    return Sender(process, line[1])


def sysex_in(path: Path) -> list[MidiEvent]:
    return [event for event in read_capture(path).events if event.data[0] == 0xF0]


def whole_sysex_written(path: Path) -> bool:
    """The last SysEx in the capture file being written has SIZE bytes (cheap checks first)."""
    if not path.exists() or path.stat().st_size < 3 * SIZE:
        return False
    written = sysex_in(path)
    return bool(written) and written[-1].size == SIZE


def test_a_sysex_of_2_mb_is_captured_whole_and_read_back_clipped_with_its_true_size(jack_server, tmp_path):
    sender = start_big_sender(jack_server, "BigDump", SIZE)
    output = tmp_path / "dump.jsonl"
    process = start_midi_diag(jack_server, "capture", "--in", "BigDump", "--seconds", "120", "-o", str(output))
    try:
        wait_for_line(process, "stderr", "capturing")
        attempts = send_until_clean(sender.process, jack_server.log_path)
        if not attempts:
            pytest.skip(f"JACK had xruns (a busy machine) in each of {ATTEMPTS} sendings")
        wait_until(lambda: whole_sysex_written(output), 60, "the SysEx written to the capture file")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        sender.close()
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr
    assert "dropped" not in stderr
    sysex_lines = [line for line in output.read_text().splitlines() if '"data": "F0' in line]
    assert bytes.fromhex(sysex_lines[-1].split('"data": "')[1].split('"')[0]) == big_sysex(SIZE)
    *earlier, event = sysex_in(output)
    assert len(earlier) < attempts
    assert event.port == "BigDump:out"
    assert event.size == SIZE and event.clipped and bytes(event.data) == big_sysex(SIZE)[:SYSEX_KEEP]
