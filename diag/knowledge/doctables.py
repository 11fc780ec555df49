"""The generated tables of docs/knowledge.md: shipped models, the vocabulary, value and source kinds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from diag.knowledge.census import census
from diag.knowledge.facts import SOURCE_KINDS
from diag.knowledge.kinds import VALUE_KINDS
from diag.knowledge.models import DeviceModel
from diag.knowledge.vocabulary import BEHAVIOURS, SETTINGS, TRACK_SETTINGS, Term


def models_table(models: Iterable[DeviceModel]) -> str:
    """One row per shipped model with its fact counts by confidence."""
    rows = ["| id | model | kind | verified | forum | unverified | of which unknown |", "|---|---|---|---|---|---|---|"]
    for model in models:
        counts = census(model)
        rows.append(
            f"| `{model.id}` | {model.title} | {model.kind} | {counts['verified']} | {counts['forum']} "
            f"| {counts['unverified']} | {counts['unknown']} |"
        )
    return "\n".join(rows)


def vocabulary_table() -> str:
    """Every setting and behaviour name a data file may use, with kind and meaning."""
    rows = ["| where | name | kind | meaning |", "|---|---|---|---|"]
    rows += _term_rows("`[settings]`, `[firmwares.*.settings]`", SETTINGS.values())
    rows += _term_rows("`[tracks.*.settings]`", TRACK_SETTINGS.values())
    rows += _term_rows("`[behaviour]`, `[firmwares.*.behaviour]`", BEHAVIOURS.values())
    return "\n".join(rows)


def kinds_table() -> str:
    """The value kinds a fact may hold and the kinds of source it may cite."""
    rows = ["| kind of | name | meaning |", "|---|---|---|"]
    rows += [f"| value | `{k.name}` | {k.meaning} |" for k in VALUE_KINDS.values()]
    rows += [f"| source | `{name}` | {meaning} |" for name, meaning in SOURCE_KINDS.items()]
    return "\n".join(rows)


def _term_rows(where: str, terms: Iterable[Term]) -> list[str]:
    return [f"| {where} | `{t.name}` | {t.kind} | {t.meaning} |" for t in terms]


def _blocks(models: Iterable[DeviceModel]) -> dict[str, Callable[[], str]]:
    shipped = list(models)
    return {"models": lambda: models_table(shipped), "vocabulary": vocabulary_table, "kinds": kinds_table}


def render(document: str, models: Iterable[DeviceModel]) -> str:
    """The document with every generated block (between its marker comments) rebuilt."""
    for name, build in _blocks(models).items():
        pattern = re.compile(rf"(<!-- generated:{name} -->\n)(?:.*?\n)?(<!-- /generated:{name} -->)", re.DOTALL)
        if not pattern.search(document):
            raise ValueError(f"the document has no generated:{name} block")
        document = pattern.sub(rf"\g<1>{_escape(build())}\n\g<2>", document)
    return document


def _escape(text: str) -> str:
    """Backslashes in a table must reach the document unchanged by re.sub."""
    return text.replace("\\", "\\\\")


def update_doc(path: Path, models: Iterable[DeviceModel]) -> bool:
    """Rewrite the generated blocks of a document in place; True when anything changed."""
    old = path.read_text(encoding="utf-8")
    new = render(old, models)
    if new != old:
        path.write_text(new, encoding="utf-8")
    return new != old
