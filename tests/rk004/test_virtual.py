"""The emulator on virtual ports and the port transport, in this process: raw F9/FD delivery, control lines."""

from __future__ import annotations

import io
import json

import pytest

from diag.errors import ExitCode, MidiUnavailableError, PortError
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.rk004.client import Rk004Client
from diag.rk004.emulator import Behaviour, Rk004Emulator
from diag.rk004.errors import PortGoneError
from diag.rk004.frames import XOFF, XON, build_frame, get_request
from diag.rk004.ports import open_transport
from diag.rk004.virtual import FlowLog, VirtualRk004, _knob_parser, serve_control

XOFF_BYTE, XON_BYTE = bytes([XOFF]), bytes([XON])


@pytest.fixture
def virtual_hub(jack_env):
    emulator = Rk004Emulator(Behaviour(xoff_hold=0.05))
    with VirtualRk004("jack", "rk004-inproc", emulator) as hub:
        yield hub


@pytest.mark.jack
def test_xoff_and_xon_reach_the_client_as_single_bytes_around_the_answer(virtual_hub) -> None:
    with open_transport("jack", virtual_hub.out_port, virtual_hub.in_port) as transport:
        assert transport.ports.input == virtual_hub.out_port and transport.ports.output == virtual_hub.in_port
        transport.send(get_request("DIN2_MODE").frame)
        arrived = [transport.receive(1.0) for _ in range(3)]
        assert transport.receive(0) is None
    assert arrived == [XOFF_BYTE, build_frame(0x44, bytes([9, 4])), XON_BYTE]
    assert virtual_hub.snapshot()["holds"] == 1


@pytest.mark.jack
def test_a_client_over_real_ports_reads_and_writes_the_virtual_hub(virtual_hub) -> None:
    with open_transport("jack", "rk004-inproc", "rk004-inproc") as transport:
        client = Rk004Client(transport, timeout=0.2)
        result = client.write_verified({"DIN5_MODE": "MIDI_OUT", "DIN5_PPSN": 200}, commit=True)
    assert result.ok and result.committed
    snapshot = virtual_hub.snapshot()
    assert snapshot["committed"]["DIN5_MODE"] == 6 and snapshot["committed"]["DIN5_PPSN"] == 200
    assert snapshot["frames_while_held"] == 0 and snapshot["holds"] == snapshot["answered"] == 5


@pytest.mark.jack
def test_matching_happens_before_our_own_ports_exist(virtual_hub) -> None:
    with pytest.raises(PortError, match="no output port matches 'midi-diag'"):
        open_transport("jack", "rk004-inproc", "midi-diag")


def test_virtual_ports_are_impossible_on_winmm() -> None:
    with pytest.raises(MidiUnavailableError, match="'winmm' cannot create virtual ports") as caught:
        VirtualRk004("winmm").start()
    assert caught.value.exit_code == ExitCode.NO_ANSWER


def test_the_flow_log_counts_frames_inside_a_hold_and_resumptions() -> None:
    flow = FlowLog()
    flow.received()
    flow.sent(XOFF_BYTE)
    flow.received()
    flow.sent(b"\xf0\xf7")
    flow.sent(XON_BYTE)
    flow.received()
    flow.received()
    assert flow.as_dict() == {"holds": 1, "frames_while_held": 1, "resumed_after_xon": 1}


def test_control_lines_configure_change_knobs_power_cycle_and_report() -> None:
    hub = VirtualRk004("jack")  # never started: the control lines work on the emulator alone
    out = io.StringIO()
    lines = ["configure --value DIN1_MODE=6 --silent", "state", "knobs --ignore-set 9", "power-cycle",
             "configure --value DIN9_MODE=1", "configure --bogus", "frobnicate", "quit", "state"]
    serve_control(hub, _knob_parser(), lines, out)
    replies = out.getvalue().splitlines()
    assert replies[0] == "ok"
    state = json.loads(replies[1])
    assert state["volatile"]["DIN1_MODE"] == state["committed"]["DIN1_MODE"] == 6
    assert state["received"] == 0 and state["holds"] == 0
    assert replies[2:4] == ["ok", "ok"]
    assert hub.emulator.behaviour.ignore_set == frozenset({9}) and not hub.emulator.behaviour.silent
    assert hub.emulator.volatile[8] == 6  # knobs kept the values
    assert replies[4].startswith("error unknown RK-004 parameter 'DIN9_MODE'")
    assert replies[5].startswith("error")
    assert replies[6] == "error unknown command 'frobnicate'"
    assert len(replies) == 7  # nothing after quit


def test_the_virtual_hub_and_the_commands_transport_run_on_the_in_process_midi_system() -> None:
    system = InProcessMidi("rk004-test-inprocess")
    register_in_process(system)
    try:
        with VirtualRk004(system.name, "rk004", Rk004Emulator(Behaviour(xoff_hold=0.01, xoff_every=4))) as hub, \
                open_transport(system.name, "rk004", "rk004") as transport:
            client = Rk004Client(transport, timeout=0.2)
            result = client.write_verified({"DIN6_MODE": "MIDI_IN"}, commit=True)
            dump = client.dump()
            snapshot = hub.snapshot()
    finally:
        unregister_in_process(system)
    assert result.ok and result.committed
    assert {setting.param.name: setting.value for setting in dump}["DIN6_MODE"] == 5
    assert snapshot["committed"]["DIN6_MODE"] == 5
    assert snapshot["holds"] >= 5 and snapshot["frames_while_held"] == 0


def test_ports_that_vanish_are_named_by_the_transport_and_come_back_with_replug() -> None:
    system = InProcessMidi("rk004-test-vanish")
    register_in_process(system)
    try:
        with VirtualRk004(system.name, "rk004", vanish_after=2) as hub:
            with open_transport(system.name, "rk004", "rk004") as transport:
                client = Rk004Client(transport, timeout=0.5, tries=1)
                assert client.get("DIN1_MODE") == 4 and transport.gone() is None
                assert client.set("DIN1_MODE", 6) == 6
                with pytest.raises(PortGoneError, match="the ports 'rk004:out' and 'rk004:in' have disappeared"):
                    client.get("DIN1_MODE")
                assert not hub.snapshot()["ports"]
            out = io.StringIO()
            serve_control(hub, _knob_parser(), ["replug"], out)
            assert out.getvalue() == "ok\n" and hub.snapshot()["ports"]
            with open_transport(system.name, "rk004", "rk004") as transport:
                assert Rk004Client(transport, timeout=0.5).get("DIN1_MODE") == 6  # the hub kept its value
    finally:
        unregister_in_process(system)
