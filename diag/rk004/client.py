"""Talks to an RK-004 over any transport: one request at a time, bounded retries, XON/XOFF honoured."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from diag.errors import NoAnswerError
from diag.rk004.errors import (
    FrameError,
    PartialWriteError,
    PortGoneError,
    XoffHeldError,
)
from diag.rk004.frames import (
    GET_RESPONSE_BY_RULE,
    SYSEX_START,
    XOFF,
    XON,
    Command,
    Request,
    Response,
    commit_request,
    factory_reset_request,
    get_request,
    parse_response,
    set_request,
    split_realtime,
)
from diag.rk004.params import PARAMS, Param, ParamRef, find_param, resolve_changes


class Transport(Protocol):
    """A pair of MIDI ports as the client needs them."""

    def send(self, data: bytes) -> None:
        """Send one complete message."""

    def receive(self, timeout: float) -> bytes | None:
        """One complete message (a SysEx whole, or one single byte such as F9, FD, F8), or None on timeout."""


Clock = Callable[[], float]
"""Seconds on a monotonic scale; injected so that tests run on a virtual clock."""


@dataclass(frozen=True)
class Setting:
    """One parameter's value as read from the device."""

    param: Param
    value: int

    @property
    def value_name(self) -> str | None:
        return self.param.value_name(self.value)


@dataclass(frozen=True)
class WriteCheck:
    """One parameter of a verified write: what was asked, echoed and read back."""

    param: Param
    wanted: int
    echoed: int
    """The value the set response echoed (a device that ignores a write may still echo it)."""
    read_back: int
    """The value a get returned afterwards: the one that counts."""

    @property
    def took(self) -> bool:
        return self.read_back == self.wanted


@dataclass(frozen=True)
class WriteResult:
    """The outcome of `Rk004Client.write_verified`."""

    checks: tuple[WriteCheck, ...]
    committed: bool
    """True only when a commit was asked for, every read-back matched and the device acknowledged it."""

    @property
    def not_taken(self) -> tuple[WriteCheck, ...]:
        return tuple(check for check in self.checks if not check.took)

    @property
    def ok(self) -> bool:
        return not self.not_taken


@dataclass
class WriteJournal:
    """What a verified write has done so far, kept current as it goes: the truth after an interruption."""

    planned: tuple[tuple[Param, int], ...] = ()
    """Every change of the write, in the order they are sent."""
    checks: list[WriteCheck] = field(default_factory=list)
    """The changes set and read back so far."""
    pending: tuple[Param, int] | None = None
    """The change whose set or read-back is under way: the device may or may not hold it."""
    pending_sent: bool = True
    """False when the pending change's SET never went out (the device held XOFF): it is untouched."""
    pending_echo: int | None = None
    """The value the device echoed for the pending change, once it did."""
    commit_sent: bool = False
    """True from the moment the commit request goes out."""
    committed: bool = False
    """True once the device acknowledged the commit."""

    def result(self) -> WriteResult:
        return WriteResult(tuple(self.checks), committed=self.committed)


