"""The Markdown report, ready to paste into a forum post: findings, what was captured, the rig."""

from __future__ import annotations

import re
from typing import Any

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

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<#!|~&@])")
_LIST_NUMBER = re.compile(r"^(\d{1,9})([.)])")
_BLOCK_MARKERS = "-+=>"
_CONTROL = {code: " " for code in [*range(0x20), *range(0x7F, 0xA0)]}
_AUTOLINK = re.compile(r"(?i)\b(?:[a-z][a-z0-9+.-]*:/|www\.)")


def md(value: Any) -> str:
    """The one way any text gets into the report: control characters and line breaks folded into
    single spaces, Markdown syntax escaped.

    Every character CommonMark (and Discourse, where most of the forum threads live) could
    read as markup is backslash-escaped: links, images, emphasis, code, HTML, tables,
    headings, @mentions and #tags, a leading list or quote marker, and the start of a bare
    URL (which forums would turn into a link). A port name, a
    device's identity string or a rig comment can then neither format nor link anything.
    """
    text = _SPECIAL.sub(r"\\\1", " ".join(str(value).translate(_CONTROL).split()))
    text = _AUTOLINK.sub(lambda m: m.group(0).replace(":", "\\:").replace(".", "\\."), text)
    if text[:1] and text[0] in _BLOCK_MARKERS:
        text = "\\" + text
    return _LIST_NUMBER.sub(r"\1\\\2", text)


def render(diagnosis: Diagnosis) -> str:
    """The whole report as Markdown, ending in a newline."""
    blocks = [f"## MIDI diagnosis: {md(headline(diagnosis))}", md(verdict(diagnosis)), "### Findings"]
    blocks += [_finding(finding) for finding in diagnosis.findings] or ["No check ran."]
    blocks += _captured(diagnosis) + _rig(diagnosis.rig) + _environment(diagnosis)
    return "\n\n".join(blocks) + "\n"


def _finding(finding: Finding) -> str:
    head = (f"**{STATUS_WORDS[str(finding.status)]}**: {md(finding.title)} "
            f"\\(check {md(finding.check)}, confidence {md(finding.confidence)}\\)")
    lines = [head, "", md(finding.summary)]
    if finding.evidence:
        lines += ["", "Evidence:"] + [f"- {md(line)}" for line in finding.evidence]
    for fix in finding.fixes:
        label = "What would let it decide" if str(finding.status) == "skip" else "Fix"
        lines += ["", f"{label}: {md(fix.summary)}"]
        lines += [f"{number}. {md(step)}" for number, step in enumerate(fix.steps, start=1)]
    return "\n".join(lines)


def _captured(diagnosis: Diagnosis) -> list[str]:
    steps = "\n".join(f"- {md(line)}" for line in step_lines(diagnosis)) or "- nothing"
    entries = []
    for entry in diagnosis.traffic:
        facts = traffic_facts(entry)
        head = f"- **{md(entry.port)}** during {md(step_label(entry.step))}: {md(facts[0])}"
        entries.append("\n".join([head] + [f"  - {md(fact)}" for fact in facts[1:]]))
    blocks = ["### What was captured", f"Steps:\n\n{steps}"]
    if entries:
        blocks.append("\n".join(entries))
    if diagnosis.warnings:
        blocks.append("Reading problems:\n\n" + "\n".join(f"- {md(w)}" for w in diagnosis.warnings))
    return blocks


def _rig(rig: dict[str, Any] | None) -> list[str]:
    if rig is None:
        return ["### The rig", "No rig file was given: only the traffic was checked."]
    blocks = ["### The rig", f"**{md(rig.get('name') or 'unnamed rig')}**"]
    if rig.get("description"):
        blocks.append(md(rig["description"]))
    if rig.get("symptom"):
        blocks.append(f"The problem, in the user's words: {md(rig['symptom'])}")
    titles = {"devices": "Devices", "connections": "Connections", "observers": "Observed at"}
    for key, lines in rig_lines(rig).items():
        if lines:
            blocks.append(f"{titles[key]}:\n\n" + "\n".join(f"- {md(line)}" for line in lines))
    return blocks


def _environment(diagnosis: Diagnosis) -> list[str]:
    lines = [f"- {md(label)}: {md(value)}" for label, value in environment_lines(diagnosis)]
    lines.append(f"- generated: {md(generated_text(diagnosis))}")
    return ["### Environment", "\n".join(lines)]
