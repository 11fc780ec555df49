"""RK-004 frames byte for byte, and the parser's answer to every kind of foreign or broken frame."""

import pytest

from diag.errors import InputError
from diag.rk004.errors import FrameError, ParameterError
from diag.rk004.frames import (
    Command,
    FrameSpec,
    Request,
    build_frame,
    commit_request,
    factory_reset_request,
    get_request,
    parse_request,
    parse_response,
    set_request,
    split_frame,
    split_realtime,
    to_hex,
)
from diag.rk004.params import find_param


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_published_set_example_byte_for_byte() -> None:
    assert set_request("SYNCOUT_PPSN", 6).frame == h("F0 00 21 23 00 04 03 00 05 06 F7")


@pytest.mark.parametrize(
    ("request_", "frame"),
    [
        (set_request("DIN1_MODE", "MIDI_OUT"), "F0 00 21 23 00 04 03 00 08 06 F7"),
        (set_request("SYNCOUT_MODE", 200), "F0 00 21 23 00 04 03 02 04 48 F7"),
        (set_request("DIN7_PPSN", 0xFF), "F0 00 21 23 00 04 03 02 16 7F F7"),
        (get_request("DIN3_MODE"), "F0 00 21 23 00 04 04 00 0A F7"),
        (commit_request(), "F0 00 21 23 00 04 07 F7"),
        (factory_reset_request(), "F0 00 21 23 00 04 05 F7"),
    ],
)
def test_request_frames(request_: Request, frame: str) -> None:
    assert request_.frame == h(frame)


def test_multi_group_payload_frames_and_splits_back() -> None:
    args = bytes(range(0x7A, 0x89))  # 15 bytes: 7A-80, 81-87 (all high), 88
    frame = build_frame(0x03, args)
    assert to_hex(frame) == ("F0 00 21 23 00 04 03 40 7A 7B 7C 7D 7E 7F 00 7F 01 02 03 04 05 06 07 01 08 F7")
    spec, unpacked = split_frame(frame, {0x03: FrameSpec(0x03, "TEST_REQ", 15)}, "request")
    assert (spec.name, unpacked) == ("TEST_REQ", args)


def test_labels_name_the_request_for_the_user() -> None:
    assert get_request(10).label == "GET DIN3_MODE (param 10)"
    assert set_request(8, 6).label == "SET DIN1_MODE (param 8) = 6 (MIDI_OUT)"
    assert commit_request().label == "COMMIT"
    assert factory_reset_request().label == "FACTORY RESET"


@pytest.mark.parametrize(
    "build",
    [
        lambda: set_request("DIN2_MODE", 7),
        lambda: set_request("SYNCOUT_MODE", 10),
        lambda: set_request("DIN1_PPSN", 256),
        lambda: set_request("DIN9_MODE", 1),
        lambda: Request(Command.SET, find_param("DIN2_MODE"), 7),
        lambda: Request(Command.SET, find_param("DIN2_MODE")),
        lambda: Request(Command.GET),
        lambda: Request(Command.COMMIT, find_param(8)),
    ],
)
def test_no_write_frame_for_an_invalid_request(build) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ParameterError):
        build()


def test_published_set_response_parses() -> None:
    response = parse_response(h("F0 00 21 23 00 04 43 00 05 06 F7"))
    assert (response.code, response.kind, response.param, response.value) == (0x43, "SETPARAM_RSP", 5, 6)


@pytest.mark.parametrize("code", [0x43, 0x44])
def test_a_get_accepts_both_response_codes_matching_on_the_parameter(code: int) -> None:
    response = parse_response(build_frame(code, bytes([10, 0xC8])))
    assert (response.param, response.value) == (10, 200)
    assert get_request("DIN3_MODE").accepts(response)
    assert not get_request("DIN4_MODE").accepts(response)


