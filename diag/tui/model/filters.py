"""Which messages the list shows: hidden categories, channels and ports, and a table for hot loops."""

from dataclasses import dataclass, field, replace

from diag.tui.model.categories import (
    CATEGORY_BY_BYTE,
    CHANNEL_BY_BYTE,
    HIDDEN_BY_DEFAULT,
    SHORT_LABELS,
    Category,
)

CHANNELS = tuple(range(1, 17))


@dataclass(frozen=True)
class ViewFilter:
    """What to leave out of the list; everything is still counted and kept."""

    hidden_categories: frozenset[Category] = HIDDEN_BY_DEFAULT
    """Message families not shown (clock and active sensing by default)."""
    hidden_channels: frozenset[int] = frozenset()
    """Channels (1-16) whose channel messages are not shown; system messages have no channel."""
    hidden_ports: frozenset[str] = frozenset()
    """Ports whose messages are not shown; a port not named here, even a new one, is shown."""
    status_table: tuple[bool, ...] = field(init=False, repr=False, compare=False)
    """For each first byte: does its category and channel pass? (computed)"""

    def __post_init__(self) -> None:
        object.__setattr__(self, "status_table", tuple(self._status_passes(b) for b in range(256)))

    def _status_passes(self, byte: int) -> bool:
        channel = CHANNEL_BY_BYTE[byte]
        if channel is not None and channel in self.hidden_channels:
            return False
        return CATEGORY_BY_BYTE[byte] not in self.hidden_categories

    def shows(self, data: bytes, port: str) -> bool:
        """Whether a message appears in the list."""
        return self.status_table[data[0] if data else 0] and port not in self.hidden_ports

    def toggle_category(self, category: Category) -> "ViewFilter":
        """The same filter with one category shown if it was hidden, hidden if it was shown."""
        return replace(self, hidden_categories=self.hidden_categories ^ {category})

    def showing(self, category: Category) -> bool:
        return category not in self.hidden_categories

    def summary(self) -> str:
        """The filter in a few words, for the status line."""
        parts = [
            _named("hiding", [SHORT_LABELS[c] for c in sorted(self.hidden_categories)]),
            _channels(self.hidden_channels),
            _named("hiding port", sorted(self.hidden_ports)),
        ]
        return "; ".join(part for part in parts if part) or "showing everything"


def _named(prefix: str, names: list[str]) -> str:
    return f"{prefix} {', '.join(names)}" if names else ""


def _channels(hidden: frozenset[int]) -> str:
    if not hidden:
        return ""
    shown = [c for c in CHANNELS if c not in hidden]
    if not shown:
        return "no channel messages"
    if len(shown) <= len(hidden):
        return "only ch " + ",".join(map(str, shown))
    return "not ch " + ",".join(map(str, sorted(hidden)))
