"""Watching a capture's ports: one that vanished, one that is back (or back under a new name), the MIDI system gone.

A thread lists the MIDI system's ports every WATCH_SECONDS, off the capture's polling hot
path, and tells the session what changed; the session records it as PortNotices that the
capture command, the monitor and the wizard read. A port that comes back is opened again
and captured into the same stream.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from diag.errors import PortError
from diag.midi.ports import match_port
from diag.midi.system import open_input_client, quiet_stderr

if TYPE_CHECKING:
    from diag.midi.capture import CaptureSession

WATCH_SECONDS = 0.5
"""How often the ports are listed while capturing."""

GONE = "gone"
BACK = "back"
SYSTEM_GONE = "system-gone"


@dataclass(frozen=True)
class PortNotice:
    """Something that happened to a captured port (or to the whole MIDI system), and when."""

    t: float
    """Seconds since the capture started (the clock of the messages' `t`), when it was noticed."""
    port: str
    """The port's name as it was captured ("" for the MIDI system)."""
    what: str
    """GONE, BACK or SYSTEM_GONE."""
    now_named: str = ""
    """For BACK: the name it came back under, when that differs (a renamed or re-plugged port)."""


class MidiSystemGone(Exception):
    """Listing the ports failed: the MIDI system (a JACK server, say) has stopped."""


class PortLister(Protocol):
    """What the watcher asks of the MIDI system."""

    def names(self) -> list[str]:
        """The input ports there are now; MidiSystemGone when the system has stopped."""

    def close(self) -> None: ...


class RtmidiLister:
    """Lists ports through a python-rtmidi client of its own (ALSA, CoreMIDI, WinMM, the in-process system)."""

    def __init__(self, api: str) -> None:
        self._midi_in = open_input_client(api, "midi-diag-watch")

    def names(self) -> list[str]:
        try:
            with quiet_stderr():
                return list(self._midi_in.get_ports())
        except Exception as error:  # noqa: BLE001 - whatever the backend raises, it cannot list any more
            raise MidiSystemGone(str(error)) from error

    def close(self) -> None:
        with quiet_stderr():
            self._midi_in.delete()


class JackLister:
    """Lists ports through a plain JACK client, which libjack tells when the server stops."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def names(self) -> list[str]:
        from diag.midi.jackclient import JackGone

        try:
            return self._client.names()
        except JackGone as error:
            raise MidiSystemGone(str(error)) from error

    def close(self) -> None:
        self._client.close()


def open_lister(api: str) -> PortLister:
    """The best way to watch `api`'s ports: a JACK client that hears of a server shutdown, else python-rtmidi."""
    if api == "jack":
        from diag.midi.jackclient import JackWatchClient, libjack

        library = libjack()
        if library is not None:
            return JackLister(JackWatchClient(library))
    return RtmidiLister(api)


Reopen = Callable[[str, int], Any]
"""Opens a python-rtmidi input on the port of this exact name, as the session's n-th input."""


class PortWatcher:
    """The watching thread of one capture session."""

    def __init__(self, session: CaptureSession, lister: PortLister, reopen: Reopen,
                 period: float = WATCH_SECONDS) -> None:
        self.session = session
        self.lister = lister
        self.reopen = reopen
        self.period = period
        self._wake = threading.Event()
        self._stopping = False
        self._thread = threading.Thread(target=self._run, name="midi-port-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def look_now(self) -> None:
        """Check the ports at once instead of at the next period (a user asked to reconnect)."""
        self._wake.set()

    def stop(self) -> None:
        self._stopping = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join()
        self.lister.close()

    def _run(self) -> None:
        while not self._stopping:
            self._wake.wait(self.period)
            self._wake.clear()
            if self._stopping or not self.check():
                return

    def check(self) -> bool:
        """Compare the ports there are with the captured ones; False once the MIDI system is gone."""
        try:
            names = self.lister.names()
        except MidiSystemGone:
            self.session.system_stopped()
            return False
        present = set(names)
        for index, port in self.session.watched_ports():
            if port.present and port.name not in present:
                self.session.port_gone(index)
            elif not port.present:
                self._look_for(index, names)
        return True

    def _look_for(self, index: int, names: list[str]) -> None:
        """Reopen a vanished port: by its own name, else by the argument the user gave, matching one port."""
        port = self.session.ports[index]
        taken = {p.name for _, p in self.session.watched_ports() if p.present}
        free = [name for name in names if name not in taken]
        if port.name in free:
            name = port.name
        else:
            try:
                name = free[match_port(port.fragment, free, "input")] if port.fragment else ""
            except PortError:
                return
        if not name:
            return
        try:
            midi_in = self.reopen(name, index + 1)
        except Exception:  # noqa: BLE001 - gone again, or not openable yet: try at the next look
            return
        self.session.port_back(index, midi_in, name)
