"""Watching a capture's ports: one that vanished, one that is back (or back under a new name), the MIDI system gone.

A thread lists the MIDI system's ports every WATCH_SECONDS, off the capture's polling hot
path, and tells the session what changed; the session records it as PortNotices that the
capture command, the monitor and the wizard read. A port that comes back is opened again
and captured into the same stream.
"""

from __future__ import annotations

import fnmatch
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
RENAMED = "renamed"
SYSTEM_GONE = "system-gone"


@dataclass(frozen=True)
class PortNotice:
    """Something that happened to a captured port (or to the whole MIDI system), and when."""

    t: float
    """Seconds since the capture started (the clock of the messages' `t`), when it was noticed."""
    port: str
    """The port's name as it was captured ("" for the MIDI system)."""
    what: str
    """GONE, BACK, RENAMED or SYSTEM_GONE."""
    now_named: str = ""
    """For BACK, the name it came back under when that differs (re-plugged, found by the port argument);
    for RENAMED, its new name (the same port, renamed in place: nothing was missed)."""


def notice_line(notice: PortNotice, *, kept: str = "", again: str = "", still: str = "") -> str | None:
    """The one line a command prints for a notice about a port (None for the MIDI system stopping).

    `kept` says where what the port sent is kept; `again` and `still` what happens now it is back or renamed.
    """
    when = f"at t={notice.t:.3f} s"
    if notice.what == GONE:
        kept_part = f" (unplugged, or its program quit); {kept}" if kept else ""
        return f"warning: '{notice.port}' went away {when}{kept_part}; waiting for it to come back"
    if notice.what == BACK:
        under = f" as '{notice.now_named}'" if notice.now_named else ""
        return f"'{notice.port}' is back{under} {when}" + (f": {again}" if again else "")
    if notice.what == RENAMED:
        return f"'{notice.port}' was renamed '{notice.now_named}' {when}" + (f": {still}" if still else "")
    return None


class MidiSystemGone(Exception):
    """Listing the ports failed: the MIDI system (a JACK server, say) has stopped."""


class PortLister(Protocol):
    """What the watcher asks of the MIDI system."""

    def names(self) -> list[str]:
        """The input ports there are now; MidiSystemGone when the system has stopped."""

    def identity(self, name: str) -> object | None:
        """What stays the same when a port is renamed in place (None where the system cannot say)."""

    def still_connected(self, name: str, own_port: str) -> bool | None:
        """False when our input `own_port` (client:port, the client maybe with -01... added) is no longer
        connected to the port `name`, though a port of that name is there: it was closed and opened again
        between two looks. None where the system cannot say."""

    def close(self) -> None: ...


class RtmidiLister:
    """Lists ports through a python-rtmidi client of its own (ALSA, CoreMIDI, WinMM, the in-process system)."""

    def __init__(self, api: str) -> None:
        self._midi_in = open_input_client(api, "midi-diag-watch")

    def names(self) -> list[str]:
        try:
            with quiet_stderr():
                return list(self._midi_in.get_ports())
        except Exception as error:
            raise MidiSystemGone(str(error)) from error

    def identity(self, name: str) -> object | None:
        return None

    def still_connected(self, name: str, own_port: str) -> bool | None:
        return None

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

    def identity(self, name: str) -> object | None:
        return self._client.identity(name)

    def still_connected(self, name: str, own_port: str) -> bool | None:
        connections = self._client.connections(name)
        if connections is None or not own_port:
            return None
        client, _, short = own_port.rpartition(":")
        renamed_client = f"{client}-*:{short}"
        return any(c == own_port or fnmatch.fnmatchcase(c, renamed_client) for c in connections)

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
"""Opens a python-rtmidi input on the port of this exact name, its own port named in-N for the N given."""


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
        self._identities: dict[int, object] = {}
        """The identity each captured port had when last seen (where the MIDI system gives one)."""
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
        while not self._stopping and self.check():  # a first look at once: it learns who is who
            self._wake.wait(self.period)
            self._wake.clear()

    def check(self) -> bool:
        """Compare the ports there are with the captured ones; False once the MIDI system is gone."""
        try:
            names = self.lister.names()
        except MidiSystemGone:
            self.session.system_stopped()
            return False
        present = set(names)
        for index, port in self.session.watched_ports():
            if not port.present:
                self._look_for(index, names)
            elif port.name not in present:
                if not self._renamed(index, names):
                    self.session.port_gone(index)
            elif self.lister.still_connected(port.name, port.own_port) is False:  # closed and opened again
                self.session.port_gone(index)
                self._look_for(index, names)
            else:
                self._identities.setdefault(index, self.lister.identity(port.name))
        return True

    def _renamed(self, index: int, names: list[str]) -> bool:
        """A port that is still the same one under a new name (a JACK rename keeps its connections): relabel it."""
        known = self._identities.get(index)
        if known is None:
            return False
        for name in names:
            if self.lister.identity(name) == known and name not in self._taken():
                self._identities[self.session.port_renamed(index, name)] = known
                return True
        return False

    def _taken(self) -> set[str]:
        return {p.name for _, p in self.session.watched_ports() if p.present}

    def _look_for(self, index: int, names: list[str]) -> None:
        """Reopen a vanished port: by its own name, else by the argument the user gave, matching one port."""
        port = self.session.ports[index]
        taken = self._taken()
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
            midi_in = self.reopen(name, port.number)
        except Exception:  # noqa: BLE001 - gone again, or not openable yet: try at the next look
            return
        self._identities.pop(index, None)
        entry = self.session.port_back(index, midi_in, name)
        if entry is not None:
            self._identities[entry] = self.lister.identity(name)
