"""The scripts/fuzz runner's own logic: its arguments, the executions it reads from libFuzzer, its verdict."""

from __future__ import annotations

from pathlib import Path

import pytest

from fuzz.run import DEFAULT_SECONDS, Outcome, _arguments, _executions, main
from fuzz.targets import TARGETS


def test_seconds_and_targets_are_optional() -> None:
    assert _arguments([]) == (DEFAULT_SECONDS, list(TARGETS))
    assert _arguments(["5"]) == (5, list(TARGETS))
    assert _arguments(["90", "rig", "stream"]) == (90, ["rig", "stream"])


def test_an_unknown_target_or_no_time_is_refused_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["10", "rigs"]) == 2
    assert "unknown target rigs (targets: capture_jsonl" in capsys.readouterr().err
    assert main(["0"]) == 2


def test_executions_come_from_the_final_stats_or_the_done_line() -> None:
    assert _executions(b"#4096\tpulse ...\nDone 46572 runs in 11 second(s)\nstat::number_of_executed_units: 46572\n") == 46572
    assert _executions(b"==1== ERROR: libFuzzer: fuzz target exited\nstat::number_of_executed_units: 1681\n") == 1681
    assert _executions(b"Traceback (most recent call last):\n") == 0


def test_a_crash_input_or_a_failed_fuzzer_is_a_crash() -> None:
    clean = Outcome("rig", 10, 3, 5, [], 0)
    assert not clean.crashed and "no crash" in clean.line()
    assert Outcome("rig", 10, 3, 5, [Path("crash-1")], 1).crashed
    failed = Outcome("rig", 0, 3, 3, [], 1)
    assert failed.crashed and "fuzzer exited with 1" in failed.line()
