"""A scripted fake RK-004 that fails the test on any request it was not told to expect."""

from __future__ import annotations

from dataclasses import dataclass, field

from diag.rk004.client import Rk004Client
from diag.rk004.emulator import Emission
from diag.rk004.frames import HEADER, SYSEX_END, to_hex
from diag.rk004.loopback import LoopbackTransport

Reply = bytes | tuple[float, bytes]
"""A reply sent at once, or (delay in seconds, message)."""


@dataclass
class ScriptedDevice:
    """Answers each expected request in turn with its scripted replies; anything else is an AssertionError."""

    script: list[tuple[bytes, list[Reply]]]
    seen: list[bytes] = field(default_factory=list)

    def respond(self, frame: bytes) -> list[Emission]:
        self.seen.append(frame)
        if not self.script:
            raise AssertionError(f"unexpected request after the script ended: {to_hex(frame)}")
        expected, replies = self.script.pop(0)
        if frame != expected:
            raise AssertionError(f"unexpected request {to_hex(frame)}, expected {to_hex(expected)}")
        return [_emission(reply) for reply in replies]

    def assert_done(self) -> None:
        assert not self.script, f"{len(self.script)} scripted request(s) never came"


def _emission(reply: Reply) -> Emission:
    return Emission(*reply) if isinstance(reply, tuple) else Emission(0.0, reply)


def rsp(code: int, *args: int) -> bytes:
    """An RK-004 response frame built by hand, independent of the library's builder for args < 128."""
    return HEADER + bytes([code]) + (bytes([0, *args]) if args else b"") + bytes([SYSEX_END])


def scripted(
    script: list[tuple[bytes, list[Reply]]], **client_options: float
) -> tuple[Rk004Client, LoopbackTransport, ScriptedDevice]:
    """A client wired to a scripted device on a virtual clock."""
    device = ScriptedDevice(list(script))
    transport = LoopbackTransport(device)
    client = Rk004Client(transport, clock=transport.clock, **client_options)  # type: ignore[arg-type]
    return client, transport, device

