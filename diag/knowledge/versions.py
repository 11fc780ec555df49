"""Firmware and OS version numbers ("1.50", "1.50A", "OS 1.61B") and their order."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = re.compile(r"^(?:os|v|fw|firmware)?\s*(\d+(?:\.\d+)*)\s*([a-z]?)$", re.IGNORECASE)


@dataclass(frozen=True, order=True)
class Version:
    """A comparable version: numeric parts, then an optional letter (1.50 < 1.50A < 1.50B < 1.51)."""

    numbers: tuple[int, ...]
    letter: str = ""

    def __str__(self) -> str:
        return ".".join(str(n) for n in self.numbers) + self.letter


def parse_version(text: str) -> Version:
    """Read a version as devices show it; raises ValueError on anything else."""
    match = _VERSION.match(text.strip())
    if not match:
        raise ValueError(f"cannot read {text!r} as a version such as 1.50 or 1.50A")
    numbers = _drop_padding(tuple(int(part) for part in match.group(1).split(".")))
    return Version(numbers, match.group(2).upper())


def _drop_padding(numbers: tuple[int, ...]) -> tuple[int, ...]:
    """Treat 1.2.0 as 1.2; the first two parts always count (1.50 stays 1.50)."""
    while len(numbers) > 2 and numbers[-1] == 0:
        numbers = numbers[:-1]
    return numbers


def in_range(version: Version, first: Version, fixed: Version | None) -> bool:
    """True when first <= version and, if a fix is known, version < fixed."""
    return first <= version and (fixed is None or version < fixed)
