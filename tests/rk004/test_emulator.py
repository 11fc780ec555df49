"""The emulator as a state machine: volatile and committed values, and each behaviour knob."""

import math

import pytest

from diag.rk004.emulator import ASSUMED_FACTORY_DEFAULTS, Behaviour, Emission, Rk004Emulator
from diag.rk004.frames import build_frame, commit_request, factory_reset_request, get_request, set_request
from diag.rk004.params import PARAMS, find_param

XOFF, XON = b"\xfd", b"\xf9"


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_assumed_defaults_cover_every_parameter_with_a_valid_value() -> None:
    assert set(ASSUMED_FACTORY_DEFAULTS) == {param.name for param in PARAMS}
    for name, value in ASSUMED_FACTORY_DEFAULTS.items():
        assert find_param(name).check_value(value) == value


def test_set_changes_the_volatile_value_only_until_commit() -> None:
    emulator = Rk004Emulator()
    assert emulator.handle(set_request("SYNCOUT_PPSN", 6).frame) == [h("F0 00 21 23 00 04 43 00 05 06 F7")]
    assert (emulator.volatile[5], emulator.committed[5]) == (6, 1)
    emulator.power_cycle()
    assert emulator.volatile[5] == 1
    emulator.handle(set_request("SYNCOUT_PPSN", 6).frame)
    assert emulator.handle(commit_request().frame) == [h("F0 00 21 23 00 04 47 F7")]
    emulator.power_cycle()
    assert emulator.volatile[5] == emulator.committed[5] == 6


def test_factory_reset_restores_and_stores_the_defaults() -> None:
    emulator = Rk004Emulator()
    emulator.handle(set_request("DIN1_MODE", 6).frame)
    emulator.handle(commit_request().frame)
    assert emulator.handle(factory_reset_request().frame) == [h("F0 00 21 23 00 04 45 F7")]
    emulator.power_cycle()
    assert emulator.volatile == emulator.committed == emulator.defaults


@pytest.mark.parametrize("code", [0x43, 0x44])
def test_get_answers_with_the_chosen_code(code: int) -> None:
    emulator = Rk004Emulator(Behaviour(get_response_code=code))
    assert emulator.handle(get_request("DIN3_MODE").frame) == [build_frame(code, bytes([10, 4]))]


def test_values_above_127_are_stored_and_packed() -> None:
    emulator = Rk004Emulator()
    emulator.handle(set_request("SYNCOUT_MODE", 200).frame)
    assert emulator.handle(get_request("SYNCOUT_MODE").frame) == [h("F0 00 21 23 00 04 44 02 04 48 F7")]


def test_only_the_two_get_codes_are_accepted_as_a_knob() -> None:
    with pytest.raises(ValueError, match="0x43 or 0x44"):
        Behaviour(get_response_code=0x45)


def test_a_silent_device_answers_nothing_and_changes_nothing() -> None:
    emulator = Rk004Emulator(Behaviour(silent=True))
    assert emulator.handle(set_request("DIN1_MODE", 6).frame) == []
    assert emulator.volatile[8] == 4


def test_an_ignored_set_is_answered_but_not_applied() -> None:
    emulator = Rk004Emulator(Behaviour(ignore_set=frozenset({8})))
    assert emulator.handle(set_request("DIN1_MODE", 6).frame) == [h("F0 00 21 23 00 04 43 00 08 06 F7")]
    assert emulator.volatile[8] == 4
    emulator.handle(set_request("DIN2_MODE", 6).frame)
    assert emulator.volatile[9] == 6


def test_dropped_requests_go_unanswered_then_answering_resumes() -> None:
    emulator = Rk004Emulator(Behaviour(drop_requests=2))
    frame = get_request(10).frame
    assert [emulator.handle(frame) for _ in range(3)] == [[], [], [build_frame(0x44, bytes([10, 4]))]]


@pytest.mark.parametrize(
    "frame",
    [
        h("F8"),
        h("90 3C 64"),
        h("F0 7E 7F 06 01 F7"),
        h("F0 00 21 23 00 06 03 00 04 10 F7"),  # RK-006
        h("F0 00 21 23 00 04 43 00 08 06 F7"),  # a response, not a request
        h("F0 00 21 23 00 04 03 00 02 06 F7"),  # unpublished parameter 2
        h("F0 00 21 23 00 04 04 00 0F F7"),  # unpublished parameter 15
        h("F0 00 21 23 00 04 03 00 08 F7"),  # set without a value
    ],
)
def test_frames_not_for_it_get_no_answer(frame: bytes) -> None:
    emulator = Rk004Emulator()
    assert emulator.handle(frame) == []
    assert emulator.volatile == emulator.defaults


def test_xoff_before_the_response_and_xon_after_the_hold() -> None:
    emulator = Rk004Emulator(Behaviour(xoff_hold=0.25))
    response = build_frame(0x44, bytes([10, 4]))
    assert emulator.respond(get_request(10).frame) == [
        Emission(0.0, XOFF),
        Emission(0.0, response),
        Emission(0.25, XON),
    ]
    assert emulator.handle(get_request(10).frame) == [XOFF, response, XON]


def test_xoff_every_nth_answer_and_never_an_xon_for_an_infinite_hold() -> None:
    emulator = Rk004Emulator(Behaviour(xoff_hold=math.inf, xoff_every=3))
    answers = [emulator.handle(get_request(10).frame) for _ in range(3)]
    assert [len(answer) for answer in answers] == [1, 1, 2]
    assert answers[2][0] == XOFF


def test_latency_delays_the_response_and_the_xon_but_not_the_xoff() -> None:
    emulator = Rk004Emulator(Behaviour(latency=0.01, xoff_hold=0.2))
    delays = [(emission.delay, emission.data[:1]) for emission in emulator.respond(commit_request().frame)]
    assert delays == [(0.0, XOFF), (0.01, b"\xf0"), (pytest.approx(0.21), XON)]


def test_silent_after_answers_that_many_requests_then_nothing() -> None:
    emulator = Rk004Emulator(Behaviour(silent_after=2))
    answers = [emulator.handle(get_request(param).frame) for param in ("DIN1_MODE", "DIN2_MODE", "DIN3_MODE")]
    assert [len(answer) for answer in answers] == [1, 1, 0]
    assert len(emulator.received) == 3
