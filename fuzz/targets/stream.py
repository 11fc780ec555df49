"""Fuzz target: the raw MIDI byte stream decoder, fed in slices: slicing changes nothing, no byte goes missing."""

from fuzz.harness import instrumented, main

with instrumented():
    from diag.decode.stream import REASONS, Discarded, StreamDecoder
    from diag.events import SYSEX_KEEP, true_size

KEEPS = (SYSEX_KEEP, 4, 16)
"""How much of a long SysEx or stray run the decoder keeps: the default, and caps small enough to clip."""


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    if not data:
        return
    # The first byte says how to slice the rest and which cap to use.
    slice_size, keep, stream = data[0] % 17 + 1, KEEPS[data[0] // 17 % len(KEEPS)], data[1:]
    whole = _decoded(keep, [stream])
    sliced = _decoded(keep, [stream[start : start + slice_size] for start in range(0, len(stream), slice_size)])
    assert sliced == whole and _sizes(sliced) == _sizes(whole), (stream.hex(" "), slice_size, keep)
    assert all(item.reason in REASONS for item in whole if isinstance(item, Discarded))
    # Every byte fed is accounted for; a running-status message adds back the status byte it borrowed.
    messages = sum(1 for item in whole if not isinstance(item, Discarded))
    assert len(stream) <= sum(_sizes(whole)) <= len(stream) + messages, stream.hex(" ")
    if keep == SYSEX_KEEP:  # nothing is clipped: data and real-time bytes come out exactly as many as went in
        pieces = [item.data if isinstance(item, Discarded) else item for item in whole]
        assert _count(pieces, _NOT_DATA) == _count([stream], _NOT_DATA), stream.hex(" ")
        assert _count(pieces, _NOT_REALTIME) == _count([stream], _NOT_REALTIME), stream.hex(" ")


_NOT_DATA = bytes(range(0x80, 0x100))
_NOT_REALTIME = bytes(range(0xF8))


def _decoded(keep: int, chunks: list[bytes]) -> list:
    decoder = StreamDecoder(keep)
    items = [item for chunk in chunks for item in decoder.feed(chunk)]
    return items + decoder.flush()


def _sizes(items: list) -> list[int]:
    return [item.size if isinstance(item, Discarded) else true_size(item) for item in items]


def _count(chunks: list[bytes], left_out: bytes) -> int:
    return sum(len(chunk.translate(None, left_out)) for chunk in chunks)


if __name__ == "__main__":
    main(TestOneInput)
