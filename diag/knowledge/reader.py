"""Strict reading of one TOML table: known keys only, typed values, facts with sources."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from diag.knowledge.facts import (
    GUESS_SOURCE_KINDS,
    PRIMARY_SOURCE_KINDS,
    UNKNOWN,
    Confidence,
    Fact,
    Source,
)
from diag.knowledge.kinds import Check, check_text

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
REQUIRED: Any = object()
"""The default of Table.get for a key that must be present."""


class SchemaError(Exception):
    """A data file breaks the format at one key path."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path or '(top level)'}: {problem}")
        self.path = path
        self.problem = problem


def check_slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG.match(value):
        raise ValueError("must be a lowercase slug: letters, digits and dashes")
    return value


def check_confidence(value: Any) -> Confidence:
    try:
        return Confidence(value)
    except ValueError:
        raise ValueError(f"must be one of {', '.join(c.value for c in Confidence)}") from None


@dataclass
class Context:
    """The file's sources, and which of them facts have used so far."""

    sources: Mapping[str, Source]
    used: set[str] = field(default_factory=set)

    def source(self, value: Any) -> Source:
        if value not in self.sources:
            raise ValueError(f"names no entry of [sources] ({value!r})")
        self.used.add(value)
        return self.sources[value]

    def source_list(self, value: Any) -> tuple[Source, ...]:
        if not isinstance(value, list) or not value:
            raise ValueError("must be a non-empty list of source ids")
        return tuple(self.source(item) for item in value)


class Table:
    """One table of a data file; every key read is marked, the rest are errors at finish()."""

    def __init__(self, data: Any, path: str, context: Context | None) -> None:
        if not isinstance(data, dict):
            raise SchemaError(path, "must be a table")
        self.data, self.path, self.context = data, path, context
        self.used: set[str] = set()

    def key_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, check: Check, default: Any = REQUIRED) -> Any:
        """The checked value of a key; a missing key is an error unless a default is given."""
        self.used.add(key)
        if key not in self.data:
            if default is REQUIRED:
                raise SchemaError(self.key_path(key), "is missing")
            return default
        try:
            return check(self.data[key])
        except ValueError as exc:
            raise SchemaError(self.key_path(key), str(exc)) from None

    def text(self, key: str, required: bool = False) -> str:
        text: str = self.get(key, check_text, REQUIRED if required else "")
        return text

    def sub(self, key: str, required: bool = False) -> Table | None:
        """A sub-table, or None when it is absent and not required."""
        self.used.add(key)
        if key not in self.data:
            if required:
                raise SchemaError(self.key_path(key), "is missing")
            return None
        return Table(self.data[key], self.key_path(key), self.context)

    def named(self, key: str) -> list[tuple[str, Table]]:
        """The sub-tables of a table of tables, each with its (slug or vocabulary) name."""
        outer = self.sub(key)
        if outer is None:
            return []
        outer.used.update(outer.data)
        return [(name, Table(value, outer.key_path(name), self.context)) for name, value in outer.data.items()]

    def array(self, key: str) -> list[Table]:
        """An array of tables ([[key]] in TOML)."""
        self.used.add(key)
        items = self.data.get(key, [])
        if not isinstance(items, list):
            raise SchemaError(self.key_path(key), "must be an array of tables ([[...]])")
        return [Table(item, f"{self.key_path(key)}[{i}]", self.context) for i, item in enumerate(items)]

    def fact(self, key: str, check: Check) -> Fact | None:
        """An optional fact table: value, source, confidence, and optionally note, settle, also."""
        table = self.sub(key)
        return None if table is None else read_fact(table, check)

    def required_fact(self, key: str, check: Check) -> Fact:
        """A fact table that must be present."""
        table = self.sub(key, required=True)
        assert table is not None
        return read_fact(table, check)

    def finish(self) -> None:
        """Fail on the first key nobody read."""
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise SchemaError(self.key_path(unknown[0]), "is not a known key here")

    def require_context(self) -> Context:
        if self.context is None:
            raise SchemaError(self.path, "cannot cite sources here")
        return self.context


def read_fact(table: Table, check: Check) -> Fact:
    """Read and check one fact; the confidence must fit the kind of source."""
    context = table.require_context()
    value = table.get("value", lambda v: UNKNOWN if v == "unknown" else check(v))
    fact = Fact(
        value=value,
        source=table.get("source", context.source),
        confidence=table.get("confidence", check_confidence),
        note=table.text("note"),
        settle=table.text("settle"),
        also=table.get("also", context.source_list, ()),
    )
    table.finish()
    check_fact_confidence(fact, table.path)
    return fact


def check_fact_confidence(fact: Fact, path: str) -> None:
    """The rules of docs/knowledge.md: verified needs a primary source or agreement, and so on."""
    if not fact.known and fact.confidence is not Confidence.UNVERIFIED:
        raise SchemaError(f"{path}.confidence", "an unknown value can only be unverified")
    if not fact.known and not fact.settle:
        raise SchemaError(f"{path}.settle", "an unknown value must say what would settle it")
    if fact.confidence is Confidence.VERIFIED and fact.source.kind not in PRIMARY_SOURCE_KINDS and not fact.also:
        problem = "verified needs a manufacturer or spec source, or agreeing sources in 'also'"
        raise SchemaError(f"{path}.confidence", problem)
    if fact.source.kind in GUESS_SOURCE_KINDS and fact.confidence is not Confidence.UNVERIFIED:
        raise SchemaError(f"{path}.confidence", f"a {fact.source.kind} source can only back an unverified fact")


def check_record_confidence(table: Table, context: Context) -> tuple[Source, Confidence]:
    """The source and confidence of a record that is itself a fact (a port, a track group, a bug)."""
    source = table.get("source", context.source)
    confidence = table.get("confidence", check_confidence)
    probe = Fact(value=True, source=source, confidence=confidence)
    check_fact_confidence(probe, table.path)
    return source, confidence


def checked_list(check: Check) -> Callable[[Any], tuple[Any, ...]]:
    """A list whose items all pass one check."""

    def check_items(value: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise ValueError("must be a list")
        return tuple(check(item) for item in value)

    return check_items
