"""The captures of every scenario under tests/scenarios/, as a real capture of that situation would show them.

    python -m tests.scenarios.generate        # rewrite tests/scenarios/captures/*.jsonl

Each function builds the captures of one scenario (one file per step, as `midi-diag capture
--step` writes them). Port names are as ALSA lists them; the rig's observers match them by a
part of the name. tests/checks/test_scenarios.py checks that the files match this code.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from diag.events import MidiEvent
from tests.scenarios.traffic import (
    Capture,
    capture,
    clock,
    passed_on,
    played,
    sensing,
    sequenced,
    sysex,
    ticks,
    write,
)

FOLDER = Path(__file__).with_name("captures")

KEYSTEP = "Arturia KeyStep 32:Arturia KeyStep 32 MIDI 1 20:0"
KEYSTEP37 = "Arturia KeyStep 37:Arturia KeyStep 37 MIDI 1 20:0"
INTERFACE = "USB MIDI Interface:USB MIDI Interface MIDI 1 24:0"
DIGITAKT = "Elektron Digitakt:Elektron Digitakt MIDI 1 28:0"
RYTM = "Analog Rytm MKII:Analog Rytm MKII MIDI 1 32:0"
CONNECT = "ConnectAudio2/4:ConnectAudio2/4 MIDI 1 36:0"

BPM = 120.0
SECONDS = 4.0

RD8_HITS = [36, 40, 42, 46, 36, 42, 40, 46]
"""Pads of tracks set to the RD-8's notes (BD 36, SD 40, CH 42, OH 46), hit by hand."""

DRUM_BAR = [(0, 36, 10), (4, 40, 10), (8, 36, 10), (12, 40, 10), (2, 42, 10), (6, 42, 10), (10, 42, 10),
            (14, 46, 10)]
"""One bar of the same four tracks on channel 10, as the Rytm's pattern should send it."""

Builder = Callable[[random.Random], list[Capture]]
SCENARIOS: dict[str, Builder] = {}


def scenario(builder: Builder) -> Builder:
    """Register a builder under its name with dashes ("auto_channel_002" -> "auto-channel-002")."""
    SCENARIOS[builder.__name__.replace("_", "-")] = builder
    return builder


def shifted(pattern: list[tuple[int, int, int]], semitones: int = 0, note: int | None = None,
            channel: int | None = None) -> list[tuple[int, int, int]]:
    return [(s, note if note is not None else n + semitones, channel or c) for s, n, c in pattern]


def rytm_sequence(rng: random.Random, pattern: list[tuple[int, int, int]], port: str = RYTM) -> list[MidiEvent]:
    """An Elektron box running its pattern: clock from the capture's start, start after half a second."""
    times = ticks(BPM, SECONDS, 0.012, rng)
    return clock(port, times, start_at=12) + sequenced(port, times, 12, pattern, rng)


def polymux(events: list[MidiEvent], port: str, rng: random.Random, voices: int = 4) -> list[MidiEvent]:
    """What an RK-002 with the Digitakt firmware passes on: each new note on the next of channels 1..voices."""
    out, voice, held = [], 0, {}
    for event in sorted(events, key=lambda e: e.t):
        status, note = event.data[0], event.data[1]
        if status & 0xF0 == 0x90 and event.data[2]:
            held[note], voice = voice, (voice + 1) % voices
        channel = held.get(note, 0)
        moved = passed_on([event], port, rng, channel=channel + 1, hops=2)
        out += moved
    return out


# Forum cases ---------------------------------------------------------------------------------

@scenario
def auto_channel_002(rng: random.Random) -> list[Capture]:
    """KeyStep on channel 1; the Octatrack's trig keys reach the Peak on channel 10."""
    ports = (KEYSTEP, INTERFACE)
    keys = played(KEYSTEP, [60, 63, 67, 70, 72, 67], 1, rng)
    pads = played(INTERFACE, [48, 48, 55, 53, 48], 10, rng, length=(0.08, 0.16))
    return [capture("auto-channel-002.keys.jsonl", "keys", ports, keys),
            capture("auto-channel-002.pads.jsonl", "pads", ports, pads)]


@scenario
def channel_mismatch_002(rng: random.Random) -> list[Capture]:
    """KeyStep on 10, the Octatrack passes it on to its MIDI track's channel 11, the Peak listens on 12."""
    keys = played(KEYSTEP, [57, 60, 64, 69, 64, 60], 10, rng)
    forwarded = passed_on(keys, INTERFACE, rng, channel=11, hops=2)
    return [capture("channel-mismatch-002.keys.jsonl", "keys", (KEYSTEP, INTERFACE), keys, forwarded)]


