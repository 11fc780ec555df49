"""Benchmark: diag.decode.StreamDecoder against mido.Parser on one seeded MIDI wire stream.

Run: python benchmarks/decode_bench.py [--messages N] [--seed S] [--sysex-share F] [--json PATH]
See docs/decoding.md for what the stream holds and what is timed.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mido

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diag.decode.message import describe
from diag.decode.spec import KIND_BY_STATUS
from diag.decode.stream import StreamDecoder

SYSEX_SHARE = 0.002
"""Share of messages that are SysEx (0.2 %), each 10 to 5,000 bytes long."""
CLOCK_SHARE = 0.25
"""Share of messages that are MIDI clock ticks between other messages."""
BURST = (1, 6)
"""Channel messages come in bursts of this many on one status, sent with running status."""
REALTIME_INSIDE = 0.02
"""Chance that a channel message has a real-time byte inside it."""
REALTIME_PER_SYSEX_BYTE = 1 / 400
"""Chance per SysEx data byte that a real-time byte interrupts it."""

# (status high nibble, weight): notes dominate, as they do on a sequenced rig.
_CHANNEL_MIX = [(0x90, 50), (0x80, 8), (0xB0, 25), (0xE0, 10), (0xD0, 4), (0xC0, 3)]


class WireWriter:
    """Builds the wire bytes and the message list a correct decoder must recover."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.wire = bytearray()
        self.expected: list[bytes] = []
        self.running = 0

    def realtime(self, byte: int = 0xF8) -> None:
        self.wire.append(byte)
        self.expected.append(bytes((byte,)))

    def channel(self, message: bytes) -> None:
        """Send with running status when the status repeats; maybe a real-time byte inside."""
        on_wire = message[1:] if message[0] == self.running else message
        self.running = message[0]
        if self.rng.random() < REALTIME_INSIDE:
            cut = self.rng.randrange(1, len(on_wire)) if len(on_wire) > 1 else 0
            rt = self.rng.choice((0xF8, 0xF8, 0xFE))
            self.wire += on_wire[:cut] + bytes((rt,)) + on_wire[cut:]
            self.expected.append(bytes((rt,)))
        else:
            self.wire += on_wire
        self.expected.append(message)

    def sysex(self, size: int) -> None:
        body = bytes(self.rng.getrandbits(7) for _ in range(size - 2))
        self.running = 0
        self.wire.append(0xF0)
        for byte in body:
            if self.rng.random() < REALTIME_PER_SYSEX_BYTE:
                self.realtime()
            self.wire.append(byte)
        self.wire.append(0xF7)
        self.expected.append(b"\xf0" + body + b"\xf7")


def _channel_message(rng: random.Random, nibble: int, channel: int) -> bytes:
    status = nibble | channel
    if nibble in (0xC0, 0xD0):
        return bytes((status, rng.getrandbits(7)))
    if nibble == 0x90 and rng.random() < 0.5:
        return bytes((status, rng.randrange(36, 96), 0))  # note off as velocity 0
    return bytes((status, rng.getrandbits(7), rng.getrandbits(7)))


def _roll_odds(sysex_share: float) -> tuple[float, float]:
    """Chances per step of a SysEx and of a clock tick that give the target shares."""
    channel_share = 1 - sysex_share - CLOCK_SHARE
    scale = 1 / (sysex_share + CLOCK_SHARE + channel_share / (sum(BURST) / 2))
    return sysex_share * scale, CLOCK_SHARE * scale


def build_stream(
    count: int, seed: int = 1, sysex_share: float = SYSEX_SHARE
) -> tuple[bytes, list[bytes]]:
    """A deterministic wire stream of about `count` messages and the messages themselves."""
    rng = random.Random(seed)
    writer = WireWriter(rng)
    nibbles, weights = zip(*_CHANNEL_MIX)
    sysex_odds, clock_odds = _roll_odds(sysex_share)
    while len(writer.expected) < count:
        roll = rng.random()
        if roll < sysex_odds:
            writer.sysex(rng.randint(10, 5000))
        elif roll < sysex_odds + clock_odds:
            writer.realtime()
        else:
            nibble = rng.choices(nibbles, weights)[0]
            channel = rng.choice((0, 0, 0, 9, 13))
            for _ in range(rng.randint(*BURST)):
                writer.channel(_channel_message(rng, nibble, channel))
    return bytes(writer.wire), writer.expected


