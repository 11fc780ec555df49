"""Benchmark: peak memory with one huge SysEx, read from each capture format, endless, and captured live.

Run: python benchmarks/sysex_bench.py [--mb 50] [--dir DIR] [--no-live | --only-live] [--period FRAMES]
     [--burst BYTES] [--json PATH]

Every case runs in a fresh process and reports its peak resident set size (`ru_maxrss` from
`os.wait4`), beside a baseline process that only imports what the case imports:

- write: the capture writer storing the message (the process holds the message itself, twice while
  making it; `writer_added_mb` is what the writing added to the peak);
- read: `iter_capture` over the file (.syx, .jsonl, .mid), checking the true size;
- diagnose: `python -m diag diagnose --capture FILE` on the same file;
- endless: an F0 followed by MB of data bytes and no F7, fed to the stream decoder in 64 KiB pieces;
- live: the message streamed over a private JACK server in 3-byte pieces (tests/support/big_sysex_sender.py)
  into `midi-diag capture -o x.jsonl`; the file is then checked to hold the message whole. JACK without
  real-time scheduling loses pieces when a cycle runs late (an xrun), so the sender sends again after
  one, up to three times; `clean_sending` says which sending had no xrun (0: none) and the last line
  long enough to hold the message is the one checked.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.big_sysex_sender import big_sysex, send_until_clean  # noqa: E402

SENDER = ROOT / "tests" / "support" / "big_sysex_sender.py"

WRITE = """
import json, sys
from pathlib import Path
from diag.captures import open_writer
from diag.events import MidiEvent
from tests.support.big_sysex_sender import big_sysex
def high_water():
    line = next(l for l in Path("/proc/self/status").read_text().splitlines() if l.startswith("VmHWM"))
    return int(line.split()[1]) / 1024
message = big_sysex(int(sys.argv[2]))
before = high_water()
with open_writer(sys.argv[1], ["Dump"]) as writer:
    writer.write([MidiEvent(0.0, "Dump", b"\\x90\\x3c\\x64"), MidiEvent(0.5, "Dump", message),
                  MidiEvent(1.0, "Dump", b"\\x80\\x3c\\x00")])
assert writer.close().clipped == 0
print(json.dumps({"writer_added_mb": round(high_water() - before, 1)}))
"""

READ = """
import sys
from diag.captures import iter_capture
sizes = [event.size for event in iter_capture(sys.argv[1])]
assert int(sys.argv[2]) in sizes, sizes
"""

ENDLESS = """
import sys
from diag.decode.stream import StreamDecoder
piece, pieces = bytes(range(128)) * 512, int(sys.argv[1]) // 65536
decoder = StreamDecoder()
decoder.feed(b"\\xf0")
for _ in range(pieces):
    assert decoder.feed(piece) == []
[discard] = decoder.flush()
assert discard.size == 1 + pieces * len(piece)
"""

BASELINE = "import sys, diag.captures, diag.decode.stream, tests.support.big_sysex_sender"
TINY = "from diag.captures import open_writer; open_writer(__import__('sys').argv[1], ['Dump']).close()"


def run(command: list[str]) -> dict[str, Any]:
    """Wall time and peak RSS (MB) of one fresh process that must succeed (exit 0 or 1), with any
    figures it printed as a JSON object on its last line of output."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, cwd=ROOT, env=_env(), stdout=out, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        out.seek(0)
        printed = out.read().decode().strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed with exit {code}: {process.stderr.read().decode()[-2000:]}")
    result = {"seconds": round(time.perf_counter() - started, 2), "peak_mb": _mb(usage.ru_maxrss)}
    if printed and printed[-1].startswith("{"):
        result.update(json.loads(printed[-1]))
    return result


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ, **(extra or {}))
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _mb(maxrss: int) -> float:
    return round(maxrss / (1 << 20) if sys.platform == "darwin" else maxrss / 1024, 1)


def file_cases(directory: Path, size: int) -> list[dict[str, Any]]:
    python, results = sys.executable, []
    for suffix in (".syx", ".jsonl", ".mid"):
        path = directory / f"dump{suffix}"
        write = run([python, "-c", WRITE, str(path), str(size)])
        read = run([python, "-c", READ, str(path), str(size)])
        diagnose = run([python, "-m", "diag", "diagnose", "--capture", str(path), "--format", "json",
                        "-o", os.devnull])
        results.append({"format": suffix, "file_mb": round(path.stat().st_size / 1e6, 1), "write": write,
                        "read": read, "diagnose": diagnose})
        path.unlink()
    return results


