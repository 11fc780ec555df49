"""docs/checks/ is kept true: one page per registered check, matching its id and title, and back.

A new check fails here until its page exists (docs/engine.md says what a page holds).
"""

import re
from pathlib import Path

import pytest

from checks import clock, feedback_loop, malformed, stuck_notes
from diag.engine import load_registry
from diag.engine.clock import DROPOUT_FACTOR, PAUSE_SECONDS
from diag.engine.echo import ECHO_WINDOW
from diag.engine.meters import FLOW_WINDOW

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT / "docs" / "checks"
SECTIONS = ["## Symptom", "## Cause", "## How it decides", "## Fix", "## Sources"]
REGISTRY = load_registry()


def page_of(check_id: str) -> str:
    return (PAGES / f"{check_id}.md").read_text(encoding="utf-8")


def test_the_registry_loads_every_check_without_problems():
    assert REGISTRY.problems == ()


@pytest.mark.parametrize("check", REGISTRY.checks, ids=REGISTRY.ids)
def test_every_registered_check_has_a_page_with_its_title_id_and_sections(check):
    page = PAGES / f"{check.id}.md"
    assert page.exists(), f"{check.id} has no page: write {page.relative_to(ROOT)} (docs/engine.md)"
    text = page.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"# {check.title}"
    assert f"Check id: `{check.id}`" in text
    positions = [text.find(section + "\n") for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions), f"sections must be {SECTIONS}"
    assert check.docs == f"docs/checks/{check.id}.md"


@pytest.mark.parametrize("check", REGISTRY.checks, ids=REGISTRY.ids)
def test_every_check_docstring_says_symptom_cause_and_fix(check):
    doc = type(check).__doc__ or ""
    for part in ("Symptom:", "Cause:", "Fix:"):
        assert part in doc, f"{check.id}: the docstring lacks {part}"


def test_every_page_belongs_to_a_registered_check():
    orphans = sorted(page.stem for page in PAGES.glob("*.md") if page.stem not in REGISTRY.ids)
    assert orphans == [], f"pages without a registered check: {orphans}"


def percent(share: float) -> str:
    return f"**{share * 100:g} %**"


THRESHOLDS = {
    "clock": [percent(clock.TEMPO_AGREEMENT), percent(clock.IRREGULAR), percent(clock.BEAT_SPREAD),
              percent(clock.DROPOUT_SHARE), f"**{clock.MIN_TICKS}**", f"**{clock.MIN_BEATS}**",
              f"**{DROPOUT_FACTOR:g}**", f"{PAUSE_SECONDS:g} s"],
    "feedback-loop": [f"**{ECHO_WINDOW * 1000:g} ms**", f"**{feedback_loop.MIN_RETURNS}**",
                      percent(feedback_loop.MIN_SHARE), f"**{feedback_loop.LONG_CHAIN}**"],
    "stuck-notes": [f"**{stuck_notes.STUCK_SECONDS:g} s**"],
    "malformed": [f"**{malformed.MANY_MALFORMED}**", f"**{FLOW_WINDOW:g} s**"],
}


@pytest.mark.parametrize("check_id", sorted(THRESHOLDS))
def test_the_pages_state_the_thresholds_the_code_uses(check_id):
    text = page_of(check_id)
    missing = [value for value in THRESHOLDS[check_id] if value not in text]
    assert missing == [], f"docs/checks/{check_id}.md does not state {missing}"


def test_the_thresholds_are_in_the_how_it_decides_section():
    for check_id in THRESHOLDS:
        section = re.search(r"## How it decides\n(.*?)\n## Fix", page_of(check_id), re.S)
        assert section and all(value in section.group(1) for value in THRESHOLDS[check_id][:1])
