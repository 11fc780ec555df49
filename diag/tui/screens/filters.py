"""Choosing what the list shows: message types, channels and ports; each list can be inverted."""

from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Footer, SelectionList, Static
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.selection_list import SelectionType

from diag.tui.model.categories import LABELS, Category
from diag.tui.model.filters import CHANNELS, ViewFilter


class TickList(SelectionList[SelectionType]):
    """A SelectionList whose unticked boxes are empty, so the state does not rest on colour alone."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        index = self.scroll_offset.y + y
        if index >= self.option_count or self.get_option_at_index(index).value in self.selected:
            return strip
        segments = list(strip)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            segments[1] = Segment(" ", segments[1].style)
        return Strip(segments, strip.cell_length)


class FilterScreen(ModalScreen[ViewFilter]):
    """Three lists of what to show (ticked) and hide; Escape applies and closes."""

    DEFAULT_CSS = """
    FilterScreen { align: center middle; }
    FilterScreen > Vertical { width: 100%; max-width: 110; height: auto; max-height: 100%;
                              background: $surface; border: round $accent; }
    FilterScreen #lists { height: auto; }
    FilterScreen SelectionList { height: auto; max-height: 18; border: blank; }
    FilterScreen SelectionList:focus { border: tall $accent; }
    FilterScreen #types { width: 1fr; min-width: 30; }
    FilterScreen #channels { width: 15; }
    FilterScreen #ports { width: 1fr; }
    FilterScreen #help { color: $text-muted; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "done", "Apply"),
        Binding("i", "invert", "Invert list"),
        Binding("r", "reset", "Reset all"),
    ]

    def __init__(self, current: ViewFilter, ports: list[str]) -> None:
        super().__init__()
        self.current = current
        self.ports = sorted(set(ports) | set(current.hidden_ports))

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "show (ticked) / hide"
            yield Static("space ticks and unticks · tab moves between lists · i inverts a list", id="help")
            with Horizontal(id="lists"):
                yield self._types()
                yield self._channels()
                yield self._ports()
        yield Footer()

    def _types(self) -> TickList[Category]:
        hidden = self.current.hidden_categories
        items = [(LABELS[c], c, c not in hidden) for c in Category]
        return _titled(TickList[Category](*items, id="types"), "types")

    def _channels(self) -> TickList[int]:
        hidden = self.current.hidden_channels
        items = [(f"ch {c}", c, c not in hidden) for c in CHANNELS]
        return _titled(TickList[int](*items, id="channels"), "channels")

    def _ports(self) -> TickList[str]:
        hidden = self.current.hidden_ports
        items = [(Text(port), port, port not in hidden) for port in self.ports]  # a port name is never markup
        return _titled(TickList[str](*items, id="ports"), "ports")

    def chosen(self) -> ViewFilter:
        """The filter the ticks describe."""
        types = set(self.query_one("#types", SelectionList).selected)
        channels = set(self.query_one("#channels", SelectionList).selected)
        ports = set(self.query_one("#ports", SelectionList).selected)
        return ViewFilter(
            frozenset(c for c in Category if c not in types),
            frozenset(c for c in CHANNELS if c not in channels),
            frozenset(p for p in self.ports if p not in ports),
        )

    def action_invert(self) -> None:
        focused = self.focused
        if isinstance(focused, SelectionList):
            focused.toggle_all()

    def action_reset(self) -> None:
        defaults = ViewFilter()
        self.current = defaults
        for selection_list in self.query(SelectionList):
            selection_list.select_all()
        types = self.query_one("#types", SelectionList)
        for category in defaults.hidden_categories:
            types.deselect(category)

    def action_done(self) -> None:
        self.dismiss(self.chosen())


def _titled(widget: TickList[SelectionType], title: str) -> TickList[SelectionType]:
    widget.border_title = title
    return widget
