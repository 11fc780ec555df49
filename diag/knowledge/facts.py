"""Facts: a value with the source that states it and how far to trust it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Confidence(StrEnum):
    """How far a fact can be trusted (docs/knowledge.md maps the research tags)."""

    VERIFIED = "verified"
    FORUM = "forum"
    UNVERIFIED = "unverified"


class _Unknown:
    """The one value meaning: nobody has established this fact yet."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __str__(self) -> str:
        return "unknown"

    def __bool__(self) -> bool:
        return False


UNKNOWN = _Unknown()
"""Written as the string "unknown" in a data file."""

SOURCE_KINDS: dict[str, str] = {
    "manual": "the manufacturer's manual (read directly or quoted word for word)",
    "vendor-page": "a page on the manufacturer's own web site",
    "vendor-code": "code published by the manufacturer",
    "spec": "a published standard (MIDI 1.0, MMA tables)",
    "community-code": "third-party code that talks to the device",
    "forum": "a user report in a forum thread",
    "blog": "a blog post or review",
    "inference": "midi-diag's own reasoning from other facts",
    "not-found": "looked for and not found",
    "definition": "what midi-diag means by a placeholder model",
}

PRIMARY_SOURCE_KINDS = frozenset({"manual", "vendor-page", "vendor-code", "spec"})
"""Kinds that may back a verified fact on their own."""

GUESS_SOURCE_KINDS = frozenset({"inference", "not-found", "definition"})
"""Kinds that can never back more than an unverified fact."""


@dataclass(frozen=True)
class Source:
    """Where a fact comes from: an entry of a data file's [sources] table."""

    id: str
    kind: str
    title: str
    url: str = ""
    section: str = ""
    note: str = ""

    def cite(self) -> str:
        """One line naming the source, for evidence lists and reports."""
        parts = [self.title]
        if self.section:
            parts.append(self.section)
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@dataclass(frozen=True)
class Fact:
    """A value, the source that states it, and its confidence."""

    value: Any
    source: Source
    confidence: Confidence
    note: str = ""
    settle: str = ""
    """What would establish the value: ask the user, read a menu, measure a pin."""
    also: tuple[Source, ...] = ()
    """Further sources that state the same value independently."""

    @property
    def known(self) -> bool:
        """False when the value is UNKNOWN."""
        return self.value is not UNKNOWN

    @property
    def sources(self) -> tuple[Source, ...]:
        """The main source followed by the agreeing ones."""
        return (self.source, *self.also)
