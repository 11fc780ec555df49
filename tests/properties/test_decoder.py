"""Properties of the stream decoder: byte accounting per reason, any split, flush, and encode-then-decode."""

import itertools
from collections import Counter

from hypothesis import example, given
from hypothesis import strategies as st

from diag.decode.stream import (
    REASONS,
    STRAY_DATA,
    UNFINISHED,
    Discarded,
    StreamDecoder,
    decode_stream,
)
from diag.events import SYSEX_KEEP, clip
from tests.decode.helpers import assert_every_byte_accounted
from tests.properties.strategies import MESSAGE_TYPES, REALTIME, message, wire_bytes


def feed_in_pieces(data: bytes, cuts: list[int], keep: int = SYSEX_KEEP) -> tuple[list, Counter]:
    decoder = StreamDecoder(keep)
    out = []
    for start, end in itertools.pairwise([0, *sorted(cuts), len(data)]):
        out += decoder.feed(data[start:end])
    return out + decoder.flush(), decoder.counts


def discarded_per_reason(items: list) -> Counter:
    counts: Counter = Counter()
    for item in items:
        if isinstance(item, Discarded):
            counts[item.reason] += len(item.data)
    return counts


cuts_into = st.data()


@given(wire_bytes)
def test_every_byte_is_in_one_message_or_one_counted_discard(data):
    decoder = StreamDecoder()
    items = decoder.feed(data) + decoder.flush()
    assert_every_byte_accounted(data, items)
    assert +decoder.counts == +discarded_per_reason(items)
    assert set(decoder.counts) <= set(REASONS)
    assert all(item.data for item in items if isinstance(item, Discarded))


@given(wire_bytes, cuts_into)
@example(b"\x90\x3c\x64\x3e\x00", None)  # split inside a running-status message
@example(b"\xf0\x01\xf8\x02\xf7", None)  # split inside a SysEx around a real-time byte
def test_any_split_gives_the_same_items_and_counts(data, draw):
    whole = StreamDecoder()
    expected = whole.feed(data) + whole.flush()
    if draw is None:
        splits = [list(range(1, len(data)))] + [[cut] for cut in range(len(data) + 1)]
    else:
        splits = [draw.draw(st.lists(st.integers(0, len(data)), max_size=len(data) + 1))]
    for cuts in splits:
        items, counts = feed_in_pieces(data, cuts)
        assert items == expected, cuts
        assert counts == whole.counts, cuts


@given(wire_bytes, wire_bytes)
def test_flush_ends_the_stream_and_leaves_a_fresh_decoder(first, second):
    decoder = StreamDecoder()
    out_first = decoder.feed(first)
    flushed = decoder.flush()
    assert out_first + flushed == decode_stream(first)
    assert all(isinstance(item, Discarded) and item.reason in (UNFINISHED, STRAY_DATA) for item in flushed)
    assert len(flushed) <= 1
    assert decoder.flush() == []
    assert decoder.feed(second) + decoder.flush() == decode_stream(second)


def wire_of(messages: list[bytes], realtime: list[int | None], cuts: list[int], running_status: bool) -> tuple:
    """The bytes a sender puts on the wire for these messages, and what a receiver must get back.

    With running status, a channel message with the previous channel status leaves its status out;
    system common messages and SysEx cancel it, real-time bytes do not. A real-time byte put inside
    a message must come out before it.
    """
    wire, expected, running = bytearray(), [], 0
    for data, rt, cut in zip(messages, realtime, cuts, strict=True):
        on_wire = data[1:] if running_status and data[0] == running else data
        if data[0] < 0xF0:
            running = data[0]
        elif data[0] < 0xF8:
            running = 0
        if rt is not None:
            at = cut % len(on_wire)
            on_wire = on_wire[:at] + bytes([rt]) + on_wire[at:]
            expected.append(bytes([rt]))
        wire += on_wire
        expected.append(data)
    return bytes(wire), expected


@given(st.lists(message, max_size=25), st.booleans(), cuts_into)
def test_encode_then_decode_gives_every_message_back(messages, running_status, draw):
    count = len(messages)
    realtime = draw.draw(st.lists(st.none() | st.sampled_from(REALTIME), min_size=count, max_size=count))
    places = draw.draw(st.lists(st.integers(0, 10**6), min_size=count, max_size=count))
    wire, expected = wire_of(messages, realtime, places, running_status)
    feeds = draw.draw(st.lists(st.integers(0, len(wire)), max_size=8))
    items, counts = feed_in_pieces(wire, feeds)
    assert items == expected
    assert not counts


@given(st.sampled_from(sorted(MESSAGE_TYPES)).flatmap(lambda kind: st.lists(MESSAGE_TYPES[kind], min_size=1)))
def test_a_run_of_one_message_type_round_trips(messages):
    wire, expected = wire_of(messages, [None] * len(messages), [0] * len(messages), running_status=True)
    assert decode_stream(wire) == expected


# A cap below 3 would cut channel messages, which the decoder never clips: only SysEx and stray runs grow.
@given(st.one_of(wire_bytes, st.lists(message, max_size=8).map(b"".join)), st.integers(3, 40), cuts_into)
def test_a_small_cap_clips_each_long_item_to_its_head_and_true_size(data, keep, draw):
    whole = StreamDecoder(keep=len(data) + 1)
    unclipped = whole.feed(data) + whole.flush()
    expected = [
        Discarded(clip(item.data, keep), item.reason) if isinstance(item, Discarded) else clip(item, keep)
        for item in unclipped
    ]
    items, counts = feed_in_pieces(data, draw.draw(st.lists(st.integers(0, len(data)), max_size=6)), keep)
    assert items == expected
    assert all(type(a) is type(b) for a, b in zip(items, expected, strict=True))
    assert counts == whole.counts
