"""Frame a raw MIDI 1.0 byte stream into complete messages, accounting for every byte."""

import re
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from diag.decode.spec import SPEC_BY_STATUS, SYSEX_END, SYSEX_START
from diag.events import SYSEX_KEEP, Clipped, true_size

STRAY_DATA = "data byte without status"
MESSAGE_INTERRUPTED = "message interrupted by status byte"
SYSEX_INTERRUPTED = "SysEx interrupted by status byte"
STRAY_EOX = "stray EOX (F7 without F0)"
UNFINISHED = "unfinished at end of stream"

REASONS: tuple[str, ...] = (
    STRAY_DATA,
    MESSAGE_INTERRUPTED,
    SYSEX_INTERRUPTED,
    STRAY_EOX,
    UNFINISHED,
)
"""Every reason a Discarded can carry; these strings are stable."""


class Discarded(NamedTuple):
    """Input bytes that do not form a message, exactly as they arrived (a Clipped head past SYSEX_KEEP)."""

    data: bytes
    reason: str

    @property
    def size(self) -> int:
        """How many input bytes this stands for (more than len(data) when clipped)."""
        return true_size(self.data)


Item = bytes | Discarded
"""A message (bytes, or a Clipped head with its true size) or a Discarded. Every input byte is
accounted for: the bytes fed equal the sum of true_size() over messages and discards, less the
status byte each running-status message took from the message before it."""

# After its leading data bytes, every byte of a buffer belongs to exactly one
# token (alternatives tried in order):
#   a 3-byte channel message,
#   two data bytes (usually a running-status message),
#   a single real-time byte,
#   a 2-byte channel message,
#   the same three with real-time bytes inside,
#   a SysEx start with its data and any real-time bytes inside (and its F7 if present),
#   any other non-real-time status byte with the data bytes that follow it,
#   a lone data byte, or data after a SysEx or system common message.
# re.findall() cuts the whole buffer into these tokens in C; the Python loop
# then looks at one byte and one length per token. Tokens are cut without
# knowing the decoder's state, so the loop checks that each one fits it.
# Keeping a real-time byte inside its message's token keeps the tokens in step
# with the messages after it; such tokens are longer than the message, so they
# take the general path, which pulls the real-time bytes out in order.
_CLEAN_TOKENS = (
    rb"[\x80-\xbf\xe0-\xef][\x00-\x7f]{2}",
    rb"[\x00-\x7f]{2}",
    rb"[\xf8-\xff]",
    rb"[\xc0-\xdf][\x00-\x7f]",
)
_INTERRUPTED_TOKENS = (
    rb"[\x80-\xbf\xe0-\xef](?:[\xf8-\xff]*[\x00-\x7f]){2}",
    rb"[\x00-\x7f][\xf8-\xff]+[\x00-\x7f]",
    rb"[\xc0-\xdf][\xf8-\xff]+[\x00-\x7f]",
)
_OTHER_TOKENS = (
    rb"\xf0[\x00-\x7f\xf8-\xff]*\xf7?",
    rb"[\x80-\xef\xf1-\xf7][\x00-\x7f]*",
    rb"[\x00-\x7f]+",
)
_TOKEN = re.compile(b"|".join(_CLEAN_TOKENS + _INTERRUPTED_TOKENS + _OTHER_TOKENS))
# The data and real-time bytes that start a buffer (the rest of a SysEx or
# message from the previous feed, or junk) end at the first other status byte.
# The general path takes them apart in a few large pieces.
_NON_REALTIME_STATUS = re.compile(rb"[\x80-\xf7]")
# Splits bytes with real-time bytes inside into those bytes and the runs between.
_REALTIME_PIECES = re.compile(rb"[\xf8-\xff]|[\x80-\xf7][\x00-\x7f]*|[\x00-\x7f]+")
_REALTIME = re.compile(rb"[\xf8-\xff]")


def _message_length(status: int) -> int:
    spec = SPEC_BY_STATUS[status]
    return (spec.length or 0) if spec else 0


