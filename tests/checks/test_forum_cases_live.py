"""Each forum case diagnosed live: `midi-diag diagnose --listen` over a private JACK server, senders in other processes.

Every sender's JACK client is named after the text the rig's observer matches ("Arturia
KeyStep 32", "USB MIDI Interface"...), so its port is the one the rig says shows that part
of the wiring. A sender that stays silent still makes its port exist: silence on an observed
input is part of the evidence.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.processes import (
    Sender,
    start_midi_diag,
    start_script_sender,
    wait_for_line,
)

pytestmark = pytest.mark.jack

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "docs" / "examples"
SEND_SECONDS = 1.2
"""Long enough for a sender to hand a short script to JACK after the prompt."""
QUIET_SECONDS = 0.5
"""A step in which the port is expected to stay silent."""


def notes(channel: int, numbers: list[int], velocity: int = 100) -> list[bytes]:
    """Each note on then off, on one channel (1-16)."""
    return [message for n in numbers
            for message in (bytes((0x8F + channel, n, velocity)), bytes((0x7F + channel, n, 0)))]


def sequencer(channel: int, numbers: list[int], ticks_per_note: int = 6) -> list[bytes]:
    """Start, then clock ticks with a note on each sixteenth, as an Elektron box sends its pattern."""
    messages = [b"\xfa"]
    for n in numbers:
        messages += [b"\xf8", bytes((0x8F + channel, n, 100))] + [b"\xf8"] * (ticks_per_note - 2)
        messages += [bytes((0x7F + channel, n, 0)), b"\xf8"]
    return messages


@dataclass(frozen=True)
class Group:
    """One `--listen FRAGMENT --seconds S --step STEP`, and the sender to start at its prompt."""

    client: str
    fragment: str
    step: str
    play: bool = True


@pytest.fixture
def senders(jack_server, tmp_path):
    started: dict[str, Sender] = {}

    def start(client: str, messages: list[bytes]) -> None:
        started[client] = start_script_sender(jack_server, client, messages, tmp_path, gap=0.004)

    yield start, started
    for sender in started.values():
        sender.close()


def diagnose_live(jack_server, senders, rig: Path, groups: list[Group]) -> tuple[int, dict, str]:
    """Run diagnose with one --listen per group; each sender plays when its group's prompt comes."""
    _, started = senders
    args = ["diagnose", "--rig", str(rig), "--format", "json"]
    for group in groups:
        seconds = SEND_SECONDS if group.play else QUIET_SECONDS
        args += ["--listen", group.fragment, "--seconds", str(seconds), "--step", group.step]
    process = start_midi_diag(jack_server, *args)
    for group in groups:
        wait_for_line(process, "stderr", "now:")
        if group.play:
            started[group.client].go()
    stdout, stderr = process.communicate(timeout=30)
    return process.returncode, json.loads(stdout) if stdout else {}, stderr


class Statuses(set):
    """A check's statuses in a report; shown with the findings and the traffic when an assert fails."""

    def __init__(self, report: dict, check: str) -> None:
        own = [finding for finding in report["findings"] if finding["check"] == check]
        super().__init__(finding["status"] for finding in own)
        self.context = (own, report["traffic"]["entries"])

    def __repr__(self) -> str:
        return f"{set(self)!r} from {self.context!r}"


def statuses(report: dict, check: str) -> Statuses:
    return Statuses(report, check)


def test_auto_channel_002_keystep_on_channel_1(jack_server, senders):
    start, _ = senders
    start("Arturia KeyStep 32", notes(1, [60, 63, 67]))
    start("USB MIDI Interface", notes(10, [48, 55]))
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "auto-channel.toml", [
        Group("Arturia KeyStep 32", "keystep 32", "keys"),
        Group("USB MIDI Interface", "usb midi interface", "keys", play=False),
        Group("USB MIDI Interface", "usb midi interface", "pads")])
    assert code == 1, stderr
    assert statuses(report, "auto-channel") == {"fail"}
    assert statuses(report, "channel-mismatch") == {"pass"}


