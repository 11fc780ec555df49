"""RK-004 SysEx frames: the command and response tables, request builders and a strict parser."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from diag.rk004.errors import FrameError, PackingError, ParameterError
from diag.rk004.packing import pack7, unpack7
from diag.rk004.params import Param, find_param

SYSEX_START = 0xF0
SYSEX_END = 0xF7
RETROKITS_ID = bytes([0x00, 0x21, 0x23])
"""The MMA manufacturer ID registered to Retrokits."""
RK004_PRODUCT = bytes([0x00, 0x04])
HEADER = bytes([SYSEX_START, *RETROKITS_ID, *RK004_PRODUCT])
"""Every RK-004 frame starts with these six bytes; the command or response code follows."""
MIN_FRAME = len(HEADER) + 2
"""Header, code and F7: a frame without arguments."""

RETROKITS_PRODUCTS = {0x02: "RK-002", 0x04: "RK-004", 0x05: "RK-005", 0x06: "RK-006"}
"""Product bytes of the Retrokits family, to say which product a foreign frame came from."""

XON = 0xF9
XOFF = 0xFD
REALTIME_FIRST = 0xF8
"""Bytes from here up are System Real-Time: single bytes that may arrive anywhere, even inside SysEx."""


RESPONSE_OFFSET = 0x40
"""A response code is its request code plus this: the rule of every published Retrokits pair."""


class Command(IntEnum):
    """The request codes the RK-004 accepts."""

    SET = 0x03
    GET = 0x04
    FACTORY_RESET = 0x05
    COMMIT = 0x07


@dataclass(frozen=True)
class FrameSpec:
    """One request or response code: its published name and what follows it."""

    code: int
    name: str
    """The name the vendor publishes (SETPARAM_REQ, GETPARAM_RSP, ...)."""
    arg_count: int
    """Unpacked argument bytes: parameter and value, parameter alone, or none."""
    answers: tuple[Command, ...] = ()
    """For a response: the requests it may answer."""


GET_RESPONSE_BY_RULE = Command.GET + RESPONSE_OFFSET
"""0x44: the get response by the family rule; the page prints 0x43."""

REQUESTS: Mapping[int, FrameSpec] = {
    Command.SET: FrameSpec(0x03, "SETPARAM_REQ", 2),
    Command.GET: FrameSpec(0x04, "GETPARAM_REQ", 1),
    Command.FACTORY_RESET: FrameSpec(0x05, "FACTORY_RESET_REQ", 0),
    Command.COMMIT: FrameSpec(0x07, "COMMIT_PARAMS_REQ", 0),
}

RESPONSES: Mapping[int, FrameSpec] = {
    # Published as SETPARAM_RSP, and also as the GETPARAM_RSP code, so it may answer either.
    0x43: FrameSpec(0x43, "SETPARAM_RSP", 2, (Command.SET, Command.GET)),
    # Request code + 0x40, the rule every other published Retrokits pair follows.
    0x44: FrameSpec(0x44, "GETPARAM_RSP", 2, (Command.GET,)),
    0x45: FrameSpec(0x45, "FACTORY_RESET_RSP", 0, (Command.FACTORY_RESET,)),
    0x47: FrameSpec(0x47, "COMMIT_PARAMS_RSP", 0, (Command.COMMIT,)),
}

VERBS: Mapping[Command, str] = {
    Command.SET: "SET",
    Command.GET: "GET",
    Command.FACTORY_RESET: "FACTORY RESET",
    Command.COMMIT: "COMMIT",
}
"""How a request is named in messages to the user."""


def response_codes(command: Command) -> tuple[int, ...]:
    """The response codes that may answer a command, in table order."""
    return tuple(code for code, spec in RESPONSES.items() if command in spec.answers)


def build_frame(code: int, args: bytes = b"") -> bytes:
    """A complete RK-004 frame: header, code, packed arguments, F7. No checks: use the request builders."""
    return HEADER + bytes([code]) + pack7(args) + bytes([SYSEX_END])


def to_hex(data: bytes) -> str:
    """Bytes as upper-case hex pairs separated by spaces, as captures and the docs show them."""
    return data.hex(" ").upper()


@dataclass(frozen=True)
class Response:
    """A parsed RK-004 response."""

    code: int
    """The response code as received (0x43, 0x44, 0x45, 0x47)."""
    kind: str
    """The code's published name."""
    answers: tuple[Command, ...]
    """The requests this response may answer (0x43 may answer a set or a get)."""
    param: int | None = None
    """The echoed parameter number, for set and get responses."""
    value: int | None = None
    """The echoed or current value, for set and get responses."""


