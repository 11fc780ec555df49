"""SysEx manufacturer IDs (one byte, or 00 followed by two bytes) and their owners."""

# Sources: the MIDI Association's public ID list as mirrored by file(1)'s
# magic/Magdir/sysex and by elektroid's common.h; see docs/decoding.md.
MANUFACTURERS: dict[bytes, str] = {
    # One-byte IDs, North American group
    b"\x01": "Sequential (Sequential Circuits, DSI)",
    b"\x02": "IDP",
    b"\x03": "Octave-Plateau (Voyetra)",
    b"\x04": "Moog",
    b"\x05": "Passport Designs",
    b"\x06": "Lexicon",
    b"\x07": "Kurzweil / Future Retro",
    b"\x08": "Fender",
    b"\x0a": "AKG Acoustics",
    b"\x0f": "Ensoniq",
    b"\x10": "Oberheim",
    b"\x11": "Apple",
    b"\x15": "JLCooper Electronics",
    b"\x18": "E-mu",
    b"\x1a": "ART",
    b"\x1c": "Eventide",
    # One-byte IDs, European group
    b"\x29": "PPG",
    b"\x2b": "Solid State Logic",
    b"\x2f": "Elka",
    b"\x30": "Dynacord",
    b"\x31": "Jomox",
    b"\x33": "Clavia (Nord)",
    b"\x39": "Soundcraft",
    b"\x3e": "Waldorf",
    # One-byte IDs, Japanese group
    b"\x40": "Kawai",
    b"\x41": "Roland",
    b"\x42": "Korg",
    b"\x43": "Yamaha",
    b"\x44": "Casio",
    b"\x46": "Kamiya Studio",
    b"\x47": "Akai",
    b"\x48": "Victor (JVC)",
    b"\x4c": "Sony",
    b"\x4e": "Teac (Tascam)",
    b"\x51": "Fostex",
    b"\x52": "Zoom",
    # Special IDs
    b"\x7d": "Non-commercial / educational use",
    b"\x7e": "Universal Non-Real-Time",
    b"\x7f": "Universal Real-Time",
    # Three-byte IDs
    b"\x00\x00\x0e": "Alesis",
    b"\x00\x01\x05": "M-Audio (Midiman)",
    b"\x00\x01\x06": "PreSonus",
    b"\x00\x01\x0c": "Line 6",
    b"\x00\x01\x21": "Cakewalk",
    b"\x00\x01\x37": "Roger Linn Design",
    b"\x00\x01\x77": "Nektar",
    b"\x00\x20\x13": "Kenton Electronics",
    b"\x00\x20\x1f": "TC Electronic",
    b"\x00\x20\x20": "Doepfer",
    b"\x00\x20\x29": "Focusrite/Novation",
    b"\x00\x20\x31": "Emagic",
    b"\x00\x20\x32": "Behringer",
    b"\x00\x20\x33": "Access Music",
    b"\x00\x20\x36": "Terratec",
    b"\x00\x20\x3a": "Propellerhead Software",
    b"\x00\x20\x3b": "Red Sound Systems",
    b"\x00\x20\x3c": "Elektron ESI AB",
    b"\x00\x20\x6b": "Arturia",
    b"\x00\x20\x76": "Teenage Engineering",
    b"\x00\x21\x02": "Mutable Instruments",
    b"\x00\x21\x09": "Native Instruments",
    b"\x00\x21\x1a": "IK Multimedia",
    b"\x00\x21\x1d": "Ableton",
    b"\x00\x21\x23": "Retrokits",
    b"\x00\x21\x27": "Expert Sleepers",
    b"\x00\x21\x35": "Dreadbox",
    b"\x00\x21\x38": "ALM Co",
    b"\x00\x21\x3b": "Blokas",
    b"\x00\x21\x45": "Electra One",
}
"""Manufacturer ID bytes (as they follow F0) to the company they are registered to."""


def manufacturer_id(sysex: bytes) -> bytes:
    """The ID bytes of a SysEx message (starting F0): one byte, or three when the first is 00.

    Returns b"" when the message is too short to hold an ID.
    """
    if len(sysex) < 2 or sysex[1] >= 0x80:
        return b""
    if sysex[1] != 0x00:
        return sysex[1:2]
    candidate = sysex[1:4]
    if len(candidate) < 3 or max(candidate) >= 0x80:
        return b""
    return candidate


def manufacturer(sysex: bytes) -> tuple[bytes, str | None]:
    """The ID bytes and the registered name (None when unknown) of a SysEx message."""
    id_bytes = manufacturer_id(sysex)
    return id_bytes, MANUFACTURERS.get(id_bytes)


def manufacturer_name(id_bytes: bytes) -> str | None:
    """The registered name for ID bytes, or None when the table does not know them."""
    return MANUFACTURERS.get(bytes(id_bytes))
