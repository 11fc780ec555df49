"""Everything about one message: decoded fields, SysEx maker, identity and RK-004 meaning, hex dump."""

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from diag.tui.model.rows import Row
from diag.tui.sysex import detail_fields, hex_dump, hex_dump_heading


def fields_content(row: Row, middle_c: str) -> Content:
    """The decoded fields as aligned "label  value" lines."""
    fields = detail_fields(row.event, middle_c)
    if row.times > 1:
        fields.append(("repeated", f"{row.times} times in a row, from {row.first_t:.6f} s to {row.event.t:.6f} s"))
    width = max(len(label) for label, _ in fields)
    parts: list[str | tuple[str, str]] = []
    for label, value in fields:
        parts += [(label.ljust(width), "bold"), "  ", value, "\n"]
    return Content.assemble(*parts[:-1])


class DetailScreen(ModalScreen[None]):
    """A scrollable view of one row; Escape closes it."""

    DEFAULT_CSS = """
    DetailScreen { align: center middle; }
    DetailScreen > #detail { width: 100%; max-width: 110; height: 90%; border: round $accent;
                             background: $surface; padding: 0 1; }
    DetailScreen #hexdump { width: auto; text-wrap: nowrap; }
    DetailScreen .heading { text-style: bold underline; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close"), Binding("q", "close", "Close", show=False)]

    def __init__(self, row: Row, middle_c: str = "C4") -> None:
        super().__init__()
        self.row = row
        self.middle_c = middle_c

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="detail") as scroll:
            scroll.border_title = "message details"
            scroll.border_subtitle = "Esc closes"
            yield Static(fields_content(self.row, self.middle_c), id="fields")
            yield Static(hex_dump_heading(self.row.event.data), classes="heading")
            yield Static(Content("\n".join(hex_dump(self.row.event.data))), id="hexdump")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