def frame_only(stream: bytes) -> list[bytes]:
    decoder = StreamDecoder()
    return decoder.feed(stream) + decoder.flush()


def frame_and_kind(stream: bytes) -> list[bytes]:
    """Framing plus the kind name of every message, like mido's typed messages."""
    messages = frame_only(stream)
    kinds = KIND_BY_STATUS
    _kind_names = [kinds[message[0]] for message in messages]
    return messages


def frame_and_describe(stream: bytes) -> list[bytes]:
    """Framing plus describe() of every message: kinds, channels and named values."""
    messages = frame_only(stream)
    _decoded = [describe(message) for message in messages]
    return messages


def mido_parse(stream: bytes) -> list[Any]:
    parser = mido.Parser()
    parser.feed(stream)
    return list(parser)


def best_time(
    function: Callable[[bytes], Any], stream: bytes, repeats: int
) -> tuple[float, Any]:
    """Best wall time of `repeats` runs, with the garbage collector paused as timeit does."""
    best, result = float("inf"), None
    for _ in range(repeats):
        result = None
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            result = function(stream)
            best = min(best, time.perf_counter() - start)
        finally:
            gc.enable()
    return best, result


def recovered_share(expected: list[bytes], got: list[bytes]) -> float:
    """Share of expected messages found in the output (multiset intersection)."""
    found = Counter(expected) & Counter(got)
    return sum(found.values()) / len(expected)


def run(count: int, seed: int, sysex_share: float = SYSEX_SHARE) -> dict[str, Any]:
    stream, expected = build_stream(count, seed, sysex_share)
    rows = {}
    for name, function, repeats in (
        ("ours: framing", frame_only, 3),
        ("ours: framing + kind", frame_and_kind, 3),
        ("ours: framing + describe()", frame_and_describe, 3),
        ("mido.Parser", mido_parse, 1),
    ):
        seconds, result = best_time(function, stream, repeats)
        rows[name] = {"seconds": seconds, "messages_per_s": len(expected) / seconds}
        rows[name]["correctness"] = recovered_share(expected, _as_bytes(name, result))
        rows[name]["exact_sequence"] = _as_bytes(name, result) == expected
    mido_rate = rows["mido.Parser"]["messages_per_s"]
    for row in rows.values():
        row["vs_mido"] = row["messages_per_s"] / mido_rate
    return {"stream": _describe_stream(stream, expected, seed), "results": rows}


def _as_bytes(name: str, result: list[Any]) -> list[bytes]:
    if name == "mido.Parser":
        return [bytes(message.bytes()) for message in result]
    return result


def _describe_stream(stream: bytes, expected: list[bytes], seed: int) -> dict[str, Any]:
    kinds = Counter(KIND_BY_STATUS[m[0]] for m in expected)
    return {
        "messages": len(expected),
        "bytes": len(stream),
        "seed": seed,
        "sysex_messages": kinds["sysex"],
        "sysex_share": kinds["sysex"] / len(expected),
        "clock_messages": kinds["clock"],
        "kinds": dict(kinds),
    }


def print_table(report: dict[str, Any]) -> None:
    info = report["stream"]
    print(
        f"stream: {info['messages']:,} messages, {info['bytes']:,} bytes, seed {info['seed']}, "
        f"SysEx {info['sysex_messages']} ({info['sysex_share']:.2%}), "
        f"clock {info['clock_messages']:,}"
    )
    print(f"python {platform.python_version()} on {platform.machine()}")
    print()
    print(f"{'method':<28} {'messages/s':>12} {'vs mido':>8} {'correct':>8}  exact")
    for name, row in report["results"].items():
        print(
            f"{name:<28} {row['messages_per_s'] / 1e6:>10.2f} M {row['vs_mido']:>7.1f}x "
            f"{row['correctness']:>8.1%}  {'yes' if row['exact_sequence'] else 'no'}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--messages", type=int, default=1_000_000, help="messages in the stream"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed of the stream")
    parser.add_argument(
        "--sysex-share",
        type=float,
        default=SYSEX_SHARE,
        help="share of messages that are SysEx (mido pays per SysEx byte, so more favours us)",
    )
    parser.add_argument(
        "--json", type=Path, help="also write the figures to this JSON file"
    )
    args = parser.parse_args(argv)
    report = run(args.messages, args.seed, args.sysex_share)
    print_table(report)
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
