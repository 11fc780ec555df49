"""Live capture through a private JACK server: loss, duplication and CPU per message.

A paced sender in another process plays sequence-numbered messages at each rate for a few
seconds; each receiver runs in its own process: midi-diag's capture engine alone, the whole
`midi-diag capture` command writing JSON Lines, python-rtmidi with a bare callback (the naive
design), and jack_midi_dump (the C tool), side by side in one run.

    python benchmarks/capture_bench.py [--rates 1000,20000,100000] [--seconds 5] [--json PATH]
"""

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.jack import start_jack_server  # noqa: E402
from tests.support.processes import start_sender  # noqa: E402
from tests.support.sender import sequence_number  # noqa: E402

RECEIVER = Path(__file__).with_name("capture_receiver.py")
PYTHON_RECEIVERS = ("midi-diag-engine", "midi-diag-capture", "naive-callback")


def run_python_receiver(server, mode: str, rate: int, seconds: float) -> dict:
    expected = int(rate * seconds)
    sender = start_sender(server, "bench-sender", "--count", str(expected), "--rate", str(rate))
    receiver = subprocess.Popen(
        [sys.executable, str(RECEIVER), mode, "--port", sender.port, "--seconds", str(seconds + 1.5),
         "--expected", str(expected)],
        env=server.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        if receiver.stdout.readline().strip() != "ready":
            raise RuntimeError(receiver.stderr.read())
        time.sleep(0.3)
        sender.go()
        out, err = receiver.communicate(timeout=seconds + 60)
        return json.loads(out.strip().splitlines()[-1])
    finally:
        sender.close()
        receiver.kill()


def run_jack_midi_dump(server, rate: int, seconds: float) -> dict | None:
    if not shutil.which("jack_midi_dump"):
        return None
    expected = int(rate * seconds)
    sender = start_sender(server, "bench-sender", "--count", str(expected), "--rate", str(rate))
    with tempfile.TemporaryFile("w+") as dump_out:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        dump = subprocess.Popen(["jack_midi_dump", "bench-dump"], env=server.env, stdout=dump_out,
                                stderr=subprocess.DEVNULL)
        try:
            _connect(server, sender.port, "bench-dump:input")
            sender.go()
            time.sleep(1.5)
        finally:
            dump.terminate()
            dump.wait()
            sender.close()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        dump_out.seek(0)
        received = _parse_dump(dump_out.read())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return _loss(received, expected) | {"cpu_s": cpu, "cpu_us_per_message": cpu / max(1, len(received)) * 1e6}


def _connect(server, source: str, destination: str) -> None:
    for _ in range(100):
        if subprocess.run(["jack_connect", source, destination], env=server.env,
                          capture_output=True).returncode == 0:
            return
        time.sleep(0.05)
    raise RuntimeError(f"could not connect {source} to {destination}")


HEX_BYTES = re.compile(r"^\s*\d+:\s+([0-9a-f]{2}) ([0-9a-f]{2}) ([0-9a-f]{2})\b")


def _parse_dump(text: str) -> list[bytes]:
    received = []
    for line in text.splitlines():
        match = HEX_BYTES.match(line)
        if match:
            received.append(bytes(int(h, 16) for h in match.groups()))
    return received


def _loss(received: list[bytes], expected: int) -> dict:
    numbers = [sequence_number(data) for data in received]
    unique = set(numbers)
    return {"received": len(received), "lost": expected - len(unique & set(range(expected))),
            "duplicated": len(numbers) - len(unique)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="1000,20000,100000")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--receivers", default=",".join(PYTHON_RECEIVERS + ("jack_midi_dump",)))
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    server = start_jack_server(tempfile.mkdtemp())
    rows = []
    try:
        for rate in map(int, args.rates.split(",")):
            for mode in args.receivers.split(","):
                before = _xruns(server)
                result = (run_jack_midi_dump(server, rate, args.seconds) if mode == "jack_midi_dump"
                          else run_python_receiver(server, mode, rate, args.seconds))
                if result:
                    rows.append({"rate": rate, "receiver": mode, "sent": int(rate * args.seconds),
                                 "jack_xruns": _xruns(server) - before} | result)
                    print(_row(rows[-1]), flush=True)
    finally:
        server.stop()
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


def _xruns(server) -> int:
    """Periods the JACK server ran late so far (its log says XRun): JACK drops those periods' MIDI itself."""
    with open(server.log_path, "rb") as log:
        return log.read().count(b"XRun")


def _row(row: dict) -> str:
    return (f"{row['rate']:>7}/s  {row['receiver']:<18} sent {row['sent']:>7}  received {row['received']:>7}  "
            f"lost {row['lost']:>6}  duplicated {row['duplicated']:>5}  "
            f"cpu {row['cpu_us_per_message']:6.2f} us/msg  jack xruns {row['jack_xruns']}")


if __name__ == "__main__":
    main()
