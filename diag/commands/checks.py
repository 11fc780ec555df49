"""`midi-diag checks`: every registered check with its id, title, symptom and docs page."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from diag.engine.registry import Registry, load_registry
from diag.errors import ExitCode


def run(args: argparse.Namespace) -> int:
    registry = load_registry()
    rows = check_rows(registry)
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        print(text_listing(rows), end="")
    for problem in registry.problems:
        print(f"warning: check '{problem.name}' ({problem.target}) left out: {problem.message}", file=sys.stderr)
    return ExitCode.OK


def check_rows(registry: Registry) -> list[dict[str, Any]]:
    """One object per check, in run order: id, title, symptom, docs."""
    return [{"id": check.id, "title": check.title, "symptom": check.symptom,
             "docs": getattr(check, "docs", f"docs/checks/{check.id}.md")} for check in registry.checks]


def text_listing(rows: list[dict[str, Any]]) -> str:
    """Each check as a block: id and title, then the symptom and the docs page, indented."""
    width = max((len(row["id"]) for row in rows), default=0) + 2
    blocks = []
    for row in rows:
        indent = " " * width
        blocks.append(f"{row['id']:<{width}}{row['title']}\n{indent}symptom: {row['symptom']}\n"
                      f"{indent}docs: {row['docs']}\n")
    return "\n".join(blocks)
