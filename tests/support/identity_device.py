"""A device on JACK that answers the Universal Identity Request with the replies given (hex), and nothing else.

    python tests/support/identity_device.py --client NAME [--reply HEX]...

Prints `ready OUT IN` (its two JACK ports, NAME-tx:out and NAME-rx:in) once they exist; runs until stdin closes.
"""

import argparse
import sys
import threading

import rtmidi

REQUEST = [0xF0, 0x7E, 0x7F, 0x06, 0x01, 0xF7]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", default="identity-device")
    parser.add_argument("--reply", action="append", default=[], help="a reply to send, as hex")
    args = parser.parse_args()
    replies = [list(bytes.fromhex(text)) for text in args.reply]
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, name=f"{args.client}-tx")
    out.open_virtual_port("out")
    midi_in = rtmidi.MidiIn(rtmidi.API_UNIX_JACK, name=f"{args.client}-rx")
    midi_in.ignore_types(sysex=False)
    lock = threading.Lock()

    def heard(event, _data) -> None:
        if event[0] == REQUEST:
            with lock:
                for reply in replies:
                    out.send_message(reply)

    midi_in.set_callback(heard)
    midi_in.open_virtual_port("in")
    print(f"ready {args.client}-tx:out {args.client}-rx:in", flush=True)
    sys.stdin.read()
    midi_in.close_port()
    out.close_port()


if __name__ == "__main__":
    main()
