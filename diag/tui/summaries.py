"""The words the status bar and the channel panel show, as (text, style) pieces; no Textual here."""

from collections.abc import Callable
from dataclasses import dataclass

from diag.tui.model.categories import HIDDEN_BY_DEFAULT, SHORT_LABELS, Category
from diag.tui.model.channels import STUCK_AFTER, ChannelState
from diag.tui.model.monitor import MonitorModel
from diag.tui.model.tempo import TempoReading

Piece = tuple[str, str]
"""A stretch of text and its style ("" for plain); styles may name theme variables."""
Line = list[Piece]

GOOD, WARN, BAD, MUTED, BOLD = "bold $text-success", "bold $text-warning", "bold $text-error", "$text-muted", "bold"


@dataclass(frozen=True)
class ViewState:
    """What the status bar needs to know beyond the model."""

    mode: str
    """"live", "paused", "file" or "loading"."""
    source_label: str
    dropped: int
    new_since_pause: int = 0
    backlog: int = 0
    middle_c: str = "C4"
    notice: str = ""
    """The last thing done or gone wrong (a saved file, an error)."""
    notice_is_error: bool = False


def status_lines(model: MonitorModel, view: ViewState, now: float, label: Callable[[str], str]) -> list[Line]:
    """Three lines: what is watched and how, the counts, then the tempo and the filter."""
    return [_mode_line(view), _count_line(model, view), _tempo_line(model, now, label) + _filter_pieces(model, view)]


def _mode_line(view: ViewState) -> Line:
    badge = {
        "live": [("● LIVE", GOOD)],
        "paused": [("❚❚ PAUSED", WARN), (f" {view.new_since_pause:,} new since; space resumes", "")],
        "file": [("■ FILE", BOLD)],
        "loading": [("… LOADING", WARN)],
    }[view.mode]
    line = badge + [("  ", ""), (view.source_label, "")]
    if view.notice:
        line.append(("  " + view.notice, BAD if view.notice_is_error else GOOD))
    return line


def _count_line(model: MonitorModel, view: ViewState) -> Line:
    hidden = ", ".join(f"{SHORT_LABELS[c]} {model.count(c):,}" for c in sorted(model.filter.hidden_categories))
    line: Line = [(f"{model.total:,} received", BOLD), (f" · {len(model.rows.rows):,} rows", "")]
    line.append((f" · DROPPED {view.dropped:,}", BAD) if view.dropped else (" · dropped 0", ""))
    if hidden:
        line.append((f" · hidden: {hidden}", MUTED))
    if model.scrolled_out:
        line.append((f" · {model.scrolled_out:,} oldest no longer in memory", MUTED))
    if view.backlog:
        line.append((f" · catching up {view.backlog:,}", WARN))
    return line


def _tempo_line(model: MonitorModel, now: float, label: Callable[[str], str]) -> Line:
    readings = model.clock.readings(now)
    if not readings:
        return [("no clock", MUTED)]
    line: Line = []
    for reading in readings[:2]:
        if line:
            line.append(("; ", ""))
        line += [(f"{label(reading.port)}: ", "")] + tempo_pieces(reading)
    return line


def tempo_pieces(reading: TempoReading, transport: bool = True) -> Line:
    """Tempo, steadiness and (unless told not to) transport of one port's clock."""
    pieces: Line = []
    if reading.bpm is not None and reading.running:
        word_style = GOOD if reading.steadiness == "steady" else WARN
        pieces += [(f"{reading.bpm:.1f} BPM ", BOLD), (reading.steadiness, word_style),
                   (f" ±{(reading.spread or 0) / 2:.1f}", "")]
    elif reading.bpm is not None:
        pieces.append((f"clock stopped (was {reading.bpm:.1f} BPM)", WARN))
    elif reading.running:
        pieces.append(("clock: measuring", MUTED))
    if transport:
        pieces.append((" " + transport_text(reading), ""))
    return pieces


def transport_text(reading: TempoReading) -> str:
    symbol = {"playing": "▶", "stopped": "■"}.get(reading.transport, "?")
    detail = f" ({reading.transport_detail})" if reading.transport_detail else ""
    return f"{symbol} {reading.transport}{detail}"


def _filter_pieces(model: MonitorModel, view: ViewState) -> Line:
    """The filter when it differs from the default (the counts line names what is hidden), and middle C."""
    view_filter = model.filter
    pieces: Line = [(f"  middle C = {view.middle_c}", MUTED)]
    if view_filter.hidden_channels or view_filter.hidden_ports or not (
            view_filter.hidden_categories <= HIDDEN_BY_DEFAULT):
        pieces.insert(0, ("  FILTER: " + view_filter.summary(), WARN))
    return pieces


def panel_lines(model: MonitorModel, now: float, label: Callable[[str], str],
                note: Callable[[int], str]) -> list[Line]:
    """The channel panel: per port and channel, activity, last note, held notes, stuck notes, last CCs."""
    lines: list[Line] = [[("CHANNELS", BOLD)]]
    states = model.channels.ordered()
    if not states:
        lines.append([("no channel messages yet", MUTED)])
    for state in states:
        lines += _channel_lines(state, now, label, note)
    for reading in model.clock.readings(now):
        lines += [[("clock ", BOLD), (label(reading.port), BOLD)],
                  [("  ", "")] + (tempo_pieces(reading, transport=False) or [("no tempo yet", MUTED)])]
        if reading.jitter_ms is not None:
            lines.append([(f"  tick timing ±{reading.jitter_ms:.1f} ms", "")])
        lines.append([("  " + transport_text(reading), "")])
    return lines


ACTIVE_SECONDS = 1.0
"""A channel counts as active when its last message is at most this old."""


def _channel_lines(state: ChannelState, now: float, label: Callable[[str], str],
                   note: Callable[[int], str]) -> list[Line]:
    active = now - state.last_t <= ACTIVE_SECONDS
    lines: list[Line] = [[(f"{label(state.port)} ch {state.channel} ", BOLD),
                          ("● active" if active else "○ quiet", GOOD if active else MUTED),
                          (f" · {state.count:,} msgs", "")]]
    if state.last_note is not None:
        lines.append([(f"  last {note(state.last_note)} vel {state.last_velocity}", "")])
    if state.held:
        lines.append([("  held ", MUTED), (" ".join(note(n) for n in sorted(state.held)), "")])
    for number, started in sorted(state.held.items()):
        seconds = now - started
        if seconds >= STUCK_AFTER:
            lines.append([(f"  ⚠ STUCK? {note(number)} on for {seconds:.0f} s", BAD)])
    if state.controls:
        lines.append([("  ", ""), (" ".join(f"CC{c}={v}" for c, v in state.controls.items()), "")])
    return lines


def category_counts(model: MonitorModel) -> list[tuple[Category, int]]:
    """Every category with its count, in category order."""
    return [(category, model.count(category)) for category in Category]
