"""Human names for MIDI numbers: notes (both middle-C conventions), controllers and RPNs."""

NOTE_NAMES: tuple[str, ...] = (
    "C",
    "C#",
    "D",
    "D#",
    "E",
    "F",
    "F#",
    "G",
    "G#",
    "A",
    "A#",
    "B",
)

MIDDLE_C_OCTAVE: dict[str, int] = {"C4": 4, "C3": 3}
"""Which octave number note 60 carries under each naming convention.

"C4" follows scientific pitch notation; "C3" is Yamaha's convention, which
many DAWs and instruments also use. The same note can therefore be "C3" on one
screen and "C4" on another, which is why midi-diag prints the number too."""

_CONTROLLERS: dict[int, str] = {
    0: "Bank Select",
    1: "Modulation Wheel",
    2: "Breath Controller",
    4: "Foot Controller",
    5: "Portamento Time",
    6: "Data Entry MSB",
    7: "Channel Volume",
    8: "Balance",
    10: "Pan",
    11: "Expression",
    12: "Effect Control 1",
    13: "Effect Control 2",
    16: "General Purpose 1",
    17: "General Purpose 2",
    18: "General Purpose 3",
    19: "General Purpose 4",
    64: "Sustain Pedal",
    65: "Portamento On/Off",
    66: "Sostenuto",
    67: "Soft Pedal",
    68: "Legato Footswitch",
    69: "Hold 2",
    70: "Sound Variation",
    71: "Timbre/Resonance",
    72: "Release Time",
    73: "Attack Time",
    74: "Brightness/Cutoff",
    75: "Decay Time",
    76: "Vibrato Rate",
    77: "Vibrato Depth",
    78: "Vibrato Delay",
    79: "Sound Controller 10",
    80: "General Purpose 5",
    81: "General Purpose 6",
    82: "General Purpose 7",
    83: "General Purpose 8",
    84: "Portamento Control",
    88: "High Resolution Velocity Prefix",
    91: "Reverb Send",
    92: "Tremolo Depth",
    93: "Chorus Send",
    94: "Detune Depth",
    95: "Phaser Depth",
    96: "Data Increment",
    97: "Data Decrement",
    98: "NRPN LSB",
    99: "NRPN MSB",
    100: "RPN LSB",
    101: "RPN MSB",
    120: "All Sound Off",
    121: "Reset All Controllers",
    122: "Local Control",
    123: "All Notes Off",
    124: "Omni Mode Off",
    125: "Omni Mode On",
    126: "Mono Mode On",
    127: "Poly Mode On",
}
"""MIDI 1.0 controller assignments; 32-63 are derived below as LSBs of 0-31."""

RPN_NAMES: dict[int, str] = {
    0x0000: "Pitch Bend Sensitivity",
    0x0001: "Channel Fine Tuning",
    0x0002: "Channel Coarse Tuning",
    0x0003: "Tuning Program Change",
    0x0004: "Tuning Bank Select",
    0x0005: "Modulation Depth Range",
    0x3FFF: "RPN Null",
}
"""Registered parameter numbers (MSB << 7 | LSB)."""

UNDEFINED_CONTROLLER = "Undefined"


def note_name(number: int, middle_c: str = "C4") -> str:
    """The name of a note number: note_name(60) == "C4", note_name(60, "C3") == "C3"."""
    if middle_c not in MIDDLE_C_OCTAVE:
        raise ValueError(
            f"middle_c must be one of {sorted(MIDDLE_C_OCTAVE)}, not {middle_c!r}"
        )
    if not 0 <= number <= 127:
        raise ValueError(f"note number {number} is outside 0-127")
    octave = number // 12 - 5 + MIDDLE_C_OCTAVE[middle_c]
    return f"{NOTE_NAMES[number % 12]}{octave}"


def cc_name(number: int) -> str:
    """The standard MIDI 1.0 name of a controller number (0-127)."""
    if not 0 <= number <= 127:
        raise ValueError(f"controller number {number} is outside 0-127")
    if 32 <= number <= 63:
        msb_name = _CONTROLLERS.get(number - 32)
        return (
            f"{msb_name.removesuffix(' MSB')} LSB"
            if msb_name
            else f"LSB of CC {number - 32} ({UNDEFINED_CONTROLLER})"
        )
    return _CONTROLLERS.get(number, UNDEFINED_CONTROLLER)


def rpn_name(number: int) -> str | None:
    """The name of a registered parameter number, or None when it has none."""
    return RPN_NAMES.get(number)
