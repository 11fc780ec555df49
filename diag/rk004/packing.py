"""Retrokits 7-bit packing: each group of up to seven bytes follows one byte holding their top bits."""

from __future__ import annotations

from diag.rk004.errors import PackingError

GROUP_SIZE = 7
"""Data bytes per group; each group is preceded by its MSB byte."""


def pack7(data: bytes) -> bytes:
    """Any number of 8-bit bytes as 7-bit bytes; bit i of an MSB byte is bit 7 of its group's i-th byte."""
    packed = bytearray()
    for start in range(0, len(data), GROUP_SIZE):
        group = data[start : start + GROUP_SIZE]
        packed.append(_msb_byte(group))
        packed.extend(byte & 0x7F for byte in group)
    return bytes(packed)


def _msb_byte(group: bytes) -> int:
    return sum(1 << index for index, byte in enumerate(group) if byte & 0x80)


def unpack7(packed: bytes) -> bytes:
    """The 8-bit bytes that `pack7` packed; a PackingError for anything `pack7` cannot have produced."""
    _check_seven_bit(packed)
    data = bytearray()
    for start in range(0, len(packed), GROUP_SIZE + 1):
        data.extend(_unpack_group(packed[start : start + GROUP_SIZE + 1], start))
    return bytes(data)


def _check_seven_bit(packed: bytes) -> None:
    for offset, byte in enumerate(packed):
        if byte & 0x80:
            raise PackingError(f"packed byte {offset} is {byte:02X}, which has bit 7 set")


def _unpack_group(chunk: bytes, offset: int) -> bytes:
    msb, group = chunk[0], chunk[1:]
    if not group:
        raise PackingError(f"MSB byte {msb:02X} at offset {offset} has no data bytes after it")
    if msb >> len(group):
        raise PackingError(
            f"MSB byte {msb:02X} at offset {offset} flags bytes beyond its group of {len(group)}"
        )
    return bytes(byte | (0x80 if msb >> index & 1 else 0) for index, byte in enumerate(group))
