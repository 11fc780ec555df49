"""The terminal report, drawn with Rich: findings ranked, status in words (colour only repeats them)."""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from diag.engine.diagnosis import Diagnosis
from diag.engine.findings import Finding
from diag.report.common import (
    STATUS_WORDS,
    environment_lines,
    generated_text,
    headline,
    rig_lines,
    step_label,
    step_lines,
    traffic_facts,
    verdict,
)

WIDTH = 100
"""Columns the report is laid out for when it does not go to a terminal."""

STATUS_STYLES = {"fail": "bold red", "warn": "bold yellow", "skip": "dim", "pass": "bold green"}

_CONTROL = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}


def clean(value: Any) -> str:
    """The one way any text gets onto the terminal: control characters (escape sequences, line
    breaks) become spaces, so a port name cannot restyle or garble the report. Rich markup is
    never parsed: every string goes in as a Text."""
    return str(value).translate(_CONTROL)


def _text(value: Any, style: str = "") -> Text:
    return Text(clean(value), style)


def render(diagnosis: Diagnosis, color: bool = False, width: int = WIDTH) -> str:
    """The report as terminal text; with `color`, ANSI styles repeat what the words say."""
    console = Console(file=io.StringIO(), width=width, force_terminal=color, color_system="standard" if color else None,
                      no_color=not color, highlight=False, emoji=False, legacy_windows=False)
    for part in _parts(diagnosis):
        console.print(part)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    return "\n".join(line.rstrip() for line in output.splitlines()) + "\n"


def _parts(diagnosis: Diagnosis) -> list[RenderableType]:
    parts: list[RenderableType] = [
        _text(f"MIDI diagnosis: {headline(diagnosis)}", "bold"),
        _text(verdict(diagnosis)),
        Text(""),
        Rule("Findings", align="left"),
    ]
    parts += [_finding(finding) for finding in diagnosis.findings] or [Text("No check ran.")]
    parts += _captured(diagnosis) + _rig(diagnosis.rig) + _environment(diagnosis)
    return parts


def _finding(finding: Finding) -> RenderableType:
    status = str(finding.status)
    head = Text.assemble(_text(f"{STATUS_WORDS[status]:<4}", STATUS_STYLES[status]), "  ",
                         _text(finding.title, "bold"), _text(f"  [{finding.check}, confidence {finding.confidence}]", "dim"))
    body: list[RenderableType] = [_text(finding.summary)]
    if finding.evidence:
        body.append(Text("Evidence:", "bold"))
        body += [Padding(_text(f"- {line}"), (0, 0, 0, 2)) for line in finding.evidence]
    for fix in finding.fixes:
        label = "What would let it decide: " if status == "skip" else "Fix: "
        body.append(Text.assemble(_text(label, "bold"), _text(fix.summary)))
        body += [Padding(_text(f"{n}. {step}"), (0, 0, 0, 2)) for n, step in enumerate(fix.steps, start=1)]
    return Group(head, Padding(Group(*body), (0, 0, 1, 6)))


def _captured(diagnosis: Diagnosis) -> list[RenderableType]:
    parts: list[RenderableType] = [Rule("What was captured", align="left")]
    parts += [_text(f"step {line}") for line in step_lines(diagnosis)] or [Text("nothing")]
    for entry in diagnosis.traffic:
        facts = traffic_facts(entry)
        parts.append(Text.assemble(_text(entry.port, "bold"), _text(f" during {step_label(entry.step)}: {facts[0]}")))
        parts += [Padding(_text(f"- {fact}"), (0, 0, 0, 2)) for fact in facts[1:]]
    parts += [_text(f"warning: {warning}", "yellow") for warning in diagnosis.warnings]
    return parts + [Text("")]


def _rig(rig: dict[str, Any] | None) -> list[RenderableType]:
    parts: list[RenderableType] = [Rule("The rig", align="left")]
    if rig is None:
        return parts + [Text("No rig file was given: only the traffic was checked."), Text("")]
    parts.append(_text(rig.get("name") or "unnamed rig", "bold"))
    if rig.get("description"):
        parts.append(_text(rig["description"]))
    if rig.get("symptom"):
        parts.append(_text(f"The problem, in the user's words: {rig['symptom']}"))
    titles = {"devices": "Devices", "connections": "Connections", "observers": "Observed at"}
    for key, lines in rig_lines(rig).items():
        if lines:
            parts.append(Text(f"{titles[key]}:", "bold"))
            parts += [Padding(_text(f"- {line}"), (0, 0, 0, 2)) for line in lines]
    return parts + [Text("")]


def _environment(diagnosis: Diagnosis) -> list[RenderableType]:
    rows = environment_lines(diagnosis) + [("generated", generated_text(diagnosis))]
    parts: list[RenderableType] = [Rule("Environment", align="left")]
    return parts + [_text(f"{label:<14}{value}") for label, value in rows]
