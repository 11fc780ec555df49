"""Opening python-rtmidi clients with errors a musician can read, and without libjack's noise."""

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

from diag.errors import MidiUnavailableError
from diag.midi.apis import rtmidi_constant

CLIENT_NAME = "midi-diag"

# Large enough to ride out a garbage-collection pause at 100,000 messages/s
# (benchmarks/capture_bench.py); python-rtmidi's default of 1024 overflows there.
INPUT_QUEUE_SIZE = 65536

_HINTS = {
    "jack": "start a JACK server (jackd) or choose another --api",
    "alsa": "is the ALSA sequencer (snd-seq) loaded? or choose another --api",
}


_IN_PROCESS: dict[str, Any] = {}


def register_in_process(system: Any) -> None:
    """Make an in-process MIDI system (diag.midi.inprocess) usable under its name as an API."""
    _IN_PROCESS[system.name] = system


def unregister_in_process(system: Any) -> None:
    _IN_PROCESS.pop(system.name, None)


def open_input_client(api: str, client_name: str = CLIENT_NAME) -> Any:
    """A python-rtmidi MidiIn that delivers everything: SysEx, clock and active sensing."""
    if api in _IN_PROCESS:
        return _IN_PROCESS[api].midi_in(client_name)
    import rtmidi

    midi_in = _create(api, rtmidi.MidiIn, name=client_name, queue_size_limit=INPUT_QUEUE_SIZE)
    midi_in.ignore_types(sysex=False, timing=False, active_sense=False)
    return midi_in


def open_output_client(api: str, client_name: str = CLIENT_NAME) -> Any:
    """A python-rtmidi MidiOut on the chosen API."""
    if api in _IN_PROCESS:
        return _IN_PROCESS[api].midi_out(client_name)
    import rtmidi

    return _create(api, rtmidi.MidiOut, name=client_name)


def _create(api: str, factory: Any, **kwargs: Any) -> Any:
    import rtmidi

    constant = rtmidi_constant(api)
    if api == "jack":
        from diag.midi.jackclient import silence_libjack

        silence_libjack()  # its threads print several lines when the server dies mid-capture
    try:
        with quiet_stderr():
            return factory(constant, **kwargs)
    except rtmidi.SystemError as exc:
        hint = _HINTS.get(api, "choose another --api")
        raise MidiUnavailableError(f"the MIDI system '{api}' is not available: {exc} ({hint})") from None


@contextlib.contextmanager
def quiet_stderr() -> Iterator[None]:
    """Silence C libraries (libjack, ALSA) that print to fd 2 while a client is created."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        sys.stderr.flush()
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
