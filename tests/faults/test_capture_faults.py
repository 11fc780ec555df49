"""`midi-diag capture` when things break: a sender that quits or comes back, a killed JACK server, SIGKILL."""

import signal

import pytest

from diag.captures import read_capture
from tests.support.jack import release_killed_server, start_jack_server
from tests.support.processes import start_midi_diag, start_script_sender, wait_for_line
from tests.support.waiting import wait_for_messages

pytestmark = pytest.mark.jack

FIRST = [bytes([0x90, 36 + n, 100]) for n in range(12)]
SECOND = [bytes([0x80, 36 + n, 0]) for n in range(8)]


def start_capture(server, output, *fragments):
    args = ["capture", "--seconds", "120", "-o", str(output)]
    for fragment in fragments:
        args += ["--in", fragment]
    process = start_midi_diag(server, *args)
    wait_for_line(process, "stderr", "capturing")
    return process


def stop(process):
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    return process.returncode, stdout, stderr


@pytest.fixture
def cleanup():
    started = []
    yield started.append
    for thing in started:
        thing.close() if hasattr(thing, "close") else thing.kill()


def test_a_sender_that_quits_is_named_its_messages_kept_and_the_exit_is_3(jack_server, tmp_path, cleanup):
    keystep = start_script_sender(jack_server, "FaultKeys", FIRST, tmp_path)
    clock = start_script_sender(jack_server, "FaultClock", [bytes([0xF8])] * 5, tmp_path)
    cleanup(clock)
    output = tmp_path / "quit.jsonl"
    process = start_capture(jack_server, output, "faultkeys", "faultclock")
    keystep.go()
    wait_for_messages(output, len(FIRST))
    keystep.close()
    gone = wait_for_line(process, "stderr", "went away")
    assert "'FaultKeys:out' went away at t=" in gone and f"({len(FIRST)} messages) is kept in {output}" in gone
    clock.go()  # the other port is still captured
    wait_for_messages(output, len(FIRST) + 5)
    code, stdout, stderr = stop(process)
    assert code == 3
    assert stderr.splitlines() == [(f"midi-diag: 'FaultKeys:out' went away during the capture and did not come "
                                    f"back; {len(FIRST) + 5} messages kept in {output}")]
    assert f"kept {len(FIRST) + 5} messages" in stdout
    events = read_capture(output).events
    assert [e.data for e in events if e.port == "FaultKeys:out"] == FIRST
    assert [e.data for e in events if e.port == "FaultClock:out"] == [bytes([0xF8])] * 5


def test_a_port_that_comes_back_is_captured_again_and_the_exit_is_0(jack_server, tmp_path, cleanup):
    first = start_script_sender(jack_server, "Comeback", FIRST, tmp_path)
    output = tmp_path / "back.jsonl"
    process = start_capture(jack_server, output, "comeback")
    first.go()
    wait_for_messages(output, len(FIRST))
    first.close()
    wait_for_line(process, "stderr", "went away")
    second = start_script_sender(jack_server, "Comeback", SECOND, tmp_path)
    cleanup(second)
    back = wait_for_line(process, "stderr", "is back")
    assert back.startswith("'Comeback:out' is back at t=") and back.rstrip().endswith("capturing it again")
    second.go()
    wait_for_messages(output, len(FIRST) + len(SECOND))
    code, _, stderr = stop(process)
    assert code == 0, stderr
    assert [e.data for e in read_capture(output).events] == FIRST + SECOND
    assert {e.port for e in read_capture(output).events} == {"Comeback:out"}


