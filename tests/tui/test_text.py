"""What the rows, the SysEx detail and the status lines say, without Textual."""

from diag.events import MidiEvent
from diag.tui.format import RowFormatter, columns_for, port_labels, shorten
from diag.tui.model.monitor import MonitorModel
from diag.tui.model.rows import Row
from diag.tui.summaries import ViewState, status_lines
from diag.tui.sysex import detail_fields, hex_dump, rk004_text
from tests.tui.scripted import IDENTITY_REPLY, RK004_SET_REPLY


def cells(data: bytes, count: int = 1, middle_c: str = "C4") -> tuple[str, ...]:
    return RowFormatter(middle_c).cells(Row(MidiEvent(1.5, "P", data), count, 1.0))


def test_a_note_shows_its_name_and_number_under_either_middle_c():
    assert cells(bytes([0x90, 60, 100])) == ("1.500", "P", "1", "Note On", "C4 (60) vel 100", "90 3C 64")
    assert cells(bytes([0x90, 60, 100]), middle_c="C3")[4] == "C3 (60) vel 100"
    assert cells(bytes([0x99, 36, 0]))[2:5] == ("10", "Note On", "C2 (36) vel 0 (= off)")


def test_a_controller_shows_number_value_and_name_and_repeats_their_count():
    assert cells(bytes([0xB0, 74, 64]))[4] == "CC 74 = 64 Brightness/Cutoff"
    assert cells(bytes([0xB0, 74, 64]), count=120)[4] == "x120 CC 74 = 64 Brightness/Cutoff"


def test_sysex_rows_say_what_they_are_first():
    assert cells(IDENTITY_REPLY)[4] == "Identity Reply from Elektron ESI AB, 17 bytes"
    assert cells(RK004_SET_REPLY)[4] == "RK-004 SETPARAM_RSP SYNCOUT_PPSN (param 5) = 6, 11 bytes"


def test_rk004_requests_and_unknown_frames_are_named_too():
    assert rk004_text(bytes.fromhex("F0 00 21 23 00 04 04 00 05 F7")) == "RK-004 GETPARAM_REQ SYNCOUT_PPSN (param 5)"
    assert rk004_text(bytes.fromhex("F0 00 21 23 00 04 33 F7")).startswith("RK-004 frame not understood")
    assert rk004_text(IDENTITY_REPLY) is None


def test_the_detail_names_maker_identity_and_dumps_every_byte():
    fields = dict(detail_fields(MidiEvent(3.0, "RK", IDENTITY_REPLY)))
    assert fields["manufacturer"] == "Universal Non-Real-Time (ID 7E)"
    assert fields["identity reply"].startswith("Identity Reply from Elektron ESI AB (00 20 3C), device 0")
    assert hex_dump(IDENTITY_REPLY) == ["0000  F0 7E 00 06 02 00 20 3C 0C 00 01 00 01 02 03 04  .~.... <........",
                                        "0010  F7                                               ."]


def test_port_labels_drop_what_every_port_shares_and_shorten_by_words():
    labels = port_labels(["Elektron Digitakt MIDI 1", "Arturia KeyStep 32 MIDI 1"])
    assert labels == {"Elektron Digitakt MIDI 1": "Elektron Digitakt", "Arturia KeyStep 32 MIDI 1": "Arturia KeyStep 32"}
    assert shorten("Arturia KeyStep 32", 10, labels.values()) == "KeyStep 32"
    assert shorten("Elektron Digitakt", 10, ["Elektron Digitakt", "Other Digitakt"]) == "Elektron Digitakt"
    assert port_labels(["only one"]) == {"only one": "only one"}


def test_port_labels_find_the_device_in_alsa_and_jack_names_and_keep_two_ports_of_one_device_apart():
    jack = "a2j:Elektron Digitakt [24] (capture): Elektron Digitakt MIDI 1"
    alsa = "Arturia KeyStep 32:Arturia KeyStep 32 MIDI 1 28:0"
    assert port_labels([jack, alsa]) == {jack: "Elektron Digitakt", alsa: "Arturia KeyStep 32"}
    assert port_labels(["Elektron Digitakt:MIDI 1"]) == {"Elektron Digitakt:MIDI 1": "Elektron Digitakt"}
    two = port_labels(["Elektron Digitakt:MIDI 1", "Elektron Digitakt:MIDI 2"])
    assert list(two.values()) == ["Elektron Digitakt 1", "Elektron Digitakt 2"]
    assert [shorten(label, 10, two.values()) for label in two.values()] == ["Digitakt 1", "Digitakt 2"]


def test_columns_fill_the_width_exactly():
    for width in (60, 78, 108, 138, 200):
        assert sum(columns_for(width).widths()) + 5 == width


def plain(lines) -> str:
    return "\n".join("".join(text for text, _ in line) for line in lines)


def test_the_status_counts_hidden_messages_and_shouts_about_drops():
    model = MonitorModel()
    model.ingest([MidiEvent(i / 48, "P", b"\xf8") for i in range(48)] + [MidiEvent(1.0, "P", b"\xfe")])
    text = plain(status_lines(model, ViewState("live", "P", dropped=0), 1.0, str))
    assert "49 received · 0 rows · dropped 0 · hidden: clock 48, act.sense 1" in text
    assert "P: 120.0 BPM steady" in text
    dropped = plain(status_lines(model, ViewState("paused", "P", dropped=7, new_since_pause=3), 1.0, str))
    assert "DROPPED 7" in dropped and "❚❚ PAUSED 3 new since" in dropped
