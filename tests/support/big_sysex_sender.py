"""Sends one huge SysEx over JACK in small pieces, the way a device streams a long dump.

python-rtmidi refuses to send a piece longer than 3 bytes that does not start with F0, so the
message goes out as its first 3 bytes and then 3 data bytes at a time (the last piece ends with
F7); RtMidi's JACK input joins them back into one message. RtMidi's JACK output buffers 16 KB
between the sender and its process cycle, so the pieces go in bursts of BURST bytes with a
millisecond's pause between bursts (about 0.7 MB/s), which keeps that buffer from overflowing.
(A sender writing bigger pieces straight into libjack from a Python process callback was tried:
on a busy machine the callback ran late, JACK reported xruns and whole pieces were lost.)

A JACK server without real-time scheduling on a busy machine still has xruns now and then, and
a late cycle loses pieces. `send_until_clean` therefore sends again (after a lone F7 that ends
whatever is left open) until one sending had no xrun in the server's log: the last SysEx the
receiver gets is then the whole message.

Protocol on stdin/stdout, like tests/support/sender.py: prints `ready <port name>`, waits for
`go`, sends, prints `sent <bytes>`, then keeps the port open until stdin closes; every further
`go` sends a lone F7 and the message again.

    python tests/support/big_sysex_sender.py --client Dump --size 3000000
"""

import argparse
import sys
import time

BURST = 900
"""Bytes sent before each millisecond's pause."""
ATTEMPTS = 5


def send_until_clean(process, log_path: str, attempts: int = ATTEMPTS) -> int:
    """Tell a running sender `go` until one sending left no xrun in the JACK log; the number of
    sendings, or 0 when every one of them had an xrun."""
    for attempt in range(1, attempts + 1):
        with open(log_path, "rb") as log:
            before = log.read().count(b"XRun")
        process.stdin.write("go\n")
        process.stdin.flush()
        answer = process.stdout.readline().split()
        if not answer or answer[0] != "sent":
            raise RuntimeError(f"big SysEx sender failed: {answer}")
        with open(log_path, "rb") as log:
            if log.read().count(b"XRun") == before:
                return attempt
    return 0


def big_sysex(size: int) -> bytes:
    """A SysEx of exactly `size` bytes (F0, a non-commercial ID, a repeating pattern, F7)."""
    body = bytes((index * 7 + index // 128) & 0x7F for index in range(min(size - 3, 1 << 16)))
    repeats = -(-(size - 3) // len(body)) if size > 3 else 0
    return b"\xf0\x7d" + (body * repeats)[: size - 3] + b"\xf7"


def send_in_pieces(out, message: bytes, burst: int = BURST) -> None:
    """The first 3 bytes, then 3 bytes at a time, paced."""
    send = out.send_message
    send(message[:3])
    position = 3
    while position < len(message):
        end = min(len(message), position + burst)
        for start in range(position, end, 3):
            send(message[start : start + 3])
        position = end
        time.sleep(0.001)


def main() -> None:
    import rtmidi

    parser = argparse.ArgumentParser()
    parser.add_argument("--client", default="big-sysex")
    parser.add_argument("--size", type=int, required=True, help="bytes in the SysEx, F0 and F7 included")
    parser.add_argument("--burst", type=int, default=BURST, help="bytes sent before each millisecond's pause")
    args = parser.parse_args()
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=args.client)
    out.open_virtual_port("out")
    print(f"ready {args.client}:out", flush=True)
    message, first = big_sysex(args.size), True
    while sys.stdin.readline().strip() == "go":
        if not first:
            out.send_message([0xF7])
        send_in_pieces(out, message, args.burst)
        first = False
        print(f"sent {args.size}", flush=True)
    out.close_port()
    out.delete()


if __name__ == "__main__":
    main()