# Total length of a message by status byte; 0 where no fixed length applies
# (data bytes, F0, F7), which sends the token to the general path.
_LENGTH: tuple[int, ...] = tuple(_message_length(b) for b in range(256))
# Data bytes per message under running status; 0 means "no running status".
_RUNNING_DATA: tuple[int, ...] = tuple(
    _LENGTH[b] - 1 if 0x80 <= b < 0xF0 else 0 for b in range(256)
)
_STATUS_BYTE: tuple[bytes, ...] = tuple(bytes((b,)) for b in range(256))


class _Held:
    """The bytes of a pending SysEx or run of stray data: the first `keep` kept, every one counted."""

    __slots__ = ("keep", "pieces", "size")

    def __init__(self, keep: int) -> None:
        self.keep = keep
        self.pieces: list[bytes] = []
        self.size = 0

    def add(self, data: bytes) -> None:
        room = self.keep - self.size
        if room > 0:
            self.pieces.append(data if len(data) <= room else data[:room])
            if len(self.pieces) > 256:  # many tiny pieces (real-time bytes in between) cost more than a join
                self.pieces = [b"".join(self.pieces)]
        self.size += len(data)

    def take(self) -> bytes:
        """Everything held: the bytes, or their head as a Clipped with the true size."""
        kept = b"".join(self.pieces)
        return kept if len(kept) == self.size else Clipped(kept, self.size)


