"""Fuzz target: a JSON Lines capture diagnosed against a rig, the whole `diagnose` command, report included.

The first input byte picks the rig (one of those the scenario tests use) and the report format;
the rest is the capture. This reaches the checks and the report writers with traffic no test wrote.
"""

import contextlib
import io
import os
from pathlib import Path
from unittest import mock

from fuzz.harness import instrumented, main, scratch_dir, scratch_file

with instrumented():
    import checks  # noqa: F401 - imported here so that the checks are instrumented too
    import diag.commands.diagnose  # noqa: F401 - the same, for what the command imports on demand
    from diag.cli import INTERNAL_ERROR
    from diag.cli import main as midi_diag

ROOT = Path(__file__).resolve().parents[2]
RIGS = tuple(sorted(str(path.relative_to(ROOT)) for folder in ("diag/examples", "tests/scenarios/rigs")
                    for path in (ROOT / folder).glob("*.toml")))
"""The rigs a first byte can pick; the seeds were made with this order (fuzz.make_corpus)."""
FORMATS = ("text", "json", "md", "html")


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    if not data:
        return
    rig = RIGS[data[0] % len(RIGS)]
    report_format = FORMATS[data[0] // len(RIGS) % len(FORMATS)]
    capture = scratch_file("capture.jsonl", data[1:])
    arguments = ["diagnose", "--rig", str(ROOT / rig), "--capture", str(capture),
                 "--format", report_format, "-o", str(scratch_dir() / f"report.{report_format}")]
    quiet = contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO())
    # MIDI_DIAG_DEBUG: an internal error raises with its traceback instead of becoming a line on stderr.
    with mock.patch.dict(os.environ, {"MIDI_DIAG_DEBUG": "1"}), quiet[0], quiet[1]:
        code = midi_diag(arguments)
    assert code != INTERNAL_ERROR, code


def seed(rig: str, report_format: str, capture: bytes) -> bytes:
    """The input that diagnoses `capture` against `rig` (a path from the repository's top) in a format."""
    return bytes([RIGS.index(rig) + len(RIGS) * FORMATS.index(report_format)]) + capture


if __name__ == "__main__":
    main(TestOneInput)
