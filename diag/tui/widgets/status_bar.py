"""Status lines: live or paused, counts (dropped and hidden included), tempo and filter."""

from textual.content import Content
from textual.widgets import Static

from diag.tui.summaries import Line


def assemble(lines: list[Line]) -> Content:
    """(text, style) pieces as one Content, a line each."""
    parts: list[str | tuple[str, str]] = []
    for number, line in enumerate(lines):
        if number:
            parts.append("\n")
        parts.extend(piece if piece[1] else piece[0] for piece in line)
    return Content.assemble(*parts)


class StatusBar(Static):
    """Redraws only when its text changes."""

    DEFAULT_CSS = """
    StatusBar { height: 3; padding: 0 1; background: $panel; color: $text; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Line] = []

    @property
    def plain(self) -> str:
        """The text shown, without styles (for tests and screen readers)."""
        return "\n".join("".join(text for text, _ in line) for line in self.lines)

    def show(self, lines: list[Line]) -> None:
        if lines != self.lines:
            self.lines = lines
            self.update(assemble(lines), layout=False)  # fixed height: no layout needed
