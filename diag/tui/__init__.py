"""The Textual user interface: the only package that imports Textual (make_app in diag.tui.app)."""
