"""Every report format, byte for byte, against tests/golden/ (MIDI_DIAG_UPDATE_GOLDEN=1 rewrites them)."""

import json
import os
from pathlib import Path

import pytest

from diag.report import FORMATS, render
from tests.report.scenario import build

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
SUFFIXES = {"text": "txt", "json": "json", "md": "md", "html": "html"}


@pytest.fixture(scope="module")
def diagnosis():
    return build()


@pytest.mark.parametrize("format", FORMATS)
def test_report_matches_its_golden_file(diagnosis, format):
    rendered = render(diagnosis, format)
    golden = GOLDEN / f"report.{SUFFIXES[format]}"
    if os.environ.get("MIDI_DIAG_UPDATE_GOLDEN"):
        golden.write_bytes(rendered.encode("utf-8"))
    assert rendered.encode("utf-8") == golden.read_bytes()


def test_the_scenario_holds_every_status(diagnosis):
    assert diagnosis.counts() == {"fail": 1, "warn": 1, "skip": 1, "pass": 3}
    assert diagnosis.failed


def test_json_has_exactly_the_contract_keys(diagnosis):
    report = json.loads(render(diagnosis, "json"))
    assert list(report) == ["schema", "generated", "tool", "environment", "rig", "traffic", "findings"]
    assert report["schema"] == "midi-diag/report/1" and report["generated"] == "2025-03-14T15:09:26Z"
    assert report["tool"] == {"name": "midi-diag", "version": "0.1.0"}
    finding = report["findings"][0]
    assert list(finding) == ["check", "status", "title", "summary", "confidence", "evidence", "fixes"]
    assert list(finding["fixes"][0]) == ["summary", "steps", "action"]
    assert {f["status"] for f in report["findings"]} <= {"fail", "warn", "pass", "skip"}


def test_colour_only_repeats_the_status_words(diagnosis):
    plain, coloured = render(diagnosis, "text"), render(diagnosis, "text", color=True)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert "FAIL" in plain and "FAIL" in coloured
