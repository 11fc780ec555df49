"""Fuzz target: the raw MIDI byte stream decoder, fed in slices: slicing changes nothing, no byte goes missing."""

from fuzz.harness import instrumented, main

with instrumented():
    from diag.decode.stream import REASONS, Discarded, StreamDecoder, decode_stream


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    if not data:
        return
    slice_size, stream = data[0] % 17 + 1, data[1:]  # the first byte says how to slice the rest
    whole = decode_stream(stream)
    decoder = StreamDecoder()
    sliced = [item for start in range(0, len(stream), slice_size)
              for item in decoder.feed(stream[start : start + slice_size])]
    sliced += decoder.flush()
    assert sliced == whole, (stream.hex(" "), slice_size)
    pieces = [item.data if isinstance(item, Discarded) else item for item in whole]
    # Running status comes out expanded, so status bytes may be added; data and real-time bytes never are.
    assert _count(pieces, _NOT_DATA) == _count([stream], _NOT_DATA), stream.hex(" ")
    assert _count(pieces, _NOT_REALTIME) == _count([stream], _NOT_REALTIME), stream.hex(" ")
    assert all(item.reason in REASONS for item in whole if isinstance(item, Discarded))


_NOT_DATA = bytes(range(0x80, 0x100))
_NOT_REALTIME = bytes(range(0xF8))


def _count(chunks: list[bytes], left_out: bytes) -> int:
    return sum(len(chunk.translate(None, left_out)) for chunk in chunks)


if __name__ == "__main__":
    main(TestOneInput)
