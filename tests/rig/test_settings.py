"""Settings resolution: what the rig states, else the knowledge default with its confidence, else unknown."""

import pytest

from diag.knowledge import UNKNOWN, Confidence

RIG = """\
[devices.digitakt]
model = "elektron-digitakt"
version = "1.30"
settings = { auto_channel = 9, output_channel = "trk ch" }

[devices.digitakt.tracks.midi]
send_channel = { A = 1, c = 3 }

[devices.digitakt.tracks.audio]
channel = [1, 2, 3, 4, 5, 6, 7, 16]

[devices.rytm]
model = "Analog Rytm MKII"
version = "1.50"

[devices.rytm.tracks.drum]
send_midi = true

[devices.rk002]
model = "rk002"
firmware = "Digitakt"

[devices.cable]
model = "retrokits-rk-002"
"""


@pytest.fixture
def rig(rig_from):
    return rig_from(RIG)


def test_a_stated_setting_says_so_and_where(rig):
    value = rig.device("digitakt").setting("auto_channel")
    assert (value.value, value.origin, value.line, value.known) == (9, "stated", 4, True)
    assert value.fact is not None and value.fact.value == 10  # the default stays available


def test_a_choice_written_in_any_case_is_stored_as_the_device_names_it(rig):
    assert rig.device("digitakt").stated["output_channel"] == "TRK CH"


def test_an_unstated_setting_takes_the_knowledge_default_with_its_confidence(rig):
    value = rig.device("rytm").setting("auto_channel")
    assert (value.value, value.origin, value.line) == (14, "default", None)
    assert value.fact.confidence is Confidence.VERIFIED
    forum = rig.device("rytm").setting("fx_channel")
    assert (forum.value, forum.origin, forum.fact.confidence) == (13, "default", Confidence.FORUM)


def test_an_unknown_default_is_unknown_and_says_what_would_settle_it(rig):
    value = rig.device("digitakt").setting("fx_channel")
    assert value.origin == "unknown" and value.value is UNKNOWN and not value.known
    assert "FX CONTROL CH" in value.fact.settle


def test_a_setting_the_model_lacks_is_unknown_without_a_fact(rig):
    value = rig.device("digitakt").setting("local_control")
    assert (value.origin, value.fact) == ("unknown", None)


def test_a_name_outside_the_vocabulary_is_a_programming_error(rig):
    with pytest.raises(ValueError, match="not a setting name"):
        rig.device("digitakt").setting("autochannel")
    with pytest.raises(ValueError, match="not a track setting name"):
        rig.device("digitakt").track_setting("midi", 0, "sendchannel")


def test_the_running_firmware_supplies_its_settings_and_defaults(rig):
    loopback = rig.device("rk002").setting("loopback")
    assert (loopback.value, loopback.origin, loopback.fact.confidence) == (True, "default", Confidence.VERIFIED)
    assert rig.device("rk002").firmware == "digitakt"
    assert rig.device("cable").setting("loopback").origin == "unknown"


def test_track_settings_by_table_by_name_or_position(rig):
    digitakt = rig.device("digitakt")
    assert digitakt.track_setting("midi", "A", "send_channel").value == 1
    assert digitakt.track_setting("midi", 2, "send_channel").value == 3
    assert digitakt.track_setting("midi", "C", "send_channel").line == 7
    unstated = digitakt.track_setting("midi", "B", "send_channel")
    assert (unstated.value, unstated.origin, unstated.fact.confidence) == ("off", "default", Confidence.FORUM)


def test_track_settings_from_a_list_and_from_one_value_for_all(rig):
    audio = rig.device("digitakt").track_settings("audio", "channel")
    assert [value.value for value in audio] == [1, 2, 3, 4, 5, 6, 7, 16]
    assert {value.origin for value in audio} == {"stated"}
    send = rig.device("rytm").track_settings("drum", "send_midi")
    assert len(send) == 12 and all(value.value is True and value.line == 17 for value in send)


def test_an_unstated_track_setting_uses_that_tracks_default(rig):
    channel = rig.device("rytm").track_setting("drum", "SD", "channel")
    assert (channel.value, channel.origin) == (2, "default")
    assert rig.device("rytm").track_setting("drum", "BD", "send_midi").origin == "stated"


def test_tracks_that_do_not_exist(rig):
    with pytest.raises(IndexError):
        rig.device("digitakt").track_setting("midi", 8, "send_channel")
    with pytest.raises(ValueError, match="no track 'Z'"):
        rig.device("digitakt").track_setting("midi", "Z", "send_channel")
    with pytest.raises(ValueError, match="no track group 'drum'"):
        rig.device("digitakt").track_setting("drum", 0, "channel")


def test_firmware_bugs_follow_the_stated_version(rig, rig_from):
    assert "os150-pad-sequencer-note-offset" in {bug.id for bug in rig.device("rytm").firmware_bugs()}
    fixed = rig_from('[devices.rytm]\nmodel = "elektron-analog-rytm-mkii"\nversion = "1.70"\n')
    assert "os150-pad-sequencer-note-offset" not in {bug.id for bug in fixed.device("rytm").firmware_bugs()}
    unstated = rig_from('[devices.rytm]\nmodel = "elektron-analog-rytm-mkii"\n')
    assert len(unstated.device("rytm").firmware_bugs()) == len(unstated.device("rytm").model.bugs) > 0
