"""The per-channel panel: activity, last note, held and stuck notes, last controller values, clock."""

from textual.containers import VerticalScroll
from textual.widgets import Static

from diag.tui.summaries import Line
from diag.tui.widgets.status_bar import assemble


class ChannelPanel(VerticalScroll):
    """A titled, scrollable column of channel lines; redraws only when they change."""

    DEFAULT_CSS = """
    ChannelPanel { width: 40; border-left: vkey $foreground 30%; padding: 0 1; }
    ChannelPanel > Static { width: auto; text-wrap: nowrap; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []
        self._body = Static()

    def compose(self):  # type: ignore[override]
        yield self._body

    @property
    def plain(self) -> str:
        return "\n".join("".join(text for text, _ in line) for line in self.lines)

    def show(self, lines: list[Line]) -> None:
        if lines != self.lines:
            self.lines = lines
            self._body.update(assemble(lines))
