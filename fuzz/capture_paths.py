"""A capture file through the paths the commands take: monitor --file prints it, diagnose analyses it."""

from __future__ import annotations

import io
from pathlib import Path

from diag.captures import read_capture
from diag.commands.monitor import LinePrinter
from diag.engine.analysis import TrafficAnalyzer
from diag.engine.sources import read_capture_file
from fuzz.harness import printable, rejected


def read_like_the_commands(path: Path) -> None:
    """Read `path` as monitor --file and diagnose --capture do; the project's errors are fine.

    A copy without the suffix is read too, so the format is guessed from the first bytes.
    """
    unnamed = path.with_name("capture-without-suffix")
    unnamed.write_bytes(path.read_bytes())
    rejected(read_capture, unnamed)
    capture = rejected(read_capture, path)
    if capture is None:
        return
    printable(capture.header, capture.warnings, [(event.port, event.step) for event in capture.events])
    out = io.StringIO()
    LinePrinter("C4", out)(capture.events)
    printable(out.getvalue())
    analyzer = TrafficAnalyzer()
    if rejected(read_capture_file, analyzer, path) is not None:
        analyzer.summary()
