"""The RK-004 emulator on virtual ports of a real MIDI system, importable or run as `python -m diag.rk004.virtual`."""

from __future__ import annotations

import argparse
import heapq
import json
import queue
import shlex
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import IO, Any, Self

from diag.errors import DiagError, MidiUnavailableError
from diag.midi.system import open_input_client, open_output_client, quiet_stderr
from diag.rk004.emulator import Behaviour, Rk004Emulator
from diag.rk004.frames import XOFF, XON
from diag.rk004.params import PARAMS, find_param, parse_assignment

_STOP = b""
"""Put on the request queue to end the worker; a real message is never empty."""


@dataclass
class FlowLog:
    """How the far end kept to XON/XOFF: frames that arrived while the emulator held XOFF."""

    holds: int = 0
    """XOFFs sent."""
    frames_while_held: int = 0
    """Frames that arrived between an XOFF and its XON: each one a flow-control violation."""
    resumed_after_xon: int = 0
    """Holds after which a frame arrived (after the XON): proof that the sender waited and went on."""
    _held: bool = False
    _waiting_for_frame: bool = False

    def sent(self, data: bytes) -> None:
        if data == bytes([XOFF]):
            self.holds += 1
            self._held, self._waiting_for_frame = True, False
        elif data == bytes([XON]) and self._held:
            self._held, self._waiting_for_frame = False, True

    def received(self) -> None:
        if self._held:
            self.frames_while_held += 1
        elif self._waiting_for_frame:
            self.resumed_after_xon += 1
            self._waiting_for_frame = False

    def as_dict(self) -> dict[str, int]:
        return {"holds": self.holds, "frames_while_held": self.frames_while_held,
                "resumed_after_xon": self.resumed_after_xon}


def preset(emulator: Rk004Emulator, values: dict[int, int]) -> None:
    """Make the emulator hold these values now and in memory, as a hub configured long ago would."""
    emulator.volatile.update(values)
    emulator.committed.update(values)


