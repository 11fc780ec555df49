"""describe(): every kind, malformed input, and agreement with mido on well-formed messages."""

import mido
import pytest
from hypothesis import given
from hypothesis import strategies as st

from diag.decode.message import Decoded, describe
from diag.decode.spec import KIND_BY_STATUS, SPEC_BY_STATUS
from diag.decode.universal import IdentityReply
from tests.decode.helpers import h

EVERY_KIND = [
    ("80 3C 40", "note_off", 1, {"note": 60, "velocity": 64}),
    ("9F 3C 64", "note_on", 16, {"note": 60, "velocity": 100}),
    ("A2 3C 20", "polytouch", 3, {"note": 60, "value": 32}),
    ("B9 07 64", "control_change", 10, {"control": 7, "value": 100}),
    ("C0 05", "program_change", 1, {"program": 5}),
    ("D4 7F", "aftertouch", 5, {"value": 127}),
    ("E0 00 40", "pitchwheel", 1, {"pitch": 0}),
    ("F1 35", "quarter_frame", None, {"frame_type": 3, "frame_value": 5}),
    ("F2 7F 7F", "songpos", None, {"pos": 16383}),
    ("F3 05", "song_select", None, {"song": 5}),
    ("F4", "undefined", None, {"status": 0xF4}),
    ("F5", "undefined", None, {"status": 0xF5}),
    ("F6", "tune_request", None, {}),
    ("F8", "clock", None, {}),
    ("F9", "undefined", None, {"status": 0xF9}),
    ("FA", "start", None, {}),
    ("FB", "continue", None, {}),
    ("FC", "stop", None, {}),
    ("FD", "undefined", None, {"status": 0xFD}),
    ("FE", "active_sensing", None, {}),
    ("FF", "reset", None, {}),
]


@pytest.mark.parametrize(("raw", "kind", "channel", "values"), EVERY_KIND)
def test_every_kind(raw, kind, channel, values):
    decoded = describe(h(raw))
    assert (decoded.kind, decoded.channel, dict(decoded.values)) == (
        kind,
        channel,
        values,
    )


def test_sysex_names_its_manufacturer_and_length():
    decoded = describe(h("F0 00 20 3C 10 00 01 F7"))
    assert decoded.kind == "sysex"
    assert decoded.channel is None
    assert decoded.get("manufacturer_id") == h("00 20 3C")
    assert decoded.get("manufacturer") == "Elektron ESI AB"
    assert decoded.get("length") == 8


def test_sysex_carries_a_decoded_identity_reply():
    decoded = describe(h("F0 7E 03 06 02 42 24 01 00 00 01 02 03 00 F7"))
    reply = decoded.get("identity")
    assert isinstance(reply, IdentityReply)
    assert (reply.manufacturer, reply.family, reply.device_id) == (
        "Korg",
        0x24 | 0x01 << 7,
        3,
    )
    assert decoded.note == "Identity Reply"


def test_a_broken_identity_reply_is_still_a_sysex_with_a_note():
    decoded = describe(h("F0 7E 00 06 02 42 24 01 F7"))
    assert decoded.kind == "sysex"
    assert decoded.get("identity") is None
    assert "Identity Reply" in decoded.note and "15" in decoded.note


@pytest.mark.parametrize(
    ("raw", "pitch"),
    [("E0 00 00", -8192), ("E0 7F 7F", 8191), ("E0 00 40", 0), ("E0 01 40", 1)],
)
def test_pitch_bend_is_signed(raw, pitch):
    assert describe(h(raw)).get("pitch") == pitch


def test_song_position_is_14_bit_lsb_first():
    assert describe(h("F2 01 02")).get("pos") == 1 + 2 * 128


def test_undefined_realtime_bytes_carry_flow_control_notes():
    assert "XON" in describe(h("F9")).note
    assert "XOFF" in describe(h("FD")).note


MALFORMED = [
    (b"", "empty"),
    (h("3C 64"), "data byte 3C"),
    (h("F7"), "stray EOX"),
    (h("90 3C"), "takes 3 bytes, got 2"),
    (h("C0 01 02"), "takes 2 bytes, got 3"),
    (h("F8 00"), "takes 1 byte, got 2"),
    (h("90 3C 80"), "byte 3 is 80"),
    (h("B0 F8 10"), "byte 2 is F8"),
    (h("F0 01 02"), "does not end with F7"),
    (h("F0"), "does not end with F7"),
    (h("F0 01 90 F7"), "byte 3 is 90"),
    (h("F0 01 F8 F7"), "byte 3 is F8"),
]


@pytest.mark.parametrize(("raw", "reason"), MALFORMED)
def test_malformed_input_gives_a_reason(raw, reason):
    decoded = describe(raw)
    assert decoded.kind == "malformed"
    assert decoded.channel is None
    assert reason in decoded.note


@pytest.mark.parametrize("raw", [None, 7, "90 3C 64", 3.5, [300], object()])
def test_not_bytes_is_malformed_not_an_exception(raw):
    decoded = describe(raw)
    assert decoded.kind == "malformed"
    assert "not bytes" in decoded.note


def test_bytes_like_input_is_accepted():
    assert describe(bytearray(h("90 3C 64"))).kind == "note_on"
    assert describe(memoryview(h("90 3C 64"))).kind == "note_on"
    assert describe([0x90, 0x3C, 0x64]).kind == "note_on"


def test_get_returns_the_default_for_missing_values():
    assert Decoded("clock", None, ()).get("note", "none") == "none"


@given(st.binary(max_size=20))
def test_describe_never_raises(raw):
    decoded = describe(raw)
    assert isinstance(decoded, Decoded)
    assert decoded.kind == "malformed" or decoded.kind in KIND_BY_STATUS


def test_kind_names_and_lengths_agree_with_mido():
    for status, spec in mido.messages.specs.SPEC_BY_STATUS.items():
        ours = SPEC_BY_STATUS[status]
        assert ours.kind == spec["type"], hex(status)
        if spec["type"] != "sysex":
            assert ours.length == spec["length"], hex(status)


well_formed = (
    st.integers(0x80, 0xFF)
    .filter(lambda s: s not in (0xF0, 0xF7))
    .flatmap(
        lambda status: st.lists(
            st.integers(0, 127),
            min_size=SPEC_BY_STATUS[status].length - 1,
            max_size=SPEC_BY_STATUS[status].length - 1,
        ).map(lambda data: bytes([status, *data]))
    )
)


@given(well_formed)
def test_values_agree_with_mido(raw):
    ours = describe(raw)
    if ours.kind == "undefined":
        return  # mido has no message for F4 F5 F9 FD
    theirs = mido.Message.from_bytes(list(raw)).dict()
    assert ours.kind == theirs.pop("type")
    theirs.pop("time")
    channel = theirs.pop("channel", None)
    assert ours.channel == (None if channel is None else channel + 1)
    assert dict(ours.values) == theirs
