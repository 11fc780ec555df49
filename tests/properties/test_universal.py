"""Properties of Universal SysEx: identity replies parse back, and any SysEx gives a reply, None or the one error."""

from hypothesis import given
from hypothesis import strategies as st

from diag.decode.manufacturers import MANUFACTURERS
from diag.decode.message import describe
from diag.decode.universal import (
    IdentityReply,
    IdentityReplyError,
    identity_request,
    parse_identity_reply,
    universal_name,
)
from tests.properties.strategies import REALTIME, data_byte, wire_bytes

REPLY_HEAD = bytes([0xF0, 0x7E])
fourteen_bits = st.integers(0, (1 << 14) - 1)
manufacturer_ids = st.one_of(
    st.sampled_from(sorted(MANUFACTURERS)),
    st.integers(1, 0x7F).map(lambda b: bytes([b])),
    st.tuples(data_byte, data_byte).map(lambda pair: bytes([0, *pair])),
)


def reply_bytes(device: int, id_bytes: bytes, family: int, member: int, revision: bytes) -> bytes:
    """An Identity Reply as a device sends it: family and member 14-bit, LSB first."""
    fields = bytes([family & 0x7F, family >> 7, member & 0x7F, member >> 7]) + revision
    return REPLY_HEAD + bytes([device, 0x06, 0x02]) + id_bytes + fields + b"\xf7"


def parse_or_error(raw: bytes) -> IdentityReply | None | IdentityReplyError:
    try:
        return parse_identity_reply(raw)
    except IdentityReplyError as error:
        return error


claims_to_be_a_reply = st.tuples(data_byte, wire_bytes).map(lambda parts: bytes([0xF0, 0x7E, parts[0], 6, 2]) + parts[1])


@given(st.one_of(wire_bytes, claims_to_be_a_reply))
def test_any_bytes_give_a_reply_none_or_the_reply_error(raw):
    result = parse_or_error(raw)
    assert result is None or isinstance(result, IdentityReply | IdentityReplyError)
    if isinstance(result, IdentityReplyError):
        assert str(result) and "\n" not in str(result)
    name = universal_name(raw)
    assert name is None or isinstance(name, str)


@given(data_byte, manufacturer_ids, fourteen_bits, fourteen_bits, st.binary(min_size=4, max_size=4), st.data())
def test_a_built_reply_parses_back_even_with_realtime_bytes_inside(device, id_bytes, family, member, revision, draw):
    revision = bytes(b & 0x7F for b in revision)
    raw = reply_bytes(device, id_bytes, family, member, revision)
    for _ in range(draw.draw(st.integers(0, 3))):
        at = draw.draw(st.integers(1, len(raw) - 1))
        raw = raw[:at] + bytes([draw.draw(st.sampled_from(REALTIME))]) + raw[at:]
    reply = parse_identity_reply(raw)
    assert reply == IdentityReply(device, id_bytes, MANUFACTURERS.get(id_bytes), family, member, revision)


@given(data_byte, manufacturer_ids, fourteen_bits, fourteen_bits, st.binary(min_size=4, max_size=4))
def test_describe_carries_the_reply(device, id_bytes, family, member, revision):
    revision = bytes(b & 0x7F for b in revision)
    decoded = describe(reply_bytes(device, id_bytes, family, member, revision))
    assert decoded.kind == "sysex"
    assert decoded.get("identity") == parse_identity_reply(reply_bytes(device, id_bytes, family, member, revision))
    assert decoded.note == "Identity Reply"


@given(st.integers(0, 0x7F))
def test_the_identity_request_is_named_and_is_no_reply(device):
    request = identity_request(device)
    assert universal_name(request) == "Identity Request"
    assert parse_identity_reply(request) is None
    assert describe(request).kind == "sysex"