class VirtualRk004:
    """An `Rk004Emulator` behind a virtual input and output port; answers are sent on time by a worker thread."""

    def __init__(self, api: str, client: str = "rk004", emulator: Rk004Emulator | None = None,
                 clock: Callable[[], float] = time.monotonic, vanish_after: int | None = None) -> None:
        self.api = api
        self.client = client
        self.emulator = emulator or Rk004Emulator()
        self.vanish_after = vanish_after
        """Remove the ports once this many requests were answered, like a hub unplugged mid-write."""
        self.flow = FlowLog()
        self.in_port = ""
        """The port requests go to (pass it to midi-diag as --out)."""
        self.out_port = ""
        """The port answers come from (pass it to midi-diag as --in)."""
        self.lock = threading.Lock()
        """Held while the worker touches the emulator; take it to read or change the emulator from outside."""
        self._clock = clock
        self._requests: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        self._midi_in: Any = None
        self._midi_out: Any = None
        self._worker: threading.Thread | None = None

    def start(self) -> VirtualRk004:
        """Create the ports and start answering; MidiUnavailableError where virtual ports are impossible."""
        if self.api == "winmm":
            raise MidiUnavailableError("the MIDI system 'winmm' cannot create virtual ports, so the RK-004 "
                                       "emulator cannot run on it; choose another --api")
        try:
            self._open_ports()
        except BaseException:
            self.close()
            raise
        self._worker = threading.Thread(target=self._serve, name="rk004-emulator", daemon=True)
        self._worker.start()
        return self

    def close(self) -> None:
        """Stop answering and remove the ports."""
        if self._worker is not None:
            self._requests.put(_STOP)
            self._worker.join()
            self._worker = None
        with self.lock:
            self._remove_ports()

    def replug(self) -> None:
        """Bring back ports removed by `vanish_after`, under the same client name; the values are kept."""
        with self.lock:
            self.vanish_after = None
            if self._midi_in is None:
                self._open_ports()

    def _remove_ports(self) -> None:
        with quiet_stderr():
            if self._midi_in is not None:
                self._midi_in.cancel_callback()
            for client in (self._midi_in, self._midi_out):
                if client is not None:
                    client.close_port()
                    client.delete()
        self._midi_in = self._midi_out = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def reconfigure(self, behaviour: Behaviour, values: dict[int, int] | None = None) -> None:
        """Start over as a factory-fresh hub with new knobs (and preset values); records are cleared."""
        with self.lock:
            self.emulator = Rk004Emulator(behaviour, dict(self.emulator.defaults))
            preset(self.emulator, values or {})
            self.flow = FlowLog()

    def change_behaviour(self, behaviour: Behaviour) -> None:
        """New knobs for the hub as it is: its values and the records are kept."""
        with self.lock:
            self.emulator.behaviour = behaviour

    def send(self, data: bytes) -> None:
        """Send a message from the hub unasked, such as the XON that ends a long hold."""
        with self.lock:
            if self._midi_out is not None:
                self._midi_out.send_message(data)
                self.flow.sent(data)

    def power_cycle(self) -> None:
        with self.lock:
            self.emulator.power_cycle()

    def snapshot(self) -> dict[str, Any]:
        """The values now and in memory by parameter name, what arrived and how flow control went."""
        with self.lock:
            emulator = self.emulator
            return {
                "volatile": _by_name(emulator.volatile),
                "committed": _by_name(emulator.committed),
                "received": len(emulator.received),
                "answered": emulator.answered,
                "ports": self._midi_in is not None,
                **self.flow.as_dict(),
            }

    def _open_ports(self) -> None:
        self._midi_in = open_input_client(self.api, self.client)
        self._midi_out = open_output_client(self.api, self.client)
        try:
            self.in_port = _new_port(self._midi_out.get_ports, lambda: self._midi_in.open_virtual_port("in"),
                                     f"{self.client}:in")
            self.out_port = _new_port(self._midi_in.get_ports, lambda: self._midi_out.open_virtual_port("out"),
                                      f"{self.client}:out")
        except Exception as error:  # noqa: BLE001 - python-rtmidi's errors, without importing it for other systems
            raise MidiUnavailableError(f"cannot create virtual ports on '{self.api}': {error}") from None
        # Runs on the MIDI system's thread: it only copies the bytes onto the queue.
        self._midi_in.set_callback(_enqueue, self._requests)

    def _serve(self) -> None:
        pending: list[tuple[float, int, bytes]] = []
        order = 0
        while True:
            wait = max(0.0, pending[0][0] - self._clock()) if pending else None
            frame = _next(self._requests, wait)
            if frame == _STOP:
                return
            if frame is not None:
                for delay, data in self._answer(frame):
                    heapq.heappush(pending, (self._clock() + delay, order, data))
                    order += 1
            self._send_due(pending)

    def _answer(self, frame: bytes) -> list[tuple[float, bytes]]:
        with self.lock:
            self.flow.received()
            return [(emission.delay, emission.data) for emission in self.emulator.respond(frame)]

    def _send_due(self, pending: list[tuple[float, int, bytes]]) -> None:
        while pending and pending[0][0] <= self._clock():
            data = heapq.heappop(pending)[2]
            with self.lock:
                if self._midi_out is not None:
                    self._midi_out.send_message(data)
                    self.flow.sent(data)
        with self.lock:
            if not pending and self.vanish_after is not None and self.emulator.answered >= self.vanish_after:
                self._remove_ports()


def _enqueue(event: tuple[list[int], float], requests: queue.SimpleQueue[bytes]) -> None:
    requests.put(bytes(event[0]))


def _next(requests: queue.SimpleQueue[bytes], wait: float | None) -> bytes | None:
    try:
        return requests.get(timeout=wait) if wait is None or wait > 0 else requests.get_nowait()
    except queue.Empty:
        return None


def _new_port(listing: Callable[[], list[str]], create: Callable[[], None], fallback: str) -> str:
    """Create a port and return the name the MIDI system lists it under (it may rename the client)."""
    with quiet_stderr():
        before = set(listing())
        create()
        added = [name for name in listing() if name not in before]
    return added[0] if len(added) == 1 else fallback


def _by_name(values: dict[int, int]) -> dict[str, int]:
    return {param.name: values[param.number] for param in PARAMS}


