"""`midi-diag demo`: a whole diagnosis of a built-in simulated rig, with no MIDI hardware at all."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from diag.errors import ExitCode, OutputError

if TYPE_CHECKING:
    from diag.sim import Scenario

DEFAULT_SCENARIO = "auto-channel"
"""The first scenario a newcomer sees: the commonest complaint (the keyboard plays nothing) with a clear fix."""


def run(args: argparse.Namespace) -> int:
    from diag.sim import load_scenario, scenario_names

    if args.list:
        _print_list([load_scenario(name) for name in scenario_names()])
        return ExitCode.OK
    scenario = load_scenario(args.scenario or DEFAULT_SCENARIO)
    if not args.headless:
        if _terminal():
            from diag.commands.wizard import run_demo

            return run_demo(scenario, fast=args.fast)
        say("not a terminal, so no wizard: printing the report `--headless` gives")
    return _headless(scenario, args)


def _headless(scenario: Scenario, args: argparse.Namespace) -> int:
    from diag.report import render
    from diag.sim.headless import run_headless
    from diag.sim.player import FAST

    fixed = args.fixed and scenario.fix is not None
    say(f"scenario '{scenario.name}': {scenario.description}")
    if fixed and scenario.fix is not None:
        say(f"with the fix applied: {scenario.fix.say}")
    for number, step in enumerate(scenario.steps, start=1):
        say(f"  step {number} ({step.name}): {step.say}")
    diagnosis = run_headless(scenario, fixed=fixed, speed=FAST if args.fast else 1.0)
    _write(render(diagnosis, args.format, color=args.format == "text" and _colour()), args.output)
    if scenario.fix is not None and not fixed:
        say(f"the fix: {scenario.fix.say}")
        say(f"see it work: midi-diag demo {scenario.name} --headless --fixed")
    return ExitCode.FINDINGS_FAILED if diagnosis.failed else ExitCode.OK


def _print_list(scenarios: list[Scenario]) -> None:
    width = max(len(scenario.name) for scenario in scenarios)
    for scenario in scenarios:
        kind = "healthy" if scenario.healthy else "fault  "
        marker = "  (the default)" if scenario.name == DEFAULT_SCENARIO else ""
        print(f"{scenario.name:<{width}}  {kind}  {scenario.description}{marker}")


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        Path(output).write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from error
    say(f"report written to {output}")


def _terminal() -> bool:
    return sys.stdin.isatty() and sys.stdout.isatty()


def _colour() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
