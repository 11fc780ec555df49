"""Benchmark: `midi-diag diagnose` on large captures, side by side with reading them with mido.

Run: python benchmarks/diagnose_bench.py [--sizes 250000,500000,1000000] [--seed S] [--dir DIR] [--no-mido]
     [--json PATH]

Ten million messages make an 843 MB file (about a minute to generate): give --dir a place in /tmp.

For each size it writes one seeded JSON Lines capture (four ports, four steps, a rig's usual
mix: clock, notes, controllers, active sensing, pitch bend, pressure, program changes, a
little SysEx) and runs, each in a fresh process:

- diagnose: `python -m diag diagnose --capture FILE --format json -o /dev/null`;
- read only: midi-diag's own capture reader alone (`iter_capture`, no analysis, no checks);
- mido: the same file read line by line, each message parsed with `mido.Message.from_bytes`.

Time is wall-clock; memory is the process's peak resident set size (`ru_maxrss` from
`os.wait4`). No timings are asserted anywhere; docs/engine.md points here.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PORTS = ("Digitakt MIDI 1", "Arturia KeyStep 32", "USB MIDI Interface", "RK-006 MIDI 3")
STEPS = ("keys", "pads", "sequencer", "idle")
DEFAULT_SIZES = (250_000, 500_000, 1_000_000)

# (kind, weight): the share of each kind in the generated traffic.
MIX = (("clock", 30), ("note", 34), ("cc", 14), ("sensing", 10), ("bend", 5), ("pressure", 4),
       ("program", 2), ("sysex", 1))

READ_ONLY = """
import sys
from diag.captures import iter_capture
count = sum(1 for _ in iter_capture(sys.argv[1]))
print(count)
"""

MIDO = """
import json, sys
import mido
count = 0
with open(sys.argv[1], encoding="utf-8") as file:
    for line in file:
        record = json.loads(line)
        if "midi_diag_capture" in record:
            continue
        mido.Message.from_bytes(bytes.fromhex(record["data"]))
        count += 1
print(count)
"""


def generate(path: Path, count: int, seed: int) -> None:
    """A seeded capture of `count` messages, steps in turn, time never decreasing."""
    rng = random.Random(seed)
    kinds, weights = zip(*MIX)
    header = {"midi_diag_capture": 1, "ports": list(PORTS), "tool": {"name": "diagnose_bench"}}
    t = 0.0
    with open(path, "w", encoding="utf-8") as file:
        file.write(json.dumps(header) + "\n")
        for index in range(count):
            step = STEPS[index * len(STEPS) // count]
            t += rng.expovariate(2000.0)  # about 2,000 messages a second over all ports
            kind = rng.choices(kinds, weights)[0]
            port = PORTS[0] if kind == "clock" else rng.choice(PORTS)
            file.write(f'{{"t": {t:.6f}, "port": "{port}", "data": "{_message(rng, kind)}", "step": "{step}"}}\n')


def _message(rng: random.Random, kind: str) -> str:
    channel = rng.randrange(16)
    if kind == "clock":
        return "F8"
    if kind == "sensing":
        return "FE"
    if kind == "note":
        status = rng.choice((0x90, 0x80))
        return _hex(status | channel, rng.randrange(24, 96), rng.randrange(1, 128) if status == 0x90 else 0)
    if kind == "cc":
        return _hex(0xB0 | channel, rng.randrange(120), rng.randrange(128))
    if kind == "bend":
        return _hex(0xE0 | channel, rng.randrange(128), rng.randrange(128))
    if kind == "pressure":
        return _hex(0xD0 | channel, rng.randrange(128))
    if kind == "program":
        return _hex(0xC0 | channel, rng.randrange(128))
    return _hex(0xF0, 0x00, 0x20, 0x3C, *(rng.randrange(128) for _ in range(rng.randrange(4, 200))), 0xF7)


def _hex(*values: int) -> str:
    return bytes(values).hex(" ").upper()


def measure(command: list[str]) -> dict[str, float]:
    """Wall time and peak RSS (MB) of one fresh process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}: {process.stderr.read().decode()}")
    return {"seconds": round(seconds, 3), "peak_mb": round(_rss_mb(usage.ru_maxrss), 1)}


def _rss_mb(maxrss: int) -> float:
    return maxrss / (1 << 20) if sys.platform == "darwin" else maxrss / 1024


def run_size(directory: Path, count: int, seed: int, mido: bool = True) -> dict[str, Any]:
    path = directory / f"capture-{count}.jsonl"
    generate(path, count, seed)
    python = sys.executable
    result: dict[str, Any] = {"messages": count, "file_mb": round(path.stat().st_size / 1e6, 1)}
    result["diagnose"] = measure([python, "-m", "diag", "diagnose", "--capture", str(path), "--format", "json",
                                  "-o", os.devnull])
    result["read_only"] = measure([python, "-c", READ_ONLY, str(path)])
    result["mido"] = measure([python, "-c", MIDO, str(path)]) if mido else {"seconds": 0.0, "peak_mb": 0.0}
    path.unlink()
    return result


def table(results: list[dict[str, Any]]) -> str:
    head = (f"{'messages':>10} {'file MB':>8} | {'diagnose s':>10} {'MB':>6} {'us/msg':>7} | "
            f"{'read only s':>11} {'MB':>6} | {'mido s':>7} {'MB':>6} {'us/msg':>7}")
    lines = [head, "-" * len(head)]
    for r in results:
        d, o, m = r["diagnose"], r["read_only"], r["mido"]
        lines.append(f"{r['messages']:>10,} {r['file_mb']:>8} | {d['seconds']:>10.2f} {d['peak_mb']:>6.1f} "
                     f"{d['seconds'] / r['messages'] * 1e6:>7.2f} | {o['seconds']:>11.2f} {o['peak_mb']:>6.1f} | "
                     f"{m['seconds']:>7.2f} {m['peak_mb']:>6.1f} {m['seconds'] / r['messages'] * 1e6:>7.2f}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="message counts, comma-separated (default 250000,500000,1000000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dir", help="where to write the captures (default: a temporary directory)")
    parser.add_argument("--no-mido", action="store_true", help="skip reading the files with mido (0 in the table)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(args.dir or temporary)
        results = [run_size(directory, size, args.seed, not args.no_mido) for size in sizes]
    print(table(results))
    if args.json:
        machine = {"python": platform.python_version(), "machine": platform.platform(), "cpus": os.cpu_count()}
        Path(args.json).write_text(json.dumps({"machine": machine, "results": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
