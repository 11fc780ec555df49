"""docs/simulator.md stays true: its tables come from the scenario files, its options from the parser."""

import re
from pathlib import Path

from diag.cli import build_parser
from diag.sim.doctables import with_tables
from tests.sim.support import scenarios

PAGE = Path(__file__).resolve().parents[2] / "docs" / "simulator.md"


def test_the_generated_tables_match_the_scenario_files():
    text = PAGE.read_text(encoding="utf-8")
    assert with_tables(text, scenarios()) == text, "regenerate the tables (see the end of docs/simulator.md)"
    for scenario in scenarios():
        assert f"| `{scenario.name}` |" in text


def test_every_option_the_page_lists_exists_and_every_option_is_listed():
    text = PAGE.read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for command in ("demo", "simulate"):
        section = text.split(f"## `midi-diag {command}`")[1].split("\n## ")[0]
        listed = set(re.findall(r"^\| `(--[a-z-]+)[^`]*`", section, re.MULTILINE))
        options = {o for a in commands[command]._actions for o in a.option_strings if o.startswith("--")}
        assert listed == options - {"--help", "--output"}, command
