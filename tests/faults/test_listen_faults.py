"""`diagnose --listen` and `monitor --headless` when the port they listen to goes away (and comes back)."""

import json
import signal

import pytest

from tests.support.processes import start_midi_diag, start_script_sender, wait_for_line

pytestmark = pytest.mark.jack

NOTES = [bytes([0x90, 48 + n, 90]) for n in range(6)]


def test_diagnose_reports_what_was_heard_before_the_port_went_and_exits_3(jack_server, tmp_path):
    sender = start_script_sender(jack_server, "Listened", NOTES, tmp_path)
    process = start_midi_diag(jack_server, "diagnose", "--listen", "listened", "--seconds", "120",
                              "--step", "keys", "--format", "json")
    wait_for_line(process, "stderr", "now:")
    sender.go()
    sender.close()
    gone = wait_for_line(process, "stderr", "went away")
    assert "'Listened:out' went away at t=" in gone
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 3
    report = json.loads(stdout)
    assert report["traffic"]["messages"] == len(NOTES)
    assert any("went away during step 'keys'" in warning for warning in report["traffic"]["warnings"]), report
    assert stderr.splitlines()[-1] == ("midi-diag: 'Listened:out' went away during step 'keys' and did not come "
                                       "back; the report covers what was heard until then")
    assert "Traceback" not in stderr


def test_the_headless_monitor_says_a_port_went_and_came_back_and_prints_both_sides(jack_server, tmp_path):
    first = start_script_sender(jack_server, "Monitored", NOTES[:3], tmp_path)
    process = start_midi_diag(jack_server, "monitor", "--headless", "--in", "monitored", "--seconds", "120")
    wait_for_line(process, "stderr", "monitoring")
    first.go()
    wait_for_line(process, "stdout", "90 32 5A")  # the third note
    first.close()
    assert "'Monitored:out' went away at t=" in wait_for_line(process, "stderr", "went away")
    second = start_script_sender(jack_server, "Monitored", NOTES[3:], tmp_path)
    try:
        assert "'Monitored:out' is back at t=" in wait_for_line(process, "stderr", "is back")
        second.go()
        wait_for_line(process, "stdout", "90 35 5A")
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        second.close()
    assert process.returncode == 0, stderr
