"""The names a data file may use for settings and behaviours, with their value kinds.

Checks, rig files and the simulator look facts up by these names, so a name means the
same thing on every model; a data file that uses any other name does not load.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One name of the vocabulary: its value kind, its group and what it means."""

    name: str
    kind: str
    category: str
    meaning: str


def _terms(*rows: tuple[str, str, str, str]) -> dict[str, Term]:
    return {name: Term(name, kind, category, meaning) for name, kind, category, meaning in rows}


def _rk004_terms() -> list[tuple[str, str, str, str]]:
    rows = []
    for n in range(1, 8):
        rows.append((f"din{n}_mode", "choice", "hub", f"what DIN port {n} does (RK-004 parameter table)"))
        rows.append((f"din{n}_ppsn", "int", "hub", f"sync pulses per sixteenth note on DIN port {n}"))
    return rows


SETTINGS: dict[str, Term] = _terms(
    ("auto_channel", "channel-or-off", "channels", "channel that plays and records the active track"),
    ("fx_channel", "channel-or-off", "channels", "channel of the FX track's parameters"),
    ("perf_channel", "channel-or-off", "channels", "channel the knobs use in performance mode"),
    ("program_change_in_channel", "channel-or-auto", "channels", "channel that listens for program changes"),
    ("program_change_out_channel", "channel-or-auto", "channels", "channel program changes are sent on"),
    ("channel", "channel-or-all", "channels", "the one channel the device sends and listens on"),
    ("receive_channel", "channel-or-all", "channels", "channel the device listens on"),
    ("send_channel", "channel", "channels", "channel the device sends on"),
    ("output_channel", "choice", "channels", "pads/keys/knobs send on the auto channel or the track's channel"),
    ("out_port_function", "choice", "ports", "what the MIDI OUT jack sends (MIDI or DIN sync)"),
    ("thru_port_function", "choice", "ports", "what the MIDI THRU jack sends (MIDI or DIN sync)"),
    ("input_from", "choice", "ports", "which inputs the device listens to"),
    ("output_to", "choice", "ports", "which outputs the device sends to"),
    ("midi_thru", "bool", "ports", "MIDI IN is copied to MIDI OUT"),
    ("soft_thru", "bool", "ports", "MIDI IN is merged into MIDI OUT"),
    ("turbo_speed", "bool", "ports", "Elektron TurboMIDI negotiated on the DIN ports"),
    ("sysex_port", "choice", "ports", "which port carries SysEx"),
    ("param_output", "choice", "input", "parameter changes are sent as CC or NRPN (or not)"),
    ("param_receive", "choice", "input", "parameter changes are received as CC or NRPN (or not)"),
    ("receive_notes", "bool", "input", "incoming notes are played"),
    ("receive_cc", "bool", "input", "incoming CC/NRPN are applied"),
    ("local_control", "bool", "input", "the device's own keys play its own engine"),
    ("transpose", "int", "input", "semitones added to received or played notes"),
    ("clock_send", "bool", "sync", "MIDI clock is sent"),
    ("clock_receive", "bool", "sync", "MIDI clock is followed"),
    ("transport_send", "bool", "sync", "start/stop/continue/song position are sent"),
    ("transport_receive", "bool", "sync", "start/stop/continue/song position are followed"),
    ("program_change_send", "bool", "sync", "program changes are sent when patterns change"),
    ("program_change_receive", "bool", "sync", "program changes select patterns"),
    ("clock_mode", "choice", "sync", "one switch for clock send and receive"),
    ("clock_source", "choice", "sync", "where the tempo comes from"),
    ("play_mode", "choice", "sound", "single sound or multitimbral mode"),
    ("loopback", "bool", "firmware", "the cable expects to sit in its own device's OUT-to-IN loop"),
    ("polymux_channel", "channel", "firmware", "channel whose notes are spread over voices"),
    ("polymux_voices", "int", "firmware", "how many channels the notes are spread over"),
    ("boot_tempo", "int", "firmware", "tempo of the internal clock at power-on (0 = off)"),
    ("syncin_mode", "int", "hub", "sync input mode (RK-004: not used yet)"),
    ("syncin_ppsn", "int", "hub", "sync input pulses per sixteenth note"),
    ("syncout_mode", "int", "hub", "sync output pulse shape (RK-004 parameter table)"),
    ("syncout_ppsn", "int", "hub", "sync output pulses per sixteenth note"),
    *_rk004_terms(),
)

TRACK_SETTINGS: dict[str, Term] = _terms(
    ("channel", "channel-or-off", "channels", "the track's own MIDI channel"),
    ("send_channel", "channel-or-off", "channels", "channel the track's sequencer sends notes on"),
    ("send_midi", "bool", "channels", "the track's sequencer sends MIDI at all"),
)

BEHAVIOURS: dict[str, Term] = _terms(
    ("auto_channel_effect", "text", "channels", "what arrives on the auto channel does"),
    ("note_trigger_range", "note-range", "notes", "notes that trigger tracks whatever the channel"),
    ("chromatic_root_note", "note", "notes", "note that plays a track untransposed"),
    ("drum_note_map", "note-map", "notes", "note number each voice answers to"),
    ("program_change_on_auto_channel", "text", "channels", "what a program change on the auto channel does"),
    ("loopback_blocks_other_sources", "bool", "firmware", "in loopback mode MIDI from other devices is dropped"),
    ("polymux", "text", "firmware", "how notes are spread over channels"),
    ("runs_after_unplug", "text", "power", "how long the device keeps running on stored power"),
    ("update_path", "text", "firmware", "what a firmware or settings update needs"),
    ("params_volatile_until_commit", "bool", "hub", "changed parameters are lost unless committed"),
    ("flow_control", "text", "hub", "in-band flow control the device uses"),
    ("multi_mode", "text", "sound", "how the device splits channels in multitimbral mode"),
)
