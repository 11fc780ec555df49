"""What every fuzz target shares: atheris when installed, the errors a reader may raise, scratch files."""

from __future__ import annotations

import atexit
import contextlib
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

try:
    import atheris
except ImportError:  # the corpus replay in tests/fuzz runs without it
    atheris = None

Result = TypeVar("Result")
_scratch: Path | None = None


def instrumented() -> contextlib.AbstractContextManager[Any]:
    """Imports inside this block get coverage instrumentation when a target runs under the fuzzer.

    Imported by anything else (the corpus replay in the test suite) it does nothing, atheris or not.
    """
    if atheris is None or not _fuzzing():
        return contextlib.nullcontext()
    return atheris.instrument_imports(include=["diag", "checks"])


def _fuzzing() -> bool:
    """True in `python -m fuzz.targets.<name>`, the process scripts/fuzz starts."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return spec is not None and spec.name.startswith("fuzz.targets.")


def rejected(read: Callable[..., Result], *args: Any) -> Result | None:
    """Run a reader; None when it refuses the input with the project's own one-line error.

    Any other exception escapes: to the fuzzer that is a crash, to the corpus test a failure.
    """
    from diag.errors import DiagError

    try:
        return read(*args)
    except DiagError:
        return None


def scratch_file(name: str, data: bytes) -> Path:
    """`data` written to a file called `name` in this process's scratch folder."""
    path = scratch_dir() / name
    path.write_bytes(data)
    return path


def scratch_dir() -> Path:
    """A private temporary folder, removed when the process ends."""
    global _scratch
    if _scratch is None:
        _scratch = Path(tempfile.mkdtemp(prefix="midi-diag-fuzz-"))
        atexit.register(shutil.rmtree, _scratch, ignore_errors=True)
    return _scratch


def printable(*texts: object) -> None:
    """Fail on text that cannot be printed or written as UTF-8 (a lone surrogate from JSON, say).

    Whatever a reader returns ends up on a terminal or in a report; text that cannot be encoded
    turns into an internal error there, far from the file that caused it.
    """
    for text in _strings(texts):
        text.encode("utf-8")


def _strings(values: Any) -> Iterator[str]:
    if isinstance(values, str):
        yield values
    elif isinstance(values, dict):
        for key, value in values.items():
            yield from _strings(key)
            yield from _strings(value)
    elif isinstance(values, list | tuple):
        for value in values:
            yield from _strings(value)


def main(test_one_input: Callable[[bytes], None]) -> None:
    """Fuzz `test_one_input` with libFuzzer's command line (sys.argv); scripts/fuzz runs this."""
    if atheris is None:
        sys.exit("atheris is not installed: pip install -e '.[fuzz]' (or run scripts/fuzz)")
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
