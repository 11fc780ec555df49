"""A MIDI system inside this process, with python-rtmidi's interface, for the simulator and the demo.

Its clients behave like python-rtmidi's MidiIn and MidiOut (the methods midi-diag uses), so
capture, monitor, diagnose and the RK-004 client run the same code on it as on ALSA or JACK,
on a machine with no MIDI system at all. Virtual ports opened on it are what the simulated
devices use; other clients see them in `get_ports()` like hardware ports.
"""

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

Callback = Callable[[tuple[list[int], float], Any], None]


class _Link:
    """What one opened input receives: a queue or a callback, and the time of the last message."""

    def __init__(self) -> None:
        self.queue: deque[tuple[list[int], float]] = deque()
        self.callback: tuple[Callback, Any] | None = None
        self.last: float | None = None

    def deliver(self, data: bytes, now: float) -> None:
        delta = 0.0 if self.last is None else now - self.last
        self.last = now
        message = (list(data), delta)
        if self.callback is not None:
            function, user_data = self.callback
            function(message, user_data)
        else:
            self.queue.append(message)


class InProcessMidi:
    """A registry of ports: sources (that clients read) and sinks (that clients write)."""

    def __init__(self, name: str = "simulated") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._sources: dict[str, list[_Link]] = {}
        self._sinks: dict[str, list[_Link]] = {}
        self.stopped = False

    def shut_down(self) -> None:
        """Stop the whole system, as a killed JACK server would: every port goes, listing fails from now on."""
        with self._lock:
            self.stopped = True
            self._sources.clear()
            self._sinks.clear()

    def midi_in(self, client_name: str = "midi-diag", **_: Any) -> "InProcessMidiIn":
        return InProcessMidiIn(self, client_name)

    def midi_out(self, client_name: str = "midi-diag", **_: Any) -> "InProcessMidiOut":
        return InProcessMidiOut(self, client_name)

    def source_names(self) -> list[str]:
        with self._lock:
            return list(self._sources)

    def sink_names(self) -> list[str]:
        with self._lock:
            return list(self._sinks)

    def _add(self, table: dict[str, list[_Link]], name: str) -> None:
        with self._lock:
            if name in table:
                raise RuntimeError(f"port '{name}' exists already")
            table[name] = []

    def _remove(self, table: dict[str, list[_Link]], name: str) -> None:
        with self._lock:
            table.pop(name, None)

    def _subscribe(self, table: dict[str, list[_Link]], name: str) -> _Link:
        link = _Link()
        with self._lock:
            table[name].append(link)
        return link

    def _unsubscribe(self, table: dict[str, list[_Link]], name: str, link: _Link) -> None:
        with self._lock:
            if link in table.get(name, []):
                table[name].remove(link)

    def _send(self, table: dict[str, list[_Link]], name: str, data: bytes) -> None:
        now = time.monotonic()
        with self._lock:
            links = list(table.get(name, ()))
        for link in links:
            link.deliver(data, now)


class InProcessMidiIn:
    """Reads a source port, or offers a virtual sink port that other clients write to."""

    def __init__(self, system: InProcessMidi, client_name: str) -> None:
        self._system = system
        self._client = client_name
        self._link: _Link | None = None
        self._port: str | None = None
        self._virtual = False

    def ignore_types(self, sysex: bool = True, timing: bool = True, active_sense: bool = True) -> None:
        """Accepted for compatibility; this system never filters anything."""

    def get_ports(self) -> list[str]:
        if self._system.stopped:
            raise RuntimeError(f"the MIDI system '{self._system.name}' has stopped")
        return self._system.source_names()

    def open_port(self, index: int = 0, name: str | None = None) -> "InProcessMidiIn":
        self._port = self.get_ports()[index]
        self._link = self._system._subscribe(self._system._sources, self._port)
        return self

    def open_virtual_port(self, name: str | None = None) -> "InProcessMidiIn":
        self._port = f"{self._client}:{name or 'in'}"
        self._system._add(self._system._sinks, self._port)
        self._link = self._system._subscribe(self._system._sinks, self._port)
        self._virtual = True
        return self

    def get_message(self) -> tuple[list[int], float] | None:
        link = self._link
        return link.queue.popleft() if link is not None and link.queue else None

    def set_callback(self, function: Callback, data: Any = None) -> None:
        if self._link is not None:
            self._link.callback = (function, data)

    def cancel_callback(self) -> None:
        if self._link is not None:
            self._link.callback = None

    def close_port(self) -> None:
        if self._port is None or self._link is None:
            return
        table = self._system._sinks if self._virtual else self._system._sources
        self._system._unsubscribe(table, self._port, self._link)
        if self._virtual:
            self._system._remove(self._system._sinks, self._port)
        self._port = self._link = None

    def delete(self) -> None:
        self.close_port()


class InProcessMidiOut:
    """Writes to a sink port, or offers a virtual source port that other clients read."""

    def __init__(self, system: InProcessMidi, client_name: str) -> None:
        self._system = system
        self._client = client_name
        self._port: str | None = None
        self._virtual = False

    def get_ports(self) -> list[str]:
        return self._system.sink_names()

    def open_port(self, index: int = 0, name: str | None = None) -> "InProcessMidiOut":
        self._port = self.get_ports()[index]
        return self

    def open_virtual_port(self, name: str | None = None) -> "InProcessMidiOut":
        self._port = f"{self._client}:{name or 'out'}"
        self._system._add(self._system._sources, self._port)
        self._virtual = True
        return self

    @property
    def port_name(self) -> str | None:
        return self._port

    def send_message(self, message: bytes | list[int]) -> None:
        if self._port is None:
            raise RuntimeError("send_message on a port that is not open")
        table = self._system._sources if self._virtual else self._system._sinks
        self._system._send(table, self._port, bytes(message))

    def close_port(self) -> None:
        if self._virtual and self._port is not None:
            self._system._remove(self._system._sources, self._port)
        self._port = None

    def delete(self) -> None:
        self.close_port()
