"""Each device model against the knowledge facts it is built from, on small rigs in simulated time."""

import pytest

from diag.knowledge import load_model
from diag.rig.problems import RigProblem
from diag.sim import Simulation, Step
from diag.sim.facts import MissingFact
from diag.sim.network import Timed
from diag.sim.steps import KEY_GAP, PRE_ROLL
from diag.sim.wire import Message
from tests.sim.support import assume, play, rig, seen

KEYS = Step("keys", "keystep", "play", notes=(60, 64))

KEYSTEP_INTO_SYNTH = """
[devices.keystep]
model = "arturia-keystep"
power = "usb-computer"
settings = { channel = 3 }
[devices.synth]
model = "generic-synth"
settings = { receive_channel = 3 }
[devices.computer]
model = "computer"
[[connections]]
from = "keystep.out"
to = "synth.in"
[[connections]]
from = "keystep.usb"
to = "computer.usb"
[[observe]]
port = "KeyStep USB"
sees = "keystep.usb"
[[observe]]
port = "Synth IN"
sees = "synth.in"
"""


def test_controller_keys_go_out_on_its_channel_from_usb_and_din_at_a_players_pace():
    traffic = play(KEYSTEP_INTO_SYNTH, KEYS)
    expected = ["92 3C 64", "82 3C 40", "92 40 64", "82 40 40"]
    assert seen(traffic, "KeyStep USB") == expected and seen(traffic, "Synth IN") == expected
    ons = [tap.t for tap in traffic.taps if tap.port == "Synth IN" and tap.data[0] == 0x92]
    assert ons == [PRE_ROLL, PRE_ROLL + KEY_GAP]


def test_a_synth_sounds_only_on_its_channel():
    assert [(s.device, s.channel, s.note) for s in play(KEYSTEP_INTO_SYNTH, KEYS).sounds] == \
        [("synth", 3, 60), ("synth", 3, 64)]
    other = KEYSTEP_INTO_SYNTH.replace("receive_channel = 3", "receive_channel = 4")
    assert play(other, KEYS).sounds == []
    omni = KEYSTEP_INTO_SYNTH.replace("receive_channel = 3", 'receive_channel = "all"')
    assert len(play(omni, KEYS).sounds) == 2


def test_a_keyboard_channel_the_rig_does_not_state_must_be_assumed():
    unstated = KEYSTEP_INTO_SYNTH.replace("settings = { channel = 3 }", "")
    assert load_model("arturia-keystep").settings["channel"].default.known is False
    with pytest.raises(MissingFact, match="keystep.channel"):
        play(unstated, KEYS)
    assert seen(play(unstated, KEYS, assume(keystep__channel=3)), "Synth IN")[0] == "92 3C 64"


def test_sysex_from_the_computer_does_not_pass_the_keysteps_usb_to_out_route():
    route = next(r for r in load_model("arturia-keystep").routes if r.source_port == "usb")
    assert route.passes.value is True and route.sysex.value is False
    network = Simulation(rig(KEYSTEP_INTO_SYNTH)).network
    sent = [Timed(0.0, lambda d=data: network.transmit("computer", "usb", Message(d, "computer")))
            for data in (bytes.fromhex("F0 00 21 23 00 02 01 F7"), bytes.fromhex("91 30 64"))]
    assert seen(network.run(sent, 0.0), "Synth IN") == ["91 30 64"]


def test_the_peak_transposes_what_it_plays():
    peak = KEYSTEP_INTO_SYNTH.replace('model = "generic-synth"\nsettings = { receive_channel = 3 }',
                                      'model = "novation-peak"\nsettings = { channel = 3, transpose = -12 }')
    assert [s.note for s in play(peak, KEYS).sounds] == [48, 52]


def test_a_drum_machine_sounds_the_voice_its_note_map_gives_and_nothing_for_other_notes():
    rd8 = KEYSTEP_INTO_SYNTH.replace('model = "generic-synth"', 'model = "behringer-rd-8"')
    note_map = load_model("behringer-rd-8").behaviour["drum_note_map"].value
    step = Step("keys", "keystep", "play", notes=(note_map["BD"], note_map["SD"], 61))
    assert [(s.note, s.voice) for s in play(rd8, step).sounds] == [(note_map["BD"], "BD"), (note_map["SD"], "SD")]


