"""The tables of docs/simulator.md (the scenarios, and the assumptions each states), made from the files."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path

from diag.sim.scenario import Scenario


def scenario_table(scenarios: Iterable[Scenario]) -> str:
    """One row per scenario: what it is, the rig it uses, the findings it expects."""
    rows = ["| scenario | kind | what happens | rig (docs/examples) | expected findings |", "|---|---|---|---|---|"]
    for s in scenarios:
        expected = ", ".join(f"`{check}` {status}" for check, status in s.expect.items())
        kind = "healthy" if s.healthy else "fault"
        rig = s.rig.path.name if s.rig.path else "–"
        rows.append(f"| `{s.name}` | {kind} | {_cell(s.description)} | `{rig}` | {expected or '–'} |")
    return "\n".join(rows)


def assumption_table(scenarios: Iterable[Scenario]) -> str:
    """One row per assumption: the fact the knowledge leaves open, the value the scenario takes, and why."""
    rows = ["| scenario | fact | assumed | because |", "|---|---|---|---|"]
    for s in scenarios:
        for a in s.assumptions.values():
            value = _plain(a.value) if a.by_power is None else \
                ", ".join(f"{k}: {_plain(v)}" for k, v in a.by_power.items())
            rows.append(f"| `{s.name}` | `{a.key}` | {_cell(value)} | {_cell(a.because)} |")
    return "\n".join(rows)


TABLES: dict[str, Callable[[Iterable[Scenario]], str]] = {"scenarios": scenario_table,
                                                            "assumptions": assumption_table}


def with_tables(text: str, scenarios: list[Scenario]) -> str:
    """The document text with every generated section replaced by a fresh table."""
    for name, make in TABLES.items():
        start, end = f"<!-- generated:{name} -->", f"<!-- /generated:{name} -->"
        pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
        fresh = f"{start}\n{make(scenarios)}\n{end}"
        text = pattern.sub(lambda _: fresh, text)  # noqa: B023 - used at once, within this iteration
    return text


def update_doc(path: Path, scenarios: list[Scenario]) -> None:
    path.write_text(with_tables(path.read_text(encoding="utf-8"), scenarios), encoding="utf-8")


def _plain(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return ", ".join(f"{k} = {v}" for k, v in value.items())
    return str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")
