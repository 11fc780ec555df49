"""A paced MIDI sender in its own process: a virtual JACK output that plays a script or a sequence.

Protocol on stdin/stdout: prints `ready <port name>`, waits for a `go` line, sends, prints
`sent <count>`, then keeps the port open until stdin closes (so nothing in flight is cut off).
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
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=args.client)
    out.open_virtual_port("out")
    print(f"ready {args.client}:out", flush=True)
    if sys.stdin.readline().strip() != "go":
        return
    if args.script:
        with open(args.script) as script:
            messages = [list(bytes.fromhex(text)) for text in json.load(script)]
        sent = send_script(out, messages, args.gap)
    else:
        sent = send_sequence(out, args.count, args.rate)
    print(f"sent {sent}", flush=True)
    sys.stdin.read()
    time.sleep(0.05)
    out.close_port()


if __name__ == "__main__":
    main()
