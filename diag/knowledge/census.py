"""Walks a model's claims (facts and sourced records), to count them and to check them in tests."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from diag.knowledge.facts import Confidence, Fact, Source
from diag.knowledge.models import DeviceModel


@dataclass(frozen=True)
class Claim:
    """One sourced statement: a Fact, or a record (port, track group, bug...) that carries its own source."""

    path: str
    source: Source
    confidence: Confidence
    known: bool


def iter_facts(node: Any, path: str = "") -> Iterator[tuple[str, Fact]]:
    """Every Fact inside a model (or any part of one), with its dotted path."""
    for child_path, child in _walk(node, path):
        if isinstance(child, Fact):
            yield child_path, child


def iter_claims(node: Any, path: str = "") -> Iterator[Claim]:
    """Every Fact and every sourced record inside a model, as claims."""
    for child_path, child in _walk(node, path):
        if isinstance(child, Fact):
            yield Claim(child_path, child.source, child.confidence, child.known)
        elif hasattr(child, "source") and hasattr(child, "confidence"):
            yield Claim(child_path or "model", child.source, child.confidence, True)


def _walk(node: Any, path: str) -> Iterator[tuple[str, Any]]:
    if isinstance(node, Source):
        return
    yield path, node
    if isinstance(node, Fact):
        return
    if is_dataclass(node):
        for item in fields(node):
            yield from _walk(getattr(node, item.name), _join(path, item.name))
    elif isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, _join(path, str(key)))
    elif isinstance(node, tuple):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index}]")


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def census(model: DeviceModel) -> Counter[str]:
    """How many claims a model holds at each confidence, plus how many values are still unknown."""
    counts: Counter[str] = Counter()
    for claim in iter_claims(model):
        counts[claim.confidence.value] += 1
        counts["unknown"] += 0 if claim.known else 1
    return counts
