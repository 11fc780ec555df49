"""The client's transport over a real pair of MIDI ports: raw python-rtmidi, nothing that drops F9 or FD."""

from __future__ import annotations

import queue
from dataclasses import dataclass
from typing import Any, Self

from diag.midi.ports import match_port
from diag.midi.system import open_input_client, open_output_client, quiet_stderr
from diag.rk004.errors import PortGoneError

CLIENT_NAME = "midi-diag"
"""The MIDI client our ports appear under; deliberately without "rk004", which users pass as a fragment."""


@dataclass(frozen=True)
class PortPair:
    """The two ports an RK-004 is reached by, as the MIDI system names them."""

    api: str
    input: str
    """Where the hub's answers come from (its output, seen from here)."""
    output: str
    """Where requests go (the hub's input)."""


class PortTransport:
    """Sends whole messages to one output and receives whole messages from one input; see `open_transport`."""

    def __init__(self, ports: PortPair, midi_in: Any, midi_out: Any) -> None:
        self.ports = ports
        self._midi_in = midi_in
        self._midi_out = midi_out
        self._arrived: queue.SimpleQueue[bytes] = queue.SimpleQueue()
        # Runs on the MIDI system's thread: it only copies the bytes onto the queue.
        midi_in.set_callback(_enqueue, self._arrived)

    def send(self, data: bytes) -> None:
        """Send one message; PortGoneError when the MIDI system refuses it (a port that went away)."""
        try:
            self._midi_out.send_message(data)
        except Exception as error:  # noqa: BLE001 - whatever python-rtmidi raises for a port that went away
            raise PortGoneError(self.gone() or f"the MIDI system refused it ({error})") from None

    def gone(self) -> str | None:
        """Which of the two ports the MIDI system no longer lists, in words; None while both are there."""
        with quiet_stderr():
            inputs, outputs = self._midi_in.get_ports(), self._midi_out.get_ports()
        missing = [f"'{name}'" for name, listed in ((self.ports.input, inputs), (self.ports.output, outputs))
                   if name not in listed]
        if not missing:
            return None
        missing = list(dict.fromkeys(missing))
        ports = f"the port {missing[0]} has" if len(missing) == 1 else f"the ports {' and '.join(missing)} have"
        return f"{ports} disappeared (hub unplugged or switched off?)"

    def receive(self, timeout: float) -> bytes | None:
        """The next whole message (SysEx, or a single byte such as F9 or FD), or None after `timeout` s."""
        try:
            if timeout <= 0:
                return self._arrived.get_nowait()
            return self._arrived.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        with quiet_stderr():
            self._midi_in.cancel_callback()
            for client in (self._midi_in, self._midi_out):
                client.close_port()
                client.delete()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _enqueue(event: tuple[list[int], float], arrived: queue.SimpleQueue[bytes]) -> None:
    arrived.put(bytes(event[0]))


def open_transport(api: str, in_fragment: str, out_fragment: str, client_name: str = CLIENT_NAME) -> PortTransport:
    """Open the input and output whose names contain the fragments (the contract's matching).

    Both names are matched before either port is opened, so that our own new ports can never be
    what a fragment matches. Whatever was opened is closed again when anything fails.
    """
    midi_in = open_input_client(api, client_name)
    midi_out = None
    try:
        midi_out = open_output_client(api, client_name)
        with quiet_stderr():
            inputs, outputs = midi_in.get_ports(), midi_out.get_ports()
        in_index = match_port(in_fragment, inputs, "input")
        out_index = match_port(out_fragment, outputs, "output")
        with quiet_stderr():
            midi_in.open_port(in_index, "in")
            midi_out.open_port(out_index, "out")
        return PortTransport(PortPair(api, inputs[in_index], outputs[out_index]), midi_in, midi_out)
    except BaseException:
        _discard(midi_in, midi_out)
        raise


def _discard(*clients: Any) -> None:
    with quiet_stderr():
        for client in clients:
            if client is not None:
                client.close_port()
                client.delete()
