"""An emulated RK-004 that goes wrong at a chosen request, and notes which backups existed at its first write."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from diag.rk004.emulator import Emission, Rk004Emulator
from diag.rk004.frames import RESPONSE_OFFSET, XOFF, Command, build_frame, parse_request
from diag.rk004.loopback import LoopbackTransport

FAULTS = ("silent", "other-param", "other-command", "malformed", "foreign", "xoff", "gone")
"""silent: takes the request, never answers; other-param / other-command: answers as if asked something else;
malformed: a truncated answer; foreign: an RK-006 answers; xoff: XOFF and never XON before that request;
gone: the port disappeared, nothing arrives."""
WRONG_ANSWERS = ("other-param", "other-command", "malformed", "foreign")
RK006_ANSWER = bytes.fromhex("F0 00 21 23 00 06 43 00 04 10 F7")
WRITES = (Command.SET, Command.COMMIT, Command.FACTORY_RESET)


@dataclass
class FaultyRk004(Rk004Emulator):
    """From request number `fault_at` on (counting every request, from 0), `fault` happens; None: healthy."""

    fault: str | None = None
    fault_at: int = 0
    witness: Path | None = None
    """A folder: the automatic backups in it are listed when the first write request arrives."""
    backups_at_first_write: list[Path] | None = field(default=None, init=False)
    sent_while_held: int = field(default=0, init=False)

    def heal(self) -> None:
        """The hub answers properly again (and its port is back)."""
        self.fault = None

    @property
    def port_gone(self) -> bool:
        return self.fault == "gone" and len(self.received) >= self.fault_at

    def respond(self, frame: bytes) -> list[Emission]:
        index = len(self.received)
        self._witness(frame)
        if self.fault is not None and index >= self.fault_at:
            return self._faulty(frame)
        emissions = super().respond(frame)
        if self.fault == "xoff" and index == self.fault_at - 1:
            emissions.append(Emission(0.0, bytes([XOFF])))
        return emissions

    def _witness(self, frame: bytes) -> None:
        if self.witness is None or self.backups_at_first_write is not None:
            return
        if parse_request(frame)[0] in WRITES:
            self.backups_at_first_write = sorted(self.witness.glob("*.json"))

    def _faulty(self, frame: bytes) -> list[Emission]:
        if self.fault == "gone":
            return []
        if self.fault == "xoff":
            self.sent_while_held += 1
            return []
        right = super().respond(frame)
        if self.fault == "silent":
            return []
        return [Emission(0.0, self._wrong(frame, right[-1].data))]

    def _wrong(self, frame: bytes, right: bytes) -> bytes:
        command, args = parse_request(frame)
        if self.fault == "other-param":
            other = 1 if args[:1] == b"\x00" else 0
            return build_frame(Command.SET + RESPONSE_OFFSET, bytes([other, self.volatile[other]]))
        if self.fault == "other-command":
            code = Command.FACTORY_RESET if command is Command.COMMIT else Command.COMMIT
            return build_frame(code + RESPONSE_OFFSET)
        if self.fault == "malformed":
            return right[:-2] + right[-1:]
        return RK006_ANSWER


class FaultyLoopback(LoopbackTransport):
    """The loopback to a `FaultyRk004`, which can tell when the hub's port is gone, as `PortTransport` does."""

    device: FaultyRk004

    def gone(self) -> str | None:
        return "the port 'rk004:in' has disappeared (hub unplugged or switched off?)" if self.device.port_gone \
            else None
