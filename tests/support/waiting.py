"""Waiting for something another process does (a file filling up), without guessing how long it takes."""

import time
from collections.abc import Callable
from pathlib import Path

from diag.captures import read_capture
from diag.errors import DiagError


def wait_until(condition: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    """Poll `condition` until it holds; fail after `timeout` seconds (a ceiling, not a measurement)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {what or condition}")
        time.sleep(0.02)


def messages_in(path: Path) -> int:
    """How many messages a capture file being written holds so far (0 while it cannot be read yet)."""
    try:
        return len(read_capture(path).events)
    except (DiagError, OSError):
        return 0


def wait_for_messages(path: Path, count: int, timeout: float = 15.0) -> None:
    """Wait until the capture file being written holds at least `count` messages."""
    wait_until(lambda: messages_in(path) >= count, timeout, f"{count} messages in {path}")
