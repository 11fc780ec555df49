"""Keys shared by several screens."""

from textual.binding import Binding

PALETTE = Binding("ctrl+p", "app.command_palette", "palette", show=False)
"""The app's palette key, bound again on modal screens: the footer shows ^p only for a key the screen binds."""
