"""Shared fixtures: a private JACK server for every test that needs real MIDI ports."""

import os

import pytest
from hypothesis import settings

from tests.support.jack import JackServer, JackUnavailable, start_jack_server


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


# Property tests: no deadline (the machine is shared and noisy, so a slow example is not a
# failure); under CI the examples are derived from each test's name, so a CI run is reproducible.
settings.register_profile("midi-diag", max_examples=200, deadline=None, print_blob=True)
settings.register_profile("midi-diag-ci", settings.get_profile("midi-diag"), derandomize=True)
settings.load_profile("midi-diag-ci" if _in_ci() else "midi-diag")


@pytest.fixture(scope="session")
def jack_server(tmp_path_factory) -> JackServer:
    """A jackd with the dummy driver under a unique name; skipped without jackd, failed under CI."""
    try:
        server = start_jack_server(str(tmp_path_factory.mktemp("jack")))
    except JackUnavailable as reason:
        if _in_ci():
            pytest.fail(f"CI=true and no JACK server could be started: {reason}")
        pytest.skip(f"no JACK server: {reason}")
    yield server
    server.stop()


@pytest.fixture
def jack_env(jack_server, monkeypatch) -> JackServer:
    """The JACK server, with this process's environment pointing midi-diag at it."""
    for key in ("JACK_DEFAULT_SERVER", "JACK_NO_START_SERVER", "MIDI_DIAG_API"):
        monkeypatch.setenv(key, jack_server.env[key])
    return jack_server