def test_channel_mismatch_002_track_on_11_peak_on_12(jack_server, senders):
    start, _ = senders
    start("Arturia KeyStep 32", notes(10, [57, 60, 64]))
    start("USB MIDI Interface", notes(11, [57, 60, 64]))
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "channel-mismatch.toml", [
        Group("Arturia KeyStep 32", "keystep 32", "keys"),
        Group("USB MIDI Interface", "usb midi interface", "keys")])
    assert code == 1, stderr
    assert statuses(report, "channel-mismatch") == {"fail"}
    assert statuses(report, "auto-channel") == {"pass"}


def test_loopback_mode_000_keystep_into_rk002(jack_server, senders):
    start, _ = senders
    start("Arturia KeyStep 32", notes(9, [60, 64, 67]))
    start("USB MIDI Interface", [])
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "loopback-mode.toml", [
        Group("Arturia KeyStep 32", "keystep 32", "keys"),
        Group("USB MIDI Interface", "usb midi interface", "keys", play=False)])
    assert code == 1, stderr
    assert statuses(report, "loopback-mode") == {"fail"}


def test_midi_power_000_keystep_on_a_power_bank(jack_server, senders):
    start, _ = senders
    start("USB MIDI Interface", [])
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "midi-power.toml", [
        Group("USB MIDI Interface", "usb midi interface", "keys", play=False)])
    assert code == 1, stderr
    assert statuses(report, "midi-power") == {"fail"}
    assert statuses(report, "loopback-mode") == {"pass"}


def test_track_midi_out_001_digitakt_pattern_on_audio_tracks(jack_server, senders):
    start, _ = senders
    start("ConnectAudio", notes(10, [60, 62, 64]))
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "track-midi-out.toml", [
        Group("ConnectAudio", "connectaudio", "pads"),
        Group("ConnectAudio", "connectaudio", "sequencer", play=False)])
    assert code == 1, stderr
    assert statuses(report, "track-midi-out") == {"fail"}


def test_track_midi_out_003_rytm_send_midi_off(jack_server, senders):
    start, _ = senders
    start("Analog Rytm MKII pads", notes(1, [36, 36, 36]))
    start("Analog Rytm MKII sequencer", [b"\xfa"] + [b"\xf8"] * 48)
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "track-midi-out-rytm.toml", [
        Group("Analog Rytm MKII pads", "rytm mkii pads", "pads"),
        Group("Analog Rytm MKII sequencer", "rytm mkii sequencer", "sequencer")])
    assert code == 1, stderr
    assert statuses(report, "track-midi-out") == {"fail"}


def test_note_offset_003_rytm_os_150_two_octaves(jack_server, senders):
    start, _ = senders
    start("Analog Rytm MKII pads", notes(10, [36, 40, 42, 46]))
    start("Analog Rytm MKII sequencer", sequencer(10, [60, 64, 66, 70, 60, 64]))
    code, report, stderr = diagnose_live(jack_server, senders, EXAMPLES / "note-offset.toml", [
        Group("Analog Rytm MKII pads", "rytm mkii pads", "pads"),
        Group("Analog Rytm MKII sequencer", "rytm mkii sequencer", "sequencer")])
    assert code == 1, stderr
    assert statuses(report, "note-offset") == {"fail"}
    finding = next(f for f in report["findings"] if f["check"] == "note-offset")
    assert "24 semitones higher" in finding["summary"] and finding["confidence"] == "high"


def test_sysex_filtered_000_update_through_a_keystep(jack_server, senders):
    start, _ = senders
    start("USB MIDI Interface", [])
    rig = ROOT / "tests" / "scenarios" / "rigs" / "sysex-through-keystep.toml"
    code, report, stderr = diagnose_live(jack_server, senders, rig, [
        Group("USB MIDI Interface", "usb midi interface", "sysex", play=False)])
    assert code == 1, stderr
    assert statuses(report, "sysex-filtered") == {"fail"}
