"""Sends one huge SysEx over JACK in pieces of a few KB, the way a device streams a long dump.

python-rtmidi refuses to send a piece longer than 3 bytes that does not start with F0, so this
sender talks to libjack directly (ctypes): it writes the pieces as raw JACK MIDI events, a few
per process cycle, paced by the cycle. RtMidi's JACK input joins them back into one message.

A JACK server without real-time scheduling on a busy machine has xruns, and a cycle that ran
late loses its events. So after an xrun the sender ends the broken message with F7 (again after
every further xrun, until a few cycles pass quietly) and sends it again from the start: the
capture then holds broken attempts (and perhaps lone F7s) before the whole message.

Protocol on stdin/stdout, like tests/support/sender.py: prints `ready <port name>`, waits for
`go`, sends, prints `sent <bytes> <attempts>`, then keeps the port open until stdin closes.

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
SETTLE_CYCLES = 16
"""Cycles without an xrun after the last piece before the message counts as delivered."""
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
        for name in ("jack_activate", "jack_deactivate", "jack_client_close"):
            getattr(lib, name).argtypes = [ctypes.c_void_p]
        for name in ("jack_set_process_callback", "jack_set_xrun_callback"):
            getattr(lib, name).argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
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
        self.attempts = self.xruns = self.seen_xruns = self.quiet_cycles = 0
        self.ending = False  # an xrun broke the message: F7 it and wait for quiet cycles
        self.done = threading.Event()
        self._callback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_uint32, ctypes.c_void_p)(self._process)
        self._on_xrun = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p)(self._xrun)
        lib.jack_set_process_callback(self.client, self._callback, None)
        lib.jack_set_xrun_callback(self.client, self._on_xrun, None)
        lib.jack_activate(self.client)

    @property
    def port_name(self) -> str:
        return self.jack.lib.jack_port_name(self.port).decode()

    def _xrun(self, _arg: object) -> int:
        self.xruns += 1
        return 0

    def _process(self, frames: int, _arg: object) -> int:
        lib = self.jack.lib
        buffer = lib.jack_port_get_buffer(self.port, frames)
        lib.jack_midi_clear_buffer(buffer)
        if not self.sending or self.done.is_set():
            return 0
        if self.xruns != self.seen_xruns:  # a cycle ran late: what it carried may be lost
            self.seen_xruns = self.xruns
            self.ending, self.quiet_cycles = True, 0
        if self.ending:
            self._end_and_restart(lib, buffer)
        elif self.position >= len(self.message):
            self.quiet_cycles += 1
            if self.quiet_cycles >= SETTLE_CYCLES:
                self.done.set()
        else:
            self._write_pieces(lib, buffer)
        return 0

    def _end_and_restart(self, lib: ctypes.CDLL, buffer: int) -> None:
        if self.quiet_cycles == 0:
            lib.jack_midi_event_write(buffer, 0, b"\xf7", 1)
        self.quiet_cycles += 1
        if self.quiet_cycles >= SETTLE_CYCLES:
            self.ending, self.position, self.quiet_cycles = False, 0, 0
            self.attempts += 1

    def _write_pieces(self, lib: ctypes.CDLL, buffer: int) -> None:
        for _ in range(PIECES_PER_CYCLE):
            piece = self.message[self.position : self.position + PIECE]
            if not piece or lib.jack_midi_max_event_size(buffer) < len(piece) or lib.jack_midi_event_write(
                    buffer, 0, piece, len(piece)):
                return
            self.position += len(piece)

    def send(self) -> int:
        """Send the message until one attempt went through without an xrun; returns the attempts."""
        self.attempts = 1
        self.seen_xruns = self.xruns
        self.sending = True
        self.done.wait()
        return self.attempts

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
        attempts = sender.send()
        print(f"sent {args.size} {attempts}", flush=True)
        sys.stdin.read()
    sender.close()


if __name__ == "__main__":
    main()
