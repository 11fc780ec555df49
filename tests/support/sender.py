"""A paced MIDI sender in its own process: a virtual JACK output that plays a script or a sequence.

Protocol on stdin/stdout: prints `ready <port name>`, waits for a `go` line, sends, prints
`sent <count>`, then keeps the port open until stdin closes (so nothing in flight is cut off).
Meanwhile it obeys more lines: `go` sends again, `reopen` closes its port and opens it again at
once (a quick replug), `rename NAME` renames the port in place; each answers with one line.
"""

import argparse
import json
import sys
import time

import rtmidi


def sequence_message(number: int) -> list[int]:
    """A 3-byte channel message that encodes a 19-bit sequence number (for loss checks)."""
    status = (0xA0 if number >> 18 & 1 else 0x90) | (number >> 14 & 0x0F)
    return [status, number & 0x7F, number >> 7 & 0x7F]


def sequence_number(data: bytes | list[int]) -> int:
    """The sequence number `sequence_message` encoded."""
    high = 1 << 18 if data[0] & 0xF0 == 0xA0 else 0
    return high | (data[0] & 0x0F) << 14 | data[2] << 7 | data[1]


def send_script(out, messages: list[list[int]], gap: float) -> int:
    for message in messages:
        out.send_message(message)
        time.sleep(gap)
    return len(messages)


def send_sequence(out, count: int, rate: float) -> int:
    started = time.perf_counter()
    sent = 0
    while sent < count:
        due = min(count, int((time.perf_counter() - started) * rate) + 1)
        while sent < due:
            out.send_message(sequence_message(sent))
            sent += 1
        time.sleep(0.0005)
    return sent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", default="test-sender")
    parser.add_argument("--script", help="JSON file: a list of hex strings, one message each")
    parser.add_argument("--gap", type=float, default=0.002, help="seconds between scripted messages")
    parser.add_argument("--count", type=int, default=0, help="sequence mode: how many messages")
    parser.add_argument("--rate", type=float, default=1000.0, help="sequence mode: messages per second")
    args = parser.parse_args()
    out = open_output(args.client)
    print(f"ready {args.client}:out", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    print(f"sent {play(out, args)}", flush=True)
    for line in sys.stdin:
        out = obey(out, args, line.split())
    time.sleep(0.05)
    out.close_port()


def play(out, args) -> int:
    if args.script:
        with open(args.script) as script:
            messages = [list(bytes.fromhex(text)) for text in json.load(script)]
        return send_script(out, messages, args.gap)
    return send_sequence(out, args.count, args.rate)


def obey(out, args, words: list[str]):
    """Carry out one of the commands a sender takes after its first `go`; the output port from then on."""
    if words == ["go"]:
        print(f"sent {play(out, args)}", flush=True)
    elif words == ["reopen"]:
        out.close_port()
        out.delete()
        out = open_output(args.client)
        print("reopened", flush=True)
    elif len(words) == 2 and words[0] == "rename":
        out.set_port_name(words[1])
        print(f"renamed {args.client}:{words[1]}", flush=True)
    return out


def open_output(client: str):
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=client)
    out.open_virtual_port("out")
    return out


if __name__ == "__main__":
    main()
