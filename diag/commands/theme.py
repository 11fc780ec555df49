"""The colours of the Textual screens, from the environment, for every command that opens one."""

import os

from diag.errors import UsageError

THEME_ENV_VAR = "MIDI_DIAG_THEME"
"""light or dark (the default)."""


def chosen_theme() -> str:
    """light or dark, from MIDI_DIAG_THEME; anything else is a usage error."""
    theme = os.environ.get(THEME_ENV_VAR, "dark").strip().lower() or "dark"
    if theme not in ("light", "dark"):
        raise UsageError(f"{THEME_ENV_VAR}={theme!r}: choose light or dark")
    return theme
