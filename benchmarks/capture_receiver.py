"""One receiver of the capture benchmark, in its own process so its CPU time is its own.

Prints `ready`, captures until `--seconds` pass, then prints a JSON line with the sequence
numbers' loss and duplication and the process CPU time per message received.
"""

import argparse
import gc
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.sender import sequence_number  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def receive_with_midi_diag(port: str, seconds: float) -> tuple[list[bytes], float, int]:
    from diag.midi.capture import open_capture
    from diag.midi.loop import run_session

    session = open_capture("jack", [port])
    received: list[bytes] = []
    ready()
    cpu = cpu_seconds()
    run_session(session, seconds, lambda events: received.extend(e.data for e in events))
    return received, cpu_seconds() - cpu, session.stats.dropped


def receive_with_capture_command(port: str, seconds: float) -> tuple[list[bytes], float, int]:
    from diag.captures import read_capture
    from diag.cli import main

    path = Path(tempfile.mkdtemp()) / "bench.jsonl"
    ready()
    cpu = cpu_seconds()
    code = main(["capture", "--api", "jack", "--in", port, "--seconds", str(seconds), "-o", str(path)])
    spent = cpu_seconds() - cpu
    if code != 0:
        raise SystemExit(f"capture exited {code}")
    return [event.data for event in read_capture(path).events], spent, 0


def receive_with_naive_callback(port: str, seconds: float) -> tuple[list[bytes], float, int]:
    import rtmidi

    midi_in = rtmidi.MidiIn(rtmidi.API_UNIX_JACK, name="naive")
    midi_in.ignore_types(False, False, False)
    names = midi_in.get_ports()
    received: list = []
    midi_in.set_callback(lambda message, _: received.append(message))
    midi_in.open_port(next(i for i, name in enumerate(names) if port in name))
    ready()
    cpu = cpu_seconds()
    time.sleep(seconds)
    spent = cpu_seconds() - cpu
    midi_in.close_port()
    return [bytes(message[0]) for message in received], spent, 0


def ready() -> None:
    gc.collect()
    print("ready", flush=True)


RECEIVERS = {
    "midi-diag-engine": receive_with_midi_diag,
    "midi-diag-capture": receive_with_capture_command,
    "naive-callback": receive_with_naive_callback,
}


def loss_report(received: list[bytes], expected: int) -> dict:
    numbers = [sequence_number(data) for data in received if len(data) == 3]
    unique = set(numbers)
    return {
        "received": len(received),
        "lost": expected - len(unique & set(range(expected))),
        "duplicated": len(numbers) - len(unique),
        "out_of_order": sum(1 for a, b in zip(numbers, numbers[1:]) if b < a),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=RECEIVERS)
    parser.add_argument("--port", required=True)
    parser.add_argument("--seconds", type=float, required=True)
    parser.add_argument("--expected", type=int, required=True)
    args = parser.parse_args()
    received, cpu, dropped = RECEIVERS[args.mode](args.port, args.seconds)
    report = loss_report(received, args.expected) | {"cpu_s": cpu, "dropped_counted": dropped}
    report["cpu_us_per_message"] = cpu / max(1, report["received"]) * 1e6
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
