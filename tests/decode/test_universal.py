"""Universal Identity Request and Reply."""

import pytest

from diag.decode.universal import (
    IdentityReply,
    IdentityReplyError,
    identity_request,
    parse_identity_reply,
    universal_name,
)
from diag.errors import ExitCode, InputError
from tests.decode.helpers import h


def test_identity_request_asks_all_devices_by_default():
    assert identity_request() == h("F0 7E 7F 06 01 F7")
    assert identity_request(0x10) == h("F0 7E 10 06 01 F7")


@pytest.mark.parametrize("bad", [-1, 128])
def test_identity_request_rejects_bad_device_ids(bad):
    with pytest.raises(ValueError):
        identity_request(bad)


def test_reply_with_one_byte_manufacturer_id():
    # The electribe sampler's reply as Korg documents it: family 24 01, member 00 00.
    reply = parse_identity_reply(h("F0 7E 00 06 02 42 24 01 00 00 01 02 03 00 F7"))
    assert reply == IdentityReply(
        device_id=0,
        manufacturer_id=h("42"),
        manufacturer="Korg",
        family=0x24 + (0x01 << 7),
        member=0,
        revision=h("01 02 03 00"),
    )


def test_reply_with_three_byte_manufacturer_id():
    reply = parse_identity_reply(
        h("F0 7E 05 06 02 00 20 3C 0C 00 7F 7F 01 02 03 04 F7")
    )
    assert reply.device_id == 5
    assert reply.manufacturer_id == h("00 20 3C")
    assert reply.manufacturer == "Elektron ESI AB"
    assert reply.family == 0x0C
    assert reply.member == 0x3FFF
    assert reply.revision == h("01 02 03 04")


def test_reply_from_an_unknown_manufacturer():
    reply = parse_identity_reply(
        h("F0 7E 00 06 02 00 7F 70 01 00 00 00 00 00 00 00 F7")
    )
    assert (reply.manufacturer_id, reply.manufacturer) == (h("00 7F 70"), None)


def test_realtime_bytes_inside_the_reply_are_ignored():
    reply = parse_identity_reply(
        h("F0 7E 00 F8 06 02 42 24 01 FE 00 00 01 02 03 00 F7")
    )
    assert reply.family == 0x24 + (0x01 << 7)


@pytest.mark.parametrize(
    "raw",
    [
        "F0 7E 7F 06 01 F7",  # the request, not a reply
        "F0 7E 00 09 01 F7",  # General MIDI on
        "F0 7F 7F 04 01 00 40 F7",  # master volume
        "F0 00 20 3C 06 02 F7",  # a manufacturer's own SysEx
        "F0 7E 00 06",  # too short to say what it is
        "",
    ],
)
def test_other_sysex_is_not_an_identity_reply(raw):
    assert parse_identity_reply(h(raw)) is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("F0 7E 00 06 02 42 24 01 00 00 01 02 03 F7", "14 bytes"),
        ("F0 7E 00 06 02 42 24 01 00 00 01 02 03 00 00 F7", "16 bytes"),
        ("F0 7E 00 06 02 00 20 3C 0C 00 00 00 01 02 03 F7", "must be 17"),
        ("F0 7E 00 06 02 42 24 01 00 00 01 02 03 00", "does not end with F7"),
        ("F0 7E 00 06 02 42 24 01 00 90 01 02 03 00 F7", "status byte 90"),
        ("F0 7E 00 06 02 F7", "before its manufacturer ID"),
    ],
)
def test_malformed_reply_raises_a_precise_input_error(raw, message):
    with pytest.raises(IdentityReplyError, match=message) as caught:
        parse_identity_reply(h(raw))
    assert isinstance(caught.value, InputError)
    assert caught.value.exit_code == ExitCode.USAGE


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("F0 7E 7F 06 01 F7", "Identity Request"),
        ("F0 7E 00 06 02 42 F7", "Identity Reply"),
        ("F0 7E 7F 09 01 F7", "General MIDI 1 On"),
        ("F0 7E 00 01 F7", "Sample Dump Header"),
        ("F0 7F 7F 04 01 00 40 F7", "Master Volume"),
        ("F0 7F 7F 06 02 F7", "MIDI Machine Control Command"),
        ("F0 7E 00 60 F7", None),
        ("F0 42 30 F7", None),
    ],
)
def test_universal_names(raw, name):
    assert universal_name(h(raw)) == name
