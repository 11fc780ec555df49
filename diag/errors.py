"""Errors that reach the user as one line, each carrying the exit code the contract gives it."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of every headless command (see CONTRACT.md)."""

    OK = 0
    FINDINGS_FAILED = 1
    USAGE = 2
    NO_ANSWER = 3


class DiagError(Exception):
    """Base of every error shown to the user as a single line."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(DiagError):
    """Bad arguments: exit 2."""


class InputError(DiagError):
    """An unreadable, missing or invalid input file: exit 2."""


class OutputError(DiagError):
    """An output path that cannot be written: exit 2."""


class PortError(UsageError):
    """A port argument that matches no port or more than one: exit 2."""

    def __init__(self, message: str, available: list[str]) -> None:
        super().__init__(message)
        self.available = available


class MidiUnavailableError(DiagError):
    """The chosen MIDI system cannot be used (no server, no driver): exit 3."""

    exit_code = ExitCode.NO_ANSWER


class NoAnswerError(DiagError):
    """A device did not answer in time: exit 3."""

    exit_code = ExitCode.NO_ANSWER
