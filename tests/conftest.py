"""Shared fixtures: a private JACK server for every test that needs real MIDI ports."""

import os

import pytest

from tests.support.jack import JackServer, JackUnavailable, start_jack_server


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


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
