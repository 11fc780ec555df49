"""Follow control changes per channel and report 14-bit CC pairs, RPN and NRPN values."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from diag.decode.names import cc_name, rpn_name

RPN_NULL = 0x3FFF
_MAX_14BIT = 0x3FFF

# Controller numbers with a role in parameter selection and data entry.
DATA_ENTRY_MSB = 6
DATA_ENTRY_LSB = 38
DATA_INCREMENT = 96
DATA_DECREMENT = 97
NRPN_LSB = 98
NRPN_MSB = 99
RPN_LSB = 100
RPN_MSB = 101
RESET_ALL_CONTROLLERS = 121


class ParamChange(NamedTuple):
    """What a control change completed: a 14-bit CC value, or an RPN/NRPN event."""

    kind: str
    """"CC14", "RPN" or "NRPN"."""
    number: int
    """CC14: the MSB controller (0-31); RPN/NRPN: the 14-bit parameter number."""
    value: int | None
    """The 14-bit value; None for a bare selection, the RPN null, or an unknown value."""
    text: str
    """A one-line description for display."""


@dataclass
class _Selection:
    """One parameter-number register pair (RPN or NRPN)."""

    msb: int | None = None
    lsb: int | None = None

    def number(self) -> int | None:
        if self.msb is None or self.lsb is None:
            return None
        return self.msb << 7 | self.lsb


@dataclass
class _ChannelState:
    cc_msb: dict[int, int] = field(default_factory=dict)
    rpn: _Selection = field(default_factory=_Selection)
    nrpn: _Selection = field(default_factory=_Selection)
    selected: str | None = None
    values: dict[tuple[str, int], int] = field(default_factory=dict)

    def parameter(self) -> tuple[str, int] | None:
        """The selected (kind, number), or None when nothing usable is selected."""
        if self.selected is None:
            return None
        number = (self.rpn if self.selected == "RPN" else self.nrpn).number()
        if number is None or (self.selected == "RPN" and number == RPN_NULL):
            return None
        return self.selected, number


_Handler = Callable[[_ChannelState, int], ParamChange | None]


def _split(value: int) -> str:
    return f"(MSB {value >> 7} LSB {value & 0x7F})"


def parameter_label(kind: str, number: int) -> str:
    """A parameter as manuals list it, MSB:LSB, with its number (and name for RPNs)."""
    label = f"{kind} {number >> 7}:{number & 0x7F} ({number})"
    name = rpn_name(number) if kind == "RPN" else None
    return f"{label} {name}" if name else label


class ControllerTracker:
    """Remembers controller state per (port, channel) and annotates what completes.

    Rules followed: a new MSB (0-31, or 6 for data entry) sets its LSB to 0;
    an LSB (32-63, or 38) completes the pair with the last MSB. RPN (101/100)
    and NRPN (99/98) select the parameter that data entry (6/38) and increment
    or decrement (96/97, by one step, the data byte being unused) act on. The
    RPN null (101/100 = 127/127) and Reset All Controllers deselect it.
    """

    def __init__(self) -> None:
        self._states: dict[tuple[str, int], _ChannelState] = {}

    def feed(self, raw: bytes, port: str = "") -> ParamChange | None:
        """Follow one raw message; only well-formed control changes matter."""
        if len(raw) != 3 or raw[0] & 0xF0 != 0xB0 or raw[1] > 0x7F or raw[2] > 0x7F:
            return None
        return self.control_change((raw[0] & 0x0F) + 1, raw[1], raw[2], port)

    def control_change(
        self, channel: int, control: int, value: int, port: str = ""
    ) -> ParamChange | None:
        """Follow one control change; return what it completes, if anything."""
        state = self._states.setdefault((port, channel), _ChannelState())
        handler = _HANDLERS.get(control)
        if handler is not None:
            return handler(state, value)
        if control < 32:
            state.cc_msb[control] = value
        elif control < 64:
            return _cc_pair(state, control - 32, value)
        return None


def _cc_pair(state: _ChannelState, msb_control: int, lsb: int) -> ParamChange | None:
    msb = state.cc_msb.get(msb_control)
    if msb is None:
        return None
    value = msb << 7 | lsb
    text = f"CC {msb_control}+{msb_control + 32} {cc_name(msb_control)} = {value} {_split(value)}"
    return ParamChange("CC14", msb_control, value, text)


def _select(kind: str, half: str) -> _Handler:
    def handler(state: _ChannelState, value: int) -> ParamChange | None:
        selection = state.rpn if kind == "RPN" else state.nrpn
        if half == "msb":
            selection.msb, selection.lsb = value, None
        else:
            selection.lsb = value
        state.selected = kind
        number = selection.number()
        if number is None:
            return None
        if kind == "RPN" and number == RPN_NULL:
            state.selected = None
            return ParamChange("RPN", RPN_NULL, None, "RPN null: no parameter selected")
        return ParamChange(
            kind, number, None, f"{parameter_label(kind, number)} selected"
        )

    return handler


def _store(
    state: _ChannelState, parameter: tuple[str, int], value: int, note: str = ""
) -> ParamChange:
    state.values[parameter] = value
    kind, number = parameter
    text = f"{parameter_label(kind, number)} = {value} {_split(value)}{note}"
    return ParamChange(kind, number, value, text)


def _data_msb(state: _ChannelState, value: int) -> ParamChange | None:
    parameter = state.parameter()
    return None if parameter is None else _store(state, parameter, value << 7)


def _data_lsb(state: _ChannelState, value: int) -> ParamChange | None:
    parameter = state.parameter()
    if parameter is None:
        return None
    previous = state.values.get(parameter, 0)
    return _store(state, parameter, (previous & ~0x7F) | value)


def _step(delta: int) -> _Handler:
    def handler(state: _ChannelState, _unused: int) -> ParamChange | None:
        parameter = state.parameter()
        if parameter is None:
            return None
        sign = f"{delta:+d}"
        previous = state.values.get(parameter)
        if previous is None:
            kind, number = parameter
            text = f"{parameter_label(kind, number)} {sign} (value not seen yet)"
            return ParamChange(kind, number, None, text)
        value = min(max(previous + delta, 0), _MAX_14BIT)
        return _store(state, parameter, value, f" ({sign})")

    return handler


def _reset_all(state: _ChannelState, _unused: int) -> None:
    state.rpn, state.nrpn, state.selected = _Selection(), _Selection(), None


_HANDLERS: dict[int, _Handler] = {
    DATA_ENTRY_MSB: _data_msb,
    DATA_ENTRY_LSB: _data_lsb,
    DATA_INCREMENT: _step(+1),
    DATA_DECREMENT: _step(-1),
    NRPN_LSB: _select("NRPN", "lsb"),
    NRPN_MSB: _select("NRPN", "msb"),
    RPN_LSB: _select("RPN", "lsb"),
    RPN_MSB: _select("RPN", "msb"),
    RESET_ALL_CONTROLLERS: _reset_all,
}
"""Controllers that act on the selection machinery instead of pairing as 14-bit CCs."""
