"""Check `feedback-loop`: the same messages coming back within a few milliseconds, again and again."""

from __future__ import annotations

from collections.abc import Iterable

from diag.engine import Check, Echo, Evidence, Finding, fix, plural
from diag.engine.echo import ECHO_WINDOW
from diag.engine.words import message_words, seconds_words, step_words

MIN_RETURNS = 3
"""Fewer messages than this coming back is a coincidence, not a loop."""

MIN_SHARE = 0.05
"""...and they must be at least this share of the notes, controllers, programs and SysEx on
the port in that step, unless one message came back several times in a row (LONG_CHAIN)."""

LONG_CHAIN = 4
"""One message seen this many times in a row, each within the window of the one before."""

LOOP_FIXES = (
    fix("Find the path that sends a device's output back into its own input, and break it.",
        "In the computer: turn off MIDI thru / input monitoring on tracks whose output goes to the port "
        "their input comes from.",
        "On a device: a THRU or merge (Elektron OUT PORT FUNC / THRU PORT FUNC, a soft thru setting) "
        "feeding a cable that leads back to its own IN.",
        "Unplug one cable at a time and capture again; the loop is gone when the echoes are."),
    fix("If the loop is on purpose (an RK-002 looping a Digitakt's OUT to its IN), make the device "
        "ignore its own echo.",
        "Keep the cable's firmware in loopback mode, or turn off the device's thru for that port."),
)


class FeedbackLoopCheck(Check):
    """The same messages come back within milliseconds: a MIDI feedback loop.

    Symptom: notes double, flam or hang; the rig slows down or locks up; LEDs flicker
    constantly as soon as one key is played.
    Cause: a device's output reaches its own input again, through a thru or merge, a cable
    looped OUT to IN, or a computer that echoes its input back out (MIDI thru in the DAW).
    Fix: find the path that leads back and break it: turn off the DAW's thru or the device's
    soft thru on that port, or unplug cables one by one until the echoes stop.
    """

    id = "feedback-loop"
    title = "MIDI feedback loop"
    symptom = "notes double or hang, the rig chokes or every LED flickers as soon as one key is played"

    def run(self, evidence: Evidence) -> list[Finding]:
        if not any(entry.watched_for_echo for entry in evidence.traffic):
            return [self.skip("No note, controller, program change or SysEx was captured, and a loop only "
                              "shows when one of them travels.",
                              needs="Capture a step while playing a few keys.")]
        loops = _one_per_path(echo for echo in evidence.traffic.echoes if _is_loop(echo, evidence))
        if loops:
            return [self._loop(echo) for echo in loops]
        return [self._no_loop(evidence)]

    def _loop(self, echo: Echo) -> Finding:
        if echo.same_port:
            how = f"came again on '{echo.echo_port}' itself"
        else:
            how = f"came on '{echo.source_port}', then again on '{echo.echo_port}', and back"
        return self.fail(
            f"During {step_words(echo.step)} {plural(echo.count, 'message')} {how} within "
            f"{seconds_words(echo.max_delay)}: something sends this port's traffic back into it.",
            evidence=_echo_lines(echo), fixes=LOOP_FIXES, title="MIDI feedback loop")

    def _no_loop(self, evidence: Evidence) -> Finding:
        lines = [f"no message came back within {seconds_words(ECHO_WINDOW)} of itself"]
        for echo in evidence.traffic.echoes:
            lines.append(f"{plural(echo.count, 'message')} from '{echo.source_port}' reappeared on "
                         f"'{echo.echo_port}' after {_delays(echo)}, without coming back: "
                         "a device passing them on, not a loop")
        return self.passed("No message came back to a port it had already passed.", evidence=lines,
                           title="No feedback loop")


def _is_loop(echo: Echo, evidence: Evidence) -> bool:
    if echo.returns < MIN_RETURNS:
        return False
    entry = evidence.traffic.get(echo.echo_port, echo.step)
    watched = entry.watched_for_echo if entry else 0
    return echo.longest_chain >= LONG_CHAIN or (watched > 0 and echo.returns / watched >= MIN_SHARE)


def _one_per_path(loops: Iterable[Echo]) -> list[Echo]:
    """A loop through two ports shows as echoes both ways; report it once (the larger one)."""
    kept: dict[tuple[frozenset[str], str | None], Echo] = {}
    for echo in loops:
        kept.setdefault((frozenset((echo.source_port, echo.echo_port)), echo.step), echo)
    return list(kept.values())


def _echo_lines(echo: Echo) -> list[str]:
    return [
        (f"'{echo.source_port}' -> '{echo.echo_port}': {plural(echo.count, 'message')} repeated "
         f"after {_delays(echo)} ({echo.returns} back on a port they had already passed)"),
        f"longest run: one message seen {echo.longest_chain} times in a row",
        f"example: {message_words(echo.example)}",
    ]


def _delays(echo: Echo) -> str:
    if abs(echo.max_delay - echo.min_delay) < 0.0001:
        return seconds_words(echo.min_delay)
    return f"{seconds_words(echo.min_delay)} to {seconds_words(echo.max_delay)}"
