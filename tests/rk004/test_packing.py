"""Retrokits 7-bit packing: the published example, high bits, group boundaries and bad input."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from diag.errors import InputError
from diag.rk004.errors import PackingError
from diag.rk004.packing import pack7, unpack7


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_published_example_param_5_value_6() -> None:
    assert pack7(bytes([5, 6])) == h("00 05 06")


@pytest.mark.parametrize(
    ("data", "packed"),
    [
        ("04 CF", "02 04 4F"),  # RK-006 capture: param 4 = 207, bit 1 for the second byte
        ("08 FB", "02 08 7B"),
        ("FF", "01 7F"),
        ("80 00", "01 00 00"),
        ("", ""),
    ],
)
def test_high_bits_go_to_the_msb_byte_lsb_first(data: str, packed: str) -> None:
    assert pack7(h(data)) == h(packed)
    assert unpack7(h(packed)) == h(data)


def test_seven_bytes_make_one_full_group() -> None:
    data = h("80 01 82 03 04 05 86")
    assert pack7(data) == h("45 00 01 02 03 04 05 06")


def test_eight_bytes_start_a_second_group_from_bit_0() -> None:
    data = h("00 01 02 03 04 05 86 FF")
    assert pack7(data) == h("40 00 01 02 03 04 05 06 01 7F")


def test_fourteen_bytes_make_two_full_groups() -> None:
    data = bytes([0x80 | n for n in range(7)]) + bytes(range(7))
    assert pack7(data) == h("7F 00 01 02 03 04 05 06 00 00 01 02 03 04 05 06")


def test_fifteen_bytes_leave_a_short_third_group() -> None:
    data = bytes(14) + h("F0")
    assert pack7(data) == bytes(16) + h("01 70")


def test_round_trip_for_every_length_up_to_64() -> None:
    rng = random.Random(4)
    for length in range(65):
        data = bytes(rng.randrange(256) for _ in range(length))
        packed = pack7(data)
        assert len(packed) == length + -(-length // 7)
        assert all(byte < 0x80 for byte in packed)
        assert unpack7(packed) == data


@given(st.binary(max_size=200))
def test_each_msb_bit_holds_bit_7_of_its_byte(data: bytes) -> None:
    packed = pack7(data)
    for index, byte in enumerate(data):
        group, position = divmod(index, 7)
        msb = packed[group * 8]
        assert (msb >> position) & 1 == byte >> 7
        assert packed[group * 8 + 1 + position] == byte & 0x7F
    assert unpack7(packed) == data


@pytest.mark.parametrize(
    ("packed", "message"),
    [
        ("00 85", "packed byte 1 is 85, which has bit 7 set"),
        ("80 05", "packed byte 0 is 80, which has bit 7 set"),
        ("00", "MSB byte 00 at offset 0 has no data bytes after it"),
        ("00 01 02 03 04 05 06 07 00", "MSB byte 00 at offset 8 has no data bytes after it"),
        ("02 05", "MSB byte 02 at offset 0 flags bytes beyond its group of 1"),
        ("00 01 02 03 04 05 06 07 04 01 02", "MSB byte 04 at offset 8 flags bytes beyond its group of 2"),
    ],
)
def test_bad_packed_input_is_refused(packed: str, message: str) -> None:
    with pytest.raises(PackingError) as caught:
        unpack7(h(packed))
    assert str(caught.value) == message
    assert isinstance(caught.value, InputError)
