"""The DeviceModel helpers the rig loader, the checks and the simulator use."""

from __future__ import annotations

import dataclasses

import pytest

from diag.errors import UsageError
from diag.knowledge import load_model


def test_all_settings_by_path_include_tracks_and_firmwares() -> None:
    assert "tracks.drum.send_midi" in load_model("elektron-analog-rytm-mkii").all_settings()
    assert "firmwares.digitakt.loopback" in load_model("retrokits-rk-002").all_settings()


def test_menus_cover_every_setting() -> None:
    digitakt = load_model("elektron-digitakt")
    assert set(digitakt.menus) == set(digitakt.all_settings())
    assert digitakt.menus["auto_channel"].value == "SETTINGS > MIDI CONFIG > CHANNELS > AUTO CHANNEL"


def test_channels_are_the_channel_settings() -> None:
    channels = load_model("elektron-analog-rytm-mkii").channels
    assert {"auto_channel", "fx_channel", "perf_channel", "output_channel"} <= set(channels)
    assert "clock_send" not in channels


def test_unknown_setting_suggests_the_closest() -> None:
    with pytest.raises(UsageError, match=r"has no setting 'auto_chanel'; did you mean auto_channel"):
        load_model("elektron-digitakt").setting("auto_chanel")


def test_unknown_port_lists_the_ports() -> None:
    with pytest.raises(UsageError, match=r"no port 'thru'; its ports: in, out"):
        load_model("retrokits-rk-002").port("thru")


def test_conditional_routes_name_their_setting() -> None:
    route = next(r for r in load_model("elektron-digitakt").routes_from("in") if r.target_port == "thru")
    assert route.when is not None
    assert (route.when.setting, route.when.equals) == ("thru_port_function", "MIDI")


def test_models_are_immutable() -> None:
    model = load_model("elektron-digitakt")
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.name = "Digitakt 3"  # type: ignore[misc]
    with pytest.raises(TypeError):
        model.settings["auto_channel"] = model.settings["fx_channel"]  # type: ignore[index]


def test_a_setting_checks_values_a_rig_file_gives_it() -> None:
    digitakt = load_model("elektron-digitakt")
    assert digitakt.setting("auto_channel").check(9) == 9
    assert digitakt.setting("auto_channel").check("off") == "off"
    with pytest.raises(ValueError, match="MIDI channel"):
        digitakt.setting("auto_channel").check(17)
    with pytest.raises(ValueError, match="one of MIDI, DIN 24, DIN 48"):
        digitakt.setting("out_port_function").check("DIN 96")
    send = digitakt.setting("tracks.midi.send_channel")
    assert send.check(3) == 3
    assert send.check([1, "off", 3, 4, 5, 6, 7, 8]) == (1, "off", 3, 4, 5, 6, 7, 8)
    with pytest.raises(ValueError, match="list of 8 values"):
        send.check([1, 2])