@scenario
def loopback_mode_000(rng: random.Random) -> list[Capture]:
    """The KeyStep plays on 9; nothing reaches the Digitakt's IN."""
    keys = played(KEYSTEP, [60, 64, 67, 72, 67, 64], 9, rng)
    return [capture("loopback-mode-000.keys.jsonl", "keys", (KEYSTEP, INTERFACE), keys)]


@scenario
def midi_power_000(rng: random.Random) -> list[Capture]:
    """The KeyStep on a power bank plays; the interface on the Digitakt's THRU hears nothing."""
    return [capture("midi-power-000.keys.jsonl", "keys", (INTERFACE,))]


@scenario
def track_midi_out_001(rng: random.Random) -> list[Capture]:
    """Chromatic keys by hand reach the interface (auto channel 10); the pattern sends nothing."""
    pads = played(CONNECT, [60, 62, 64, 65, 67, 64], 10, rng)
    return [capture("track-midi-out-001.pads.jsonl", "pads", (CONNECT,), pads),
            capture("track-midi-out-001.sequencer.jsonl", "sequencer", (CONNECT,))]


@scenario
def track_midi_out_003(rng: random.Random) -> list[Capture]:
    """Rytm pads on their track channels reach the USB port; the pattern brings only clock and start."""
    pads = played(RYTM, [36, 36, 36], 1, rng, length=(0.06, 0.12)) + \
        played(RYTM, [38, 38], 2, rng, start=1.4, length=(0.06, 0.12))
    times = ticks(BPM, SECONDS, 0.012, rng)
    return [capture("track-midi-out-003.pads.jsonl", "pads", (RYTM,), pads),
            capture("track-midi-out-003.sequencer.jsonl", "sequencer", (RYTM,), clock(RYTM, times, start_at=12))]


@scenario
def note_offset_003(rng: random.Random) -> list[Capture]:
    """Pads send the RD-8's notes; the sequencer sends each two octaves higher (OS 1.50)."""
    pads = played(RYTM, RD8_HITS, 10, rng, length=(0.05, 0.1))
    return [capture("note-offset-003.pads.jsonl", "pads", (RYTM,), pads),
            capture("note-offset-003.sequencer.jsonl", "sequencer", (RYTM,),
                    rytm_sequence(rng, shifted(DRUM_BAR, 24)))]


@scenario
def note_offset_one_note_003(rng: random.Random) -> list[Capture]:
    """The thread's last post: pads right, every sequenced trig on note 61."""
    pads = played(RYTM, RD8_HITS, 10, rng, length=(0.05, 0.1))
    return [capture("note-offset-one-note-003.pads.jsonl", "pads", (RYTM,), pads),
            capture("note-offset-one-note-003.sequencer.jsonl", "sequencer", (RYTM,),
                    rytm_sequence(rng, shifted(DRUM_BAR, note=61)))]


@scenario
def sysex_filtered_000(rng: random.Random) -> list[Capture]:
    """The portal sends its inquiries to the KeyStep; nothing comes back from the cable."""
    return [capture("sysex-filtered-000.sysex.jsonl", "sysex", (INTERFACE,))]


# Variants ------------------------------------------------------------------------------------

@scenario
def auto_channel_digitakt(rng: random.Random) -> list[Capture]:
    """KeyStep 37 on 12, auto channel 11; the Digitakt's clock runs on its USB port meanwhile."""
    keys = played(KEYSTEP37, [48, 52, 55, 59, 60], 12, rng)
    arrive = passed_on(keys, INTERFACE, rng, hops=2)
    tick_times = ticks(BPM, SECONDS, 0.004, rng)
    return [capture("auto-channel-digitakt.keys.jsonl", "keys", (KEYSTEP37, INTERFACE, DIGITAKT),
                    keys, arrive, clock(DIGITAKT, tick_times))]


@scenario
def auto_channel_rytm_shared(rng: random.Random) -> list[Capture]:
    """The KeyStep plays the Rytm on its auto channel 1, which is also the BD track's channel."""
    keys = played(KEYSTEP, [36, 38, 41, 43], 1, rng)
    return [capture("auto-channel-rytm-shared.keys.jsonl", "keys", (KEYSTEP, RYTM), keys,
                    sensing(RYTM, SECONDS, rng))]


@scenario
def auto_channel_syntakt(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [60, 62, 64], 5, rng)
    return [capture("auto-channel-syntakt.keys.jsonl", "keys", (KEYSTEP,), keys)]


@scenario
def auto_channel_no_keys(rng: random.Random) -> list[Capture]:
    pads = played(DIGITAKT, [60, 62, 64], 10, rng)
    return [capture("auto-channel-no-keys.pads.jsonl", "pads", (DIGITAKT,), pads)]