def _knob_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m diag.rk004.virtual",
                                     description="Run an emulated RK-004 on virtual MIDI ports.")
    parser.add_argument("--api", help="MIDI system (default: $MIDI_DIAG_API, else python-rtmidi's default)")
    parser.add_argument("--client", default="rk004", help="MIDI client name of the ports (default: rk004)")
    parser.add_argument("--get-code", type=lambda text: int(text, 0), default=0x44,
                        help="answer gets with 0x44 (default) or 0x43")
    parser.add_argument("--silent", action="store_true", help="answer nothing")
    parser.add_argument("--silent-after", type=int, metavar="N", help="fall silent after N answers")
    parser.add_argument("--reply-instead", type=bytes.fromhex, metavar="HEX",
                        help="answer every request with this message instead, like a foreign device")
    parser.add_argument("--reply-instead-after", type=int, default=0, metavar="N",
                        help="answer properly N times before --reply-instead starts (the hub still takes requests)")
    parser.add_argument("--vanish-after", type=int, metavar="N",
                        help="remove the ports once N requests were answered, like a hub unplugged")
    parser.add_argument("--ignore-set", action="append", default=[], metavar="PARAM",
                        help="echo sets of this parameter without applying them; repeatable")
    parser.add_argument("--latency", type=float, default=0.0, metavar="S", help="seconds before each answer")
    parser.add_argument("--drop", type=int, default=0, metavar="N", help="lose the next N requests")
    parser.add_argument("--xoff-hold", type=float, metavar="S",
                        help="send XOFF before answers and XON S seconds after (inf: never)")
    parser.add_argument("--xoff-every", type=int, default=1, metavar="N", help="hold on every N-th answer only")
    parser.add_argument("--value", action="append", default=[], metavar="NAME=VALUE",
                        help="start with this value, now and in memory; repeatable")
    return parser


def behaviour_from(args: argparse.Namespace) -> Behaviour:
    """The emulator's knobs as the command-line options give them."""
    return Behaviour(
        get_response_code=args.get_code, silent=args.silent, silent_after=args.silent_after,
        reply_instead=args.reply_instead, reply_instead_after=args.reply_instead_after,
        ignore_set=frozenset(find_param(name).number for name in args.ignore_set), latency=args.latency,
        drop_requests=args.drop, xoff_hold=args.xoff_hold, xoff_every=args.xoff_every,
    )


def values_from(args: argparse.Namespace) -> dict[int, int]:
    return {param.number: value for param, value in map(parse_assignment, args.value)}


def serve_control(device: VirtualRk004, parser: argparse.ArgumentParser, lines: Iterable[str], out: IO[str]) -> None:
    """Answer control lines until `quit` or the end of input: `state` (one JSON line), `power-cycle`,
    `replug` (ports back after --vanish-after), `configure OPTIONS` (start over, factory-fresh, with these knobs
    and values), `knobs OPTIONS` (new knobs, values kept); each of the others answers `ok`, or `error ...`."""
    for line in lines:
        command, _, rest = line.strip().partition(" ")
        if command == "quit":
            return
        print(_control(device, parser, command, rest), file=out, flush=True)


def _control(device: VirtualRk004, parser: argparse.ArgumentParser, command: str, rest: str) -> str:
    if command == "state":
        return json.dumps(device.snapshot())
    if command == "power-cycle":
        device.power_cycle()
    elif command == "replug":
        device.replug()
    elif command in ("configure", "knobs"):
        try:
            args = parser.parse_args(shlex.split(rest))
            if command == "configure":
                device.reconfigure(behaviour_from(args), values_from(args))
            else:
                device.change_behaviour(behaviour_from(args))
            device.vanish_after = args.vanish_after
        except (SystemExit, DiagError, ValueError) as error:
            return f"error {error}"
    else:
        return f"error unknown command {command!r}"
    return "ok"


def main(argv: list[str] | None = None) -> int:
    """Run until stdin ends; prints `ready <in port> <out port>` (shell-quoted) once the ports exist."""
    from diag.midi.apis import choose_api

    parser = _knob_parser()
    args = parser.parse_args(argv)
    try:
        emulator = Rk004Emulator(behaviour_from(args))
        preset(emulator, values_from(args))
        device = VirtualRk004(choose_api(args.api), args.client, emulator, vanish_after=args.vanish_after).start()
    except (DiagError, ValueError) as error:
        print(f"rk004 emulator: {error}", file=sys.stderr)
        return int(getattr(error, "exit_code", 2))
    print(f"ready {shlex.quote(device.in_port)} {shlex.quote(device.out_port)}", flush=True)
    try:
        serve_control(device, parser, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        pass
    finally:
        device.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
