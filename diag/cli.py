"""The `midi-diag` command line: argument parsing and the one place errors become exit codes.

Only argparse is imported here; each command's module (and with it rtmidi, Rich or Textual)
is imported when that command runs, so `midi-diag --help` starts as fast as Python itself.
"""

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence

from diag import __version__
from diag.errors import DiagError, ExitCode

INTERNAL_ERROR = 4
"""Exit code for a bug in midi-diag itself (the contract's codes 0-3 are for the user's situation)."""

API_HELP = "MIDI system: alsa, jack, coremidi or winmm (default: $MIDI_DIAG_API, else python-rtmidi's default)"
API_CHOICES = ("alsa", "jack", "coremidi", "winmm")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, with each subcommand pointing at its handler by name."""
    parser = argparse.ArgumentParser(
        prog="midi-diag",
        description="Find out why your MIDI rig does not do what you expect. Without a command, the "
                    "troubleshooting wizard starts.",
    )
    parser.add_argument("--version", action="version", version=f"midi-diag {__version__}")
    parser.add_argument("--api", dest="wizard_api", type=str.lower, choices=API_CHOICES,
                        help=f"for the wizard: {API_HELP}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_ports(commands)
    _add_capture(commands)
    _add_monitor(commands)
    _add_rk004(commands)
    _add_diagnose(commands)
    _add_checks(commands)
    _add_identify(commands)
    _add_demo(commands)
    _add_simulate(commands)
    return parser


def _command(commands, name: str, handler: str, help_text: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    return sub


def _add_api(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--api", type=str.lower, choices=API_CHOICES, help=API_HELP)


def _add_ports(commands) -> None:
    sub = _command(commands, "ports", "diag.commands.ports:run", "list the MIDI input and output ports")
    _add_api(sub)
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _add_capture(commands) -> None:
    sub = _command(commands, "capture", "diag.commands.capture:run",
                   "record raw MIDI traffic from one or more inputs to a file")
    _add_api(sub)
    sub.add_argument("--in", dest="inputs", action="append", required=True, metavar="PORT",
                     help="input port (any part of its name, any case); repeat for several")
    sub.add_argument("--seconds", type=_positive_seconds, required=True, metavar="S",
                     help="how long to record")
    sub.add_argument("-o", "--output", required=True, metavar="FILE",
                     help="where to write; the suffix picks the format: .jsonl, .mid or .syx")
    sub.add_argument("--step", metavar="NAME",
                     help="what you are doing meanwhile: keys, pads, sequencer, idle, or your own word")


def _add_monitor(commands) -> None:
    sub = _command(commands, "monitor", "diag.commands.monitor:run", "watch live MIDI traffic")
    _add_api(sub)
    sub.add_argument("--in", dest="inputs", action="append", metavar="PORT",
                     help="input port (any part of its name); repeat for several; default: every input")
    sub.add_argument("--headless", action="store_true",
                     help="print one decoded line per message instead of the interactive monitor")
    sub.add_argument("--seconds", type=_positive_seconds, metavar="S",
                     help="stop after S seconds (default: until Ctrl-C)")
    sub.add_argument("--file", metavar="CAPTURE",
                     help="show a capture file (.jsonl, .mid, .syx) instead of listening")
    sub.add_argument("--middle-c", choices=("C3", "C4"), default="C4", type=str.upper,
                     help="the name of note 60 (default: C4)")


def _add_rk004(commands) -> None:
    rk004 = commands.add_parser("rk004", help="read, change, store, back up and restore RK-004 hub settings",
                                description="Read, change, store, back up and restore the settings of a "
                                            "Retrokits RK-004 hub over SysEx. Every write is read back; "
                                            "before the first write the current settings are backed up.")
    actions = rk004.add_subparsers(dest="rk004_action", metavar="ACTION", required=True)

    def action(name: str, function: str, help_text: str, ports_required: bool = True) -> argparse.ArgumentParser:
        sub = _command(actions, name, f"diag.commands.rk004:{function}", help_text)
        _add_api(sub)
        sub.add_argument("--in", dest="in_port", required=ports_required, metavar="PORT",
                         help="the input the hub answers on (any part of its name, any case)")
        sub.add_argument("--out", dest="out_port", required=ports_required, metavar="PORT",
                         help="the output the hub listens to (any part of its name, any case)")
        sub.add_argument("--timeout", type=_positive_seconds, default=0.5, metavar="S",
                         help="seconds to wait for each answer before asking again, 3 tries in all (default 0.5)")
        return sub

    action("dump", "dump", "print every parameter").add_argument(
        "--json", action="store_true", help="print JSON instead of a table")
    get = action("get", "get", "print some parameters")
    get.add_argument("names", nargs="+", metavar="NAME", help="a parameter name or number")
    get.add_argument("--json", action="store_true", help="print JSON instead of a table")
    set_ = action("set", "set_values", "change parameters, read each back, and store them with --commit",
                  ports_required=False)
    set_.add_argument("assignments", nargs="+", metavar="NAME=VALUE",
                      help="a parameter and its new value, each by name or number (DIN1_MODE=MIDI_OUT, 5=6)")
    set_.add_argument("--commit", action="store_true", help="store the values if every read-back matched")
    set_.add_argument("--dry-run", action="store_true",
                      help="print the frames with their meaning and send nothing (needs no ports)")
    action("commit", "commit", "store the hub's current settings")
    action("reset", "reset", "restore the factory settings (asks first)").add_argument(
        "--yes", action="store_true", help="do not ask for confirmation")
    action("backup", "backup", "write every parameter to a JSON file").add_argument(
        "file", metavar="FILE", help="the backup file to write")
    action("restore", "restore", "write a backup to the hub, read it back and store it").add_argument(
        "file", metavar="FILE", help="a backup file written by rk004 backup (or an automatic one)")
    action("edit", "edit", "the interactive RK-004 screen: edit with value names, apply with read-back, "
                           "commit, back up and restore")


def _add_diagnose(commands) -> None:
    sub = _command(commands, "diagnose", "diag.commands.diagnose:run",
                   "run every check over captured or live traffic and print or write the report")
    _add_api(sub)
    sub.add_argument("--rig", metavar="RIG.toml",
                     help="the rig file (docs/rig-format.md); without it only the traffic is checked")
    sub.add_argument("--capture", dest="captures", action="append", metavar="FILE",
                     help="a capture file (.jsonl, .mid, .syx); repeat for several")
    sub.add_argument("--listen", action="append", metavar="PORT",
                     help="listen to an input port (any part of its name); each --listen takes its own "
                          "--seconds and --step, and the groups run one after another")
    sub.add_argument("--seconds", action="append", type=_positive_seconds, metavar="S",
                     help="how long to listen, for the --listen before it")
    sub.add_argument("--step", action="append", metavar="NAME",
                     help="what you do meanwhile: keys, pads, sequencer, idle, or your own word")
    sub.add_argument("--format", choices=("text", "json", "md", "html"), default="text", type=str.lower,
                     help="report format: text (default), json, md (for a forum post) or html")
    sub.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of printing it")
    hub = sub.add_argument_group("reading an RK-004 hub first (its port modes beat the rig's; docs/rk004.md)")
    hub.add_argument("--rk004-in", metavar="PORT", help="the input the rig's RK-004 answers on")
    hub.add_argument("--rk004-out", metavar="PORT", help="the output the rig's RK-004 listens to")
    hub.add_argument("--rk004-device", metavar="NAME", help="which RK-004 of the rig, when it has several")
    hub.add_argument("--rk004-timeout", type=_positive_seconds, default=0.5, metavar="S",
                     help="seconds to wait for each answer, 3 tries in all (default 0.5)")


def _add_checks(commands) -> None:
    sub = _command(commands, "checks", "diag.commands.checks:run",
                   "list every check: id, title, the symptom it explains, its docs page")
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _add_identify(commands) -> None:
    sub = _command(commands, "identify", "diag.commands.identify:run",
                   "send the Universal Identity Request and decode the replies")
    _add_api(sub)
    sub.add_argument("--in", dest="in_port", required=True, metavar="PORT",
                     help="the input the device answers on (any part of its name, any case)")
    sub.add_argument("--out", dest="out_port", required=True, metavar="PORT",
                     help="the output the request goes to (any part of its name, any case)")
    sub.add_argument("--timeout", type=_positive_seconds, default=2.0, metavar="S",
                     help="seconds to listen for replies (default 2)")
    sub.add_argument("--json", action="store_true", help="print JSON instead of text")


def _add_demo(commands) -> None:
    sub = _command(commands, "demo", "diag.commands.demo:run",
                   "a whole diagnosis of a built-in simulated rig (no MIDI hardware needed)")
    sub.add_argument("scenario", nargs="?", metavar="SCENARIO",
                     help="a scenario's name (see --list) or a scenario .toml file; default: auto-channel")
    sub.add_argument("--list", action="store_true", help="name and describe every built-in scenario")
    sub.add_argument("--headless", action="store_true", help="run the diagnosis without a UI and print the report")
    sub.add_argument("--fixed", action="store_true", help="apply the scenario's fix first: the check after the fix")
    sub.add_argument("--fast", action="store_true",
                     help="play the steps ten times faster than a person (steps with clock keep real time)")
    sub.add_argument("--format", choices=("text", "json", "md", "html"), default="text", type=str.lower,
                     help="report format: text (default), json, md (for a forum post) or html")
    sub.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of printing it")


def _add_simulate(commands) -> None:
    sub = _command(commands, "simulate", "diag.commands.simulate:run",
                   "run a simulated rig on virtual MIDI ports until interrupted, for the other commands to use")
    _add_api(sub)
    sub.add_argument("scenario", metavar="SCENARIO", help="a scenario's name (midi-diag demo --list) or a .toml file")
    sub.add_argument("--step", metavar="STEP", help="play only this step (its name or number) in the loop")
    sub.add_argument("--fast", action="store_true",
                     help="play ten times faster than a person, for scripts (steps with clock keep real time)")


def _positive_seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"'{text}' must be a positive number of seconds")
    return value


def _resolve(handler: str) -> Callable[[argparse.Namespace], int]:
    module_name, function_name = handler.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit code; errors print one line on stderr."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        args.handler, args.api = "diag.commands.wizard:run", args.wizard_api
    try:
        return int(_resolve(args.handler)(args))
    except DiagError as error:
        return _fail(str(error), error.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr = None  # the reader went away (e.g. `| head`); nothing left to report
        return ExitCode.OK
    except Exception as error:  # noqa: BLE001 - the one place a bug becomes a readable line
        if os.environ.get("MIDI_DIAG_DEBUG"):
            raise
        return _fail(f"internal error: {type(error).__name__}: {error} (set MIDI_DIAG_DEBUG=1 for details)",
                     INTERNAL_ERROR)


def _fail(message: str, code: int) -> int:
    print(f"midi-diag: {' '.join(message.split())}", file=sys.stderr)
    return int(code)
