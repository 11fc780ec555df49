"""Standard MIDI File captures, read: files from other tools, every timing scheme, and corrupt input."""

from pathlib import Path

import mido
import pytest

from diag.captures import read_capture
from diag.errors import InputError

from .samples import one_line_error

EOT = bytes.fromhex("00 FF 2F 00")


def chunk(kind: bytes, body: bytes) -> bytes:
    return kind + len(body).to_bytes(4, "big") + body


def smf(*tracks: str | bytes, file_format: int = 1, division: int = 480) -> bytes:
    """An SMF whose tracks are given as hex (End of Track added) or as raw chunk bodies."""
    bodies = [bytes.fromhex(track) + EOT if isinstance(track, str) else track for track in tracks]
    header = file_format.to_bytes(2, "big") + len(bodies).to_bytes(2, "big") + division.to_bytes(2, "big")
    return chunk(b"MThd", header) + b"".join(chunk(b"MTrk", body) for body in bodies)


def read_bytes(tmp_path: Path, data: bytes, name: str = "song.mid") -> list[tuple[float, str, str, str | None]]:
    path = tmp_path / name
    path.write_bytes(data)
    return [(e.t, e.port, e.data.hex(" ").upper(), e.step) for e in read_capture(path).events]


def mido_song(path: Path) -> mido.MidiFile:
    """Format 1, two tracks, a tempo change and runs of one status byte, as mido saves them."""
    lead = mido.MidiTrack(
        [
            mido.MetaMessage("track_name", name="Lead", time=0),
            mido.MetaMessage("set_tempo", tempo=600_000, time=0),
            mido.MetaMessage("marker", text="step:sequencer", time=0),
            mido.Message("note_on", note=60, velocity=90, time=0),
            mido.Message("note_on", note=60, velocity=0, time=480),
            mido.MetaMessage("set_tempo", tempo=300_000, time=0),
            mido.Message("note_on", note=62, velocity=90, time=240),
            mido.Message("note_on", note=62, velocity=0, time=480),
        ]
    )
    drums = mido.MidiTrack([mido.MetaMessage("track_name", name="Drums", time=0)])
    for beat in range(4):
        drums.append(mido.Message("note_on", channel=9, note=36, velocity=100, time=0 if beat == 0 else 360))
        drums.append(mido.Message("note_on", channel=9, note=36, velocity=0, time=120))
    song = mido.MidiFile(type=1, ticks_per_beat=480, tracks=[lead, drums])
    song.save(path)
    return song


def test_a_format_1_file_written_by_mido(tmp_path: Path) -> None:
    path = tmp_path / "mido.mid"
    song = mido_song(path)
    assert path.read_bytes().count(b"\x99") == 1, "mido should have used running status"
    expected, elapsed = [], 0.0
    for message in song:
        elapsed += message.time
        if not message.is_meta:
            expected.append((elapsed, bytes(message.bin())))

    capture = read_capture(path)

    assert [e.data for e in capture.events] == [data for _, data in expected]
    assert all(abs(e.t - t) < 1e-6 for e, (t, _) in zip(capture.events, expected))
    assert {e.port for e in capture.events if e.data[0] == 0x99} == {"Drums"}
    assert {e.port for e in capture.events if e.data[0] == 0x90} == {"Lead"}
    assert {e.step for e in capture.events} == {"sequencer"}
    assert capture.header == {"smf": {"format": 1, "tracks": 2, "division": 480}}
    assert capture.warnings == []


def test_format_2_plays_tracks_one_after_another(tmp_path: Path) -> None:
    one = "00 90 3C 40  83 60 80 3C 00  83 60 FF 01 01 78"  # notes at 0 and 0.5 s, text at 1 s
    two = "00 C0 05  81 70 C0 06"  # program changes at 0 and 0.25 s

    events = read_bytes(tmp_path, smf(one, two, file_format=2))

    assert events == [
        (0.0, "track 1", "90 3C 40", None),
        (0.5, "track 1", "80 3C 00", None),
        (1.0, "track 2", "C0 05", None),
        (1.25, "track 2", "C0 06", None),
    ]


