"""The rules behind the rig-aware checks: confidence, note comparison, free channels, facts kept as data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from checks import note_offset
from checks.auto_channel import free_channel
from checks.note_offset import Comparison, _compare
from checks.rig_facts import confidence
from diag.engine import (
    CapturedStep,
    Confidence,
    TrafficAnalyzer,
    build_evidence,
    load_registry,
    run_checks,
)
from diag.events import MidiEvent
from diag.knowledge import model_ids
from diag.knowledge.models import KINDS
from diag.rig import load_rig
from tests.checks.test_scenarios import MINE

ROOT = Path(__file__).resolve().parents[2]
RIGS = sorted((ROOT / "docs" / "examples").glob("*.toml")) + sorted((ROOT / "tests" / "scenarios" / "rigs").glob("*.toml"))


@pytest.mark.parametrize("wire, trusted, expected", [
    (True, True, Confidence.HIGH), (True, False, Confidence.MEDIUM),
    (False, True, Confidence.MEDIUM), (False, False, Confidence.LOW)])
def test_confidence_drops_one_level_per_missing_support(wire, trusted, expected):
    assert confidence(wire, trusted) is expected


def pair(before: list[int], after: list[int]) -> Comparison:
    return Comparison("rytm", "pads against sequencer", dict.fromkeys(before, 1), dict.fromkeys(after, 1), True, 10)


@pytest.mark.parametrize("before, after, kind, offset, matched", [
    ([36, 40, 42], [36, 40, 42], "same", 0, 3),
    ([36, 40, 42], [60, 64, 66], "offset", 24, 3),
    ([36, 40, 42], [24, 28], "offset", -12, 2),
    ([36, 38], [38], "same", 0, 1),                     # a subset: the sequence used one of the pads
    ([36, 40, 42, 46], [61], "one-note", 25, 4),        # every trig on one number that no pad sent
    ([36], [61], "offset", 25, 1),                      # one pad, one note: an offset, on thin evidence
    ([36, 40], [50, 90], "unmatched", 0, 0),
])
def test_note_numbers_are_compared_by_the_smallest_offset_that_explains_all(before, after, kind, offset, matched):
    outcome = _compare(pair(before, after))
    assert (outcome.kind, outcome.matched) == (kind, matched)
    if kind == "offset":
        assert outcome.offset == offset


def test_a_single_note_pair_is_not_enough_for_high_confidence():
    assert note_offset.MIN_NOTES == 2
    page = (ROOT / "docs" / "checks" / "note-offset.md").read_text(encoding="utf-8")
    section = page.split("## How it decides")[1].split("## Fix")[0]
    assert f"**{note_offset.MIN_NOTES}**" in section


def test_the_free_channel_is_the_first_after_the_auto_channel_that_nothing_uses():
    rig = load_rig(ROOT / "docs" / "examples" / "auto-channel.toml")
    assert free_channel(rig, rig.device("octatrack"), 10) == 11   # the forum's answer
    rytm = load_rig(ROOT / "tests" / "scenarios" / "rigs" / "auto-channel-rytm-shared.toml")
    assert free_channel(rytm, rytm.device("rytm"), 1) == 14       # 1-12 tracks, 13 FX, 16 PERF


@pytest.mark.parametrize("check_id", MINE)
def test_no_device_fact_is_written_into_a_check(check_id):
    """Facts are data: no model id, and no comparison with a model or firmware name, in the code."""
    source = (ROOT / "checks" / f"{check_id.replace('-', '_')}.py").read_text(encoding="utf-8")
    code = re.sub(r'"""[\s\S]*?"""', "", source)
    models = set(model_ids()) - set(KINDS)  # "computer" is a kind too, and kinds are vocabulary
    assert [model for model in sorted(models) if f'"{model}"' in code] == []
    assert not re.search(r"(model|firmware|\.id)\s*==\s*[\"']", code)


@pytest.mark.parametrize("check_id", MINE)
def test_every_page_names_its_skips_and_confidence(check_id):
    page = (ROOT / "docs" / "checks" / f"{check_id}.md").read_text(encoding="utf-8")
    section = page.split("## How it decides")[1].split("## Fix")[0]
    assert "**skip**" in section and ("**fail**" in section or "**warn**" in section)
    assert "onfidence" in section


def noisy_capture(rig_path: Path) -> list[MidiEvent]:
    """Notes, clock, SysEx and a broken message on every observed port, in every step."""
    rig = load_rig(rig_path)
    events = []
    for number, observer in enumerate(rig.observers):
        port = f"{observer.port} port {number}"
        for step_number, step in enumerate(("keys", "pads", "sequencer", "sysex", "idle")):
            t = step_number * 2.0 + number * 0.001
            events += [MidiEvent(t, port, bytes((0x90 | number, 60, 90)), step),
                       MidiEvent(t + 0.1, port, b"\xf8", step),
                       MidiEvent(t + 0.2, port, bytes.fromhex("F0 7E 7F 06 02 00 21 23 F7"), step),
                       MidiEvent(t + 0.3, port, bytes((0x80 | number, 60, 0)), step),
                       MidiEvent(t + 0.4, port, b"\x90\x3c", step)]
    return sorted(events, key=lambda e: e.t)


@pytest.mark.parametrize("rig_path", RIGS, ids=[p.stem for p in RIGS])
@pytest.mark.parametrize("noisy", [False, True], ids=["silent", "noisy"])
def test_no_check_of_mine_crashes_on_any_rig(rig_path, noisy):
    rig = load_rig(rig_path)
    analyzer = TrafficAnalyzer()
    events = noisy_capture(rig_path) if noisy else []
    analyzer.feed(events)
    ports = tuple(dict.fromkeys(e.port for e in events)) or tuple(o.port for o in rig.observers)
    for port in ports:
        analyzer.declare(port, "keys")
    steps = [CapturedStep(step, ports, "test") for step in dict.fromkeys([e.step for e in events] or ["keys"])]
    checks = [check for check in load_registry().checks if check.id in MINE]
    findings = run_checks(checks, build_evidence(analyzer.summary(), steps, rig))
    assert [f.summary for f in findings if f.title == "Check crashed"] == []
    assert {f.check for f in findings} == set(MINE)
