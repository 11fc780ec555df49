"""MIDI byte facts the capture formats share: message lengths by status byte and SMF variable-length numbers."""

SYSEX_START = 0xF0
SYSEX_END = 0xF7

_CHANNEL_LENGTHS = {0x8: 3, 0x9: 3, 0xA: 3, 0xB: 3, 0xC: 2, 0xD: 2, 0xE: 3}
"""Length of a channel message by the status byte's high nibble."""

_SYSTEM_LENGTHS = {
    0xF1: 2,  # MTC quarter frame
    0xF2: 3,  # song position
    0xF3: 2,  # song select
    0xF4: 1,  # undefined
    0xF5: 1,  # undefined
    0xF6: 1,  # tune request
    **{status: 1 for status in range(0xF8, 0x100)},  # real-time, including undefined F9 and FD
}
"""Length of a fixed-size system message by its status byte (F0 and F7 have none)."""


def _length_table() -> tuple[int, ...]:
    lengths = [0] * 256
    for status in range(0x80, 0xF0):
        lengths[status] = _CHANNEL_LENGTHS[status >> 4]
    for status, length in _SYSTEM_LENGTHS.items():
        lengths[status] = length
    return tuple(lengths)


MESSAGE_LENGTH = _length_table()
"""Whole-message length indexed by the first byte; 0 for data bytes, F0 and F7."""


def is_channel_message(data: bytes) -> bool:
    """True for a complete channel message (status 80-EF with the right number of data bytes)."""
    status = data[0]
    return (
        0x80 <= status < 0xF0
        and len(data) == MESSAGE_LENGTH[status]
        and data[1] < 0x80
        and data[-1] < 0x80
    )


def is_complete_sysex(data: bytes) -> bool:
    """True for a SysEx message whole, from F0 to F7."""
    return len(data) >= 2 and data[0] == SYSEX_START and data[-1] == SYSEX_END


def split_messages(payload: bytes) -> list[bytes] | None:
    """The complete messages `payload` consists of, or None when it is not exactly a run of them."""
    messages: list[bytes] = []
    position = 0
    while position < len(payload):
        end = _message_end(payload, position)
        if end is None:
            return None
        messages.append(payload[position:end])
        position = end
    return messages


def _message_end(payload: bytes, start: int) -> int | None:
    status = payload[start]
    if status == SYSEX_START:
        end = payload.find(SYSEX_END, start + 1) + 1
        return end if end and _all_data_bytes(payload[start + 1 : end - 1]) else None
    length = MESSAGE_LENGTH[status]
    end = start + length
    if length == 0 or end > len(payload) or not _all_data_bytes(payload[start + 1 : end]):
        return None
    return end


def _all_data_bytes(chunk: bytes) -> bool:
    return not chunk or max(chunk) < 0x80


def encode_varlen(value: int) -> bytes:
    """An SMF variable-length quantity: 7 bits per byte, most significant first, high bit = more follows."""
    if value < 0x80:
        return bytes((value,))
    groups = [value & 0x7F]
    value >>= 7
    while value:
        groups.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(groups))


VARLEN_MAX_BYTES = 4
"""SMF caps variable-length quantities at four bytes (0x0FFFFFFF)."""