@pytest.mark.parametrize(
    ("division", "seconds"),
    [(0xE728, 1.0), (0xE350, round(1000 * 1001 / 30000 / 80, 6))],  # 25 fps x 40; 29.97 fps x 80
)
def test_smpte_divisions_ignore_tempo(tmp_path: Path, division: int, seconds: float) -> None:
    track = "00 FF 51 03 0F 42 40  87 68 F8"  # a tempo meta, then a clock 1000 ticks later

    assert read_bytes(tmp_path, smf(track, division=division)) == [(seconds, "track 1", "F8", None)]


def test_a_tempo_change_in_another_track_times_later_events(tmp_path: Path) -> None:
    conductor = "83 60 FF 51 03 03 D0 90"  # at beat 1, 250 ms per beat
    notes = "00 90 3C 40  83 60 90 3E 40  83 60 90 40 40"  # beats 0, 1, 2

    times = [t for t, *_ in read_bytes(tmp_path, smf(conductor, notes))]

    assert times == [0.0, 0.5, 0.75]


def test_a_sysex_split_into_packets_is_joined(tmp_path: Path) -> None:
    track = "00 F0 03 41 10 42  0A FF 06 0A 73 74 65 70 3A 69 64 6C 65 21  0A F7 02 12 F7  00 90 3C 40"

    events = read_bytes(tmp_path, smf(track, division=10))  # 50 ms per tick

    assert events == [
        (0.0, "track 1", "F0 41 10 42 12 F7", None),  # at its first packet, before the marker met inside it
        (1.0, "track 1", "90 3C 40", "idle!"),
    ]


def test_an_unfinished_sysex_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "cut.mid"
    path.write_bytes(smf("00 F0 02 41 10  00 90 3C 40"))

    capture = read_capture(path)

    assert [e.data.hex(" ").upper() for e in capture.events] == ["F0 41 10", "90 3C 40"]
    assert len(capture.warnings) == 1 and "SysEx in track 1 has no F7" in capture.warnings[0]


def test_f7_escapes_yield_the_messages_they_hold(tmp_path: Path) -> None:
    track = "00 F7 03 F8 FA F8  00 F7 02 F2 10 00 F7 02 90 3C  00 F7 00"

    events = [data for _, _, data, _ in read_bytes(tmp_path, smf(track))]

    assert events == ["F8", "FA", "F8", "F2 10", "90 3C"]


def test_running_status_survives_meta_events_and_raw_system_bytes_are_read(tmp_path: Path) -> None:
    track = "00 90 3C 40  00 FF 06 01 78  00 3E 40  00 F8  00 40 40"

    events = [data for _, _, data, _ in read_bytes(tmp_path, smf(track))]

    assert events == ["90 3C 40", "90 3E 40", "F8", "90 40 40"]


@pytest.mark.parametrize(
    ("metas", "port"),
    [
        ("00 FF 03 04 42 61 73 73", "Bass"),  # track name
        ("00 FF 03 04 42 61 73 73  00 FF 09 03 55 4D 31", "UM1"),  # a device name beats the track name
        ("00 FF 21 01 03  00 FF 09 03 55 4D 31", "UM1"),  # a named MIDI port
        ("00 FF 21 01 03", "track 1"),  # an unnamed MIDI port
        ("00 FF 03 02 E9 74", "ét"),  # Latin-1 text from an old tool
    ],
)
def test_port_names(tmp_path: Path, metas: str, port: str) -> None:
    assert read_bytes(tmp_path, smf(metas + " 00 F8")) == [(0.0, port, "F8", None)]


