"""The per-channel panel: activity, last note, held and stuck notes, last controller values, clock."""

from textual.widgets import Static

from diag.tui.summaries import Line
from diag.tui.widgets.status_bar import assemble


class ChannelPanel(Static):
    """A fixed-size column of channel lines (what does not fit is cut); redraws only when they change.

    Its size never depends on its text, so a redraw never costs a layout.
    """

    DEFAULT_CSS = """
    ChannelPanel { width: 40; height: 1fr; border-left: vkey $foreground 30%; padding: 0 1;
                   text-wrap: nowrap; text-overflow: ellipsis; overflow: hidden; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []

    @property
    def plain(self) -> str:
        """The text shown, without styles."""
        return "\n".join("".join(text for text, _ in line) for line in self.lines)

    def show(self, lines: list[Line]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.update(assemble(lines), layout=False)
