"""Behaviour of the stream framer: running status, real-time bytes, SysEx, junk, feed splits."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from diag.decode.stream import (
    MESSAGE_INTERRUPTED,
    REASONS,
    STRAY_DATA,
    STRAY_EOX,
    SYSEX_INTERRUPTED,
    UNFINISHED,
    Discarded,
    StreamDecoder,
    decode_stream,
)
from tests.decode.helpers import assert_every_byte_accounted, h, reference_decode, show


def decoded(text: str) -> list:
    return show(decode_stream(h(text)))


def feed_in_pieces(data: bytes, cuts: list[int]) -> list:
    decoder = StreamDecoder()
    out = []
    for start, end in itertools.pairwise([0, *sorted(cuts), len(data)]):
        out += decoder.feed(data[start:end])
    return out + decoder.flush()


# --- running status -------------------------------------------------------------------


def test_running_status_is_expanded_for_three_byte_messages():
    assert decoded("90 3C 64 3E 00 40 7F") == ["90 3C 64", "90 3E 00", "90 40 7F"]


def test_running_status_is_expanded_for_two_byte_messages():
    assert decoded("C5 01 02 D5 40 41") == ["C5 01", "C5 02", "D5 40", "D5 41"]


def test_a_new_channel_status_replaces_the_running_status():
    assert decoded("90 3C 64 B0 07 64 0A 40") == ["90 3C 64", "B0 07 64", "B0 0A 40"]


@pytest.mark.parametrize("common", ["F1 01", "F2 01 02", "F3 05", "F4", "F5", "F6"])
def test_system_common_cancels_running_status(common):
    out = decoded(f"90 3C 64 {common} 3E 00")
    assert out[0] == "90 3C 64"
    assert out[1] == common
    assert out[2] == ("3E 00", STRAY_DATA)


def test_sysex_cancels_running_status():
    assert decoded("90 3C 64 F0 01 F7 3E 00") == [
        "90 3C 64",
        "F0 01 F7",
        ("3E 00", STRAY_DATA),
    ]


# --- real-time bytes --------------------------------------------------------------------


def test_realtime_inside_a_message_comes_out_first_and_leaves_the_message_whole():
    assert decoded("90 F8 3C 64") == ["F8", "90 3C 64"]
    assert decoded("90 3C FE 64") == ["FE", "90 3C 64"]


def test_realtime_between_running_status_messages_keeps_running_status():
    assert decoded("90 3C 64 F8 3E 00 FA 40 7F") == [
        "90 3C 64",
        "F8",
        "90 3E 00",
        "FA",
        "90 40 7F",
    ]


def test_realtime_inside_a_running_status_message():
    assert decoded("90 3C 64 3E F8 00") == ["90 3C 64", "F8", "90 3E 00"]


def test_realtime_inside_sysex_is_pulled_out_and_the_sysex_continues():
    assert decoded("F0 00 20 F8 3C FC 01 F7") == ["F8", "FC", "F0 00 20 3C 01 F7"]


def test_realtime_inside_system_common():
    assert decoded("F2 10 F8 20") == ["F8", "F2 10 20"]


@pytest.mark.parametrize("byte", ["F4", "F5", "F9", "FD"])
def test_undefined_status_bytes_are_kept_as_one_byte_messages(byte):
    assert decoded(byte) == [byte]


def test_undefined_realtime_xon_xoff_do_not_disturb_sysex_or_running_status():
    assert decoded("F0 00 21 23 FD 00 04 F9 07 F7") == [
        "FD",
        "F9",
        "F0 00 21 23 00 04 07 F7",
    ]
    assert decoded("B0 07 64 FD 08 F9 40") == ["B0 07 64", "FD", "F9", "B0 08 40"]


def test_undefined_system_common_interrupts_sysex():
    assert decoded("F0 01 02 F5 03") == [
        ("F0 01 02", SYSEX_INTERRUPTED),
        "F5",
        ("03", STRAY_DATA),
    ]


# --- SysEx ------------------------------------------------------------------------------


def test_complete_sysex_is_one_message():
    assert decoded("F0 7E 7F 06 01 F7") == ["F0 7E 7F 06 01 F7"]


def test_empty_sysex_is_a_message():
    assert decoded("F0 F7") == ["F0 F7"]


def test_sysex_interrupted_by_a_channel_status_is_discarded_and_the_message_kept():
    assert decoded("F0 00 20 3C 90 3C 64") == [
        ("F0 00 20 3C", SYSEX_INTERRUPTED),
        "90 3C 64",
    ]


def test_sysex_interrupted_by_another_sysex():
    assert decoded("F0 01 02 F0 03 F7") == [("F0 01 02", SYSEX_INTERRUPTED), "F0 03 F7"]


def test_sysex_unfinished_at_end_of_stream():
    assert decoded("F0 01 02 03") == [("F0 01 02 03", UNFINISHED)]


def test_six_thousand_byte_sysex_fed_in_small_chunks_with_realtime_inside():
    body = bytes(i % 128 for i in range(5998))
    wire = bytearray(b"\xf0")
    for index, byte in enumerate(body):
        if index % 997 == 500:
            wire.append(0xF8)
        wire.append(byte)
    wire.append(0xF7)
    decoder = StreamDecoder()
    out = []
    for start in range(0, len(wire), 7):
        out += decoder.feed(bytes(wire[start : start + 7]))
    out += decoder.flush()
    assert out[-1] == b"\xf0" + body + b"\xf7"
    assert len(out[-1]) == 6000
    assert out[:-1] == [b"\xf8"] * wire.count(0xF8)


# --- junk -------------------------------------------------------------------------------


def test_data_bytes_without_status_are_discarded_as_one_run():
    assert decoded("3C 64 3E 90 3C 64") == [("3C 64 3E", STRAY_DATA), "90 3C 64"]


def test_a_stray_run_continues_across_a_realtime_byte():
    assert decoded("3C F8 3D F6") == ["F8", ("3C 3D", STRAY_DATA), "F6"]


def test_stray_data_at_end_of_stream_keeps_its_reason():
    assert decoded("F6 01 02") == ["F6", ("01 02", STRAY_DATA)]


def test_stray_eox():
    assert decoded("F7 90 3C 64") == [("F7", STRAY_EOX), "90 3C 64"]


def test_stray_eox_cancels_running_status():
    assert decoded("90 3C 64 F7 3E 00") == [
        "90 3C 64",
        ("F7", STRAY_EOX),
        ("3E 00", STRAY_DATA),
    ]


def test_message_interrupted_by_status_byte():
    assert decoded("90 3C 80 3C 40") == [("90 3C", MESSAGE_INTERRUPTED), "80 3C 40"]


def test_interrupted_running_status_message_discards_only_its_input_bytes():
    assert decoded("90 3C 64 3E 80 3C 40") == [
        "90 3C 64",
        ("3E", MESSAGE_INTERRUPTED),
        "80 3C 40",
    ]


def test_unfinished_message_at_end_of_stream():
    assert decoded("B0 07") == [("B0 07", UNFINISHED)]


def test_counts_hold_discarded_bytes_per_reason():
    decoder = StreamDecoder()
    decoder.feed(h("01 02 90 3C F0 01 90 3C 64 F7 F7"))
    decoder.flush()
    assert decoder.counts == {
        STRAY_DATA: 2,
        MESSAGE_INTERRUPTED: 2,
        SYSEX_INTERRUPTED: 2,
        STRAY_EOX: 2,
    }
    assert set(decoder.counts) <= set(REASONS)


# --- the interface ----------------------------------------------------------------------


def test_feed_returns_only_what_is_complete_and_flush_the_rest():
    decoder = StreamDecoder()
    assert decoder.feed(h("90 3C")) == []
    assert show(decoder.feed(h("64 3E"))) == ["90 3C 64"]
    assert show(decoder.flush()) == [("3E", UNFINISHED)]


def test_flush_resets_so_the_decoder_can_start_a_new_stream():
    decoder = StreamDecoder()
    decoder.feed(h("90 3C 64"))
    decoder.flush()
    assert show(decoder.feed(h("3E 00"))) == []
    assert show(decoder.flush()) == [("3E 00", STRAY_DATA)]


def test_feed_accepts_bytearray_and_memoryview():
    decoder = StreamDecoder()
    assert decoder.feed(bytearray(h("90 3C 64"))) == [h("90 3C 64")]
    assert decoder.feed(memoryview(h("80 3C 00"))) == [h("80 3C 00")]
    assert all(
        type(item) is bytes for item in decode_stream(bytearray(h("F8 90 3C 64")))
    )


def test_empty_input():
    assert decode_stream(b"") == []
    assert StreamDecoder().feed(b"") == []


# --- split anywhere ---------------------------------------------------------------------

SMALL_STREAMS = [
    "90 3C 64 3E 00 F8 40 7F",
    "F0 00 20 F8 3C 01 F7 C0 05 06",
    "3C F8 3D F6 F2 01 F9 02 03",
    "90 3C 80 3C 40 F7 F0 01 90",
    "B0 63 01 62 23 FE 06 40 26 00",
    "F0 01 02 F0 03 F7 F7 F5 D0 01",
]


@pytest.mark.parametrize("text", SMALL_STREAMS)
def test_every_way_of_cutting_a_small_stream_gives_the_same_output(text):
    data = h(text)
    whole = decode_stream(data)
    positions = range(1, len(data))
    for count in range(1, 4):
        for cuts in itertools.combinations(positions, count):
            assert feed_in_pieces(data, list(cuts)) == whole, cuts


def test_feeding_one_byte_at_a_time_gives_the_same_output():
    data = h(" ".join(SMALL_STREAMS))
    assert feed_in_pieces(data, list(range(1, len(data)))) == decode_stream(data)


# --- properties -------------------------------------------------------------------------

# Bytes that interact: statuses of every family, EOX, real-time, undefined, data.
midi_ish = st.lists(
    st.sampled_from(
        [
            0x00,
            0x3C,
            0x7F,
            0x90,
            0x80,
            0xB0,
            0xC0,
            0xE0,
            0xF0,
            0xF1,
            0xF2,
            0xF4,
            0xF6,
            0xF7,
            0xF8,
            0xF9,
            0xFD,
            0xFE,
        ]
    ),
    max_size=40,
).map(bytes)
any_bytes = st.one_of(midi_ish, st.binary(max_size=80))


@given(any_bytes)
def test_every_input_byte_ends_up_in_exactly_one_message_or_discard(data):
    items = decode_stream(data)
    assert_every_byte_accounted(data, items)


@given(any_bytes)
def test_matches_a_plain_byte_at_a_time_reference(data):
    assert decode_stream(data) == reference_decode(data)


@given(any_bytes, st.data())
def test_any_split_across_feeds_gives_the_same_output(data, draw):
    cuts = draw.draw(st.lists(st.integers(0, len(data)), max_size=6))
    assert feed_in_pieces(data, cuts) == decode_stream(data)


@given(any_bytes)
def test_counts_equal_the_discarded_bytes(data):
    decoder = StreamDecoder()
    items = decoder.feed(data) + decoder.flush()
    discarded = sum(len(item.data) for item in items if isinstance(item, Discarded))
    assert sum(decoder.counts.values()) == discarded
    assert all(item.reason in REASONS for item in items if isinstance(item, Discarded))


channel_message = st.builds(
    lambda status, a, b: bytes([status, a, b][: 2 if 0xC0 <= status < 0xE0 else 3]),
    st.integers(0x80, 0xEF),
    st.integers(0, 127),
    st.integers(0, 127),
)
sysex_message = st.binary(max_size=30).map(
    lambda b: b"\xf0" + bytes(x & 0x7F for x in b) + b"\xf7"
)
realtime = st.sampled_from([0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF])


@settings(max_examples=200)
@given(st.lists(st.one_of(channel_message, sysex_message), max_size=20), st.data())
def test_well_formed_traffic_with_running_status_and_realtime_is_recovered_exactly(
    messages, draw
):
    wire, expected, running = bytearray(), [], 0
    for message in messages:
        on_wire = message[1:] if message[0] == running else message
        running = message[0] if message[0] < 0xF0 else 0
        cut = draw.draw(st.integers(0, len(on_wire) - 1))  # before the last byte
        rt = draw.draw(st.one_of(st.none(), realtime))
        if rt is not None:
            on_wire = on_wire[:cut] + bytes([rt]) + on_wire[cut:]
            expected.append(bytes([rt]))
        wire += on_wire
        expected.append(message)
    assert decode_stream(bytes(wire)) == expected
