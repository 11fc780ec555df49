"""The listening step in words: the countdown bar and what each port and channel did so far."""

from __future__ import annotations

from diag.decode.names import note_name
from diag.tui.format import fit, port_labels
from diag.tui.wizard.listening import Activity

BAR = 20
"""Cells of the countdown bar."""
PORT_WIDTH = 18
MAX_ROWS = 8
"""Channel rows shown; more are summed up in one line."""


def countdown(elapsed: float, seconds: float) -> str:
    """'██████░░░░  4 s left': filled cells show the time gone, the words say what is left."""
    part = min(1.0, elapsed / seconds) if seconds > 0 else 1.0
    filled = round(part * BAR)
    left = max(0.0, seconds - elapsed)
    return f"{'█' * filled}{'░' * (BAR - filled)}  {left:.0f} s left"


def activity_lines(activity: Activity, ports: list[str], now: float, middle_c: str = "C4") -> list[str]:
    """One line per port and channel heard (● active in the last second, ○ quiet), then system messages."""
    labels = port_labels(ports + [state.port for state in activity.channels.ordered()] + list(activity.system))
    lines = [f"  {'port':<{PORT_WIDTH}} {'ch':>3} {'msgs':>6}  last"]
    rows = activity.channels.ordered()
    for state in rows[:MAX_ROWS]:
        mark = "●" if now - state.last_t < 1.0 else "○"
        last = f"note {state.last_note} ({note_name(state.last_note, middle_c)})" if state.last_note is not None \
            else "no notes"
        held = f", {len(state.held)} held" if state.held else ""
        lines.append(f"{mark} {fit(labels[state.port], PORT_WIDTH):<{PORT_WIDTH}} {state.channel:>3} "
                     f"{state.count:>6}  {last}{held}")
    if len(rows) > MAX_ROWS:
        lines.append(f"… and {len(rows) - MAX_ROWS} more channels")
    for port, count in activity.system.items():
        lines.append(f"  {fit(labels[port], PORT_WIDTH):<{PORT_WIDTH}}   - {count:>6}  clock, transport, SysEx")
    if len(lines) == 1:
        return [*lines, "  nothing heard yet"]
    return [*lines, "", "● heard in the last second   ○ quiet now"]


def listened_ports_line(ports: list[str]) -> str:
    if not ports:
        return "Listening to no port: the rig names none of the computer's ports"
    return "Listening to " + ", ".join(f"'{port}'" for port in ports)
