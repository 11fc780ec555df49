"""Errors of the RK-004 layer, each a one-line message with the contract's exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diag.errors import InputError, NoAnswerError, UsageError

if TYPE_CHECKING:
    from diag.rk004.client import WriteJournal, WriteResult


class ParameterError(UsageError):
    """An unknown parameter or value name, or a value out of range: exit 2, nothing is sent."""


class PackingError(InputError):
    """Bytes that are not valid Retrokits 7-bit packed data."""


class FrameError(InputError):
    """A message that is not a well-formed RK-004 frame of the expected kind."""


class XoffHeldError(NoAnswerError):
    """The device sent XOFF and no XON followed in time: exit 3."""


class PortGoneError(NoAnswerError):
    """One of the hub's ports disappeared (unplugged, switched off) or refused a message: exit 3."""


class PartialWriteError(NoAnswerError):
    """The device stopped answering in the middle of a verified write: exit 3."""

    def __init__(self, message: str, result: WriteResult, journal: WriteJournal) -> None:
        super().__init__(message)
        self.result = result
        """What was written and read back before the device went quiet; never committed."""
        self.journal = journal
        """How far the write got, including the change or commit that went unanswered."""
