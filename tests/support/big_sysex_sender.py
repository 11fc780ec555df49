"""Sends one huge SysEx over JACK in pieces of a few KB, the way a device streams a long dump.

python-rtmidi refuses to send a piece longer than 3 bytes that does not start with F0, so this
sender talks to libjack directly (ctypes): it writes the pieces as raw JACK MIDI events, a few
per process cycle, paced by the cycle. RtMidi's JACK input joins them back into one message.

Protocol on stdin/stdout, like tests/support/sender.py: prints `ready <port name>`, waits for
`go`, sends, prints `sent <bytes>`, then keeps the port open until stdin closes.

    python tests/support/big_sysex_sender.py --client Dump --size 3000000
"""

import argparse
import ctypes
import sys
import threading

PIECE = 4096
"""Bytes per JACK MIDI event."""
PIECES_PER_CYCLE = 4
"""At most this many pieces each process cycle (keeps well inside the port's buffer)."""
_OUTPUT = 0x2  # JackPortIsOutput
_MIDI_TYPE = b"8 bit raw midi"


def big_sysex(size: int) -> bytes:
    """A SysEx of exactly `size` bytes (F0, a non-commercial ID, a repeating pattern, F7)."""
    body = bytes((index * 7 + index // 128) & 0x7F for index in range(min(size - 3, 1 << 16)))
    repeats = -(-(size - 3) // len(body)) if size > 3 else 0
    return b"\xf0\x7d" + (body * repeats)[: size - 3] + b"\xf7"


class _Jack:
    """The few libjack calls a MIDI output needs."""

    def __init__(self) -> None:
        lib = ctypes.CDLL("libjack.so.0")
        lib.jack_client_open.restype = ctypes.c_void_p
        lib.jack_port_register.restype = ctypes.c_void_p
        lib.jack_port_register.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                           ctypes.c_ulong, ctypes.c_ulong]
        lib.jack_port_name.restype = ctypes.c_char_p
        lib.jack_port_name.argtypes = [ctypes.c_void_p]
        lib.jack_port_get_buffer.restype = ctypes.c_void_p
        lib.jack_port_get_buffer.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        lib.jack_midi_clear_buffer.argtypes = [ctypes.c_void_p]
        lib.jack_midi_max_event_size.restype = ctypes.c_size_t
        lib.jack_midi_max_event_size.argtypes = [ctypes.c_void_p]
        lib.jack_midi_event_write.argtypes = [ctypes.c_void_p, ctypes.c_uint32, ctypes.c_char_p, ctypes.c_size_t]
        for name in ("jack_set_process_callback", "jack_activate", "jack_deactivate", "jack_client_close"):
            getattr(lib, name).argtypes = [ctypes.c_void_p] + ([ctypes.c_void_p, ctypes.c_void_p]
                                                                if name == "jack_set_process_callback" else [])
        self.lib = lib


class BigSysexSender:
    """A JACK client with one MIDI output that streams `message` in pieces once started."""

    def __init__(self, client: str, message: bytes) -> None:
        self.jack = _Jack()
        lib = self.jack.lib
        status = ctypes.c_int(0)
        self.client = lib.jack_client_open(client.encode(), 0, ctypes.byref(status))
        if not self.client:
            raise SystemExit(f"cannot open a JACK client (status {status.value})")
        self.port = lib.jack_port_register(self.client, b"out", _MIDI_TYPE, _OUTPUT, 0)
        self.message, self.position, self.sending = message, 0, False
        self.done = threading.Event()
        self._callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_void_p)(self._process)
        lib.jack_set_process_callback(self.client, self._callback, None)
        lib.jack_activate(self.client)

    @property
    def port_name(self) -> str:
        return self.jack.lib.jack_port_name(self.port).decode()

    def _process(self, frames: int, _arg: object) -> int:
        lib = self.jack.lib
        buffer = lib.jack_port_get_buffer(self.port, frames)
        lib.jack_midi_clear_buffer(buffer)
        for _ in range(PIECES_PER_CYCLE):
            if not self.sending or self.position >= len(self.message):
                break
            piece = self.message[self.position : self.position + PIECE]
            if lib.jack_midi_max_event_size(buffer) < len(piece) or lib.jack_midi_event_write(
                    buffer, 0, piece, len(piece)):
                break
            self.position += len(piece)
            if self.position >= len(self.message):
                self.done.set()
        return 0

    def send(self) -> None:
        self.sending = True
        self.done.wait()

    def close(self) -> None:
        self.jack.lib.jack_deactivate(self.client)
        self.jack.lib.jack_client_close(self.client)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--client", default="big-sysex")
    parser.add_argument("--size", type=int, required=True, help="bytes in the SysEx, F0 and F7 included")
    args = parser.parse_args()
    sender = BigSysexSender(args.client, big_sysex(args.size))
    print(f"ready {sender.port_name}", flush=True)
    if sys.stdin.readline().strip() == "go":
        sender.send()
        print(f"sent {args.size}", flush=True)
        sys.stdin.read()
    sender.close()


if __name__ == "__main__":
    main()
