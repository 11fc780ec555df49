"""libjack through ctypes: silencing its messages, and a client that lists ports and knows when the server dies.

python-rtmidi's Linux wheel bundles its own libjack; we load that same library (else the
system's), so that turning its messages off reaches the clients python-rtmidi opens, and so
that the watch client speaks the same protocol. Nothing here is needed for ALSA or CoreMIDI.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from diag.errors import MidiUnavailableError

JACK_NO_START_SERVER = 0x01
JACK_PORT_IS_OUTPUT = 0x02
JACK_MIDI_TYPE = b"8 bit raw midi"

_MessageFunction = ctypes.CFUNCTYPE(None, ctypes.c_char_p)
_ShutdownFunction = ctypes.CFUNCTYPE(None, ctypes.c_void_p)
_IGNORE = _MessageFunction(lambda _text: None)
"""Kept at module level: libjack may call it from its own threads at any time, even at exit."""

_library: Any = None
_looked_for = False
_lock = threading.Lock()


class JackGone(Exception):
    """The JACK server this client talked to has stopped."""


def libjack() -> Any:
    """The libjack python-rtmidi uses, else the system's; None when neither can be loaded."""
    global _library, _looked_for
    with _lock:
        if not _looked_for:
            _looked_for = True
            _library = _load()
    return _library


def silence_libjack() -> None:
    """Send libjack's error and info messages nowhere (its threads print several when the server dies)."""
    library = libjack()
    if library is not None:
        library.jack_set_error_function(_IGNORE)
        library.jack_set_info_function(_IGNORE)


def _candidates() -> Iterator[str]:
    try:
        import rtmidi
    except ImportError:
        pass
    else:
        site = Path(rtmidi.__file__).resolve().parent.parent
        yield from sorted(str(path) for path in site.glob("python_rtmidi*/libjack*.so*"))
    system = ctypes.util.find_library("jack")
    if system:
        yield system


def _load() -> Any:
    for path in _candidates():
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        _declare(library)
        return library
    return None


def _declare(library: Any) -> None:
    pointer = ctypes.c_void_p
    library.jack_set_error_function.argtypes = [_MessageFunction]
    library.jack_set_info_function.argtypes = [_MessageFunction]
    library.jack_client_open.restype = pointer
    library.jack_client_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    library.jack_on_shutdown.argtypes = [pointer, _ShutdownFunction, pointer]
    library.jack_activate.argtypes = [pointer]
    library.jack_client_close.argtypes = [pointer]
    library.jack_get_ports.restype = ctypes.POINTER(ctypes.c_char_p)
    library.jack_get_ports.argtypes = [pointer, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong]
    library.jack_free.argtypes = [pointer]
    library.jack_port_by_name.restype = pointer
    library.jack_port_by_name.argtypes = [pointer, ctypes.c_char_p]
    library.jack_port_uuid.restype = ctypes.c_uint64
    library.jack_port_uuid.argtypes = [pointer]
    library.jack_port_get_all_connections.restype = ctypes.POINTER(ctypes.c_char_p)
    library.jack_port_get_all_connections.argtypes = [pointer, pointer]


class JackWatchClient:
    """A JACK client without ports: lists the MIDI outputs others offer, and learns when the server stops."""

    def __init__(self, library: Any, name: str = "midi-diag-watch") -> None:
        self._library = library
        status = ctypes.c_int(0)
        client = library.jack_client_open(name.encode(), JACK_NO_START_SERVER, ctypes.byref(status))
        if not client:
            raise MidiUnavailableError(f"the MIDI system 'jack' is not available (JACK status {status.value:#x})")
        self._client = ctypes.c_void_p(client)
        self._stopped = threading.Event()
        # libjack calls this from its own thread once it finds the server gone.
        self._on_shutdown = _ShutdownFunction(lambda _argument: self._stopped.set())
        library.jack_on_shutdown(self._client, self._on_shutdown, None)
        library.jack_activate(self._client)
        self._closed = False

    @property
    def _gone(self) -> bool:
        """The server stopped, or this client was closed: nothing more can be asked of it."""
        return self._stopped.is_set() or self._closed

    def names(self) -> list[str]:
        """Every MIDI output port (what an input can be connected to); JackGone once the server stopped."""
        if self._gone:
            raise JackGone("the JACK server stopped")
        return self._taken(self._library.jack_get_ports(self._client, None, JACK_MIDI_TYPE, JACK_PORT_IS_OUTPUT))

    def connections(self, name: str) -> list[str] | None:
        """The ports connected to this one; None when there is no such port (or no server)."""
        if self._gone:
            return None
        port = self._library.jack_port_by_name(self._client, name.encode())
        if not port:
            return None
        return self._taken(self._library.jack_port_get_all_connections(self._client, port))

    def _taken(self, found: Any) -> list[str]:
        """The names in a NULL-terminated array libjack allocated, which is then freed."""
        if not found:
            return []
        try:
            names: list[str] = []
            while found[len(names)]:
                names.append(found[len(names)].decode("utf-8", "replace"))
            return names
        finally:
            self._library.jack_free(ctypes.cast(found, ctypes.c_void_p))

    def identity(self, name: str) -> int | None:
        """The port's JACK id: it survives a rename, and a port closed and opened again gets a new one."""
        if self._gone:
            return None
        port = self._library.jack_port_by_name(self._client, name.encode())
        return int(self._library.jack_port_uuid(port)) if port else None

    def close(self) -> None:
        """Leave the server; a client of a server that died is left alone (closing it can crash libjack)."""
        if not self._gone:
            self._library.jack_client_close(self._client)
        self._closed = True
