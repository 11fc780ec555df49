"""Note and controller names."""

import pytest

from diag.decode.names import cc_name, note_name, rpn_name


@pytest.mark.parametrize(
    ("number", "c4_name", "c3_name"),
    [
        (60, "C4", "C3"),
        (0, "C-1", "C-2"),
        (127, "G9", "G8"),
        (61, "C#4", "C#3"),
        (59, "B3", "B2"),
        (69, "A4", "A3"),
        (12, "C0", "C-1"),
        (11, "B-1", "B-2"),
    ],
)
def test_note_names_under_both_middle_c_conventions(number, c4_name, c3_name):
    assert note_name(number) == c4_name
    assert note_name(number, middle_c="C4") == c4_name
    assert note_name(number, middle_c="C3") == c3_name


def test_note_names_use_sharps():
    assert [note_name(n) for n in range(60, 72)] == [
        "C4",
        "C#4",
        "D4",
        "D#4",
        "E4",
        "F4",
        "F#4",
        "G4",
        "G#4",
        "A4",
        "A#4",
        "B4",
    ]


@pytest.mark.parametrize("bad", [-1, 128])
def test_note_number_out_of_range(bad):
    with pytest.raises(ValueError, match="0-127"):
        note_name(bad)


def test_unknown_middle_c_convention():
    with pytest.raises(ValueError, match="middle_c"):
        note_name(60, middle_c="C5")


@pytest.mark.parametrize(
    ("number", "name"),
    [
        (0, "Bank Select"),
        (1, "Modulation Wheel"),
        (6, "Data Entry MSB"),
        (7, "Channel Volume"),
        (10, "Pan"),
        (11, "Expression"),
        (32, "Bank Select LSB"),
        (33, "Modulation Wheel LSB"),
        (38, "Data Entry LSB"),
        (64, "Sustain Pedal"),
        (74, "Brightness/Cutoff"),
        (98, "NRPN LSB"),
        (99, "NRPN MSB"),
        (100, "RPN LSB"),
        (101, "RPN MSB"),
        (120, "All Sound Off"),
        (121, "Reset All Controllers"),
        (123, "All Notes Off"),
        (127, "Poly Mode On"),
    ],
)
def test_controller_names(number, name):
    assert cc_name(number) == name


def test_undefined_controllers_say_so():
    assert cc_name(3) == "Undefined"
    assert cc_name(102) == "Undefined"
    assert cc_name(35) == "LSB of CC 3 (Undefined)"


def test_every_controller_has_a_name_and_the_channel_mode_ones_are_defined():
    assert all(cc_name(n) for n in range(128))
    assert all("Undefined" not in cc_name(n) for n in range(120, 128))


def test_controller_number_out_of_range():
    with pytest.raises(ValueError):
        cc_name(128)


def test_rpn_names():
    assert rpn_name(0) == "Pitch Bend Sensitivity"
    assert rpn_name(0x3FFF) == "RPN Null"
    assert rpn_name(0x1234) is None