DIGITAKT = """
[devices.keystep]
model = "arturia-keystep"
settings = { channel = 10 }
[devices.digitakt]
model = "elektron-digitakt"
settings = { auto_channel = 10, output_channel = "TRK CH", output_to = "MIDI", receive_notes = true, input_from = "MIDI" }
[devices.digitakt.tracks.midi]
send_channel = { A = 5 }
[devices.synth]
model = "generic-synth"
settings = { receive_channel = 5 }
[[connections]]
from = "keystep.out"
to = "digitakt.in"
[[connections]]
from = "digitakt.out"
to = "synth.in"
[[observe]]
port = "Digitakt OUT"
sees = "digitakt.out"
"""


def test_keys_on_the_auto_channel_play_the_active_audio_track_inside_the_box():
    traffic = play(DIGITAKT, KEYS, state={"digitakt": {"active_track": "audio.2"}})
    assert seen(traffic, "Digitakt OUT") == []
    assert [(s.device, s.voice) for s in traffic.sounds] == [("digitakt", "2"), ("digitakt", "2")]


def test_keys_on_the_auto_channel_through_an_active_midi_track_leave_on_its_channel():
    traffic = play(DIGITAKT, KEYS, state={"digitakt": {"active_track": "midi.A"}})
    assert seen(traffic, "Digitakt OUT")[:2] == ["94 3C 64", "84 3C 40"]
    assert [s.device for s in traffic.sounds] == ["synth", "synth"]


def test_keys_on_the_auto_channel_need_the_scenario_to_say_which_track_is_active():
    with pytest.raises(RigProblem, match="active"):
        play(DIGITAKT, KEYS)


def test_keys_on_a_sound_tracks_channel_play_that_track():
    on_three = DIGITAKT.replace("channel = 10 }", "channel = 3 }", 1)
    channels = load_model("elektron-digitakt").tracks["audio"].settings["channel"].default.value
    assert [s.voice for s in play(on_three, KEYS).sounds] == [str(channels.index(3) + 1)] * 2


def test_nothing_is_played_when_input_from_leaves_the_din_port_out():
    usb_only = DIGITAKT.replace('input_from = "MIDI"', 'input_from = "USB"')
    assert play(usb_only, KEYS, state={"digitakt": {"active_track": "audio.1"}}).sounds == []


SEQUENCE = Step("sequencer", "digitakt", "play", bars=1, bpm=120.0,
                trigs={"audio.1": (1, 9), "midi.A": (1, 5, 9, 13)}, note=48)


def test_the_sequencer_sends_from_midi_tracks_and_not_from_audio_tracks_as_the_knowledge_says():
    groups = load_model("elektron-digitakt").tracks
    assert groups["audio"].sequencer_sends_midi.value is False and groups["midi"].sequencer_sends_midi.value is True
    traffic = play(DIGITAKT, SEQUENCE, assume(digitakt__tracks__audio__pad_note=60, digitakt__clock_send=False))
    assert seen(traffic, "Digitakt OUT") == ["94 30 64", "84 30 40"] * 4
    assert {s.voice for s in traffic.sounds if s.device == "digitakt"} == {"1"}


def test_a_midi_track_with_chan_off_sends_nothing():
    off = DIGITAKT.replace("send_channel = { A = 5 }", 'send_channel = { A = "off" }')
    traffic = play(off, SEQUENCE, assume(digitakt__tracks__audio__pad_note=60, digitakt__clock_send=False))
    assert seen(traffic, "Digitakt OUT") == []


def test_clock_send_ticks_24_times_a_beat_at_the_tempo():
    traffic = play(DIGITAKT.replace("receive_notes = true", "receive_notes = true, clock_send = true"),
                   SEQUENCE, assume(digitakt__tracks__audio__pad_note=60))
    ticks = [tap.t for tap in traffic.taps if tap.data == b"\xf8"]
    assert len(ticks) == 96 and ticks[1] - ticks[0] == pytest.approx(60 / 120 / 24)


