"""The message list: a header and only the visible rows of a sequence that may hold 100,000 rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from diag.tui.format import Columns, RowFormatter, columns_for, fit
from diag.tui.model.rows import Row

GUTTER = 1
"""Left cell: the cursor marker, so the selected row is not shown by colour alone."""
SCROLL_MARK = 1
"""Right cell: where the visible rows sit in the whole list."""
CELL_CLASSES = ("time", "port", "channel", "kind", "data", "hex")


class EventList(Widget, can_focus=True):
    """Draws rows from a shared sequence; never copies it, formats only what is on screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "event-list--header", "event-list--cursor", "event-list--time", "event-list--port",
        "event-list--channel", "event-list--kind", "event-list--data", "event-list--hex",
    }
    DEFAULT_CSS = """
    EventList { height: 1fr; min-height: 3; }
    EventList > .event-list--header { text-style: bold underline; color: $text; }
    EventList > .event-list--cursor { background: $accent 35%; text-style: bold; }
    EventList:focus > .event-list--cursor { background: $accent 55%; }
    EventList > .event-list--time { color: $text-muted; }
    EventList > .event-list--port { color: $text-primary; }
    EventList > .event-list--channel { text-style: bold; }
    EventList > .event-list--kind { text-style: bold; }
    EventList > .event-list--data { }
    EventList > .event-list--hex { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First row", show=False),
        Binding("end", "last", "Last row", show=False),
        Binding("enter", "choose", "Details"),
    ]

    @dataclass
    class ScrolledBack(Message):
        """The user moved away from the newest row while the list was following."""

    @dataclass
    class Chosen(Message):
        """The user asked for the details of a row."""

        row: Row
        """The row under the cursor."""

    def __init__(self, formatter: RowFormatter, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.formatter = formatter
        self.rows: Sequence[Row] = ()
        self.cursor = 0
        self.top = 0
        self.follow = True
        self._cell_styles: dict[str, Style] = {}

    @property
    def page_height(self) -> int:
        """Rows that fit under the header."""
        return max(self.size.height - 1, 1)

    @property
    def selected(self) -> Row | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def show(self, rows: Sequence[Row], follow: bool | None = None) -> None:
        """Draw `rows` (the list keeps a reference, not a copy); follow the newest row if asked."""
        self.rows = rows
        if follow is not None:
            self.follow = follow
        if self.follow:
            self.cursor = max(len(rows) - 1, 0)
        self._keep_cursor_visible()
        self.refresh()

    def _keep_cursor_visible(self) -> None:
        self.cursor = min(max(self.cursor, 0), max(len(self.rows) - 1, 0))
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + self.page_height:
            self.top = self.cursor - self.page_height + 1
        self.top = max(min(self.top, len(self.rows) - self.page_height), 0)

    def _move_to(self, cursor: int) -> None:
        if self.follow and cursor < len(self.rows) - 1:
            self.follow = False
            self.post_message(self.ScrolledBack())
        self.cursor = cursor
        self._keep_cursor_visible()
        self.refresh()

    def action_move(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * self.page_height)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(max(len(self.rows) - 1, 0))

    def action_choose(self) -> None:
        if self.selected is not None:
            self.post_message(self.Chosen(self.selected))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self._move_to(max(self.cursor - 3, 0))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self._move_to(self.cursor + 3)

    def on_click(self, event: events.Click) -> None:
        if event.y >= 1:
            self._move_to(self.top + event.y - 1)

    def render_line(self, y: int) -> Strip:
        width, height = self.size
        columns = columns_for(width - GUTTER - SCROLL_MARK)
        base = self._base_style()
        if y == 0:
            return self._header(columns, width, base)
        index = self.top + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, base)
        return self._row_strip(self.rows[index], index == self.cursor, columns, y - 1, width, height - 1)

    def _base_style(self) -> Style:
        """The list's own style (cached: computing it walks the ancestors)."""
        style = self._cell_styles.get("")
        if style is None:
            style = self._cell_styles[""] = self.rich_style
        return style

    def _header(self, columns: Columns, width: int, base: Style) -> Strip:
        cells = [h.rjust(w) if n == "time" else fit(h, w)
                 for n, h, w in zip(CELL_CLASSES, Columns.HEADINGS, columns.widths())]
        text = " " + " ".join(cells)
        style = base + self.get_component_rich_style("event-list--header")
        return Strip([Segment(fit(text, width), style)], width)

    def _row_strip(self, row: Row, selected: bool, columns: Columns, line: int, width: int,
                   page: int) -> Strip:
        base = self._base_style()
        if selected:
            base += self.get_component_rich_style("event-list--cursor")
        segments = [Segment("▶" if selected else " ", base)]
        cells = self.formatter.cells(row, columns.port)
        for name, text, cell_width in zip(CELL_CLASSES, cells, columns.widths()):
            text = text.rjust(cell_width) if name == "time" else text
            segments.append(Segment(fit(text, cell_width) + " ", base + self._cell_style(name)))
        last = segments[-1]
        segments[-1] = Segment(last.text[:-1] + self._scroll_mark(line, page), last.style)
        return Strip(segments).adjust_cell_length(width, base)

    def _cell_style(self, name: str) -> Style:
        """A column's colour and weight, resolved against the list's background, without that background
        (so the cursor row keeps its own)."""
        style = self._cell_styles.get(name)
        if style is None:
            full = self.get_component_rich_style(f"event-list--{name}")
            style = self._cell_styles[name] = Style(color=full.color, bold=full.bold, dim=full.dim,
                                                    italic=full.italic, underline=full.underline)
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cell_styles.clear()

    def _scroll_mark(self, line: int, height: int) -> str:
        """A scroll bar drawn with characters: ┃ where the visible rows sit, │ elsewhere."""
        total = len(self.rows)
        if total <= height:
            return " "
        start = self.top * height // total
        end = max(start + 1, (self.top + height) * height // total)
        return "┃" if start <= line < end else "│"
