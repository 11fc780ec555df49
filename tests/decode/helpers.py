"""Test helpers for the decoder: hex shorthands, a byte-at-a-time reference framer, byte accounting."""

from diag.decode.stream import (
    MESSAGE_INTERRUPTED,
    STRAY_DATA,
    STRAY_EOX,
    SYSEX_INTERRUPTED,
    UNFINISHED,
    Discarded,
)

# Message lengths written out by hand (not imported) so the reference stays independent.
_LENGTH = {0x8: 3, 0x9: 3, 0xA: 3, 0xB: 3, 0xC: 2, 0xD: 2, 0xE: 3}
_SYSTEM_LENGTH = {0xF1: 2, 0xF2: 3, 0xF3: 2, 0xF4: 1, 0xF5: 1, 0xF6: 1}


def h(text: str) -> bytes:
    """Bytes from hex pairs: h("90 3C 64")."""
    return bytes.fromhex(text)


def show(items: list) -> list:
    """Items as upper-case hex strings (messages) or (hex, reason) pairs (discards)."""
    return [
        (item.data.hex(" ").upper(), item.reason)
        if isinstance(item, Discarded)
        else item.hex(" ").upper()
        for item in items
    ]


def length_of(status: int) -> int:
    if status < 0xF0:
        return _LENGTH[status >> 4]
    return _SYSTEM_LENGTH.get(status, 1)


class ReferenceFramer:
    """The framing rules applied one byte at a time, as plainly as possible."""

    def __init__(self) -> None:
        self.out: list = []
        self.running = 0
        self.message: bytearray | None = None
        self.implied = False
        self.sysex: bytearray | None = None
        self.stray: bytearray | None = None

    def drop(self, message_reason: str, sysex_reason: str) -> None:
        if self.message is not None:
            data = self.message[1:] if self.implied else self.message
            self.out.append(Discarded(bytes(data), message_reason))
        if self.sysex is not None:
            self.out.append(Discarded(bytes(self.sysex), sysex_reason))
        if self.stray is not None:
            self.out.append(Discarded(bytes(self.stray), STRAY_DATA))
        self.message = self.sysex = self.stray = None

    def data_byte(self, byte: int) -> None:
        if self.sysex is not None:
            self.sysex.append(byte)
            return
        if self.message is None and self.running:
            self.message, self.implied = bytearray([self.running]), True
        if self.message is None:
            self.stray = (self.stray or bytearray()) + bytes([byte])
            return
        self.message.append(byte)
        if len(self.message) == length_of(self.message[0]):
            self.out.append(bytes(self.message))
            self.message = None

    def status_byte(self, byte: int) -> None:
        if byte == 0xF7 and self.sysex is not None:
            self.out.append(bytes(self.sysex) + b"\xf7")
            self.sysex = None
            return
        self.drop(MESSAGE_INTERRUPTED, SYSEX_INTERRUPTED)
        self.running = byte if byte < 0xF0 else 0
        if byte == 0xF0:
            self.sysex = bytearray([byte])
        elif byte == 0xF7:
            self.out.append(Discarded(b"\xf7", STRAY_EOX))
        elif length_of(byte) == 1:
            self.out.append(bytes([byte]))
        else:
            self.message, self.implied = bytearray([byte]), False

    def decode(self, data: bytes) -> list:
        for byte in data:
            if byte >= 0xF8:
                self.out.append(bytes([byte]))
            elif byte < 0x80:
                self.data_byte(byte)
            else:
                self.status_byte(byte)
        self.drop(UNFINISHED, UNFINISHED)
        return self.out


def reference_decode(data: bytes) -> list:
    return ReferenceFramer().decode(data)


def assert_every_byte_accounted(data: bytes, items: list) -> None:
    """Rebuild the input from the output: no byte lost, duplicated or invented.

    Real-time bytes must come out in input order. Every other input byte must
    sit, in order, in exactly one message or Discarded; a message whose status
    byte is not in the input at that point got it from running status.
    """
    realtime_out = [i for i in items if not isinstance(i, Discarded) and i[0] >= 0xF8]
    assert b"".join(realtime_out) == bytes(b for b in data if b >= 0xF8)
    rest = bytes(b for b in data if b < 0xF8)
    position = 0
    for item in items:
        if isinstance(item, Discarded):
            piece = item.data
        elif item[0] >= 0xF8:
            continue
        elif rest[position : position + 1] != item[:1]:
            assert 0x80 <= item[0] < 0xF0, "only channel messages may borrow a status"
            piece = item[1:]
        else:
            piece = item
        assert rest[position : position + len(piece)] == piece, (position, item)
        position += len(piece)
    assert position == len(rest)
