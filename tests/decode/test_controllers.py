"""ControllerTracker: 14-bit CC pairs, RPN and NRPN selection, data entry and the RPN null."""

import pytest

from diag.decode.controllers import ControllerTracker, ParamChange


@pytest.fixture
def tracker():
    return ControllerTracker()


def send(tracker, *pairs, channel=1, port=""):
    """Send (control, value) pairs; return what the last one completed."""
    result = None
    for control, value in pairs:
        result = tracker.control_change(channel, control, value, port)
    return result


def test_msb_then_lsb_gives_a_14_bit_value(tracker):
    assert send(tracker, (1, 64)) is None
    change = send(tracker, (33, 16))
    assert change == ParamChange("CC14", 1, 64 * 128 + 16, change.text)
    assert "Modulation Wheel" in change.text and "8208" in change.text


def test_a_later_lsb_alone_fine_tunes_the_same_msb(tracker):
    send(tracker, (7, 100), (39, 1))
    assert send(tracker, (39, 2)).value == 100 * 128 + 2


def test_lsb_without_msb_completes_nothing(tracker):
    assert send(tracker, (33, 16)) is None


def test_nrpn_selection_and_data_entry(tracker):
    assert send(tracker, (99, 1)) is None
    selected = send(tracker, (98, 8))
    assert (selected.kind, selected.number, selected.value) == (
        "NRPN",
        1 * 128 + 8,
        None,
    )
    assert "1:8" in selected.text
    coarse = send(tracker, (6, 64))
    assert (coarse.kind, coarse.number, coarse.value) == ("NRPN", 136, 64 * 128)
    fine = send(tracker, (38, 5))
    assert fine.value == 64 * 128 + 5
    assert "8197" in fine.text


def test_new_data_msb_resets_the_lsb(tracker):
    send(tracker, (99, 0), (98, 1), (6, 10), (38, 20))
    assert send(tracker, (6, 11)).value == 11 * 128


def test_increment_and_decrement_step_the_selected_value(tracker):
    send(tracker, (99, 0x02), (98, 0x23), (6, 64), (38, 0))
    assert send(tracker, (96, 0)).value == 8193
    assert send(tracker, (96, 127)).value == 8194  # the data byte does not matter
    assert send(tracker, (97, 0)).value == 8193


def test_increment_and_decrement_stay_in_14_bits(tracker):
    send(tracker, (101, 0), (100, 0), (6, 0))
    assert send(tracker, (97, 0)).value == 0
    send(tracker, (6, 127), (38, 127))
    assert send(tracker, (96, 0)).value == 0x3FFF


def test_increment_before_any_value_is_reported_without_one(tracker):
    send(tracker, (99, 0), (98, 5))
    change = send(tracker, (96, 0))
    assert (change.kind, change.number, change.value) == ("NRPN", 5, None)
    assert "+1" in change.text


def test_rpn_carries_its_registered_name(tracker):
    send(tracker, (101, 0), (100, 0))
    change = send(tracker, (6, 2))
    assert (change.kind, change.number, change.value) == ("RPN", 0, 256)
    assert "Pitch Bend Sensitivity" in change.text


def test_rpn_null_deselects_and_data_entry_then_means_nothing(tracker):
    send(tracker, (101, 0), (100, 0))
    null = send(tracker, (101, 127), (100, 127))
    assert (null.kind, null.number, null.value) == ("RPN", 0x3FFF, None)
    assert "null" in null.text
    assert send(tracker, (6, 2)) is None
    assert send(tracker, (96, 0)) is None


def test_the_last_selection_kind_wins(tracker):
    send(tracker, (101, 0), (100, 0), (99, 3), (98, 4))
    assert send(tracker, (6, 1)).kind == "NRPN"
    send(tracker, (100, 1))  # RPN LSB again: back to the RPN, now 0:1
    change = send(tracker, (6, 1))
    assert (change.kind, change.number) == ("RPN", 1)


def test_data_entry_without_selection_is_plain(tracker):
    assert send(tracker, (6, 64)) is None
    assert send(tracker, (38, 1)) is None


def test_reset_all_controllers_deselects(tracker):
    send(tracker, (99, 0), (98, 1))
    send(tracker, (121, 0))
    assert send(tracker, (6, 64)) is None


def test_channels_and_ports_are_independent(tracker):
    send(tracker, (99, 0), (98, 1), channel=1)
    assert send(tracker, (6, 64), channel=2) is None
    assert send(tracker, (6, 64), channel=1, port="other") is None
    assert send(tracker, (6, 64), channel=1).number == 1


def test_feed_follows_raw_control_changes_only(tracker):
    assert tracker.feed(bytes.fromhex("B3 63 00")) is None
    assert tracker.feed(bytes.fromhex("93 62 01")) is None  # a note, not NRPN LSB
    assert tracker.feed(bytes.fromhex("B3 62")) is None  # malformed
    change = tracker.feed(bytes.fromhex("B3 62 01"))
    assert (change.kind, change.number) == ("NRPN", 1)
    assert tracker.control_change(4, 6, 1).value == 128  # channel 4 is status B3
