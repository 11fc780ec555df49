"""No false alarms: the healthy example rigs with healthy, noisy traffic get no fail and no warn."""

from pathlib import Path

import pytest

from checks.clock import ClockCheck
from checks.feedback_loop import FeedbackLoopCheck
from checks.malformed import MalformedCheck
from checks.no_traffic import NoTrafficCheck
from checks.stuck_notes import StuckNotesCheck
from diag.engine import Status, run_checks
from diag.rig import load_rig
from tests.engine.builders import clock, evidence, notes, sensing

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "docs" / "examples").glob("healthy-*.toml"))
CHECKS = (NoTrafficCheck(), FeedbackLoopCheck(), StuckNotesCheck(), ClockCheck(), MalformedCheck())


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_a_healthy_rig_raises_no_fail_and_no_warn(path):
    rig = load_rig(path)
    streams = []
    for number, observer in enumerate(rig.observers):
        port, delay = f"{observer.port} port", number * 0.0013
        streams += [notes(port, [48, 52, 55, 60], channel=1, start=0.05 + delay),
                    sensing(port, 3.0, start=delay),
                    clock(port, beats=6, start=delay, step="sequencer"),
                    notes(port, [36, 38, 42] * 3, channel=10, start=0.1 + delay, step="sequencer")]
    findings = run_checks(CHECKS, evidence(*streams, rig=rig))
    bad = [(f.check, f.status, f.summary) for f in findings if f.status in (Status.FAIL, Status.WARN)]
    assert bad == []
    assert {f.check for f in findings} == {check.id for check in CHECKS}
