"""The per-model table of docs/rig-format.md (ports, settings, track groups, firmwares), made from the knowledge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from diag.knowledge import DeviceModel

START = "<!-- generated:models -->"
END = "<!-- /generated:models -->"


def model_table(models: Iterable[DeviceModel]) -> str:
    """One row per model: what a rig file may write for it."""
    rows = [
        "| model | ports | settings | track groups: per-track settings | firmwares: their settings |",
        "|---|---|---|---|---|",
    ]
    rows.extend(_row(model) for model in models)
    return "\n".join(rows)


def _row(model: DeviceModel) -> str:
    ports = ", ".join(f"`{port.id}` ({port.direction})" for port in model.ports.values())
    tracks = "; ".join(f"`{g.id}` ×{g.count}: {_names(g.settings)}" for g in model.tracks.values())
    firmwares = "; ".join(
        f"`{f.id}`" + (f": {_names(f.settings)}" if f.settings else "") for f in model.firmwares.values()
    )
    cells = [f"`{model.id}`", ports, _names(model.settings), tracks, firmwares]
    return "| " + " | ".join(cell or "–" for cell in cells) + " |"


def _names(names: Iterable[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def with_table(text: str, models: Iterable[DeviceModel]) -> str:
    """The document text with its generated section replaced by a fresh table."""
    pattern = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{model_table(models)}\n{END}", text)


def update_doc(path: Path, models: Iterable[DeviceModel]) -> None:
    """Rewrite the generated section of a document in place."""
    path.write_text(with_table(path.read_text(encoding="utf-8"), models), encoding="utf-8")
