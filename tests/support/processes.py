"""Starting senders and midi-diag itself as separate processes that talk over a JACK server."""

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.jack import JackServer

SENDER = Path(__file__).with_name("sender.py")


@dataclass
class Sender:
    """A running sender process and the JACK port it plays on."""

    process: subprocess.Popen
    port: str

    def go(self) -> int:
        """Start sending and wait until everything was handed to JACK; returns the count."""
        self.process.stdin.write("go\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline().split()
        if not line or line[0] != "sent":
            raise RuntimeError(f"sender failed: {line} {self.process.stderr.read()}")
        return int(line[1])

    def ask(self, command: str) -> str:
        """Send one command line (`reopen`, `rename NAME`, `go`) and return its one-line answer."""
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_sender(server: JackServer, client: str, *extra: str) -> Sender:
    """Start tests/support/sender.py on `server`; returns once its port exists."""
    process = subprocess.Popen(
        [sys.executable, str(SENDER), "--client", client, *extra],
        env=server.env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = process.stdout.readline().split()
    if not line or line[0] != "ready":
        process.kill()
        raise RuntimeError(f"sender did not start: {process.stderr.read()}")
    return Sender(process, line[1])


def start_script_sender(server: JackServer, client: str, messages: list[bytes], tmp: Path,
                        gap: float = 0.002) -> Sender:
    script = tmp / f"{client}.json"
    script.write_text(json.dumps([m.hex() for m in messages]))
    return start_sender(server, client, "--script", str(script), "--gap", str(gap))


def start_midi_diag(server: JackServer, *args: str) -> subprocess.Popen:
    """Run `python -m diag ARGS` against the JACK server, with pipes for its output."""
    return subprocess.Popen([sys.executable, "-m", "diag", *args], env=server.env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_line(process: subprocess.Popen, stream: str, needle: str) -> str:
    """Read `stream` of `process` until a line containing `needle`; fail with what it said."""
    pipe = getattr(process, stream)
    seen = []
    for line in pipe:
        seen.append(line)
        if needle in line:
            return line
    raise AssertionError(f"never printed {needle!r}; printed: {''.join(seen)!r}; rc={process.wait()}")
