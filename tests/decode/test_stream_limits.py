"""The stream decoder in bounded memory: a SysEx longer than the cap, one that never ends, stray runs."""

import itertools
import pickle
import tracemalloc

import pytest

from diag.decode.message import describe
from diag.decode.stream import SYSEX_INTERRUPTED, STRAY_DATA, UNFINISHED, Discarded, StreamDecoder
from diag.decode.text import format_event
from diag.events import SYSEX_KEEP, Clipped, MidiEvent, clip, true_size

KEEP = 64
SYSEX = b"\xf0\x00\x20\x3c" + bytes(index % 128 for index in range(500)) + b"\xf7"


def decode_in_pieces(data: bytes, size: int, keep: int = KEEP) -> list:
    decoder = StreamDecoder(keep)
    out = []
    for start in range(0, len(data), size):
        out += decoder.feed(data[start : start + size])
    return out + decoder.flush()


def sizes(items: list) -> int:
    return sum(item.size if isinstance(item, Discarded) else true_size(item) for item in items)


@pytest.mark.parametrize("piece", [1, 7, 64, 65, 1000])
def test_a_sysex_longer_than_the_cap_is_its_head_with_its_true_size_however_it_is_fed(piece):
    data = b"\x90\x3c\x64" + SYSEX + b"\x80\x3c\x00"
    out = decode_in_pieces(data, piece)
    assert out == [b"\x90\x3c\x64", Clipped(SYSEX[:KEEP], len(SYSEX)), b"\x80\x3c\x00"]
    assert sizes(out) == len(data)


def test_real_time_bytes_inside_a_long_sysex_come_out_and_the_size_leaves_them_out():
    data = SYSEX[:100] + b"\xf8" + SYSEX[100:300] + b"\xfe" + SYSEX[300:]
    out = decode_in_pieces(data, 33)
    assert out == [b"\xf8", b"\xfe", Clipped(SYSEX[:KEEP], len(SYSEX))]
    assert sizes(out) == len(data)


def test_a_long_sysex_cut_by_a_status_byte_is_discarded_with_its_true_size_and_counted():
    decoder = StreamDecoder(KEEP)
    out = decoder.feed(SYSEX[:-1] + b"\x90\x3c\x64") + decoder.flush()
    assert out == [Discarded(Clipped(SYSEX[:KEEP], len(SYSEX) - 1), SYSEX_INTERRUPTED), b"\x90\x3c\x64"]
    assert decoder.counts[SYSEX_INTERRUPTED] == len(SYSEX) - 1


def test_a_long_run_of_data_bytes_without_status_is_one_clipped_discard():
    out = decode_in_pieces(bytes(300) + b"\xf8", 50)
    assert out == [b"\xf8", Discarded(Clipped(bytes(KEEP), 300), STRAY_DATA)]


def test_a_sysex_that_never_ends_costs_at_most_a_few_times_the_cap_and_flush_discards_it_with_its_size():
    piece = bytes(range(128)) * 512  # 64 KiB of data bytes, fed over and over: 20 MB in all
    decoder = StreamDecoder()
    tracemalloc.start()
    try:
        assert decoder.feed(b"\xf0") == []
        for _ in range(320):
            assert decoder.feed(piece) == []
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    [discard] = decoder.flush()
    assert peak < 4 * SYSEX_KEEP
    assert discard.reason == UNFINISHED and discard.size == 1 + 320 * len(piece)
    assert bytes(discard.data) == (b"\xf0" + piece)[:SYSEX_KEEP]
    assert decoder.counts[UNFINISHED] == discard.size


def test_many_tiny_pieces_of_a_long_sysex_keep_the_head_exact():
    data = b"".join(bytes((byte,)) + b"\xf8" for byte in SYSEX)
    out = [item for item in decode_in_pieces(data, 3) if item != b"\xf8"]
    assert out == [Clipped(SYSEX[:KEEP], len(SYSEX))]


def test_a_sysex_exactly_at_the_cap_stays_whole():
    message = SYSEX[: KEEP - 1] + b"\xf7"
    for piece in (1, KEEP):
        assert decode_in_pieces(message, piece) == [message]


def test_clipped_is_bytes_that_compare_by_head_and_size_and_survive_pickling():
    head = Clipped(b"\xf0\x01\x02", 10)
    assert isinstance(head, bytes) and len(head) == 3 and true_size(head) == 10
    assert head == Clipped(b"\xf0\x01\x02", 10) and head != Clipped(b"\xf0\x01\x02", 11)
    assert head != b"\xf0\x01\x02" and len({head, Clipped(b"\xf0\x01\x02", 10)}) == 1
    assert pickle.loads(pickle.dumps(head)) == head
    assert clip(b"\xf0\x01\xf7", 3) == b"\xf0\x01\xf7" and clip(b"\xf0\x01\x02\xf7", 2) == Clipped(b"\xf0\x01", 4)
    with pytest.raises(ValueError):
        Clipped(b"\xf0\x01", 2)


def test_a_clipped_sysex_is_described_with_its_maker_and_true_size_and_says_it_is_clipped():
    data = Clipped(SYSEX[:KEEP], 52_428_800)
    decoded = describe(data)
    assert decoded.kind == "sysex" and decoded.get("length") == 52_428_800 and decoded.get("kept") == KEEP
    assert decoded.get("manufacturer_id") == b"\x00\x20\x3c"
    line = format_event(MidiEvent(1.0, "Digitakt", data))
    assert "52428800 bytes (first 64 kept)" in line
    assert "F0 00 20 3C" in line and not line.rstrip().endswith("F7")


def test_a_clipped_run_that_is_not_a_sysex_is_malformed_with_its_size():
    decoded = describe(Clipped(bytes(KEEP), 300))
    assert decoded.kind == "malformed" and "300 bytes" in decoded.note


def test_the_cap_does_not_change_how_short_traffic_is_framed():
    data = bytes(itertools.chain.from_iterable((0x90, n, 100, 0xF8) for n in range(100))) + SYSEX
    assert decode_in_pieces(data, 17, keep=SYSEX_KEEP) == decode_in_pieces(data, 1000, keep=SYSEX_KEEP)
    assert sizes(decode_in_pieces(data, 17, keep=SYSEX_KEEP)) == len(data)