def test_pads_send_on_the_track_channel_or_the_auto_channel_per_output_channel():
    pads = Step("pads", "digitakt", "tap", tracks=("audio.3",))
    facts = assume(digitakt__tracks__audio__pad_note=60)
    assert seen(play(DIGITAKT, pads, facts), "Digitakt OUT") == ["92 3C 64", "82 3C 40"]
    auto = DIGITAKT.replace('"TRK CH"', '"AUTO CH"')
    assert seen(play(auto, pads, facts), "Digitakt OUT") == ["99 3C 64", "89 3C 40"]


RYTM = """
[devices.rytm]
model = "elektron-analog-rytm-mkii"
version = "VERSION"
settings = { output_to = "MIDI", out_port_function = "MIDI", output_channel = "TRK CH", clock_send = false, transport_send = false }
[devices.rytm.tracks.drum]
send_midi = { BD = SEND }
channel = { BD = 10 }
[devices.rd8]
model = "behringer-rd-8"
settings = { receive_channel = 10 }
[[connections]]
from = "rytm.out"
to = "rd8.in"
[[observe]]
port = "Rytm OUT"
sees = "rytm.out"
"""
BEAT = Step("sequencer", "rytm", "play", bars=1, bpm=120.0, trigs={"drum.BD": (1,)})


def rytm(version: str = "1.70", send: bool = True) -> str:
    return RYTM.replace("VERSION", version).replace("SEND", "true" if send else "false")


def test_the_rytm_sequencer_sends_only_tracks_whose_send_midi_is_on():
    assert load_model("elektron-analog-rytm-mkii").tracks["drum"].send_flag == "send_midi"
    facts = assume(rytm__tracks__drum__pad_note=36)
    assert seen(play(rytm(send=True), BEAT, facts), "Rytm OUT") == ["99 24 64", "89 24 40"]
    assert seen(play(rytm(send=False), BEAT, facts), "Rytm OUT") == []


def test_on_os_150_the_sequencer_note_is_off_by_the_bugs_semitones_in_the_assumed_direction():
    bug = next(b for b in load_model("elektron-analog-rytm-mkii").bugs if b.effect and b.effect.kind == "note-offset")
    semitones = bug.effect.semitones.value
    key = f"rytm.bugs.{bug.id}.direction"
    for direction, sign in (("sequencer-higher", 1), ("sequencer-lower", -1)):
        facts = assume(rytm__tracks__drum__pad_note=60) | assume(**{key.replace(".", "__"): direction})
        assert seen(play(rytm("1.50"), BEAT, facts), "Rytm OUT")[0] == f"99 {60 + sign * semitones:02X} 64"


def test_the_offset_is_not_applied_on_an_os_past_the_fix_and_its_direction_is_then_not_needed():
    assert seen(play(rytm("1.70"), BEAT, assume(rytm__tracks__drum__pad_note=60)), "Rytm OUT")[0] == "99 3C 64"


def test_without_a_stated_os_the_simulation_cannot_tell_whether_the_bug_applies():
    no_version = rytm().replace('version = "1.70"\n', "")
    with pytest.raises(MissingFact, match="rytm.version"):
        play(no_version, BEAT, assume(rytm__tracks__drum__pad_note=60))


def test_the_offset_sequencer_notes_miss_every_rd8_voice_while_the_pads_hit_them():
    bug = "os150-pad-sequencer-note-offset"
    facts = assume(rytm__tracks__drum__pad_note=36, **{f"rytm__bugs__{bug}__direction": "sequencer-higher"})
    assert play(rytm("1.50"), Step("pads", "rytm", "hit", tracks=("drum.BD",)), facts).sounds[-1].voice == "BD"
    assert [s.device for s in play(rytm("1.50"), BEAT, facts).sounds] == ["rytm"]


