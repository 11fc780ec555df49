"""The client against a scripted device that fails on any request it was not told to expect."""

import pytest

from diag.errors import ExitCode, NoAnswerError
from diag.rk004.errors import ParameterError, PartialWriteError, XoffHeldError
from diag.rk004.frames import commit_request, factory_reset_request, get_request, set_request

from .fakes import rsp, scripted

GET_DIN3 = get_request("DIN3_MODE").frame
GET_DIN4 = get_request("DIN4_MODE").frame
XOFF, XON, CLOCK = b"\xfd", b"\xf9", b"\xf8"


def test_the_fake_itself_fails_on_an_unexpected_request() -> None:
    client, _, _ = scripted([(GET_DIN3, [rsp(0x44, 10, 6)])])
    with pytest.raises(AssertionError, match="unexpected request F0 00 21 23 00 04 04 00 0B F7"):
        client.get("DIN4_MODE")


@pytest.mark.parametrize("code", [0x44, 0x43])
def test_get_returns_the_value_under_either_response_code(code: int) -> None:
    client, _, device = scripted([(GET_DIN3, [rsp(code, 10, 6)])])
    assert client.get("din3_mode") == 6
    assert client.get_response_code == code
    device.assert_done()


def test_set_returns_the_echoed_value() -> None:
    client, _, device = scripted([(set_request(8, 6).frame, [rsp(0x43, 8, 6)])])
    assert client.set("DIN1_MODE", "MIDI_OUT") == 6
    device.assert_done()


def test_commit_and_factory_reset_wait_for_their_acknowledgement() -> None:
    client, transport, device = scripted(
        [(commit_request().frame, [(0.1, rsp(0x47))]), (factory_reset_request().frame, [rsp(0x45)])]
    )
    client.commit()
    client.factory_reset()
    device.assert_done()
    assert transport.sent[1][0] == pytest.approx(0.1)


def test_an_invalid_value_sends_nothing() -> None:
    client, transport, _ = scripted([])
    with pytest.raises(ParameterError):
        client.set("DIN2_MODE", "UART@38400")
    assert transport.sent == []


def test_a_lost_request_is_retried_after_the_timeout() -> None:
    client, transport, device = scripted(
        [(GET_DIN3, []), (GET_DIN3, []), (GET_DIN3, [rsp(0x44, 10, 5)])], timeout=0.25
    )
    assert client.get(10) == 5
    assert [moment for moment, _ in transport.sent] == pytest.approx([0.0, 0.25, 0.5])
    device.assert_done()


def test_no_answer_after_every_try_names_the_request() -> None:
    client, transport, device = scripted([(GET_DIN3, [])] * 3)
    with pytest.raises(NoAnswerError) as caught:
        client.get("DIN3_MODE")
    assert str(caught.value) == "RK-004 did not answer GET DIN3_MODE (param 10) after 3 tries of 0.5 s"
    assert caught.value.exit_code == ExitCode.NO_ANSWER
    assert transport.clock() == pytest.approx(1.5)
    device.assert_done()


def test_a_single_try_is_said_so() -> None:
    client, _, _ = scripted([(commit_request().frame, [])], tries=1, timeout=0.2)
    with pytest.raises(NoAnswerError, match=r"^RK-004 did not answer COMMIT after 1 try of 0\.2 s$"):
        client.commit()


def test_a_late_answer_after_the_timeout_does_not_count_for_that_try() -> None:
    client, transport, device = scripted(
        [(GET_DIN3, [(0.6, rsp(0x44, 10, 1))]), (GET_DIN3, [(0.1, rsp(0x44, 10, 2))])]
    )
    assert client.get(10) == 1  # the late first answer arrives during the second try
    assert transport.clock() == pytest.approx(0.6)
    device.assert_done()


def test_unrelated_traffic_meanwhile_is_ignored() -> None:
    noise = [
        CLOCK,
        bytes.fromhex("90 3C 64"),
        bytes.fromhex("F0 7E 7F 06 01 F7"),
        bytes.fromhex("F0 00 20 3C 10 00 00 00 00 00 00 01 F7"),
        bytes.fromhex("F0 00 21 23 00 06 43 02 04 4F F7"),
        rsp(0x44, 11, 3),  # another parameter
        rsp(0x47),  # another request
        bytes.fromhex("F0 00 21 23 00 04 44 00 0A F7"),  # broken
    ]
    client, _, device = scripted([(GET_DIN3, [*noise, rsp(0x44, 10, 6)])])
    assert client.get("DIN3_MODE") == 6
    assert client.ignored == len(noise) - 1  # the clock byte is not counted
    device.assert_done()


def test_a_foreign_device_ends_in_no_answer_that_mentions_what_came_instead() -> None:
    rk006 = bytes.fromhex("F0 00 21 23 00 06 43 00 04 10 F7")
    client, _, _ = scripted([(GET_DIN3, [rk006])] * 3)
    with pytest.raises(NoAnswerError) as caught:
        client.get("DIN3_MODE")
    assert str(caught.value).endswith(
        "after 3 tries of 0.5 s (3 unrelated messages ignored, among them SysEx that was "
        "not an RK-004 response: from a Retrokits RK-006)"
    )
    assert client.answers == 0


def test_realtime_bytes_inside_the_response_are_taken_out() -> None:
    response = bytes.fromhex("F0 00 21 23 00 04 44 00 F8 0A 06 F8 F7")
    client, _, _ = scripted([(GET_DIN3, [response])])
    assert client.get(10) == 6