def live_case(directory: Path, size: int, period: int = 256, burst: int = 900) -> dict[str, Any]:
    """The message over JACK into `midi-diag capture`; the capture's peak RSS and a check of the file."""
    from tests.support.jack import start_jack_server

    server = start_jack_server(str(directory), period)
    output = directory / "live.jsonl"
    try:
        sender = subprocess.Popen([sys.executable, str(SENDER), "--client", "Dump", "--size", str(size),
                                   "--burst", str(burst)],
                                  env=_env(server.env), stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert sender.stdout.readline().startswith("ready")
        started = time.perf_counter()
        capture = subprocess.Popen([sys.executable, "-m", "diag", "capture", "--in", "Dump", "--seconds", "3600",
                                    "-o", str(output)], cwd=ROOT, env=_env(server.env),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        while "capturing" not in capture.stderr.readline():
            pass
        sendings = send_until_clean(sender, server.log_path, attempts=3)  # 0: every sending had xruns
        _wait_until_still(output)
        capture.send_signal(signal.SIGINT)
        _, status, usage = os.wait4(capture.pid, 0)
        seconds = time.perf_counter() - started
        sender.stdin.close()
        sender.wait()
    finally:
        server.stop()
    start = _long_line_start(output, size)
    whole = start is not None and _stored_digest(output, start) == hashlib.sha256(big_sysex(size)).hexdigest()
    result = {"capture": {"seconds": round(seconds, 2), "peak_mb": _mb(usage.ru_maxrss)},
              "exit": os.waitstatus_to_exitcode(status), "file_mb": round(output.stat().st_size / 1e6, 1),
              "clean_sending": sendings, "file_holds_it_whole": whole}
    output.unlink()
    return result


def _wait_until_still(path: Path, quiet: float = 3.0) -> None:
    """Until the capture file has not grown for `quiet` seconds (what JACK delivered is written)."""
    size, since = -1, time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.2)
        now = path.stat().st_size if path.exists() else 0
        if now != size:
            size, since = now, time.monotonic()


def _long_line_start(path: Path, size: int) -> int | None:
    """Where the last line long enough to hold the SysEx starts, read a MB at a time (None: no such line)."""
    found, line_start, offset = None, 0, 0
    with open(path, "rb") as file:
        while piece := file.read(1 << 20):
            position = 0
            while (newline := piece.find(b"\n", position)) >= 0:
                end = offset + newline + 1
                if end - line_start >= 3 * size:
                    found = line_start
                line_start, position = end, newline + 1
            offset += len(piece)
    return found


def _stored_digest(path: Path, line_start: int) -> str:
    """The SHA-256 of the message on the line starting at `line_start`, its hex decoded a slice at a time."""
    digest, carry = hashlib.sha256(), b""
    with open(path, "rb") as file:
        file.seek(line_start)
        start = file.read(256)
        piece = start[start.index(b'"data": "') + 9 :]
        while True:
            text = carry + piece
            end = text.find(b'"')
            cut = end if end >= 0 else text.rfind(b" ") + 1
            digest.update(bytes.fromhex(text[:cut].decode()))
            if end >= 0:
                return digest.hexdigest()
            carry, piece = text[cut:], file.read(1 << 20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the SysEx in MB (10^6 bytes; default 50)")
    parser.add_argument("--dir", help="where to write the files (default: a temporary directory)")
    parser.add_argument("--no-live", action="store_true", help="skip the JACK case")
    parser.add_argument("--only-live", action="store_true", help="only the JACK case")
    parser.add_argument("--period", type=int, default=256, help="JACK period in frames for the live case")
    parser.add_argument("--burst", type=int, default=900,
                        help="bytes the live sender sends per millisecond (RtMidi's 16 KB JACK buffer limits it)")
    parser.add_argument("--json", metavar="PATH", help="also write the figures as JSON")
    args = parser.parse_args()
    size = int(args.mb * 1e6)
    with tempfile.TemporaryDirectory() as temporary:
        directory = Path(args.dir or temporary)
        tiny = directory / "tiny.jsonl"
        run([sys.executable, "-c", TINY, str(tiny)])
        results: dict[str, Any] = {
            "sysex_bytes": size, "baseline": run([sys.executable, "-c", BASELINE]),
            "diagnose_baseline": run([sys.executable, "-m", "diag", "diagnose", "--capture", str(tiny),
                                      "--format", "json", "-o", os.devnull])}
        print(json.dumps(results), flush=True)
        if not args.only_live:
            results["endless"] = run([sys.executable, "-c", ENDLESS, str(size)])
            print(json.dumps({"endless": results["endless"]}), flush=True)
            results["files"] = file_cases(directory, size)
            for case in results["files"]:
                print(json.dumps(case), flush=True)
        if not args.no_live:
            results["live"] = live_case(directory, size, args.period, args.burst)
            print(json.dumps({"live": results["live"]}), flush=True)
    if args.json:
        machine = {"python": platform.python_version(), "machine": platform.platform(), "cpus": os.cpu_count()}
        Path(args.json).write_text(json.dumps({"machine": machine, **results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