class Rk004Client:
    """Requests to one RK-004, each sent once its predecessor was answered and the device allows sending."""

    def __init__(
        self,
        transport: Transport,
        *,
        timeout: float = 0.5,
        tries: int = 3,
        xon_timeout: float = 2.0,
        clock: Clock = time.monotonic,
    ) -> None:
        self._transport = transport
        self.timeout = timeout
        """Seconds to wait for the answer to one try."""
        self.tries = max(1, tries)
        """How often a request is sent before the device counts as not answering."""
        self.xon_timeout = xon_timeout
        """Seconds to wait for XON after XOFF before giving up."""
        self._clock = clock
        self.held = False
        """True between an XOFF from the device and the next XON: nothing is sent meanwhile."""
        self.get_response_code: int | None = None
        """The code of the last get answer (0x44 or 0x43); after a 0x44, a 0x43 no longer answers a get."""
        self.ignored = 0
        """Messages that arrived while waiting and answered nothing the client asked."""
        self.answers = 0
        """Requests the device answered: zero means nothing on these ports has behaved like an RK-004."""
        self.foreign: str | None = None
        """Why the last SysEx that came in was not an RK-004 response, if one came: a hint at what is there."""
        self.stray: str | None = None
        """The last RK-004 response that answered some other request, if one came: a hub out of step."""
        self.last_request_sent = False
        """Whether the latest request went out at least once (XOFF may hold it back before the first try)."""

    def get(self, param: Param | str | int) -> int:
        """The current value of one parameter."""
        return self._value(self.request(get_request(param)))

    def set(self, param: Param | str | int, value: int | str) -> int:
        """Set one parameter (not stored until a commit); the value the device echoed."""
        return self._value(self.request(set_request(param, value)))

    def commit(self) -> None:
        """Store the current values in the device's memory."""
        self.request(commit_request())

    def factory_reset(self) -> None:
        """Restore the factory values."""
        self.request(factory_reset_request())

    def read(self, params: Iterable[Param | str | int]) -> list[Setting]:
        """The current values of several parameters, read one at a time."""
        resolved = [find_param(param) for param in params]
        return [Setting(param, self.get(param)) for param in resolved]

    def dump(self) -> list[Setting]:
        """Every known parameter's current value, in number order."""
        return self.read(PARAMS)

    def write_verified(
        self,
        changes: Mapping[ParamRef, int | str],
        *,
        commit: bool = False,
        journal: WriteJournal | None = None,
    ) -> WriteResult:
        """Set each parameter, read each back, and commit only when asked and every read-back matched.

        Every change is checked before the first frame is sent. `journal`, when given, shows how far
        the write got even when it ends in an exception (a timeout, or Ctrl-C).
        """
        planned = resolve_changes(changes)
        journal = journal if journal is not None else WriteJournal()
        journal.planned = tuple(planned)
        try:
            for param, value in planned:
                journal.pending, journal.pending_echo, journal.pending_sent = (param, value), None, True
                journal.pending_echo = self.set(param, value)
                journal.checks.append(WriteCheck(param, value, journal.pending_echo, self.get(param)))
                journal.pending = None
            return self._commit_if_ok(journal, commit)
        except NoAnswerError as error:
            self._note_unsent(journal)
            raise _interrupted(error, journal) from error
        except KeyboardInterrupt:
            self._note_unsent(journal)
            raise

    def _commit_if_ok(self, journal: WriteJournal, commit: bool) -> WriteResult:
        if commit and journal.result().ok:
            journal.commit_sent = True
            self.commit()
            journal.committed = True
        return journal.result()

    def _note_unsent(self, journal: WriteJournal) -> None:
        """After an interruption: a SET or COMMIT that never went out (XOFF held it) changed nothing."""
        if self.last_request_sent:
            return
        if journal.commit_sent and not journal.committed:
            journal.commit_sent = False
        elif journal.pending is not None and journal.pending_echo is None:
            journal.pending_sent = False

    def request(self, request: Request) -> Response:
        """Send a request and return its response, retrying; NoAnswerError when every try went unanswered."""
        self.last_request_sent = False
        for _ in range(self.tries):
            self._wait_until_allowed(request)
            self._send(request)
            response = self._await(request)
            if response is not None:
                self.answers += 1
                return response
        unanswered = (f"RK-004 did not answer {request.label} after {self.tries} "
                      f"{'try' if self.tries == 1 else 'tries'} of {self.timeout:g} s")
        gone = self._gone()
        if gone:
            raise PortGoneError(f"{unanswered}: {gone}")
        raise NoAnswerError(f"{unanswered}{self._ignored_note()}")

    def _send(self, request: Request) -> None:
        try:
            self._transport.send(request.frame)
        except PortGoneError as error:
            raise PortGoneError(f"could not send {request.label}: {error.message}") from error
        self.last_request_sent = True

    def _gone(self) -> str | None:
        """Which of the hub's ports disappeared, from transports that can tell (`PortTransport.gone`)."""
        gone = getattr(self._transport, "gone", None)
        return gone() if callable(gone) else None

    def _value(self, response: Response) -> int:
        assert response.value is not None, "set and get responses always carry a value"
        return response.value

    def _ignored_note(self) -> str:
        if not self.ignored:
            return ""
        examples = [f"SysEx that was {self.foreign}" if self.foreign else "", self.stray or ""]
        among = " and ".join(example for example in examples if example)
        return f" ({self.ignored} unrelated messages ignored{', among them ' + among if among else ''})"

    def _wait_until_allowed(self, request: Request) -> None:
        self._drain()
        deadline = self._clock() + self.xon_timeout
        while self.held:
            remaining = deadline - self._clock()
            if remaining <= 0:
                raise XoffHeldError(
                    f"RK-004 held XOFF for more than {self.xon_timeout:g} s; {request.label} was not sent"
                )
            message = self._transport.receive(remaining)
            if message is not None:
                self._note_unrelated(self._take(message))

    def _drain(self) -> None:
        """Read what has already arrived, so that an XOFF sent meanwhile is seen before the next send."""
        while (message := self._transport.receive(0)) is not None:
            self._note_unrelated(self._take(message))

    def _await(self, request: Request) -> Response | None:
        deadline = self._clock() + self.timeout
        while (remaining := deadline - self._clock()) > 0:
            message = self._transport.receive(remaining)
            if message is None:
                continue
            response = self._take(message)
            if response is not None and self._answers(request, response):
                return response
            self._note_unrelated(response)
        return None

    def _take(self, message: bytes) -> Response | None:
        """Apply the flow-control bytes in a message; the RK-004 response it holds, if any."""
        rest, realtime = split_realtime(message)
        for byte in realtime:
            self.held = {XOFF: True, XON: False}.get(byte, self.held)
        if not rest:
            return None
        try:
            return parse_response(rest)
        except FrameError as error:
            self.ignored += 1
            if rest[0] == SYSEX_START:
                self.foreign = str(error)
            return None

    def _note_unrelated(self, response: Response | None) -> None:
        if response is not None:
            self.ignored += 1
            self.stray = f"an RK-004 {_described(response)} that answers another request"

    def _answers(self, request: Request, response: Response) -> bool:
        if not request.accepts(response):
            return False
        if request.command is Command.GET:
            # Once the device has answered a get with 0x44, a late 0x43 set echo cannot pass for a get answer.
            if self.get_response_code == GET_RESPONSE_BY_RULE != response.code:
                return False
            self.get_response_code = response.code
        return True


def write_plan(changes: Mapping[ParamRef, int | str], *, commit: bool = False) -> list[Request]:
    """The requests `write_verified` sends when every read-back matches, for a dry run; checked like it."""
    plan: list[Request] = []
    for param, value in resolve_changes(changes):
        plan += [set_request(param, value), get_request(param)]
    return plan + ([commit_request()] if commit else [])


def _described(response: Response) -> str:
    """A response in a few words: "SETPARAM_RSP (43) for param 9 = 6"."""
    text = f"{response.kind} ({response.code:02X})"
    return text if response.param is None else f"{text} for param {response.param} = {response.value}"


def _interrupted(error: NoAnswerError, journal: WriteJournal) -> NoAnswerError:
    """The error to raise when a write stops half-way: it names what was already changed."""
    answered = [f"{check.param.name}={check.wanted}" for check in journal.checks]
    if journal.pending is not None and journal.pending_echo is not None:
        answered.append(f"{journal.pending[0].name}={journal.pending[1]}")
    message = f"{error.message}; already set, not stored: {', '.join(answered)}" if answered else error.message
    return PartialWriteError(message, journal.result(), journal)
