"""SysEx manufacturer IDs."""

import pytest

from diag.decode.manufacturers import MANUFACTURERS, manufacturer, manufacturer_name
from tests.decode.helpers import h

# The IDs in the project's device notes (devices.md section 4.2), all required.
REQUIRED = {
    "01": "Sequential",
    "04": "Moog",
    "06": "Lexicon",
    "07": "Kurzweil",
    "0F": "Ensoniq",
    "10": "Oberheim",
    "18": "E-mu",
    "1C": "Eventide",
    "31": "Jomox",
    "33": "Clavia",
    "3E": "Waldorf",
    "40": "Kawai",
    "41": "Roland",
    "42": "Korg",
    "43": "Yamaha",
    "44": "Casio",
    "47": "Akai",
    "52": "Zoom",
    "7D": "Non-commercial",
    "7E": "Universal Non-Real-Time",
    "7F": "Universal Real-Time",
    "00 00 0E": "Alesis",
    "00 01 77": "Nektar",
    "00 20 13": "Kenton",
    "00 20 1F": "TC Electronic",
    "00 20 20": "Doepfer",
    "00 20 29": "Novation",
    "00 20 32": "Behringer",
    "00 20 33": "Access",
    "00 20 3C": "Elektron",
    "00 20 6B": "Arturia",
    "00 20 76": "Teenage Engineering",
    "00 21 02": "Mutable",
    "00 21 09": "Native Instruments",
    "00 21 1A": "IK Multimedia",
    "00 21 1D": "Ableton",
    "00 21 23": "Retrokits",
    "00 21 27": "Expert Sleepers",
    "00 21 35": "Dreadbox",
    "00 21 38": "ALM",
    "00 21 3B": "Blokas",
    "00 21 45": "Electra One",
}


@pytest.mark.parametrize(("id_hex", "name_part"), REQUIRED.items())
def test_required_ids_are_named(id_hex, name_part):
    assert name_part in manufacturer_name(h(id_hex))


def test_table_keys_are_well_formed_ids():
    for id_bytes in MANUFACTURERS:
        assert len(id_bytes) in (1, 3)
        assert max(id_bytes) < 0x80
        assert (id_bytes[0] == 0) == (len(id_bytes) == 3)


def test_one_byte_id():
    assert manufacturer(h("F0 42 30 00 01 23 F7")) == (h("42"), "Korg")


def test_three_byte_id():
    assert manufacturer(h("F0 00 21 23 00 04 07 F7")) == (h("00 21 23"), "Retrokits")


def test_unknown_id_keeps_its_bytes():
    assert manufacturer(h("F0 00 7F 7F 01 F7")) == (h("00 7F 7F"), None)
    assert manufacturer(h("F0 60 01 F7")) == (h("60"), None)


@pytest.mark.parametrize("raw", ["F0 F7", "F0 00 20 F7", "F0", ""])
def test_too_short_for_an_id(raw):
    assert manufacturer(h(raw)) == (b"", None)