def test_a_port_named_in_one_track_names_it_in_another(tmp_path: Path) -> None:
    names = "00 FF 21 01 00 00 FF 09 01 41  00 FF 21 01 01 00 FF 09 01 42"
    uses = "00 FF 21 01 01  00 F8  00 FF 21 01 00  00 FA"

    assert [port for _, port, _, _ in read_bytes(tmp_path, smf(names, uses))] == ["B", "A"]


def test_other_chunks_and_a_wrong_track_count(tmp_path: Path) -> None:
    path = tmp_path / "odd.mid"
    data = smf("00 F8")
    data = data[:10] + b"\x00\x03" + data[12:]  # declares three tracks
    path.write_bytes(data[:14] + chunk(b"XFIH", b"1234") + data[14:])

    capture = read_capture(path)

    assert [e.data for e in capture.events] == [b"\xf8"]
    assert len(capture.warnings) == 1 and "declares 3 tracks, the file holds 1" in capture.warnings[0]


def test_an_empty_file_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "empty.mid"
    path.write_bytes(b"")

    capture = read_capture(path)

    assert capture.events == [] and len(capture.warnings) == 1


GOOD_TRACK = "00 90 3C 40 00 80 3C 00"


@pytest.mark.parametrize(
    ("data", "offset", "complaint"),
    [
        (b"RIFF" + smf(GOOD_TRACK)[4:], 0, "not a Standard MIDI File"),
        (smf(GOOD_TRACK)[:11], 11, "the file ends inside the MThd header"),
        (b"MThd\x00\x00\x00\x04" + smf(GOOD_TRACK)[8:], 4, "impossible MThd chunk length 4"),
        (b"MThd\x00\x01\x00\x00" + smf(GOOD_TRACK)[8:], 4, "impossible MThd chunk length 65536"),
        (smf(GOOD_TRACK, file_format=3), 8, "unknown SMF format 3"),
        (smf(GOOD_TRACK, division=0), 12, "impossible timing division 0x0000"),
        (smf(GOOD_TRACK, division=0xE700), 12, "impossible timing division 0xE700"),
        (smf("00 F8 81 81 81 81 00 F8"), 24, "variable-length number longer than 4 bytes"),
        (smf("00 F8 00 FF 01 81 81 81 81 00"), 27, "variable-length number longer than 4 bytes"),
        (smf(bytes.fromhex("00 F8 00 90 3C")), 24, "event cut off by the end of track 1"),
        (smf(bytes.fromhex("00 F8 00 FF 06 05 61")), 24, "event cut off by the end of track 1"),
        (smf(bytes.fromhex("00 F8 00 F0 81 00 01 02 F7")), 24, "event cut off by the end of track 1"),
        (smf("00 3C 40"), 22, "data byte 0x3C where an event should start"),
        (smf("00 90 3C F8"), 22, "status byte inside the data of a 0x90 message"),
    ],
)
def test_corrupt_files_are_one_line_errors_with_the_offset(
    tmp_path: Path, data: bytes, offset: int, complaint: str
) -> None:
    path = tmp_path / "bad.mid"
    path.write_bytes(data)

    with pytest.raises(InputError) as caught:
        read_capture(path)

    assert one_line_error(caught.value).startswith(f"{path}, byte {offset}: {complaint}")
    assert caught.value.exit_code == 2


def test_a_header_text_with_a_lone_surrogate_escape_is_ignored_not_kept(tmp_path: Path) -> None:
    def text_meta(text: bytes) -> str:
        return "00 FF 01" + f"{len(text):02X}" + text.hex()

    good, broken = b'{"midi_diag_capture": 1, "step": "keys"}', rb'{"midi_diag_capture": 1, "step": "keys\udfff"}'
    for text, header in ((good, {"midi_diag_capture": 1, "step": "keys"}), (broken, {})):
        path = tmp_path / "header.mid"
        path.write_bytes(smf(text_meta(text) + "00 90 3C 64", file_format=0))

        capture = read_capture(path)

        assert {key: value for key, value in capture.header.items() if key != "smf"} == header
        assert len(capture.events) == 1
