"""A small, fixed rig's traffic (KeyStep notes, Digitakt clock and CCs, SysEx) with fixed times."""

from diag.events import MidiEvent

KEYSTEP = "Arturia KeyStep 32 MIDI 1"
DIGITAKT = "Elektron Digitakt MIDI 1"
RK004 = "Retrokits RK-004 MIDI 1"

IDENTITY_REPLY = bytes.fromhex("F0 7E 00 06 02 00 20 3C 0C 00 01 00 01 02 03 04 F7")
RK004_SET_REPLY = bytes.fromhex("F0 00 21 23 00 04 43 00 05 06 F7")


def scripted_events() -> list[MidiEvent]:
    """About 6 s of a rig: clock at 120 BPM with start, notes (one held on), CCs, SysEx, sensing."""
    events = [MidiEvent(0.0, DIGITAKT, b"\xfa")]
    events += [MidiEvent(round(i * 0.5 / 24, 6), DIGITAKT, b"\xf8") for i in range(24 * 12)]
    events += [MidiEvent(0.3 * i + 0.01, KEYSTEP, b"\xfe") for i in range(15)]
    events += _keystep_notes()
    events += [MidiEvent(2.0 + i * 0.01, DIGITAKT, bytes([0xB1, 74, 64])) for i in range(12)]
    events += [
        MidiEvent(2.5, DIGITAKT, bytes([0xB1, 1, 100])),
        MidiEvent(2.6, DIGITAKT, bytes([0xC1, 5])),
        MidiEvent(3.0, RK004, IDENTITY_REPLY),
        MidiEvent(3.1, RK004, RK004_SET_REPLY),
        MidiEvent(3.2, KEYSTEP, bytes([0xE0, 0x00, 0x50])),
        MidiEvent(5.95, DIGITAKT, b"\xfc"),
    ]
    return sorted(events, key=lambda event: event.t)


def _keystep_notes() -> list[MidiEvent]:
    notes = [MidiEvent(0.2, KEYSTEP, bytes([0x90, 36, 90]))]  # never released: stuck by the end
    for step, note in enumerate((60, 64, 67, 72)):
        start = 0.5 + step * 0.25
        notes.append(MidiEvent(start, KEYSTEP, bytes([0x90, note, 100])))
        notes.append(MidiEvent(start + 0.2, KEYSTEP, bytes([0x80, note, 0])))
    notes.append(MidiEvent(1.8, KEYSTEP, bytes([0x92, 48, 80])))
    return notes
