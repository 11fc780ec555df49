"""A private JACK server with the dummy driver: a real MIDI router for tests and benchmarks."""

import os
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field

START_TIMEOUT = 15.0


class JackUnavailable(RuntimeError):
    """jackd is not installed or would not start."""


@dataclass
class JackServer:
    """A running jackd; `env` is the environment a client process needs to reach it."""

    name: str
    process: subprocess.Popen
    log_path: str
    env: dict[str, str] = field(default_factory=dict)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """Kill the server abruptly, as a crash would."""
        self.process.kill()
        self.process.wait()


def start_jack_server(log_dir: str, period: int = 256, name: str | None = None) -> JackServer:
    """Start jackd under a unique name (or the one given) and wait until clients can connect."""
    jackd = shutil.which("jackd")
    if jackd is None:
        raise JackUnavailable("jackd is not installed (apt-get install jackd2)")
    name = name or f"midi-diag-test-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    log_path = os.path.join(log_dir, f"{name}.log")
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [jackd, "--no-realtime", "-n", name, "-d", "dummy", "-r", "48000", "-p", str(period)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )
    server = JackServer(name, process, log_path, env=client_env(name))
    try:
        _wait_until_ready(server)
    except BaseException:
        server.stop()
        raise
    return server


def release_killed_server(server: JackServer, log_dir: str) -> None:
    """Free the slot a killed server keeps in JACK's shared registry (eight slots for the whole machine).

    jackd reclaims a dead server's slot only when a server of the same name starts, so start one
    and stop it cleanly; without this, every killed server leaves the machine one slot short."""
    start_jack_server(log_dir, name=server.name).stop()


def client_env(server_name: str) -> dict[str, str]:
    """The environment of a process that should use this JACK server through midi-diag."""
    env = dict(os.environ)
    env.update(JACK_DEFAULT_SERVER=server_name, JACK_NO_START_SERVER="1", MIDI_DIAG_API="jack")
    return env


def _wait_until_ready(server: JackServer) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    jack_wait = shutil.which("jack_wait")
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise JackUnavailable(f"jackd exited at start: {_tail(server.log_path)}")
        if jack_wait and _jack_wait_ok(jack_wait, server):
            return
        if not jack_wait:
            time.sleep(1.0)
            return
        time.sleep(0.05)
    raise JackUnavailable(f"jackd did not become ready in {START_TIMEOUT:g} s: {_tail(server.log_path)}")


def _jack_wait_ok(jack_wait: str, server: JackServer) -> bool:
    result = subprocess.run([jack_wait, "-s", server.name, "-c"], env=server.env,
                            capture_output=True, text=True, timeout=10)
    return "running" in result.stdout and "not" not in result.stdout


def _tail(path: str) -> str:
    with open(path, "rb") as log:
        return log.read()[-500:].decode(errors="replace").strip().replace("\n", " | ")