class StreamDecoder:
    """Stateful framer: feed() bytes in any slices, get messages and discards back.

    Messages come out as bytes with their status byte explicit (running status
    expanded). Real-time bytes come out at once, even from inside another
    message or a SysEx, and leave both undisturbed. How the input is split
    across feed() calls never changes the output.

    Memory is bounded: a SysEx (or run of stray data bytes) longer than `keep`
    comes out as a Clipped head with its true size, and one that never ends
    costs at most `keep` bytes until flush() discards it.
    """

    def __init__(self, keep: int = SYSEX_KEEP) -> None:
        self.counts: Counter[str] = Counter()
        """Discarded bytes per reason since this decoder was made."""
        self.keep = keep
        self._running = 0
        self._partial: bytes | None = None
        self._need = 0
        self._implied = False
        self._sysex: _Held | None = None
        self._stray: _Held | None = None

    def feed(self, data: bytes) -> list[Item]:
        """Decode the next slice of the stream; return what it completed."""
        out: list[Item] = []
        if not data:
            return out
        if type(data) is not bytes:
            data = bytes(data)
        start = 0
        if not 0x80 <= data[0] < 0xF8:
            found = _NON_REALTIME_STATUS.search(data)
            start = found.start() if found else len(data)
            self._pieces(data[:start], out)
        tokens = iter(_TOKEN.findall(data, start))
        self._until_idle(tokens, out)
        # The hot loop, one function on purpose: a call per token would halve
        # the speed. While nothing is pending, a token that is exactly one
        # message is appended as it is (or behind the running status byte).
        # Anything else (a message interrupted by a real-time byte or split by
        # a feed boundary, SysEx, junk) goes through self._token() until the
        # decoder is idle again.
        append = out.append
        length = _LENGTH
        prefix, step = _STATUS_BYTE[self._running], _RUNNING_DATA[self._running]
        for token in tokens:
            first = token[0]
            if first < 0x80:
                if len(token) == step:
                    append(prefix + token)
                    continue
                if step == 1 and len(token) == 2:
                    append(prefix + token[:1])
                    append(prefix + token[1:])
                    continue
            elif first >= 0xF8:
                append(token)
                continue
            elif len(token) == length[first]:
                append(token)
                if first < 0xF0:
                    prefix, step = _STATUS_BYTE[first], _RUNNING_DATA[first]
                else:
                    step = 0
                continue
            self._running = prefix[0] if step else 0
            self._token(token, out)
            self._until_idle(tokens, out)
            running = self._running
            prefix, step = _STATUS_BYTE[running], _RUNNING_DATA[running]
        self._running = prefix[0] if step else 0
        return out

    def _until_idle(self, tokens: Iterator[bytes], out: list[Item]) -> None:
        """Take tokens through the general path while a message is pending."""
        if self._is_idle():
            return
        for token in tokens:
            self._token(token, out)
            if self._is_idle():
                return

    def flush(self) -> list[Discarded]:
        """End the stream: whatever is unfinished is discarded; the state resets."""
        out: list[Item] = []
        self._drop_pending(out, UNFINISHED, UNFINISHED)
        self._running = 0
        return [item for item in out if isinstance(item, Discarded)]

    def _is_idle(self) -> bool:
        return self._partial is None and self._sysex is None and self._stray is None

    def _token(self, token: bytes, out: list[Item]) -> None:
        first = token[0]
        if first >= 0xF8:
            out.append(token)
        elif first < 0xF1 and _REALTIME.search(token, 1):
            if not self._interrupted_message(token, out):
                self._pieces(token, out)
        elif first < 0x80:
            self._data(token, out)
        elif first == SYSEX_END and self._sysex is not None:
            self._sysex.add(token[:1])
            out.append(self._sysex.take())
            self._sysex = None
            self._data(token[1:], out)
        else:
            self._drop_pending(out, MESSAGE_INTERRUPTED, SYSEX_INTERRUPTED)
            self._status(token, out)

    def _interrupted_message(self, token: bytes, out: list[Item]) -> bool:
        """One whole message with real-time bytes inside: those first, then it."""
        if token[0] == SYSEX_START or not self._is_idle():
            return False
        message = _REALTIME.sub(b"", token)
        if message[0] < 0x80:
            message = _STATUS_BYTE[self._running] + message
        if len(message) != _LENGTH[message[0]] or message[0] < 0x80:
            return False
        out += _REALTIME.findall(token)
        out.append(message)
        self._running = message[0]
        return True

    def _pieces(self, data: bytes, out: list[Item]) -> None:
        for piece in _REALTIME_PIECES.findall(data):
            self._token(piece, out)

    def _status(self, token: bytes, out: list[Item]) -> None:
        first = token[0]
        if first == SYSEX_START:
            self._running = 0
            if len(token) > 1 and token[-1] == SYSEX_END and len(token) <= self.keep:
                out.append(token)
                return
            self._sysex = _Held(self.keep)
            self._sysex.add(token)
            if len(token) > 1 and token[-1] == SYSEX_END:
                out.append(self._sysex.take())
                self._sysex = None
            return
        if first == SYSEX_END:
            self._running = 0
            self._discard(out, token[:1], STRAY_EOX)
        elif _LENGTH[first] == 1:
            self._running = 0
            out.append(token[:1])
        else:
            self._running = first if first < 0xF0 else 0
            self._partial, self._need, self._implied = token[:1], _LENGTH[first], False
        self._data(token[1:], out)

    def _data(self, data: bytes, out: list[Item]) -> None:
        if not data:
            return
        if self._sysex is not None:
            self._sysex.add(data)
            return
        start = 0
        if self._partial is not None:
            start = self._need - len(self._partial)
            self._partial += data[:start]
            if len(self._partial) < self._need:
                return
            out.append(self._partial)
            self._partial = None
        if start < len(data):
            self._after_status(data, start, out)

    def _after_status(self, data: bytes, start: int, out: list[Item]) -> None:
        """Data bytes with no message open: running status applies, or they are stray."""
        step = _RUNNING_DATA[self._running]
        if not step:
            if self._stray is None:
                self._stray = _Held(self.keep)
            self._stray.add(data[start:] if start else data)
            return
        prefix = _STATUS_BYTE[self._running]
        end = len(data) - (len(data) - start) % step
        out.extend([prefix + data[i : i + step] for i in range(start, end, step)])
        if end < len(data):
            self._partial, self._need, self._implied = (
                prefix + data[end:],
                step + 1,
                True,
            )

    def _drop_pending(
        self, out: list[Item], message_reason: str, sysex_reason: str
    ) -> None:
        if self._partial is not None:
            partial = self._partial[1:] if self._implied else self._partial
            self._discard(out, partial, message_reason)
            self._partial = None
        elif self._sysex is not None:
            self._discard(out, self._sysex.take(), sysex_reason)
            self._sysex = None
        elif self._stray is not None:
            self._discard(out, self._stray.take(), STRAY_DATA)
            self._stray = None

    def _discard(self, out: list[Item], data: bytes, reason: str) -> None:
        self.counts[reason] += true_size(data)
        out.append(Discarded(data, reason))


def decode_stream(data: bytes) -> list[Item]:
    """Decode a whole stream at once (feed, then flush)."""
    decoder = StreamDecoder()
    return decoder.feed(data) + decoder.flush()
