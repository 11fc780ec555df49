"""Putting what the observers saw on MIDI ports: one virtual output per observer, messages at their times."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from diag.errors import MidiUnavailableError
from diag.midi.system import open_output_client, quiet_stderr
from diag.rig import Observer
from diag.sim.network import StepTraffic
from diag.sim.wire import CLOCK

NO_VIRTUAL_PORTS = ("winmm",)
"""MIDI systems that cannot create virtual ports (python-rtmidi's WinMM backend)."""

OUTPUT_PORT = "out"

FAST = 10.0
"""The pace of --fast: ten times a person's, yet a repeated note never comes within the 8 ms in which
the feedback-loop check takes it for an echo. Steps with clock keep real time."""


def check_virtual_ports(api: str) -> None:
    """MidiUnavailableError (exit 3) for a MIDI system that cannot create virtual ports."""
    if api in NO_VIRTUAL_PORTS:
        raise MidiUnavailableError(f"the MIDI system '{api}' cannot create virtual ports, so a simulated rig "
                                   "cannot appear on it; choose another --api (alsa, jack or coremidi)")


class ObserverPorts:
    """A virtual output for each observer of a rig, named after the observer's port so captures match it."""

    def __init__(self, api: str, observers: tuple[Observer, ...]) -> None:
        self.api = api
        self.observers = observers
        self.names: dict[str, str] = {}
        """Observer port (as the rig writes it) -> the port name the MIDI system lists."""
        self._clients: dict[str, Any] = {}

    def open(self) -> ObserverPorts:
        check_virtual_ports(self.api)
        try:
            for observer in self.observers:
                self._open_one(observer.port)
        except BaseException:
            self.close()
            raise
        return self

    def send(self, observer: str, data: bytes) -> None:
        self._clients[observer].send_message(data)

    def close(self) -> None:
        with quiet_stderr():
            for client in self._clients.values():
                client.close_port()
                client.delete()
        self._clients.clear()

    def _open_one(self, observer: str) -> None:
        client = open_output_client(self.api, observer)
        self._clients[observer] = client
        self.names[observer] = new_port(self.api, lambda: client.open_virtual_port(OUTPUT_PORT),
                                        f"{observer}:{OUTPUT_PORT}")


def new_port(api: str, create: Callable[[], Any], fallback: str) -> str:
    """Create a virtual port and return the name the MIDI system lists it under (it may rename the client)."""
    try:
        with quiet_stderr():
            before = set(_inputs(api))
            create()
            added = [name for name in _inputs(api) if name not in before]
    except Exception as error:  # noqa: BLE001 - python-rtmidi's errors, without importing it for other systems
        raise MidiUnavailableError(f"cannot create virtual ports on '{api}': {error}") from None
    return added[0] if len(added) == 1 else fallback


def _inputs(api: str) -> list[str]:
    from diag.midi.system import open_input_client

    reader = open_input_client(api, "midi-diag-sim-list")
    try:
        return list(reader.get_ports())
    finally:
        reader.delete()


def needs_real_time(traffic: StepTraffic) -> bool:
    """A step whose traffic has clock must keep its tempo: a follower (and the clock check) times the ticks."""
    return any(tap.data == CLOCK for tap in traffic.taps)


def play(traffic: StepTraffic, ports: ObserverPorts, speed: float | None = 1.0,
         stop: threading.Event | None = None, keep_tempo: bool = True) -> bool:
    """Send each observed message at its time; `speed` None sends at once. A step with clock plays in
    real time whatever the speed, unless `keep_tempo` is False (when only the bytes matter).

    Returns False when `stop` was set first; notes still held are released then, so nothing hangs.
    Sets `traffic.late` to how far behind its time the most belated message went out.
    """
    stop = stop or threading.Event()
    pace = 1.0 if keep_tempo and needs_real_time(traffic) else speed
    start = time.monotonic()
    held: dict[tuple[str, int, int], bytes] = {}
    for tap in traffic.taps:
        if _stopped(stop, pace, start + tap.t / (pace or 1.0)):
            _release(ports, held)
            return False
        ports.send(tap.port, tap.data)
        if pace is not None:
            traffic.late = max(traffic.late, time.monotonic() - start - tap.t / pace)
        _track(held, tap.port, tap.data)
    return not _stopped(stop, pace, start + traffic.seconds / (pace or 1.0))


def _stopped(stop: threading.Event, pace: float | None, due: float) -> bool:
    """Wait until `due` (not at all without a pace); True when `stop` was set meanwhile."""
    if pace is None:
        return stop.is_set()
    return stop.wait(max(0.0, due - time.monotonic()))


def _track(held: dict[tuple[str, int, int], bytes], port: str, data: bytes) -> None:
    kind = data[0] & 0xF0
    if kind not in (0x80, 0x90) or len(data) < 3:
        return
    key = (port, data[0] & 0x0F, data[1])
    if kind == 0x90 and data[2]:
        held[key] = bytes([0x80 | key[1], key[2], 0x40])
    else:
        held.pop(key, None)


def _release(ports: ObserverPorts, held: dict[tuple[str, int, int], bytes]) -> None:
    for (port, _, _), note_off in held.items():
        ports.send(port, note_off)
    held.clear()
