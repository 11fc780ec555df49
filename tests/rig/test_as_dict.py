"""as_dict(): the rig as plain data for the JSON, Markdown and HTML reports."""

import json

RIG = """\
[rig]
name = "Rytm into a Virus"
description = "one cable"

[devices.rytm]
model = "rytm"
version = "1.50"
power = "adapter"
settings = { output_to = "MIDI+USB" }

[devices.rytm.tracks.drum]
send_midi = { BD = true, 2 = false }

[devices.virus]
model = "access-virus-ti2"
description = "the big red one"

[devices.computer]
model = "computer"

[[connections]]
from = "rytm.out"
to = "virus.in"

[[connections]]
from = "rytm.usb"
to = "computer.usb"

[[observe]]
port = "Analog Rytm MKII"
sees = "rytm.usb"
"""


def test_as_dict_shape(rig_from, tmp_path):
    assert rig_from(RIG).as_dict() == {
        "name": "Rytm into a Virus",
        "description": "one cable",
        "symptom": None,
        "path": str(tmp_path / "rig.toml"),
        "devices": [
            {
                "name": "rytm",
                "model": "elektron-analog-rytm-mkii",
                "model_name": "Elektron Analog Rytm MKII",
                "kind": "drum-machine",
                "version": "1.50",
                "firmware": None,
                "power": "adapter",
                "description": None,
                "settings": {"output_to": "MIDI+USB"},
                "tracks": {"drum": {"send_midi": {"BD": True, "SD": False}}},
            },
            {
                "name": "virus",
                "model": "access-virus-ti2",
                "model_name": "Access Virus TI2",
                "kind": "synth",
                "version": None,
                "firmware": None,
                "power": None,
                "description": "the big red one",
                "settings": {},
                "tracks": {},
            },
            {
                "name": "computer",
                "model": "computer",
                "model_name": "Generic computer or DAW",
                "kind": "computer",
                "version": None,
                "firmware": None,
                "power": None,
                "description": None,
                "settings": {},
                "tracks": {},
            },
        ],
        "connections": [
            {"from": "rytm.out", "to": "virus.in", "through": None, "two_way": False},
            {"from": "rytm.usb", "to": "computer.usb", "through": None, "two_way": True},
        ],
        "observers": [{"port": "Analog Rytm MKII", "sees": "rytm.usb"}],
    }


def test_as_dict_is_json_with_lists_for_per_track_lists(rig_from):
    rig = rig_from(
        '[devices.dt]\nmodel = "elektron-digitakt"\n[devices.dt.tracks.audio]\nchannel = [1, 2, 3, 4, 5, 6, 7, 8]\n'
    )
    data = json.loads(json.dumps(rig.as_dict()))
    assert data["devices"][0]["tracks"]["audio"]["channel"] == {str(n): n for n in range(1, 9)}
    assert data["name"] == "rig"  # the file's stem when [rig] gives no name