def test_a_port_back_under_another_name_is_found_by_the_argument_given(jack_server, tmp_path, cleanup):
    first = start_script_sender(jack_server, "Replug-A", FIRST, tmp_path)
    output = tmp_path / "renamed.mid"
    process = start_capture(jack_server, output, "replug")
    first.go()
    wait_for_messages(output, len(FIRST))
    first.close()
    wait_for_line(process, "stderr", "went away")
    second = start_script_sender(jack_server, "Replug-B", SECOND, tmp_path)
    cleanup(second)
    back = wait_for_line(process, "stderr", "is back")
    assert "'Replug-A:out' is back as 'Replug-B:out' at t=" in back
    second.go()
    wait_for_messages(output, len(FIRST) + len(SECOND))
    second.close()  # and once more, now under its new name
    wait_for_line(process, "stderr", "'Replug-B:out' went away")
    third = start_script_sender(jack_server, "Replug-B", FIRST, tmp_path)
    cleanup(third)
    wait_for_line(process, "stderr", "'Replug-B:out' is back at")
    third.go()
    wait_for_messages(output, 2 * len(FIRST) + len(SECOND))
    code, _, stderr = stop(process)
    assert code == 0, stderr
    assert "went away" not in stderr  # reconnected for good, not over and over
    events = read_capture(output).events
    assert [e.data for e in events if e.port == "Replug-A:out"] == FIRST
    assert [e.data for e in events if e.port == "Replug-B:out"] == SECOND + FIRST


def test_a_killed_jack_server_ends_the_capture_with_exit_3_and_a_readable_file(tmp_path, jack_server):
    server = start_jack_server(str(tmp_path))  # a server of its own: the session's one must survive
    try:
        sender = start_script_sender(server, "Doomed", FIRST, tmp_path)
        output = tmp_path / "doomed.jsonl"
        process = start_capture(server, output, "doomed")
        sender.go()
        wait_for_messages(output, len(FIRST))
        server.kill()
        _, stderr = process.communicate(timeout=10)  # it ends by itself, well before its 120 s
        sender.process.kill()
        sender.process.wait()
    finally:
        server.kill()
        release_killed_server(server, str(tmp_path))
    assert process.returncode == 3
    [line] = stderr.splitlines()  # after "capturing ...": no libjack noise, no traceback
    assert line.startswith("midi-diag: the MIDI system stopped (JACK server gone) at t=")
    assert line.endswith(f" s; {len(FIRST)} messages kept in {output}")
    assert [e.data for e in read_capture(output).events] == FIRST


def test_a_port_closed_and_opened_again_between_two_looks_is_reconnected(jack_server, tmp_path, cleanup):
    sender = start_script_sender(jack_server, "Replugged", FIRST, tmp_path)
    cleanup(sender)
    output = tmp_path / "replugged.jsonl"
    process = start_capture(jack_server, output, "replugged")
    sender.go()
    wait_for_messages(output, len(FIRST))
    assert sender.ask("reopen") == "reopened"  # gone for a few milliseconds: the name never looks missing
    wait_for_line(process, "stderr", "is back")
    assert sender.ask("go") == f"sent {len(FIRST)}"
    wait_for_messages(output, 2 * len(FIRST))
    code, _, stderr = stop(process)
    assert code == 0, stderr
    assert [e.data for e in read_capture(output).events] == FIRST + FIRST


def test_a_port_renamed_in_place_keeps_being_captured_under_its_new_name(jack_server, tmp_path, cleanup):
    sender = start_script_sender(jack_server, "Renamed", FIRST, tmp_path)
    cleanup(sender)
    output = tmp_path / "renamed-in-place.jsonl"
    process = start_capture(jack_server, output, "renamed")
    sender.go()
    wait_for_messages(output, len(FIRST))
    assert sender.ask("rename midi-out") == "renamed Renamed:midi-out"
    line = wait_for_line(process, "stderr", "was renamed")
    assert "'Renamed:out' was renamed 'Renamed:midi-out' at t=" in line
    sender.ask("go")
    wait_for_messages(output, 2 * len(FIRST))
    code, _, stderr = stop(process)
    assert code == 0, stderr
    events = read_capture(output).events
    assert [e.data for e in events if e.port == "Renamed:out"] == FIRST
    assert [e.data for e in events if e.port == "Renamed:midi-out"] == FIRST
