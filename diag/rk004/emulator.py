"""A virtual RK-004: volatile and committed parameter values, answering requests as the device does."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from diag.errors import DiagError
from diag.rk004.frames import (
    RESPONSE_OFFSET,
    SYSEX_START,
    XOFF,
    XON,
    Command,
    build_frame,
    parse_request,
)
from diag.rk004.params import PARAMS, find_param

ASSUMED_FACTORY_DEFAULTS: dict[str, int] = {
    "SYNCIN_MODE": 0,
    "SYNCIN_PPSN": 1,
    "SYNCOUT_MODE": 0,  # POS_SHORT
    "SYNCOUT_PPSN": 1,
    **{f"DIN{port}_MODE": 4 for port in range(1, 8)},  # MIDI_AUTO
    **{f"DIN{port}_PPSN": 1 for port in range(1, 8)},
}
"""The emulator's own assumption: the vendor publishes no factory defaults. Not a fact about the device."""

GET_RESPONSE_CODES = (0x43, 0x44)
"""The two codes a device might answer a get with: the published one and the one the family rule gives."""


@dataclass
class Behaviour:
    """The knobs that make the emulator behave like one device or another; change them at any time."""

    get_response_code: int = 0x44
    """What a get is answered with: 0x44 (the family rule) or 0x43 (as the page prints it)."""
    silent: bool = False
    """Answer nothing at all, like a port with no RK-004 behind it."""
    silent_after: int | None = None
    """Fall silent once this many requests have been answered, like a hub unplugged in the middle of a write."""
    reply_instead: bytes | None = None
    """Answer every message with this one instead, like some other device on the port."""
    reply_instead_after: int = 0
    """Answer properly this many times before `reply_instead` starts: a hub that goes wrong mid-write."""
    ignore_set: frozenset[int] = frozenset()
    """Parameter numbers whose sets are answered (echoing the new value) but not applied."""
    latency: float = 0.0
    """Seconds between a request and its response."""
    drop_requests: int = 0
    """How many of the next requests to lose without an answer, as on a bad cable."""
    xoff_hold: float | None = None
    """Seconds from a response to the XON after it (XOFF goes out at once); None: neither, inf: no XON."""
    xoff_every: int = 1
    """Send XOFF on every n-th answered request only."""

    def __post_init__(self) -> None:
        if self.get_response_code not in GET_RESPONSE_CODES:
            raise ValueError(f"get_response_code must be 0x43 or 0x44, not {self.get_response_code:#04x}")


@dataclass(frozen=True)
class Emission:
    """A message the emulator sends, and when, counted from the request that caused it."""

    delay: float
    data: bytes


def _assumed_defaults() -> dict[int, int]:
    return {find_param(name).number: value for name, value in ASSUMED_FACTORY_DEFAULTS.items()}


@dataclass
class Rk004Emulator:
    """The state machine of one RK-004; a port adapter feeds it frames and sends what it returns."""

    behaviour: Behaviour = field(default_factory=Behaviour)
    defaults: dict[int, int] = field(default_factory=_assumed_defaults)
    """Factory values by parameter number (every published parameter)."""
    volatile: dict[int, int] = field(init=False)
    """The values in effect now; a set changes these."""
    committed: dict[int, int] = field(init=False)
    """The values stored in memory; a commit copies the volatile ones here, a power cycle reloads them."""
    received: list[bytes] = field(init=False, default_factory=list)
    """Every message handed to the emulator, in order, answered or not."""
    answered: int = field(init=False, default=0)
    """How many requests got an answer; counts towards `Behaviour.xoff_every`."""

    def __post_init__(self) -> None:
        missing = {param.number for param in PARAMS} - set(self.defaults)
        if missing:
            raise ValueError(f"defaults lack parameters {sorted(missing)}")
        self.volatile = dict(self.defaults)
        self.committed = dict(self.defaults)

    def handle(self, frame: bytes) -> list[bytes]:
        """The messages the device sends in answer to a frame, in order, timing flattened (see `respond`)."""
        return [emission.data for emission in self.respond(frame)]

    def respond(self, frame: bytes) -> list[Emission]:
        """The messages the device sends in answer to a frame, each with its delay, for a port to schedule."""
        self.received.append(bytes(frame))
        if self.behaviour.reply_instead is not None and self.answered >= self.behaviour.reply_instead_after:
            if self.behaviour.reply_instead_after:
                self._answer(frame)  # an RK-004 gone wrong mid-write still takes the request
            return [Emission(self.behaviour.latency, self.behaviour.reply_instead)]
        response = self._answer(frame)
        if response is None:
            return []
        self.answered += 1
        return self._with_flow_control(response)

    def power_cycle(self) -> None:
        """Switch off and on: unsaved changes are lost, the committed values come back."""
        self.volatile = dict(self.committed)

    def _answer(self, frame: bytes) -> bytes | None:
        if self._is_silent() or not frame or frame[0] != SYSEX_START:
            return None
        try:
            command, args = parse_request(frame)
        except DiagError:
            return None  # a real device ignores SysEx that is not addressed to it
        if self.behaviour.drop_requests > 0:
            self.behaviour.drop_requests -= 1
            return None
        return _HANDLERS[command](self, args)

    def _is_silent(self) -> bool:
        limit = self.behaviour.silent_after
        return self.behaviour.silent or (limit is not None and self.answered >= limit)

    def _with_flow_control(self, response: bytes) -> list[Emission]:
        latency, hold = self.behaviour.latency, self.behaviour.xoff_hold
        answer = Emission(latency, response)
        if hold is None or self.answered % max(1, self.behaviour.xoff_every):
            return [answer]
        emissions = [Emission(0.0, bytes([XOFF])), answer]
        if math.isfinite(hold):
            emissions.append(Emission(latency + hold, bytes([XON])))
        return emissions

    def _on_set(self, args: bytes) -> bytes | None:
        param, value = args
        if param not in self.volatile:
            return None  # assumption: an unknown parameter gets no answer
        if param not in self.behaviour.ignore_set:
            self.volatile[param] = value
        return build_frame(Command.SET + RESPONSE_OFFSET, bytes([param, value]))

    def _on_get(self, args: bytes) -> bytes | None:
        (param,) = args
        if param not in self.volatile:
            return None
        return build_frame(self.behaviour.get_response_code, bytes([param, self.volatile[param]]))

    def _on_factory_reset(self, args: bytes) -> bytes:
        # Assumption: a factory reset also stores the defaults, so a power cycle keeps them.
        self.volatile = dict(self.defaults)
        self.committed = dict(self.defaults)
        return build_frame(Command.FACTORY_RESET + RESPONSE_OFFSET)

    def _on_commit(self, args: bytes) -> bytes:
        self.committed = dict(self.volatile)
        return build_frame(Command.COMMIT + RESPONSE_OFFSET)


_HANDLERS: dict[Command, Callable[[Rk004Emulator, bytes], bytes | None]] = {
    Command.SET: Rk004Emulator._on_set,
    Command.GET: Rk004Emulator._on_get,
    Command.FACTORY_RESET: Rk004Emulator._on_factory_reset,
    Command.COMMIT: Rk004Emulator._on_commit,
}
"""What the emulator does for each request code."""