def test_nothing_is_sent_between_xoff_and_xon() -> None:
    client, transport, device = scripted(
        [(GET_DIN3, [XOFF, rsp(0x44, 10, 6), (0.3, CLOCK), (0.4, XON)]), (GET_DIN4, [rsp(0x44, 11, 5)])]
    )
    assert client.get(10) == 6
    assert client.held
    assert client.get(11) == 5
    assert transport.sent[1][0] == pytest.approx(0.4)
    assert transport.sent_while_held == []
    device.assert_done()


def test_an_xoff_that_arrived_unasked_is_honoured_before_the_first_send() -> None:
    client, transport, device = scripted([(GET_DIN3, [rsp(0x44, 10, 6)])])
    transport.inject(XOFF)
    transport.inject(XON, at=0.2)
    assert client.get(10) == 6
    assert transport.sent[0][0] == pytest.approx(0.2)
    device.assert_done()


def test_an_xoff_without_xon_gives_up_after_its_own_timeout() -> None:
    client, transport, _ = scripted([(GET_DIN3, [XOFF, rsp(0x44, 10, 6)])], xon_timeout=1.5)
    assert client.get(10) == 6
    with pytest.raises(XoffHeldError) as caught:
        client.get(11)
    assert str(caught.value) == "RK-004 held XOFF for more than 1.5 s; GET DIN4_MODE (param 11) was not sent"
    assert caught.value.exit_code == ExitCode.NO_ANSWER
    assert len(transport.sent) == 1
    assert transport.clock() == pytest.approx(1.5)


def test_after_a_0x44_get_a_stale_0x43_echo_is_not_taken_for_a_read_back() -> None:
    client, _, device = scripted(
        [(GET_DIN3, [rsp(0x44, 10, 4)]), (GET_DIN4, [rsp(0x43, 11, 6), rsp(0x44, 11, 4)])]
    )
    assert client.get(10) == 4
    assert client.get(11) == 4
    device.assert_done()


def test_write_verified_commits_when_every_read_back_matches() -> None:
    client, _, device = scripted(
        [
            (set_request(8, 6).frame, [rsp(0x43, 8, 6)]),
            (get_request(8).frame, [rsp(0x44, 8, 6)]),
            (set_request(16, 3).frame, [rsp(0x43, 16, 3)]),
            (get_request(16).frame, [rsp(0x44, 16, 3)]),
            (commit_request().frame, [rsp(0x47)]),
        ]
    )
    result = client.write_verified({"DIN1_MODE": "MIDI_OUT", "DIN1_PPSN": 3}, commit=True)
    assert result.ok and result.committed
    device.assert_done()


def test_write_verified_reports_a_set_that_did_not_take_and_does_not_commit() -> None:
    client, _, device = scripted(
        [
            (set_request(8, 6).frame, [rsp(0x43, 8, 6)]),
            (get_request(8).frame, [rsp(0x44, 8, 4)]),  # the device kept MIDI_AUTO
            (set_request(16, 3).frame, [rsp(0x43, 16, 3)]),
            (get_request(16).frame, [rsp(0x44, 16, 3)]),
        ]  # no commit in the script: sending one would fail the test
    )
    result = client.write_verified({"DIN1_MODE": 6, "DIN1_PPSN": 3}, commit=True)
    assert not result.ok and not result.committed
    assert [(c.param.name, c.wanted, c.echoed, c.read_back) for c in result.not_taken] == [
        ("DIN1_MODE", 6, 6, 4)
    ]
    device.assert_done()


def test_write_verified_without_commit_sends_no_commit() -> None:
    client, _, device = scripted(
        [(set_request(8, 6).frame, [rsp(0x43, 8, 6)]), (get_request(8).frame, [rsp(0x44, 8, 6)])]
    )
    result = client.write_verified({8: 6})
    assert result.ok and not result.committed
    device.assert_done()


def test_write_verified_checks_every_change_before_sending_anything() -> None:
    client, transport, _ = scripted([])
    with pytest.raises(ParameterError, match="7 is out of range for DIN2_MODE"):
        client.write_verified({"DIN1_MODE": 6, "DIN2_MODE": 7}, commit=True)
    assert transport.sent == []


def test_a_write_that_stops_half_way_says_what_was_already_set() -> None:
    client, _, device = scripted(
        [
            (set_request(8, 6).frame, [rsp(0x43, 8, 6)]),
            (get_request(8).frame, [rsp(0x44, 8, 6)]),
            *[(set_request(9, 5).frame, [])] * 3,
        ]
    )
    with pytest.raises(PartialWriteError) as caught:
        client.write_verified({"DIN1_MODE": 6, "DIN2_MODE": 5}, commit=True)
    assert str(caught.value) == (
        "RK-004 did not answer SET DIN2_MODE (param 9) = 5 (MIDI_IN) after 3 tries of 0.5 s; "
        "already set, not stored: DIN1_MODE=6"
    )
    assert caught.value.exit_code == ExitCode.NO_ANSWER
    assert not caught.value.result.committed
    assert [check.param.name for check in caught.value.result.checks] == ["DIN1_MODE"]
    pending = caught.value.journal.pending
    assert pending is not None and (pending[0].name, pending[1]) == ("DIN2_MODE", 5)
    assert caught.value.journal.pending_echo is None and not caught.value.journal.commit_sent
    device.assert_done()