@scenario
def channel_mismatch_rytm_virus(rng: random.Random) -> list[Capture]:
    """The BD track sends on 1 by hand and from the sequencer; the Virus listens on 2."""
    pads = played(RYTM, [36, 36, 36, 36], 1, rng, length=(0.06, 0.12))
    bar = [(0, 36, 1), (4, 36, 1), (8, 36, 1), (12, 36, 1)]
    return [capture("channel-mismatch-rytm-virus.pads.jsonl", "pads", (RYTM,), pads),
            capture("channel-mismatch-rytm-virus.sequencer.jsonl", "sequencer", (RYTM,), rytm_sequence(rng, bar))]


@scenario
def channel_mismatch_minilogue_unknown(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [57, 60, 64], 1, rng)
    return [capture("channel-mismatch-minilogue-unknown.keys.jsonl", "keys", (KEYSTEP,), keys)]


@scenario
def loopback_mode_rytm_digitakt(rng: random.Random) -> list[Capture]:
    """The Rytm plays its pattern and clock; the RK-002 in loopback mode lets none of it into the Digitakt."""
    bar = [(0, 0, 1), (8, 0, 1), (4, 1, 2), (12, 1, 2)]
    return [capture("loopback-mode-rytm-digitakt.sequencer.jsonl", "sequencer", (RYTM, INTERFACE),
                    rytm_sequence(rng, bar))]


@scenario
def loopback_mode_own_loop(rng: random.Random) -> list[Capture]:
    times = ticks(BPM, SECONDS, 0.01, rng)
    melody = [(0, 48, 1), (3, 55, 1), (6, 60, 1), (10, 58, 1), (12, 55, 1)]
    return [capture("loopback-mode-own-loop.sequencer.jsonl", "sequencer", (DIGITAKT,),
                    sequenced(DIGITAKT, times, 12, melody, rng))]


@scenario
def loopback_mode_no_firmware(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [60, 64, 67], 10, rng)
    return [capture("loopback-mode-no-firmware.keys.jsonl", "keys", (KEYSTEP, INTERFACE), keys,
                    passed_on(keys, INTERFACE, rng, hops=2))]


@scenario
def track_midi_out_digitakt_usb(rng: random.Random) -> list[Capture]:
    """Trig keys of tracks 1-4 by hand (TRK CH: channels 1-4), clock running; then the pattern: clock only."""
    pads = [event for channel in (1, 2, 3, 4)
            for event in played(DIGITAKT, [60], channel, rng, start=0.3 + channel * 0.45)]
    return [capture("track-midi-out-digitakt-usb.pads.jsonl", "pads", (DIGITAKT,), pads,
                    clock(DIGITAKT, ticks(BPM, SECONDS, 0.003, rng))),
            capture("track-midi-out-digitakt-usb.sequencer.jsonl", "sequencer", (DIGITAKT,),
                    clock(DIGITAKT, ticks(BPM, SECONDS, 0.009, rng), start_at=12), sensing(DIGITAKT, SECONDS, rng))]


@scenario
def track_midi_out_rytm_unstated(rng: random.Random) -> list[Capture]:
    times = ticks(BPM, SECONDS, 0.012, rng)
    return [capture("track-midi-out-rytm-unstated.sequencer.jsonl", "sequencer", (RYTM,),
                    clock(RYTM, times, start_at=12))]


@scenario
def track_midi_out_pads_only(rng: random.Random) -> list[Capture]:
    pads = played(CONNECT, [60, 62, 64], 10, rng)
    return [capture("track-midi-out-pads-only.pads.jsonl", "pads", (CONNECT,), pads)]


@scenario
def note_offset_rytm_any_os(rng: random.Random) -> list[Capture]:
    """Tracks on their own channels 1, 2 and 9; each sequenced note 24 above its pad."""
    pads = (played(RYTM, [36, 36], 1, rng, length=(0.05, 0.1)) +
            played(RYTM, [38, 38], 2, rng, start=1.2, length=(0.05, 0.1)) +
            played(RYTM, [42, 42, 42], 9, rng, start=2.1, length=(0.05, 0.1)))
    bar = [(0, 60, 1), (8, 60, 1), (4, 62, 2), (12, 62, 2), (2, 66, 9), (6, 66, 9), (10, 66, 9), (14, 66, 9)]
    return [capture("note-offset-rytm-any-os.pads.jsonl", "pads", (RYTM,), pads),
            capture("note-offset-rytm-any-os.sequencer.jsonl", "sequencer", (RYTM,), rytm_sequence(rng, bar))]


@scenario
def note_offset_rytm_170(rng: random.Random) -> list[Capture]:
    pads = played(RYTM, RD8_HITS, 10, rng, length=(0.05, 0.1))
    return [capture("note-offset-rytm-170.pads.jsonl", "pads", (RYTM,), pads),
            capture("note-offset-rytm-170.sequencer.jsonl", "sequencer", (RYTM,),
                    rytm_sequence(rng, shifted(DRUM_BAR, 24)))]


