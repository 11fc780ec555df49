"""Reports rendered from a Diagnosis: text (Rich), json (the contract's schema), md (forum post), html.

    text = render(diagnosis, "md")

Each format lives in its own module; docs/reports.md describes them.
"""

from __future__ import annotations

from importlib import import_module

from diag.engine.diagnosis import Diagnosis

FORMATS = ("text", "json", "md", "html")
_MODULES = {"text": "diag.report.as_text", "json": "diag.report.as_json", "md": "diag.report.as_markdown",
            "html": "diag.report.as_html"}


def render(diagnosis: Diagnosis, format: str, color: bool = False) -> str:
    """The report in one format; `color` only affects text (ANSI styles for a terminal)."""
    if format not in _MODULES:
        raise ValueError(f"unknown report format {format!r}; choose one of {', '.join(FORMATS)}")
    module = import_module(_MODULES[format])
    if format == "text":
        return str(module.render(diagnosis, color=color))
    return str(module.render(diagnosis))


__all__ = ["FORMATS", "render"]
