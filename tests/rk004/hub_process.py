"""The RK-004 emulator (`python -m diag.rk004.virtual`) as a separate process on a JACK server, and midi-diag runs."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.jack import JackServer

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class HubProcess:
    """A running emulator: its ports, and its control lines (state, configure, knobs, power-cycle)."""

    process: subprocess.Popen
    in_port: str
    """Where requests go: midi-diag's --out."""
    out_port: str
    """Where answers come from: midi-diag's --in."""

    def control(self, line: str) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def configure(self, *options: str) -> None:
        """Start over as a factory-fresh hub with these knobs (the emulator's command-line options)."""
        assert self.control(f"configure {shlex.join(options)}") == "ok"

    def knobs(self, *options: str) -> None:
        """New knobs; the values and the records stay."""
        assert self.control(f"knobs {shlex.join(options)}") == "ok"

    def power_cycle(self) -> None:
        assert self.control("power-cycle") == "ok"

    def state(self) -> dict[str, Any]:
        return json.loads(self.control("state"))

    def close(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_hub(server: JackServer, client: str = "rk004", *options: str) -> HubProcess:
    """Start the emulator on `server`; returns once its ports exist."""
    process = subprocess.Popen(
        [sys.executable, "-m", "diag.rk004.virtual", "--client", client, *options],
        env=server.env, cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    words = shlex.split(process.stdout.readline())
    if len(words) != 3 or words[0] != "ready":
        process.kill()
        raise RuntimeError(f"the RK-004 emulator did not start: {words} {process.stderr.read()}")
    return HubProcess(process, words[1], words[2])


def midi_diag(env: dict[str, str], *args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """`python -m diag ARGS`, finished, with its output."""
    return subprocess.run([sys.executable, "-m", "diag", *args], env=env, cwd=ROOT, stdin=stdin, check=False,
                          capture_output=True, text=True, timeout=60)
