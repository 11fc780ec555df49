"""format_event(): one aligned, named line per event."""

from diag.decode.controllers import ControllerTracker
from diag.decode.text import HEX_WIDTH, format_event, short_hex
from diag.events import MidiEvent
from tests.decode.helpers import h


def line(data: str, t: float = 1.5, port: str = "Digitakt MIDI 1", **kwargs) -> str:
    return format_event(MidiEvent(t, port, h(data)), **kwargs)


def test_note_on_line():
    assert line("99 3C 64") == (
        "    1.500000  Digitakt MIDI 1       10  note_on         99 3C 64"
        "                  C4 (60) velocity 100"
    )


def test_middle_c_convention_changes_only_the_name():
    assert "C3 (60)" in line("90 3C 64", middle_c="C3")
    assert "C-1 (0)" in line("90 00 64")
    assert "G9 (127)" in line("90 7F 64")


def test_note_on_with_velocity_zero_says_note_off():
    assert line("90 3C 00").endswith("C4 (60) velocity 0 (= note off)")


def test_control_change_names_the_controller():
    assert line("B0 07 64").endswith("CC 7 Channel Volume = 100")


def test_columns_line_up_whatever_the_message():
    events = [
        "90 3C 64",
        "F8",
        "F0 00 20 3C 01 02 03 04 05 06 F7",
        "B0 07 64",
        "3C",
        "F9",
    ]
    for number, data in enumerate(events, start=1):
        name = "p" * number * 5  # 5 to 30 characters, in a 20-character column
        text = line(data, t=number * 1000.25, port=name)
        time, port, channel, kind = text[:12], text[14:34], text[36:38], text[40:54]
        assert float(time) == number * 1000.25
        assert port.rstrip() == (name if len(name) <= 20 else name[:19] + "~")
        assert channel in ("--", " 1")
        assert kind.strip().replace("_", "").isalpha()
        assert text[56 : 56 + HEX_WIDTH].rstrip() == short_hex(h(data))
        assert text[12:14] == text[34:36] == text[38:40] == text[54:56] == "  "


def test_long_port_names_are_cut_to_the_column():
    text = line("F8", port="A very long port name that goes on")
    assert "A very long port na~" in text
    assert "goes on" not in text


def test_channel_column_shows_dashes_for_system_messages():
    assert "  --  clock" in line("F8")


def test_long_sysex_is_shortened_with_its_true_length():
    data = "F0 00 21 23 00 04 " + "01 " * 1000 + "F7"
    text = line(data)
    assert "F0 00 21 23 00 04 ... F7" in text
    assert "1007 bytes" in text
    assert "Retrokits (00 21 23)" in text
    assert short_hex(h(data)) == "F0 00 21 23 00 04 ... F7"


def test_short_messages_show_every_byte():
    assert short_hex(h("F0 7E 7F 06 01 F7")) == "F0 7E 7F 06 01 F7"


def test_identity_reply_is_decoded():
    text = line("F0 7E 00 06 02 00 20 3C 0C 00 00 00 01 02 03 04 F7")
    assert "Identity Reply from Elektron ESI AB (00 20 3C)" in text
    assert "family 12 (0C 00)" in text
    assert "revision 01 02 03 04" in text


def test_undefined_bytes_show_their_hex_and_meaning():
    assert line("F9").endswith("status byte F9: possible XON (Retrokits flow control)")


def test_malformed_data_says_why():
    assert line("3C").endswith("malformed: starts with data byte 3C, not a status byte")


def test_other_kinds_read_naturally():
    assert line("E0 00 00").endswith("pitch -8192")
    assert line("C0 05").endswith("program 5 (shown as 6 where programs count from 1)")
    assert line("D0 40").endswith("pressure 64")
    assert line("A0 3C 10").endswith("C4 (60) pressure 16")
    assert line("F2 10 00").endswith("position 16 (sixteenth notes from the start)")
    assert line("F1 35").endswith("MTC seconds high nibble = 5")
    assert line("F3 02").endswith("song 2")
    assert line("FA").endswith("--  start           FA")


def test_tracker_adds_nrpn_annotations():
    tracker = ControllerTracker()
    lines = [line(m, tracker=tracker) for m in ("B0 63 01", "B0 62 08", "B0 06 40")]
    assert lines[0].endswith("CC 99 NRPN MSB = 1")
    assert lines[1].endswith("| NRPN 1:8 (136) selected")
    assert lines[2].endswith("| NRPN 1:8 (136) = 8192 (MSB 64 LSB 0)")


def test_time_has_microsecond_resolution():
    assert line("F8", t=0.0000015).startswith("    0.000002")


def test_a_port_name_with_a_line_break_or_an_escape_sequence_stays_on_one_plain_line():
    line = format_event(MidiEvent(0.5, "Evil\nPort\x1b[31m", h("90 3C 64")))
    assert "\n" not in line and "\x1b" not in line and line.split()[1:3] == ["Evil", "Port"]
