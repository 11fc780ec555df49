"""docs/knowledge.md stays true: its generated tables match the data and it names every key used."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from diag.knowledge import all_models
from diag.knowledge.doctables import render
from tests.knowledge.test_shipped import raw_files

DOC = Path(__file__).resolve().parents[2] / "docs" / "knowledge.md"
NAMED_TABLES = {"sources", "ports", "settings", "tracks", "firmwares", "behaviour"}
"""Tables whose keys are names chosen by the file (ids, vocabulary names), not format keys."""

REGENERATE = (
    "docs/knowledge.md is stale; run: python -c \"from pathlib import Path; "
    "from diag.knowledge import all_models; from diag.knowledge.doctables import update_doc; "
    "update_doc(Path('docs/knowledge.md'), all_models())\""
)


def format_keys(node: Any, keys: set[str], named: bool = False) -> set[str]:
    """Every format key a raw file uses, skipping file-chosen names and fact values."""
    if isinstance(node, list):
        for item in node:
            format_keys(item, keys)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not named:
                keys.add(key)
            if key != "value":
                format_keys(value, keys, named=not named and key in NAMED_TABLES)
    return keys


def test_generated_tables_match_the_data() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert render(text, all_models()) == text, REGENERATE


def test_every_key_the_files_use_is_documented() -> None:
    documented = set(re.findall(r"`([a-z_]+)`", DOC.read_text(encoding="utf-8")))
    used: set[str] = set()
    for raw in raw_files().values():
        format_keys(raw, used)
    assert used - documented == set()


def test_key_collection_skips_names_but_not_keys() -> None:
    keys = format_keys({"ports": {"din1": {"label": "x", "supplies_power": {"value": {"odd": 1}}}}}, set())
    assert keys == {"ports", "label", "supplies_power", "value"}