RK002 = """
[devices.keystep]
model = "arturia-keystep"
power = "POWER"
settings = { channel = 9 }
[devices.rk002]
model = "retrokits-rk-002"
firmware = "digitakt"
settings = { loopback = LOOPBACK, polymux_channel = 9 }
[devices.digitakt]
model = "elektron-digitakt"
[[connections]]
from = "keystep.out"
to = "digitakt.in"
through = "rk002"
[[observe]]
port = "Digitakt IN"
sees = "digitakt.in"
"""
POWERED = assume(keystep__ports__out__supplies_power=True, rk002__polymux_voices=3,
                 digitakt__input_from="MIDI", digitakt__receive_notes=False)
THREE_KEYS = Step("keys", "keystep", "play", notes=(60, 64, 67, 72))


def rk002(loopback: bool = False, power: str = "usb-computer") -> str:
    return RK002.replace("LOOPBACK", "true" if loopback else "false").replace("POWER", power)


def test_polymux_spreads_notes_on_its_channel_over_channels_one_two_three_and_round_again():
    assert "one after another on channels 1, 2, 3" in \
        load_model("retrokits-rk-002").firmwares["digitakt"].behaviour["polymux"].value
    notes_on = [tap.data for tap in play(rk002(), THREE_KEYS, POWERED).taps if tap.data[0] & 0xF0 == 0x90]
    assert [(data[0] & 0x0F) + 1 for data in notes_on] == [1, 2, 3, 1]


def test_a_note_off_goes_to_the_voice_its_note_went_to():
    taps = play(rk002(), THREE_KEYS, POWERED).taps
    on = {tap.data[1]: tap.data[0] & 0x0F for tap in taps if tap.data[0] & 0xF0 == 0x90}
    off = {tap.data[1]: tap.data[0] & 0x0F for tap in taps if tap.data[0] & 0xF0 == 0x80}
    assert on == off


def test_loopback_mode_drops_what_does_not_come_from_the_device_it_loops_on():
    blocks = load_model("retrokits-rk-002").firmwares["digitakt"].behaviour["loopback_blocks_other_sources"]
    assert blocks.value is True
    facts = assume(keystep__ports__out__supplies_power=True)
    assert seen(play(rk002(loopback=True), THREE_KEYS, facts), "Digitakt IN") == []


DIGITAKT_LOOP = """
[devices.digitakt]
model = "elektron-digitakt"
settings = { output_to = "MIDI", out_port_function = "MIDI", output_channel = "TRK CH" }
[devices.rk002]
model = "retrokits-rk-002"
firmware = "digitakt"
settings = { loopback = true, polymux_channel = 9 }
[[connections]]
from = "digitakt.out"
to = "digitakt.in"
through = "rk002"
[[observe]]
port = "Digitakt IN"
sees = "digitakt.in"
"""


def test_in_loopback_mode_the_digitakts_own_notes_come_round_its_loop():
    supplies = load_model("elektron-digitakt").ports["out"].supplies_power
    assert supplies.value is True
    pads = Step("pads", "digitakt", "tap", tracks=("audio.1",))
    facts = assume(digitakt__tracks__audio__pad_note=60, digitakt__input_from="MIDI", digitakt__receive_notes=False)
    assert seen(play(DIGITAKT_LOOP, pads, facts), "Digitakt IN") == ["90 3C 64", "80 3C 40"]


def test_an_rk002_without_power_passes_nothing_and_with_power_passes_the_notes():
    by_power = {"battery": False, "usb-computer": True}
    from diag.sim.facts import Assumption

    facts = {"keystep.ports.out.supplies_power": Assumption("keystep.ports.out.supplies_power", "test", None,
                                                            by_power)}
    facts |= {k: v for k, v in POWERED.items() if not k.startswith("keystep")}
    assert seen(play(rk002(power="battery"), THREE_KEYS, facts), "Digitakt IN") == []
    assert len(seen(play(rk002(power="usb-computer"), THREE_KEYS, facts), "Digitakt IN")) == 8


def test_whether_a_keystep_powers_the_cable_is_unknown_so_a_scenario_must_say():
    assert load_model("arturia-keystep").ports["out"].supplies_power.known is False
    with pytest.raises(MissingFact, match="keystep.ports.out.supplies_power"):
        play(rk002(), THREE_KEYS)
