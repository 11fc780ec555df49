"""Universal SysEx: the Identity Request and Reply, and names for the other sub-IDs."""

from typing import NamedTuple

from diag.decode.manufacturers import manufacturer_name
from diag.errors import InputError

NON_REALTIME = 0x7E
REALTIME = 0x7F
ALL_DEVICES = 0x7F
GENERAL_INFORMATION = 0x06
IDENTITY_REQUEST = 0x01
IDENTITY_REPLY = 0x02

# (universal ID, sub-ID #1) -> name, and (universal ID, sub-ID #1, sub-ID #2) -> name.
UNIVERSAL_NAMES: dict[tuple[int, ...], str] = {
    (0x7E, 0x01): "Sample Dump Header",
    (0x7E, 0x02): "Sample Data Packet",
    (0x7E, 0x03): "Sample Dump Request",
    (0x7E, 0x04): "MIDI Time Code Cueing",
    (0x7E, 0x05): "Sample Dump Extensions",
    (0x7E, 0x06): "General Information",
    (0x7E, 0x06, 0x01): "Identity Request",
    (0x7E, 0x06, 0x02): "Identity Reply",
    (0x7E, 0x07): "File Dump",
    (0x7E, 0x08): "MIDI Tuning Standard",
    (0x7E, 0x09): "General MIDI",
    (0x7E, 0x09, 0x01): "General MIDI 1 On",
    (0x7E, 0x09, 0x02): "General MIDI Off",
    (0x7E, 0x09, 0x03): "General MIDI 2 On",
    (0x7E, 0x0A): "Downloadable Sounds",
    (0x7E, 0x0B): "File Reference",
    (0x7E, 0x0C): "MIDI Visual Control",
    (0x7E, 0x7B): "End of File",
    (0x7E, 0x7C): "Wait",
    (0x7E, 0x7D): "Cancel",
    (0x7E, 0x7E): "NAK",
    (0x7E, 0x7F): "ACK",
    (0x7F, 0x01): "MIDI Time Code",
    (0x7F, 0x01, 0x01): "MTC Full Message",
    (0x7F, 0x01, 0x02): "MTC User Bits",
    (0x7F, 0x02): "MIDI Show Control",
    (0x7F, 0x03): "Notation Information",
    (0x7F, 0x04): "Device Control",
    (0x7F, 0x04, 0x01): "Master Volume",
    (0x7F, 0x04, 0x02): "Master Balance",
    (0x7F, 0x04, 0x03): "Master Fine Tuning",
    (0x7F, 0x04, 0x04): "Master Coarse Tuning",
    (0x7F, 0x05): "Real-Time MTC Cueing",
    (0x7F, 0x06): "MIDI Machine Control Command",
    (0x7F, 0x07): "MIDI Machine Control Response",
    (0x7F, 0x08): "MIDI Tuning Standard (real time)",
}
"""Display names for Universal SysEx messages, most specific key first when looked up."""


class IdentityReply(NamedTuple):
    """A decoded Universal Identity Reply."""

    device_id: int
    manufacturer_id: bytes
    manufacturer: str | None
    family: int
    """Device family code, 14 bits (sent LSB first)."""
    member: int
    """Device family member code, 14 bits (sent LSB first)."""
    revision: bytes
    """Four software revision bytes, in a format each manufacturer chooses."""


class IdentityReplyError(InputError):
    """A SysEx that says it is an Identity Reply but cannot be one."""


def identity_request(device_id: int = ALL_DEVICES) -> bytes:
    """The Universal Identity Request; device 7F asks every device to answer."""
    if not 0 <= device_id <= 0x7F:
        raise ValueError(f"device id {device_id} is outside 0-127")
    return bytes(
        (0xF0, NON_REALTIME, device_id, GENERAL_INFORMATION, IDENTITY_REQUEST, 0xF7)
    )


def is_identity_reply(sysex: bytes) -> bool:
    """True when the SysEx claims to be an Identity Reply (F0 7E <dev> 06 02 ...)."""
    return (
        len(sysex) >= 5
        and sysex[0] == 0xF0
        and sysex[1] == NON_REALTIME
        and sysex[3] == GENERAL_INFORMATION
        and sysex[4] == IDENTITY_REPLY
    )


def parse_identity_reply(sysex: bytes) -> IdentityReply | None:
    """Decode an Identity Reply; None when the SysEx is not one at all.

    Real-time bytes inside the message are ignored. Raises IdentityReplyError
    when the message claims to be a reply but its length or bytes are wrong.
    """
    body = bytes(b for b in sysex if b < 0xF8)
    if not is_identity_reply(body):
        return None
    _check_reply_bytes(body)
    id_length = 3 if body[5] == 0x00 else 1
    fields = body[5 + id_length : -1]
    id_bytes = body[5 : 5 + id_length]
    return IdentityReply(
        device_id=body[2],
        manufacturer_id=id_bytes,
        manufacturer=manufacturer_name(id_bytes),
        family=fields[0] | fields[1] << 7,
        member=fields[2] | fields[3] << 7,
        revision=fields[4:8],
    )


def _check_reply_bytes(body: bytes) -> None:
    if body[-1] != 0xF7:
        raise IdentityReplyError("identity reply does not end with F7")
    inner = body[1:-1]
    bad = next((b for b in inner if b >= 0x80), None)
    if bad is not None:
        raise IdentityReplyError(
            f"identity reply holds status byte {bad:02X} among its data"
        )
    if len(body) < 7:
        raise IdentityReplyError("identity reply ends before its manufacturer ID")
    expected = 17 if body[5] == 0x00 else 15
    if len(body) != expected:
        id_form = "3-byte" if expected == 17 else "1-byte"
        raise IdentityReplyError(
            f"identity reply is {len(body)} bytes; with a {id_form} manufacturer ID "
            f"it must be {expected}"
        )


def universal_name(sysex: bytes) -> str | None:
    """The display name of a Universal SysEx (F0 7E/7F <dev> <sub1> <sub2> ...), else None."""
    if len(sysex) < 4 or sysex[0] != 0xF0 or sysex[1] not in (NON_REALTIME, REALTIME):
        return None
    if len(sysex) >= 5:
        specific = UNIVERSAL_NAMES.get((sysex[1], sysex[3], sysex[4]))
        if specific:
            return specific
    return UNIVERSAL_NAMES.get((sysex[1], sysex[3]))
