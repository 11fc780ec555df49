"""The HTML report: one self-contained file (inline CSS, no script, no link), every value escaped."""

from __future__ import annotations

import html
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

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.finding { border-left: 0.35rem solid #999; padding: 0.2rem 0 0.2rem 0.8rem; margin: 1rem 0; }
.fail { border-color: #c62828; } .warn { border-color: #ef6c00; }
.skip { border-color: #757575; } .pass { border-color: #2e7d32; }
.status { font-weight: bold; letter-spacing: 0.05em; }
.meta { color: #555; font-size: 0.9rem; }
code, .mono { font-family: ui-monospace, monospace; }
table { border-collapse: collapse; } td, th { text-align: left; padding: 0.2rem 0.8rem 0.2rem 0; }
"""


def esc(value: Any) -> str:
    """The one way any text gets into the page: HTML-escaped, quotes included."""
    return html.escape(str(value), quote=True)


def render(diagnosis: Diagnosis) -> str:
    """The whole page, ending in a newline."""
    body = [f"<h1>MIDI diagnosis: {esc(headline(diagnosis))}</h1>", f"<p>{esc(verdict(diagnosis))}</p>",
            "<h2>Findings</h2>"]
    body += [_finding(finding) for finding in diagnosis.findings] or ["<p>No check ran.</p>"]
    body += _captured(diagnosis) + _rig(diagnosis.rig) + _environment(diagnosis)
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>MIDI diagnosis: {esc(headline(diagnosis))}</title>", f"<style>{STYLE}</style>", "</head>",
        "<body>", *body, "</body>", "</html>",
    ]) + "\n"


def _finding(finding: Finding) -> str:
    status = str(finding.status)
    parts = [f'<section class="finding {esc(status)}">',
             (f'<p><span class="status">{esc(STATUS_WORDS[status])}</span> {esc(finding.title)} '
              f'<span class="meta">(check {esc(finding.check)}, confidence {esc(finding.confidence)})</span></p>'),
             f"<p>{esc(finding.summary)}</p>"]
    if finding.evidence:
        parts.append("<p>Evidence:</p>" + _list(finding.evidence))
    for fix in finding.fixes:
        label = "What would let it decide" if status == "skip" else "Fix"
        parts.append(f"<p>{esc(label)}: {esc(fix.summary)}</p>")
        if fix.steps:
            parts.append("<ol>" + "".join(f"<li>{esc(step)}</li>" for step in fix.steps) + "</ol>")
    parts.append("</section>")
    return "\n".join(parts)


def _list(lines: Any) -> str:
    return "<ul>" + "".join(f"<li>{esc(line)}</li>" for line in lines) + "</ul>"


def _captured(diagnosis: Diagnosis) -> list[str]:
    parts = ["<h2>What was captured</h2>", "<p>Steps:</p>", _list(step_lines(diagnosis) or ["nothing"])]
    for entry in diagnosis.traffic:
        facts = traffic_facts(entry)
        parts.append(f'<p><b class="mono">{esc(entry.port)}</b> during {esc(step_label(entry.step))}: '
                     f"{esc(facts[0])}</p>")
        if facts[1:]:
            parts.append(_list(facts[1:]))
    if diagnosis.warnings:
        parts.append("<p>Reading problems:</p>" + _list(diagnosis.warnings))
    return parts


def _rig(rig: dict[str, Any] | None) -> list[str]:
    if rig is None:
        return ["<h2>The rig</h2>", "<p>No rig file was given: only the traffic was checked.</p>"]
    parts = ["<h2>The rig</h2>", f"<p><b>{esc(rig.get('name') or 'unnamed rig')}</b></p>"]
    if rig.get("description"):
        parts.append(f"<p>{esc(rig['description'])}</p>")
    if rig.get("symptom"):
        parts.append(f"<p>The problem, in the user's words: {esc(rig['symptom'])}</p>")
    titles = {"devices": "Devices", "connections": "Connections", "observers": "Observed at"}
    for key, lines in rig_lines(rig).items():
        if lines:
            parts.append(f"<p>{esc(titles[key])}:</p>" + _list(lines))
    return parts


def _environment(diagnosis: Diagnosis) -> list[str]:
    rows = environment_lines(diagnosis) + [("generated", generated_text(diagnosis))]
    table = "".join(f"<tr><th>{esc(label)}</th><td>{esc(value)}</td></tr>" for label, value in rows)
    return ["<h2>Environment</h2>", f"<table>{table}</table>"]
