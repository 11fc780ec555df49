"""The facts the forum cases turn on are in the data, with the right values and confidences."""

from __future__ import annotations

from diag.knowledge import UNKNOWN, Confidence, firmware_bugs, load_model

VERIFIED, FORUM, UNVERIFIED = Confidence.VERIFIED, Confidence.FORUM, Confidence.UNVERIFIED


def test_rytm_auto_channel_is_14_from_agreeing_sources() -> None:
    default = load_model("elektron-analog-rytm-mkii").settings["auto_channel"].default
    assert default.value == 14
    assert default.confidence is VERIFIED
    assert len(default.sources) >= 2, "STRONG maps to verified only when sources agree"
    assert "STRONG" in default.note


def test_rytm_channel_defaults() -> None:
    rytm = load_model("elektron-analog-rytm-mkii")
    assert rytm.tracks["drum"].settings["channel"].default.value == tuple(range(1, 13))
    fx, perf = rytm.settings["fx_channel"].default, rytm.settings["perf_channel"].default
    assert (fx.value, fx.confidence) == (13, FORUM)
    assert (perf.value, perf.confidence) == (16, FORUM)
    assert rytm.settings["output_channel"].default.value == "AUTO CH"


def test_rytm_sequencer_midi_needs_the_per_track_send_flag() -> None:
    drums = load_model("elektron-analog-rytm-mkii").tracks["drum"]
    assert drums.send_flag == "send_midi"
    assert drums.sequencer_channel == "channel"
    flag = drums.settings["send_midi"]
    assert flag.since == "1.50"
    assert flag.default.value is UNKNOWN and flag.default.settle
    assert "[FUNC] + [TRIG]" in flag.menu.value and flag.menu.confidence is FORUM


def test_rytm_os150_offset_bug_matches_versions() -> None:
    rytm = load_model("elektron-analog-rytm-mkii")
    offset = "os150-pad-sequencer-note-offset"
    assert offset in {bug.id for bug in firmware_bugs(rytm, "1.50")}
    assert offset not in {bug.id for bug in firmware_bugs(rytm, "1.50A")}
    assert offset in {bug.id for bug in firmware_bugs(rytm, "OS 1.50B")}, "still reported on 1.50B"
    assert firmware_bugs(rytm, "1.45") == []
    bug = next(bug for bug in rytm.bugs if bug.id == offset)
    assert bug.confidence is FORUM
    assert bug.effect is not None and bug.effect.kind == "note-offset"
    assert bug.effect.semitones is not None and bug.effect.semitones.value == 24
    assert bug.effect.direction is not None and bug.effect.direction.value is UNKNOWN


def test_digitakt_auto_channel_is_10_from_the_forum() -> None:
    default = load_model("elektron-digitakt").settings["auto_channel"].default
    assert (default.value, default.confidence) == (10, FORUM)
    assert default.source.url.startswith("https://")


def test_digitakt_audio_tracks_do_not_send_their_sequence() -> None:
    tracks = load_model("elektron-digitakt").tracks
    assert tracks["audio"].sequencer_sends_midi.value is False
    assert tracks["audio"].sequencer_sends_midi.confidence is FORUM
    assert tracks["audio"].manual_sends_midi is not None and tracks["audio"].manual_sends_midi.value is True
    assert tracks["midi"].sequencer_sends_midi.value is True
    assert tracks["midi"].sequencer_channel == "send_channel"


def test_digitakt_midi_track_sends_only_once_chan_is_on() -> None:
    chan = load_model("elektron-digitakt").setting("tracks.midi.send_channel")
    assert chan.default.value == ("off",) * 8
    assert chan.default.confidence is FORUM
    assert "SRC" in chan.menu.value and "[FUNC]" in chan.menu.value


def test_digitakt_out_powers_an_rk002() -> None:
    power = load_model("elektron-digitakt").ports["out"].supplies_power
    assert power is not None and (power.value, power.confidence) == (True, FORUM)


def test_octatrack_auto_channel_is_10_from_forum_case_002() -> None:
    default = load_model("elektron-octatrack-mkii").settings["auto_channel"].default
    assert (default.value, default.confidence) == (10, FORUM)


def test_rk002_digitakt_firmware_loopback_and_polymux() -> None:
    rk002 = load_model("retrokits-rk-002")
    loopback = rk002.setting("firmwares.digitakt.loopback").default
    assert (loopback.value, loopback.confidence) == (True, VERIFIED)
    channel = rk002.setting("firmwares.digitakt.polymux_channel").default
    assert (channel.value, channel.confidence) == (9, FORUM)
    blocks = rk002.firmwares["digitakt"].behaviour["loopback_blocks_other_sources"]
    assert (blocks.value, blocks.confidence) == (True, FORUM)


def test_rk002_needs_midi_power_from_its_input_plug() -> None:
    power = load_model("retrokits-rk-002").power
    assert power.needs_midi_power is not None and power.needs_midi_power.value is True
    assert power.needs_midi_power.confidence is VERIFIED
    assert power.draws_from == "in"


def test_keystep_drops_sysex_from_usb_to_midi_out() -> None:
    keystep = load_model("arturia-keystep")
    route = next(r for r in keystep.routes_from("usb") if r.target_port == "out")
    assert route.sysex is not None and (route.sysex.value, route.sysex.confidence) == (False, FORUM)
    assert route.passes.value is True


def test_keystep_midi_power_is_uncertain_and_says_how_to_find_out() -> None:
    power = load_model("arturia-keystep").ports["out"].supplies_power
    assert power is not None and power.value is UNKNOWN
    assert power.confidence is UNVERIFIED
    assert "pin 4" in power.settle
    assert len(power.sources) == 3, "the conflicting reports are all cited"


def test_keystep_channel_is_set_with_shift_and_a_key() -> None:
    channel = load_model("arturia-keystep").settings["channel"]
    assert "SHIFT" in channel.menu.value and channel.menu.confidence is VERIFIED
    assert channel.default.value is UNKNOWN


def test_peak_listens_on_channel_1_by_default() -> None:
    default = load_model("novation-peak").settings["channel"].default
    assert (default.value, default.confidence) == (1, VERIFIED)


def test_rk004_ports_are_switched_by_their_mode_parameter() -> None:
    rk004 = load_model("retrokits-rk-004")
    assert [rk004.ports[f"din{n}"].function_setting for n in range(1, 8)] == [f"din{n}_mode" for n in range(1, 8)]
    assert rk004.settings["din1_mode"].choices[-2:] == ("UART@38400", "UART@31250")
    assert "UART@38400" not in rk004.settings["din2_mode"].choices
    assert rk004.settings["din3_mode"].param == 10
    assert rk004.power.needs_midi_power is not None and rk004.power.needs_midi_power.value is UNKNOWN


def test_sysex_identity_codes_where_known() -> None:
    assert load_model("elektron-digitakt").identity.manufacturer_id.value == "00 20 3C"  # type: ignore[union-attr]
    sampler = load_model("korg-electribe-sampler").identity
    assert (sampler.family.value, sampler.member.value) == ("24 01", "00 00")  # type: ignore[union-attr]
    peak = load_model("novation-peak").identity
    assert peak.family is not None and (peak.family.value, peak.family.confidence) == ("33 01", UNVERIFIED)
