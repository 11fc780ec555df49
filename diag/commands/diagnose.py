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
from diag.errors import ExitCode, MidiUnavailableError, OutputError, UsageError
from diag.report import render

if TYPE_CHECKING:
    from diag.engine.evidence import DeviceReading
    from diag.midi.capture import CaptureSession
    from diag.midi.loop import LoopResult
    from diag.midi.watch import PortNotice
    from diag.rig import Rig, RigDevice

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
    reads_hub = _reads_hub(args)
    rig = _load_rig(args.rig)
    if not args.captures and not groups and not reads_hub:
        raise UsageError("nothing to diagnose: give --capture FILE, or --listen PORT --seconds S --step NAME")
    hub = _hub_to_read(rig, args.rk004_device) if reads_hub else None
    analyzer = TrafficAnalyzer()
    steps, warnings = _read_captures(analyzer, args.captures, rig)
    api = None
    if groups or hub is not None:
        from diag.midi.apis import choose_api

        api = choose_api(args.api)
    readings = [read_rk004(api, hub, args)] if api and hub is not None else []
    faults: list[str] = []
    if api and groups:
        steps += listen(api, groups, analyzer, rig, faults)
    evidence = build_evidence(analyzer.summary(), steps, rig, readings=readings)
    environment = collect_environment(api, evidence.traffic.ports)
    diagnosis = diagnose(evidence, load_registry(), environment, warnings=warnings + faults)
    _write(diagnosis, args.format, args.output)
    if faults:
        raise MidiUnavailableError(f"{faults[-1]}; the report covers what was heard until then")
    return ExitCode.FINDINGS_FAILED if diagnosis.failed else ExitCode.OK


def listen_groups(ports: list[str] | None, seconds: list[float] | None, steps: list[str] | None) -> list[ListenGroup]:
    """Pair the repeated options in the order given; each --listen needs its own --seconds and --step."""
    ports, seconds, steps = ports or [], seconds or [], steps or []
    if not (len(ports) == len(seconds) == len(steps)):
        raise UsageError(f"each --listen PORT needs its own --seconds S and --step NAME (got {len(ports)} "
                         f"--listen, {len(seconds)} --seconds, {len(steps)} --step)")
    return [ListenGroup(port, length, step) for port, length, step in zip(ports, seconds, steps)]


def _reads_hub(args: argparse.Namespace) -> bool:
    """True when --rk004-in and --rk004-out ask for the hub to be read; UsageError for half of it."""
    given = [option for option, value in (("--rk004-in", args.rk004_in), ("--rk004-out", args.rk004_out),
                                          ("--rk004-device", args.rk004_device)) if value]
    if given and not (args.rk004_in and args.rk004_out):
        raise UsageError(f"reading the RK-004 needs both --rk004-in PORT and --rk004-out PORT (the ports it "
                         f"answers on and listens to); got only {' and '.join(given)}")
    return bool(given)


def _hub_to_read(rig: Rig | None, name: str | None) -> RigDevice:
    from diag.rk004.readings import hub_to_read

    return hub_to_read(rig, name)


def read_rk004(api: str, hub: RigDevice, args: argparse.Namespace) -> DeviceReading:
    """Read the rig's RK-004 before the checks run; when it does not answer, say so and go on without."""
    from diag.rk004.readings import read_hub

    reading = read_hub(api, hub, args.rk004_in, args.rk004_out, timeout=args.rk004_timeout)
    if reading.ok:
        say(f"read {len(reading.values)} settings of the RK-004 '{hub.name}' ({reading.source})")
    else:
        say(f"could not read the RK-004 '{hub.name}': {reading.error}; going on with the settings the rig states")
    return reading


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


def listen(api: str, groups: list[ListenGroup], analyzer: TrafficAnalyzer, rig: Rig | None,
           faults: list[str]) -> list[CapturedStep]:
    """Capture each group in turn, telling the user on stderr what to do; Ctrl-C ends the listening, and so
    does a port that stayed gone or the MIDI system stopping (each adds a line to `faults`)."""
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
        result = run_session(session, group.seconds, feed, tell_listening)
        say(f"  got {feed.messages} message{'' if feed.messages == 1 else 's'}")
        if session.stats.dropped:
            say(f"  warning: {session.stats.dropped} messages dropped: the computer could not keep up")
        captured.append(feed.finished(result.seconds))
        fault = _fault(session, result, api, group.step)
        if fault:
            faults.append(fault)
            break
        if result.interrupted:
            say("stopped early: diagnosing what was captured so far")
            break
    return captured


def tell_listening(notice: PortNotice) -> None:
    """One line on stderr when the port listened to vanishes or comes back."""
    from diag.midi.watch import notice_line

    line = notice_line(notice, kept="what it sent so far is kept", again="listening again", still="still listening")
    if line:
        say(f"  {line}")


def _fault(session: CaptureSession, result: LoopResult, api: str, step: str) -> str:
    """A line saying why the step was not heard whole (the MIDI system stopped, the port stayed gone), or ""."""
    from diag.commands.capture import system_words

    if result.system_gone:
        return f"the MIDI system stopped ({system_words(api)}) during step '{step}'"
    if session.gone_ports:
        return f"'{session.gone_ports[0]}' went away during step '{step}' and did not come back"
    return ""


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
