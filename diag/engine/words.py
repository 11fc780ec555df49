"""Plain words for what was seen, shared by checks: a message, a set of channels, a step."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from diag.decode.message import describe

STEP_ACTIONS: dict[str, str] = {
    "keys": "playing the controller's keys",
    "pads": "playing the device's own pads or trig keys",
    "sequencer": "the device's sequencer playing",
    "idle": "nothing touched",
}
"""What the user was doing in each of the wizard's steps."""

_KIND_WORDS = {
    "note_on": "note-on", "note_off": "note-off", "control_change": "control change",
    "program_change": "program change", "pitchwheel": "pitch bend", "aftertouch": "channel pressure",
    "polytouch": "poly pressure", "sysex": "SysEx", "clock": "clock", "active_sensing": "active sensing",
    "songpos": "song position", "quarter_frame": "MTC quarter frame", "song_select": "song select",
    "tune_request": "tune request", "start": "start", "stop": "stop", "continue": "continue",
    "reset": "system reset", "undefined": "undefined byte", "malformed": "malformed message",
}


def kind_words(kind: str) -> str:
    """'note-on' for "note_on"."""
    return _KIND_WORDS.get(kind, kind.replace("_", " "))


def message_words(hex_text: str) -> str:
    """'note-on ch 1 note 60 velocity 100 (90 3C 64)' for one message given in hex."""
    try:
        data = bytes.fromhex(hex_text.replace(" ...", ""))
    except ValueError:
        return hex_text
    decoded = describe(data)
    parts = [kind_words(decoded.kind)]
    if decoded.channel:
        parts.append(f"ch {decoded.channel}")
    parts += [f"{name} {value}" for name, value in decoded.values if isinstance(value, int)]
    return f"{' '.join(parts)} ({hex_text})"


def channels_words(channels: Iterable[int]) -> str:
    """'channel 10', 'channels 1, 2 and 10'."""
    numbers = [str(channel) for channel in sorted(channels)]
    if len(numbers) == 1:
        return f"channel {numbers[0]}"
    return f"channels {', '.join(numbers[:-1])} and {numbers[-1]}"


def counts_words(counts: Mapping[str, int], limit: int = 4) -> str:
    """'120 clock, 12 note-on and 3 more kinds' for kind -> count, largest first."""
    ranked = sorted(counts.items(), key=lambda item: -item[1])
    shown = [f"{count} {kind_words(kind)}" for kind, count in ranked[:limit]]
    rest = len(ranked) - limit
    if rest > 0:
        shown.append(f"{rest} more kind{'s' if rest > 1 else ''}")
    return ", ".join(shown) if shown else "nothing"


def step_words(step: str | None) -> str:
    """"'keys' (playing the controller's keys)" - a step with what it means."""
    if step is None:
        return "the capture (no step given)"
    action = STEP_ACTIONS.get(step)
    return f"'{step}' ({action})" if action else f"'{step}'"


def seconds_words(seconds: float) -> str:
    """'0.8 ms', '12 ms', '3.2 s'."""
    if seconds < 0.01:
        return f"{seconds * 1000:.1f} ms"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    return f"{seconds:.1f} s"
