"""The client wired in-process to the emulator on a virtual clock: whole operations end to end."""

import math

import pytest

from diag.errors import NoAnswerError
from diag.rk004.client import Rk004Client, write_plan
from diag.rk004.emulator import Behaviour, Rk004Emulator
from diag.rk004.errors import XoffHeldError
from diag.rk004.frames import commit_request, get_request
from diag.rk004.loopback import LoopbackTransport
from diag.rk004.params import PARAMS, find_param

HIGH_VALUES = {"SYNCOUT_MODE": 200, "SYNCOUT_PPSN": 130, "DIN1_PPSN": 255, "DIN7_PPSN": 128}


def wire(**behaviour: object) -> tuple[Rk004Client, LoopbackTransport, Rk004Emulator]:
    emulator = Rk004Emulator(Behaviour(**behaviour))  # type: ignore[arg-type]
    transport = LoopbackTransport(emulator)
    return Rk004Client(transport, clock=transport.clock), transport, emulator


def preset(emulator: Rk004Emulator, values: dict[str, int]) -> None:
    for name, value in values.items():
        emulator.volatile[find_param(name).number] = value
    emulator.committed = dict(emulator.volatile)


def test_dump_reads_every_parameter_including_values_above_127() -> None:
    client, transport, emulator = wire()
    preset(emulator, HIGH_VALUES | {"DIN2_MODE": 6})
    dump = {setting.param.name: setting.value for setting in client.dump()}
    assert list(dump) == [param.name for param in PARAMS]
    assert {name: dump[name] for name in HIGH_VALUES} == HIGH_VALUES
    assert dump["DIN2_MODE"] == 6
    assert len(transport.sent) == len(PARAMS)
    assert transport.clock() == 0.0


def test_dump_names_the_values_that_have_names() -> None:
    client, _, emulator = wire()
    preset(emulator, HIGH_VALUES)
    named = {setting.param.name: setting.value_name for setting in client.dump()}
    assert named["SYNCOUT_MODE"] == "BATTSYNTH"
    assert named["DIN1_MODE"] == "MIDI_AUTO"
    assert named["DIN1_PPSN"] is None


@pytest.mark.parametrize("code", [0x43, 0x44])
def test_dump_works_with_either_get_response_code(code: int) -> None:
    client, _, emulator = wire(get_response_code=code)
    preset(emulator, HIGH_VALUES)
    assert {s.param.name: s.value for s in client.dump() if s.param.name in HIGH_VALUES} == HIGH_VALUES
    assert client.get_response_code == code


def test_values_above_127_travel_with_their_msb_byte() -> None:
    client, transport, emulator = wire()
    assert client.set("DIN3_PPSN", 0x9A) == 0x9A
    assert transport.sent[-1][1] == bytes.fromhex("F0 00 21 23 00 04 03 02 12 1A F7")
    assert emulator.volatile[18] == 0x9A


def test_a_silently_ignored_set_is_caught_by_the_read_back_and_nothing_is_committed() -> None:
    client, transport, emulator = wire(ignore_set=frozenset({find_param("DIN2_MODE").number}))
    result = client.write_verified({"DIN1_MODE": "MIDI_OUT", "DIN2_MODE": "MIDI_IN"}, commit=True)
    assert [(c.param.name, c.echoed, c.read_back) for c in result.not_taken] == [("DIN2_MODE", 5, 4)]
    assert not result.committed
    assert commit_request().frame not in [frame for _, frame in transport.sent]
    assert emulator.committed == emulator.defaults
    assert emulator.volatile[8] == 6  # the one that took is live but not stored


def test_backup_factory_reset_restore_round_trip() -> None:
    client, _, emulator = wire()
    preset(emulator, HIGH_VALUES | {"DIN1_MODE": 6, "DIN3_MODE": 5, "SYNCOUT_MODE": 66})
    original = dict(emulator.committed)
    backup = {setting.param: setting.value for setting in client.dump()}

    client.factory_reset()
    assert {s.param.number: s.value for s in client.dump()} == emulator.defaults != original

    result = client.write_verified(backup, commit=True)
    assert result.ok and result.committed
    emulator.power_cycle()
    assert emulator.committed == emulator.volatile == original


def test_xoff_held_mid_dump_stops_sending_until_xon() -> None:
    client, transport, _emulator = wire(xoff_hold=0.3, xoff_every=5)
    dump = client.dump()
    assert len(dump) == len(PARAMS) == len(transport.sent)
    assert transport.sent_while_held == []
    assert transport.clock() == pytest.approx(0.9)  # three holds of 0.3 s (after answers 5, 10 and 15)
    send_times = [moment for moment, _ in transport.sent]
    assert send_times[5] == pytest.approx(0.3) and send_times[4] == 0.0


def test_the_loopback_does_catch_a_send_during_xoff() -> None:
    _, transport, _ = wire(xoff_hold=0.3)
    transport.send(get_request(10).frame)
    transport.send(get_request(11).frame)
    assert transport.sent_while_held == [get_request(11).frame]


def test_an_xon_that_never_comes_ends_in_an_xoff_error_without_sending() -> None:
    client, transport, _ = wire(xoff_hold=math.inf)
    assert client.get("DIN1_MODE") == 4
    with pytest.raises(XoffHeldError, match="GET DIN2_MODE \\(param 9\\) was not sent"):
        client.get("DIN2_MODE")
    assert len(transport.sent) == 1
    assert transport.sent_while_held == []


def test_a_silent_device_ends_in_no_answer_naming_the_request() -> None:
    client, transport, _ = wire(silent=True)
    with pytest.raises(
        NoAnswerError, match=r"^RK-004 did not answer GET SYNCIN_MODE \(param 0\) after 3 tries"
    ):
        client.dump()
    assert len(transport.sent) == 3


def test_lost_requests_are_retried() -> None:
    client, transport, _ = wire(drop_requests=2)
    assert client.get("DIN3_MODE") == 4
    assert len(transport.sent) == 3
    assert transport.clock() == pytest.approx(1.0)


def test_clock_and_notes_flooding_the_port_do_not_disturb_a_write() -> None:
    client, transport, emulator = wire(latency=0.02)
    for tick in range(400):
        transport.inject(b"\xf8", at=tick * 0.005)
        transport.inject(bytes([0x90, 60, 100]), at=tick * 0.005)
    result = client.write_verified({"SYNCOUT_PPSN": 6, "DIN4_MODE": "MIDI_OUT"}, commit=True)
    assert result.ok and result.committed
    assert emulator.committed[5] == 6 and emulator.committed[11] == 6
    assert client.ignored >= 20  # the notes that arrived meanwhile; clock bytes are not counted
    assert transport.clock() == pytest.approx(5 * 0.02)


def test_the_dry_run_plan_is_exactly_what_a_successful_write_sends() -> None:
    client, transport, _ = wire()
    changes = {"DIN1_MODE": "MIDI_OUT", "SYNCOUT_MODE": "BATTSYNTH", "DIN2_PPSN": 250}
    plan = write_plan(changes, commit=True)
    client.write_verified(changes, commit=True)
    assert [request.frame for request in plan] == [frame for _, frame in transport.sent]
    assert [request.label for request in plan][:2] == [
        "SET DIN1_MODE (param 8) = 6 (MIDI_OUT)",
        "GET DIN1_MODE (param 8)",
    ]
