"""Wall time of `midi-diag --help` against a bare `python -c "import argparse"`, in one run.

    python benchmarks/startup_bench.py [--runs 30] [--json PATH]

Target: at most 1.5 times the bare interpreter. Each command runs alternately, many times;
the medians are compared.
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def wall_time(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    script = shutil.which("midi-diag")
    commands = {
        "python -c 'import argparse'": [sys.executable, "-c", "import argparse"],
        "midi-diag --help": [script, "--help"] if script else [sys.executable, "-m", "diag", "--help"],
        "python -m diag --help": [sys.executable, "-m", "diag", "--help"],
    }
    samples = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            samples[name].append(wall_time(command))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    base = medians["python -c 'import argparse'"]
    for name, median in medians.items():
        print(f"{name:<30} {median * 1000:7.1f} ms   {median / base:4.2f} x")
    if args.json:
        Path(args.json).write_text(json.dumps({"median_s": medians, "ratio": {n: m / base for n, m in medians.items()}}))


if __name__ == "__main__":
    main()