@scenario
def note_offset_keystep_rk002_peak(rng: random.Random) -> list[Capture]:
    """The KeyStep 37 sends 60, 64, 67, 72 on 2; the Peak's IN gets each an octave lower."""
    keys = played(KEYSTEP37, [60, 64, 67, 72, 67], 2, rng)
    return [capture("note-offset-keystep-rk002-peak.keys.jsonl", "keys", (KEYSTEP37, INTERFACE), keys,
                    passed_on(keys, INTERFACE, rng, shift=-12, hops=2))]


@scenario
def note_offset_pads_only(rng: random.Random) -> list[Capture]:
    pads = played(RYTM, RD8_HITS[:4], 10, rng, length=(0.05, 0.1))
    return [capture("note-offset-pads-only.pads.jsonl", "pads", (RYTM,), pads)]


@scenario
def midi_power_keystep37_tablet(rng: random.Random) -> list[Capture]:
    return [capture("midi-power-keystep37-tablet.keys.jsonl", "keys", (INTERFACE,))]


@scenario
def midi_power_hub_ok(rng: random.Random) -> list[Capture]:
    """Keys on 9 come out of the RK-002 spread over channels 1-4 (polymux)."""
    keys = played(KEYSTEP, [60, 64, 67, 71, 72, 67], 9, rng, gap=(0.12, 0.2), length=(0.4, 0.6))
    return [capture("midi-power-hub-ok.keys.jsonl", "keys", (KEYSTEP, INTERFACE), keys,
                    polymux(keys, INTERFACE, rng))]


@scenario
def midi_power_unknown_supply(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [60, 63, 67], 1, rng)
    return [capture("midi-power-unknown-supply.keys.jsonl", "keys", (KEYSTEP,), keys)]


@scenario
def sysex_filtered_interface_silent(rng: random.Random) -> list[Capture]:
    """The DAW's clock goes out of the interface, through the cable and back in; the portal's SysEx does not."""
    tick_times = ticks(BPM, SECONDS, 0.015, rng, jitter=0.0006)
    return [capture("sysex-filtered-interface-silent.sysex.jsonl", "sysex", (INTERFACE,),
                    passed_on(clock(INTERFACE, tick_times), INTERFACE, rng, hops=2))]


@scenario
def sysex_filtered_interface(rng: random.Random) -> list[Capture]:
    """The cable answers the portal's requests through the interface."""
    answers = [sysex(INTERFACE, 0.412 + i * 0.2053, f"F0 00 21 23 00 02 0{i} 01 00 F7") for i in range(4)]
    return [capture("sysex-filtered-interface.sysex.jsonl", "sysex", (INTERFACE,), answers)]


# Healthy rigs --------------------------------------------------------------------------------

@scenario
def healthy_keystep_digitakt(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [60, 62, 63, 65, 67, 63, 60], 10, rng)
    ports = (KEYSTEP, INTERFACE)
    return [capture("healthy-keystep-digitakt.keys.jsonl", "keys", ports, keys, passed_on(keys, INTERFACE, rng)),
            capture("healthy-keystep-digitakt.idle.jsonl", "idle", ports)]


@scenario
def healthy_rytm_virus(rng: random.Random) -> list[Capture]:
    pads = played(RYTM, [36, 36, 36], 1, rng, length=(0.06, 0.12))
    bar = [(0, 36, 1), (3, 36, 1), (8, 36, 1), (11, 36, 1), (14, 36, 1)]
    return [capture("healthy-rytm-virus.pads.jsonl", "pads", (RYTM,), pads),
            capture("healthy-rytm-virus.sequencer.jsonl", "sequencer", (RYTM,), rytm_sequence(rng, bar))]


@scenario
def healthy_digitakt_minilogue(rng: random.Random) -> list[Capture]:
    times = ticks(BPM, SECONDS, 0.006, rng)
    melody = [(0, 45, 1), (3, 52, 1), (6, 57, 1), (8, 55, 1), (11, 52, 1), (14, 50, 1)]
    return [capture("healthy-digitakt-minilogue.sequencer.jsonl", "sequencer", (DIGITAKT,),
                    clock(DIGITAKT, times, start_at=12), sequenced(DIGITAKT, times, 12, melody, rng))]


@scenario
def healthy_rk004_hub(rng: random.Random) -> list[Capture]:
    keys = played(KEYSTEP, [48, 55, 60, 64, 67], 1, rng)
    return [capture("healthy-rk004-hub.keys.jsonl", "keys", (KEYSTEP,), keys)]


def all_captures() -> list[Capture]:
    """Every scenario's captures, each scenario with its own seeded random numbers."""
    return [item for name, build in SCENARIOS.items() for item in build(random.Random(name))]


def main() -> None:
    FOLDER.mkdir(exist_ok=True)
    for path in write(all_captures(), FOLDER):
        print(path.relative_to(FOLDER.parents[2]))


if __name__ == "__main__":
    main()
