"""The in-process MIDI system: the same capture path as on hardware, with no MIDI system at all."""

import time

import pytest

from diag.errors import PortError
from diag.midi.capture import open_capture
from diag.midi.inprocess import InProcessMidi
from diag.midi.ports import list_ports
from diag.midi.system import open_input_client, register_in_process, unregister_in_process
from tests.midi.test_capture_jack import EVERY_KIND


@pytest.fixture
def system():
    midi = InProcessMidi("test-inprocess")
    register_in_process(midi)
    yield midi
    unregister_in_process(midi)


def virtual_output(system, client):
    return system.midi_out(client).open_virtual_port("out")


def drain_all(session, count):
    events = []
    end = time.monotonic() + 5
    while len(events) < count and time.monotonic() < end:
        time.sleep(0.01)
        events += session.drain()
    return events + session.stop()


def test_a_virtual_output_is_an_input_port_for_other_clients(system):
    virtual_output(system, "Digitakt")
    listing = list_ports("test-inprocess")
    assert listing.inputs == ["Digitakt:out"] and listing.outputs == []


def test_capture_runs_unchanged_on_it_byte_for_byte(system):
    digitakt, keystep = virtual_output(system, "Digitakt"), virtual_output(system, "KeyStep")
    session = open_capture("test-inprocess", ["digitakt", "keystep"], step="pads")
    session.start()
    for message in EVERY_KIND:
        digitakt.send_message(message)
        keystep.send_message(b"\x90\x3c\x64")
    events = drain_all(session, 2 * len(EVERY_KIND))
    assert [e.data for e in events if e.port == "Digitakt:out"] == EVERY_KIND
    assert [e.data for e in events if e.port == "KeyStep:out"] == [b"\x90\x3c\x64"] * len(EVERY_KIND)
    assert [e.t for e in events] == sorted(e.t for e in events)
    assert {e.step for e in events} == {"pads"}


def test_port_matching_errors_are_the_same_as_on_hardware(system):
    virtual_output(system, "Digitakt")
    with pytest.raises(PortError, match="no input port matches 'rytm'"):
        open_capture("test-inprocess", ["rytm"])


def test_a_virtual_input_receives_what_a_client_sends_to_it(system):
    received = []
    hub = system.midi_in("RK-004").open_virtual_port("in")
    hub.set_callback(lambda message, _: received.append(bytes(message[0])))
    out = system.midi_out("midi-diag")
    out.open_port(out.get_ports().index("RK-004:in"))
    out.send_message([0xF0, 0x00, 0x21, 0x23, 0x00, 0x04, 0x07, 0xF7])
    assert received == [bytes.fromhex("F0 00 21 23 00 04 07 F7")]


def test_a_closed_virtual_port_disappears(system):
    port = virtual_output(system, "Digitakt")
    port.close_port()
    assert open_input_client("test-inprocess").get_ports() == []
