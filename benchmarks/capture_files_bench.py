"""Micro-benchmark of capture files: writer and reader cost per message, flush and fsync cost per call.

    python benchmarks/capture_files_bench.py [--messages N] [--batch N]

Not a test: it prints numbers. The capture command may feed 100,000 messages/s in small batches,
so a writer must stay well under 10 µs per message.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from diag.captures import iter_capture, open_writer  # noqa: E402
from diag.events import MidiEvent  # noqa: E402

PORTS = ["Digitakt MIDI 1", "Analog Rytm — MIDI 1"]
SUFFIXES = (".jsonl", ".mid", ".syx")


def traffic(count: int) -> list[MidiEvent]:
    """A busy rig: mostly clock and notes, some CC and pitch bend, an occasional SysEx; 10 µs apart."""
    chooser = random.Random(4)
    kinds = [b"\xf8"] * 4 + [b"\x90\x3c\x64", b"\x80\x3c\x00", b"\xb0\x07\x64", b"\xe0\x00\x40", b"\xfe"]
    sysex = bytes([0xF0, 0x00, 0x20, 0x3C, *range(60), 0xF7])
    steps = ["keys", "pads", "sequencer", "idle"]
    return [
        MidiEvent(
            index * 0.00001,
            PORTS[index % 2],
            sysex if index % 500 == 0 else chooser.choice(kinds),
            steps[index * len(steps) // count],
        )
        for index in range(count)
    ]


def best_of(repeats: int, action: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return min(timings)


def write_file(path: Path, events: list[MidiEvent], batch: int) -> None:
    with open_writer(path, PORTS) as writer:
        for start in range(0, len(events), batch):
            writer.write(events[start : start + batch])


def flush_cost(path: Path, events: list[MidiEvent], calls: int = 50) -> float:
    """Median seconds of one flush() (file flush and fsync) after a batch of 100 messages."""
    timings = []
    with open_writer(path, PORTS) as writer:
        for call in range(calls):
            writer.write(events[call * 100 : call * 100 + 100])
            start = time.perf_counter()
            writer.flush()
            timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def count_events(path: Path) -> int:
    return sum(1 for _ in iter_capture(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    arguments = parser.parse_args()
    events = traffic(arguments.messages)
    with tempfile.TemporaryDirectory(prefix="capture-bench-") as folder:
        print(f"{arguments.messages:,} messages, batches of {arguments.batch}, best of {arguments.repeats}")
        measure(Path(folder), events, arguments.batch, arguments.repeats)


def measure(folder: Path, events: list[MidiEvent], batch: int, repeats: int) -> None:
    print("write: per message handed to write(); read: per message read back (.syx keeps only SysEx)")
    print(f"{'format':8} {'write µs/msg':>13} {'read µs/msg':>12} {'flush µs':>9} {'size':>11}")
    for suffix in SUFFIXES:
        path = folder / f"bench{suffix}"
        write = best_of(repeats, lambda: write_file(path, events, batch))
        read = best_of(repeats, lambda: count_events(path))
        flush = flush_cost(folder / f"flush{suffix}", events)
        print(
            f"{suffix:8} {write * 1e6 / len(events):13.2f} {read * 1e6 / count_events(path):12.2f} "
            f"{flush * 1e6:9.1f} {path.stat().st_size:11,}"
        )


if __name__ == "__main__":
    main()
