"""docs/reliability.md names the tests that hold each promise: every one of them exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "reliability.md"


def _named() -> list[str]:
    return sorted(set(re.findall(r"`(tests/[\w/]+\.py(?:::\w+)?)`", DOC.read_text())))


def test_the_page_names_tests():
    assert len(_named()) > 30


def test_every_test_the_page_names_exists():
    missing = []
    for reference in _named():
        path, _, name = reference.partition("::")
        source = ROOT / path
        if not source.is_file() or (name and not re.search(rf"^def {name}\(", source.read_text(), re.M)):
            missing.append(reference)
    assert missing == []
