"""`midi-diag diagnose`: read captures and listen to ports, run every check, write the report."""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from diag.engine import (
    CapturedStep,
    Diagnosis,
    TrafficAnalyzer,
    build_evidence,
    collect_environment,
    diagnose,
)
from diag.engine.evidence import observer_or_error
from diag.engine.registry import load_registry
from diag.engine.sources import feed_live, read_capture_file
from diag.engine.words import STEP_ACTIONS
from diag.errors import ExitCode, OutputError, UsageError
from diag.report import render

if TYPE_CHECKING:
    from diag.midi.capture import CaptureSession
    from diag.rig import Rig

STEP_PROMPTS: dict[str, str] = {
    "keys": "play a few keys on the controller",
    "pads": "play the device's pads or trig keys by hand",
    "sequencer": "start the device's sequencer and let it play",
    "idle": "touch nothing",
}
"""What the user should do during each of the wizard's steps (STEP_ACTIONS says what it was)."""


@dataclass(frozen=True)
class ListenGroup:
    """One `--listen PORT --seconds S --step NAME` group."""

    port: str
    seconds: float
    step: str


def run(args: argparse.Namespace) -> int:
    groups = listen_groups(args.listen, args.seconds, args.step)
    if not args.captures and not groups:
        raise UsageError("nothing to diagnose: give --capture FILE, or --listen PORT --seconds S --step NAME")
    rig = _load_rig(args.rig)
    analyzer = TrafficAnalyzer()
    steps, warnings = _read_captures(analyzer, args.captures, rig)
    api = None
    if groups:
        from diag.midi.apis import choose_api

        api = choose_api(args.api)
        steps += listen(api, groups, analyzer, rig)
    evidence = build_evidence(analyzer.summary(), steps, rig)
    environment = collect_environment(api, evidence.traffic.ports)
    diagnosis = diagnose(evidence, load_registry(), environment, warnings=warnings)
    _write(diagnosis, args.format, args.output)
    return ExitCode.FINDINGS_FAILED if diagnosis.failed else ExitCode.OK


def listen_groups(ports: list[str] | None, seconds: list[float] | None, steps: list[str] | None) -> list[ListenGroup]:
    """Pair the repeated options in the order given; each --listen needs its own --seconds and --step."""
    ports, seconds, steps = ports or [], seconds or [], steps or []
    if not (len(ports) == len(seconds) == len(steps)):
        raise UsageError(f"each --listen PORT needs its own --seconds S and --step NAME (got {len(ports)} "
                         f"--listen, {len(seconds)} --seconds, {len(steps)} --step)")
    return [ListenGroup(port, length, step) for port, length, step in zip(ports, seconds, steps)]


def _load_rig(path: str | None) -> Rig | None:
    if path is None:
        return None
    from diag.rig import load_rig

    return load_rig(path)


def _read_captures(analyzer: TrafficAnalyzer, paths: list[str] | None,
                   rig: Rig | None) -> tuple[list[CapturedStep], list[str]]:
    steps: list[CapturedStep] = []
    warnings: list[str] = []
    for path in paths or []:
        file_steps, file_warnings = read_capture_file(analyzer, path)
        if rig is not None:
            for step in file_steps:
                for port in step.ports:
                    observer_or_error(rig, port, step.source)
        steps += file_steps
        warnings += file_warnings
    return steps, warnings


def listen(api: str, groups: list[ListenGroup], analyzer: TrafficAnalyzer, rig: Rig | None) -> list[CapturedStep]:
    """Capture each group in turn, telling the user on stderr what to do; Ctrl-C ends the listening."""
    from diag.midi.capture import open_capture
    from diag.midi.loop import run_session

    captured = []
    for group in groups:
        session = open_capture(api, [group.port], step=group.step)
        name = session.port_names[0]
        if rig is not None:
            _observed_or_close(session, rig, name, group.port)
        feed = feed_live(analyzer, [name], group.step, f"listening on '{name}'")
        say(f"step '{group.step}' on '{name}' for {group.seconds:g} s - now: {_prompt(group.step)}")
        result = run_session(session, group.seconds, feed)
        say(f"  got {feed.messages} message{'' if feed.messages == 1 else 's'}")
        if session.stats.dropped:
            say(f"  warning: {session.stats.dropped} messages dropped: the computer could not keep up")
        captured.append(feed.finished(result.seconds))
        if result.interrupted:
            say("stopped early: diagnosing what was captured so far")
            break
    return captured


def _observed_or_close(session: CaptureSession, rig: Rig, name: str, fragment: str) -> None:
    try:
        observer_or_error(rig, name, f"--listen {fragment}")
    except BaseException:
        session.close()
        raise


def _prompt(step: str) -> str:
    return STEP_PROMPTS.get(step) or STEP_ACTIONS.get(step) or f"do what '{step}' stands for"


def _write(diagnosis: Diagnosis, format: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(render(diagnosis, format, color=format == "text" and _colour_terminal()))
        sys.stdout.flush()
        return
    text = render(diagnosis, format)
    try:
        Path(output).write_text(text, encoding="utf-8", newline="\n")
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from error
    say(f"report written to {output}")


def _colour_terminal() -> bool:
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