def test_each_request_accepts_only_its_own_responses() -> None:
    get_answer = parse_response(h("F0 00 21 23 00 04 44 00 08 06 F7"))
    set_answer = parse_response(h("F0 00 21 23 00 04 43 00 08 06 F7"))
    commit_answer = parse_response(h("F0 00 21 23 00 04 47 F7"))
    reset_answer = parse_response(h("F0 00 21 23 00 04 45 F7"))
    assert set_request(8, 6).accepts(set_answer) and not set_request(8, 6).accepts(get_answer)
    assert commit_request().accepts(commit_answer) and not commit_request().accepts(reset_answer)
    assert factory_reset_request().accepts(reset_answer) and not factory_reset_request().accepts(
        commit_answer
    )
    assert not get_request(8).accepts(commit_answer)


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        ("", "not an RK-004 response: not SysEx (empty)"),
        ("90 3C 64", "not an RK-004 response: not SysEx (90 3C 64)"),
        ("F0 00 21 23 00 04 44 00 0A 06", "not an RK-004 response: SysEx without its closing F7"),
        ("F0 00 21 23 00 04 F7", "not an RK-004 response: too short (7 bytes, at least 8)"),
        (
            "F0 00 20 3C 00 04 44 00 0A 06 F7",
            "not an RK-004 response: manufacturer 00 20 3C, not Retrokits 00 21 23",
        ),
        ("F0 00 21 23 00 06 43 02 04 4F F7", "not an RK-004 response: from a Retrokits RK-006"),
        ("F0 00 21 23 00 02 49 F7", "not an RK-004 response: from a Retrokits RK-002"),
        ("F0 00 21 23 01 04 47 F7", "not an RK-004 response: unknown Retrokits product 01 04"),
        ("F0 00 21 23 00 04 46 F7", "not an RK-004 response: unknown response code 46"),
        ("F0 00 21 23 00 04 04 00 0A F7", "not an RK-004 response: GETPARAM_REQ (04) is not a response"),
        (
            "F0 00 21 23 00 04 44 02 0A F7",
            "not an RK-004 response: bad packing: MSB byte 02 at offset 0 flags bytes beyond its group of 1",
        ),
        (
            "F0 00 21 23 00 04 44 00 F7 F7",
            "not an RK-004 response: bad packing: packed byte 1 is F7, which has bit 7 set",
        ),
        ("F0 00 21 23 00 04 44 00 0A F7", "RK-004 GETPARAM_RSP too short: 1 argument byte(s), expected 2"),
        ("F0 00 21 23 00 04 43 F7", "RK-004 SETPARAM_RSP too short: 0 argument byte(s), expected 2"),
        (
            "F0 00 21 23 00 04 47 00 01 F7",
            "RK-004 COMMIT_PARAMS_RSP too long: 1 argument byte(s), expected 0",
        ),
    ],
)
def test_frames_that_are_not_rk004_responses(frame: str, message: str) -> None:
    with pytest.raises(FrameError) as caught:
        parse_response(h(frame))
    assert str(caught.value) == message
    assert isinstance(caught.value, InputError)


def test_requests_parse_for_the_emulator_without_range_checks() -> None:
    assert parse_request(h("F0 00 21 23 00 04 03 00 09 07 F7")) == (Command.SET, h("09 07"))
    assert parse_request(h("F0 00 21 23 00 04 07 F7")) == (Command.COMMIT, b"")
    with pytest.raises(FrameError, match="SETPARAM_RSP \\(43\\) is not a request"):
        parse_request(h("F0 00 21 23 00 04 43 00 09 07 F7"))


def test_realtime_bytes_are_split_out_of_a_message() -> None:
    assert split_realtime(h("F9")) == (b"", h("F9"))
    assert split_realtime(h("F0 00 21 23 FD 00 04 F8 47 F7")) == (h("F0 00 21 23 00 04 47 F7"), h("FD F8"))
    assert split_realtime(h("90 3C 64")) == (h("90 3C 64"), b"")
