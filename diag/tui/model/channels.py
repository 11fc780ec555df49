"""What each channel of each port is doing: activity, last note, held notes, last controller values."""

from dataclasses import dataclass, field
from typing import NamedTuple

from diag.events import MidiEvent

STUCK_AFTER = 5.0
"""Seconds a note may be held before the panel asks whether it is stuck."""
RECENT_CONTROLS = 6
"""How many of the latest controller values each channel remembers."""
_NOTES_OFF = (120, 123)
"""All Sound Off and All Notes Off: every held note on the channel ends."""


@dataclass
class ChannelState:
    """One channel of one port."""

    port: str
    channel: int
    count: int = 0
    """Channel messages received."""
    last_t: float = 0.0
    """When the last one arrived."""
    last_note: int | None = None
    """The last note played (note on with a velocity above 0)."""
    last_velocity: int = 0
    held: dict[int, float] = field(default_factory=dict)
    """Notes on and not yet off, with the time each started."""
    controls: dict[int, int] = field(default_factory=dict)
    """The latest value of each recently moved controller, oldest first."""


class StuckNote(NamedTuple):
    """A note held for longer than STUCK_AFTER."""

    port: str
    channel: int
    note: int
    seconds: float


class ChannelActivity:
    """Follows channel messages per (port, channel)."""

    def __init__(self) -> None:
        self.states: dict[tuple[str, int], ChannelState] = {}

    def clear(self) -> None:
        self.states.clear()

    def feed(self, first: int, event: MidiEvent) -> None:
        """Follow one channel message whose status byte is `first`."""
        key = (event.port, (first & 0x0F) + 1)
        state = self.states.get(key)
        if state is None:
            state = self.states[key] = ChannelState(*key)
        state.count += 1
        state.last_t = event.t
        data = event.data
        if len(data) == 3:
            _HANDLERS.get(first & 0xF0, _ignore)(state, data[1], data[2], event.t)

    def ordered(self) -> list[ChannelState]:
        """Every channel seen, by port then channel."""
        return [self.states[key] for key in sorted(self.states)]

    def stuck(self, now: float, after: float = STUCK_AFTER) -> list[StuckNote]:
        """Notes held longer than `after` seconds at `now`."""
        return [
            StuckNote(state.port, state.channel, note, now - started)
            for state in self.ordered()
            for note, started in state.held.items()
            if now - started >= after
        ]


def _note_on(state: ChannelState, note: int, velocity: int, t: float) -> None:
    if velocity == 0:
        state.held.pop(note, None)
        return
    state.held[note] = t
    state.last_note, state.last_velocity = note, velocity


def _note_off(state: ChannelState, note: int, _velocity: int, _t: float) -> None:
    state.held.pop(note, None)


def _control(state: ChannelState, control: int, value: int, _t: float) -> None:
    controls = state.controls
    controls.pop(control, None)
    controls[control] = value
    if len(controls) > RECENT_CONTROLS:
        del controls[next(iter(controls))]
    if control in _NOTES_OFF:
        state.held.clear()


def _ignore(state: ChannelState, _a: int, _b: int, _t: float) -> None:
    pass


_HANDLERS = {0x90: _note_on, 0x80: _note_off, 0xB0: _control}
