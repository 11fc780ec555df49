"""Which MIDI system to use: the --api option, MIDI_DIAG_API, or python-rtmidi's own default."""

import os
from collections.abc import Mapping

from diag.errors import MidiUnavailableError, UsageError

API_ENV_VAR = "MIDI_DIAG_API"

# Our names for the APIs, mapped to the python-rtmidi constant names (resolved lazily so
# that `midi-diag --help` never imports rtmidi).
API_CONSTANTS: dict[str, str] = {
    "alsa": "API_LINUX_ALSA",
    "jack": "API_UNIX_JACK",
    "coremidi": "API_MACOSX_CORE",
    "winmm": "API_WINDOWS_MM",
}
API_NAMES = tuple(API_CONSTANTS)


def choose_api(option: str | None, environ: Mapping[str, str] = os.environ) -> str:
    """Return the API name from the option, else the environment, else python-rtmidi's default."""
    if option:
        return _checked(option, "--api")
    from_env = environ.get(API_ENV_VAR, "").strip()
    if from_env:
        return _checked(from_env, API_ENV_VAR)
    return default_api()


def default_api() -> str:
    """The API python-rtmidi picks when none is asked for: the first one compiled in."""
    import rtmidi

    for api in rtmidi.get_compiled_api():
        name = _name_of_constant(api)
        if name:
            return name
    raise MidiUnavailableError("this python-rtmidi build has no usable MIDI API")


def rtmidi_constant(name: str) -> int:
    """The python-rtmidi API constant for one of our API names, if this build has it."""
    import rtmidi

    constant = getattr(rtmidi, API_CONSTANTS[name])
    if constant not in rtmidi.get_compiled_api():
        compiled = ", ".join(n for n in map(_name_of_constant, rtmidi.get_compiled_api()) if n)
        raise MidiUnavailableError(
            f"the MIDI system '{name}' is not supported on this machine (available: {compiled})"
        )
    return constant


def _checked(value: str, where: str) -> str:
    name = value.strip().lower()
    if name not in API_CONSTANTS:
        raise UsageError(f"{where}: unknown MIDI system '{value}' (choose one of {', '.join(API_NAMES)})")
    return name


def _name_of_constant(constant: int) -> str | None:
    import rtmidi

    for name, attr in API_CONSTANTS.items():
        if getattr(rtmidi, attr) == constant:
            return name
    return None