@dataclass(frozen=True)
class Request:
    """One request to the RK-004; its parameter and value are checked when it is built."""

    command: Command
    param: Param | None = None
    value: int | None = None

    def __post_init__(self) -> None:
        needs = REQUESTS[self.command].arg_count
        if (self.param is not None) != (needs >= 1) or (self.value is not None) != (needs == 2):
            raise ParameterError(f"{VERBS[self.command]} takes {needs} argument(s)")
        if self.param is not None and self.value is not None:
            self.param.check_value(self.value)

    @property
    def args(self) -> bytes:
        """The unpacked argument bytes: parameter number, then value."""
        parts = (self.param.number if self.param else None, self.value)
        return bytes(part for part in parts if part is not None)

    @property
    def frame(self) -> bytes:
        return build_frame(self.command, self.args)

    @property
    def label(self) -> str:
        """How the request is named to the user: "GET DIN3_MODE (param 10)"."""
        label = VERBS[self.command]
        if self.param is not None:
            label += f" {self.param.name} (param {self.param.number})"
        if self.param is not None and self.value is not None:
            label += f" = {self.param.describe_value(self.value)}"
        return label

    def accepts(self, response: Response) -> bool:
        """Whether a response answers this request: a fitting code and, for parameters, the same number."""
        if self.command not in response.answers:
            return False
        return self.param is None or response.param == self.param.number


def set_request(param: Param | str | int, value: int | str) -> Request:
    """SETPARAM_REQ for a parameter and value given by name or number; refuses invalid values."""
    resolved = find_param(param)
    return Request(Command.SET, resolved, resolved.parse_value(value))


def get_request(param: Param | str | int) -> Request:
    """GETPARAM_REQ for a parameter given by name or number."""
    return Request(Command.GET, find_param(param))


def commit_request() -> Request:
    """COMMIT_PARAMS_REQ: store the current values."""
    return Request(Command.COMMIT)


def factory_reset_request() -> Request:
    """FACTORY_RESET_REQ: restore the factory values."""
    return Request(Command.FACTORY_RESET)


def split_frame(frame: bytes, specs: Mapping[int, FrameSpec], kind: str) -> tuple[FrameSpec, bytes]:
    """Check a frame's envelope against a code table; its spec and unpacked arguments, or a FrameError."""
    _check_envelope(frame, kind)
    code = frame[len(HEADER)]
    spec = specs.get(code)
    if spec is None:
        raise FrameError(f"not an RK-004 {kind}: {_unknown_code(code, kind)}")
    args = _unpack_args(frame, kind)
    if len(args) != spec.arg_count:
        size = "too short" if len(args) < spec.arg_count else "too long"
        raise FrameError(
            f"RK-004 {spec.name} {size}: {len(args)} argument byte(s), expected {spec.arg_count}"
        )
    return spec, args


def _check_envelope(frame: bytes, kind: str) -> None:
    if not frame or frame[0] != SYSEX_START:
        raise FrameError(f"not an RK-004 {kind}: not SysEx ({to_hex(frame[:3]) or 'empty'})")
    if frame[-1] != SYSEX_END:
        raise FrameError(f"not an RK-004 {kind}: SysEx without its closing F7")
    if len(frame) < MIN_FRAME:
        raise FrameError(f"not an RK-004 {kind}: too short ({len(frame)} bytes, at least {MIN_FRAME})")
    if frame[1:4] != RETROKITS_ID:
        raise FrameError(f"not an RK-004 {kind}: manufacturer {to_hex(frame[1:4])}, not Retrokits 00 21 23")
    if frame[4:6] != RK004_PRODUCT:
        raise FrameError(f"not an RK-004 {kind}: {_product_name(frame[4:6])}")


def _unknown_code(code: int, kind: str) -> str:
    other = REQUESTS if kind == "response" else RESPONSES
    if code in other:
        return f"{other[code].name} ({code:02X}) is not a {kind}"
    return f"unknown {kind} code {code:02X}"


def _product_name(product: bytes) -> str:
    name = RETROKITS_PRODUCTS.get(product[1]) if product[0] == 0 else None
    return f"from a Retrokits {name}" if name else f"unknown Retrokits product {to_hex(product)}"


def _unpack_args(frame: bytes, kind: str) -> bytes:
    try:
        return unpack7(frame[len(HEADER) + 1 : -1])
    except PackingError as error:
        raise FrameError(f"not an RK-004 {kind}: bad packing: {error}") from error


def parse_response(frame: bytes) -> Response:
    """A response frame as a Response; a FrameError for anything that is not an RK-004 response."""
    spec, args = split_frame(frame, RESPONSES, "response")
    param, value = (args[0], args[1]) if spec.arg_count == 2 else (None, None)
    return Response(spec.code, spec.name, spec.answers, param, value)


def parse_request(frame: bytes) -> tuple[Command, bytes]:
    """A request frame as its command and unpacked arguments; values are not range-checked here."""
    spec, args = split_frame(frame, REQUESTS, "request")
    return Command(spec.code), args


def split_realtime(message: bytes) -> tuple[bytes, bytes]:
    """A message without its System Real-Time bytes, and those bytes in order (they may sit inside SysEx)."""
    rest = bytes(byte for byte in message if byte < REALTIME_FIRST)
    realtime = bytes(byte for byte in message if byte >= REALTIME_FIRST)
    return rest, realtime
