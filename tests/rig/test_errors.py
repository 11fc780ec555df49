"""Every kind of mistake in a rig file is one line: the file, the line it is on, what is wrong, a hint."""

import pytest

HEAD = """\
[rig]
name = "test"

[devices.keystep]
model = "arturia-keystep"
settings = { channel = 10 }

[devices.digitakt]
model = "elektron-digitakt"
settings = { auto_channel = 10 }
"""
# Lines 1-10 above; a case's own text starts on line 11.

WIRED = (
    HEAD
    + """
[[connections]]
from = "keystep.out"
to = "digitakt.in"
"""
)
# WIRED: the connection table is on line 12, from on 13, to on 14; more text starts on line 15.

CABLE = """
[devices.rk002]
model = "retrokits-rk-002"
firmware = "digitakt"
"""
# Appended to HEAD: [devices.rk002] on line 12.

CASES = {
    "unknown top-level key": (
        HEAD + "\n[extra]\nthing = 1\n",
        "rig.toml:12: extra: unknown key 'extra' (allowed: rig, devices, connections, observe)",
    ),
    "misspelt top-level key": (
        HEAD + '\n[[conections]]\nfrom = "keystep.out"\n',
        "rig.toml:12: conections: unknown key 'conections' (did you mean connections?)",
    ),
    "unknown key in [rig]": (
        HEAD.replace('name = "test"', 'name = "test"\nsymptoms = "silence"'),
        "rig.toml:3: rig.symptoms: unknown key 'symptoms' (did you mean symptom?)",
    ),
    "unknown key in a device": (
        HEAD + 'colour = "grey"\n',
        (
            "rig.toml:11: devices.digitakt.colour: unknown key 'colour' "
            "(allowed: model, version, firmware, power, description, settings, tracks)"
        ),
    ),
    "unknown model": (
        HEAD.replace('"elektron-digitakt"', '"digitak"'),
        (
            "rig.toml:9: devices.digitakt.model: unknown device model 'digitak' "
            "(did you mean elektron-digitakt, elektron-digitakt-ii?)"
        ),
    ),
    "model missing": (
        HEAD + "\n[devices.synth]\nsettings = { channel = 1 }\n",
        (
            "rig.toml:12: devices.synth: no model "
            '(add model = "<id>", an id from docs/knowledge.md, e.g. "elektron-digitakt")'
        ),
    ),
    "unknown setting": (
        HEAD.replace("auto_channel = 10", "auto_chanel = 10"),
        (
            "rig.toml:10: devices.digitakt.settings.auto_chanel: unknown setting 'auto_chanel' "
            "(did you mean auto_channel or output_channel?)"
        ),
    ),
    "a setting the model does not have": (
        HEAD.replace("channel = 10 }", "auto_channel = 10 }", 1),
        (
            "rig.toml:6: devices.keystep.settings.auto_channel: the Arturia KeyStep has no setting auto_channel "
            "in midi-diag's knowledge (the Arturia KeyStep has: channel, midi_thru)"
        ),
    ),
    "a channel out of range": (
        HEAD.replace("auto_channel = 10", "auto_channel = 17"),
        (
            "rig.toml:10: devices.digitakt.settings.auto_channel: 17 is not a value of AUTO CHANNEL "
            '(must be a MIDI channel 1-16 or "off")'
        ),
    ),
    "a choice the setting does not offer": (
        HEAD.replace("auto_channel = 10", 'auto_channel = 10, thru_port_function = "THRU"'),
        (
            'rig.toml:10: devices.digitakt.settings.thru_port_function: "THRU" is not a value of THRU PORT FUNC '
            "(must be one of MIDI, DIN 24, DIN 48)"
        ),
    ),
    "a per-track setting among the device settings": (
        HEAD.replace("auto_channel = 10", "send_channel = 1"),
        (
            "rig.toml:10: devices.digitakt.settings.send_channel: send_channel is set per track "
            "(write it under [devices.digitakt.tracks.midi])"
        ),
    ),
    "a firmware setting without the firmware": (
        HEAD + '\n[devices.rk002]\nmodel = "retrokits-rk-002"\nsettings = { loopback = false }\n',
        (
            "rig.toml:14: devices.rk002.settings.loopback: loopback is a setting of the RK-002's digitakt firmware "
            '(add firmware = "digitakt")'
        ),
    ),
    "an unknown firmware": (
        HEAD + CABLE.replace('"digitakt"', '"digitak"'),
        (
            "rig.toml:14: devices.rk002.firmware: unknown firmware 'digitak' for the Retrokits RK-002 "
            "(did you mean digitakt?)"
        ),
    ),
    "a firmware on a device that has none": (
        HEAD + 'firmware = "1.30"\n',
        (
            "rig.toml:11: devices.digitakt.firmware: the Elektron Digitakt runs no alternative firmware "
            '(for its OS version write version = "1.30")'
        ),
    ),
    "a version written as a number": (
        HEAD + "version = 1.50\n",
        (
            "rig.toml:11: devices.digitakt.version: the version 1.5 is a number, which loses its trailing zeros "
            '(write it in quotes as the device shows it, e.g. version = "1.50")'
        ),
    ),
    "an unreadable version": (
        HEAD + 'version = "latest"\n',
        (
            "rig.toml:11: devices.digitakt.version: cannot read 'latest' as a version such as 1.50 or 1.50A "
            '(write it as the device shows it, e.g. "1.50", "1.50A" or "OS 1.61B")'
        ),
    ),
    "an unknown power source": (
        HEAD + 'power = "batery"\n',
        "rig.toml:11: devices.digitakt.power: unknown power source 'batery' (did you mean battery?)",
    ),
    "MIDI power for a device that does not take it": (
        HEAD + 'power = "midi"\n',
        (
            "rig.toml:11: devices.digitakt.power: the Elektron Digitakt does not run from MIDI power "
            "(one of usb-computer, usb-hub, usb-charger, usb-tablet, battery, adapter, midi)"
        ),
    ),
    "a device name that cannot be referred to": (
        HEAD + '\n[devices."my synth"]\nmodel = "generic-synth"\n',
        (
            "rig.toml:12: devices.my synth: 'my synth' is not a usable device name "
            "(use letters, digits, - and _, e.g. digitakt or rk002)"
        ),
    ),
    "a duplicate device name": (
        HEAD + '\n[devices.KeyStep]\nmodel = "arturia-keystep-37"\n',
        (
            "rig.toml:12: devices.KeyStep: duplicate device name 'KeyStep' "
            "(keystep is on line 4; names count the same in any case)"
        ),
    ),
    "the same device table twice": (
        HEAD + '\n[devices.keystep]\nmodel = "arturia-keystep-37"\n',
        (
            "rig.toml:12:17: not valid TOML: Cannot declare ('devices', 'keystep') twice "
            "(each device, table and key may appear once; give the second device another name)"
        ),
    ),
    "a TOML syntax error": (
        HEAD.replace('model = "elektron-digitakt"', "model = elektron-digitakt"),
        ('rig.toml:9:9: not valid TOML: Invalid value (put text in double quotes, e.g. model = "elektron-digitakt")'),
    ),
    "no devices": (
        '[rig]\nname = "empty"\n',
        'rig.toml:1: devices: the rig has no devices (add [devices.<name>] with model = "<id>" for each)',
    ),
    "a port the device does not have": (
        WIRED.replace('to = "digitakt.in"', 'to = "digitakt.midi_inn"'),
        (
            "rig.toml:14: connections #1.to: the Elektron Digitakt (digitakt) has no port 'midi_inn' "
            "(its ports: in, out, thru, usb)"
        ),
    ),
    "a misspelt port": (
        WIRED.replace('from = "keystep.out"', 'from = "keystep.outt"'),
        "rig.toml:13: connections #1.from: the Arturia KeyStep (keystep) has no port 'outt' (did you mean out?)",
    ),
    "a device that is not in the rig": (
        WIRED.replace('to = "digitakt.in"', 'to = "digitak.in"'),
        "rig.toml:14: connections #1.to: no device 'digitak' in this rig (did you mean digitakt?)",
    ),
    "a reference without a port": (
        WIRED.replace('to = "digitakt.in"', 'to = "digitakt"'),
        "rig.toml:14: connections #1.to: 'digitakt' names no port (write device and port, e.g. \"digitakt.out\")",
    ),
    "a connection without its target": (
        WIRED.replace('to = "digitakt.in"\n', ""),
        'rig.toml:12: connections #1: no \'to\' (add to = "<device>.<port>", e.g. to = "keystep.out")',
    ),
    "an unknown key in a connection": (
        WIRED + 'via = "rk002"\n',
        "rig.toml:15: connections #1.via: unknown key 'via' (allowed: from, to, through)",
    ),
    "an output wired to an output": (
        WIRED.replace('to = "digitakt.in"', 'to = "digitakt.out"'),
        (
            "rig.toml:14: connections #1.to: digitakt.out is an output, like keystep.out "
            "(wire an output to an input: digitakt.in or digitakt.usb)"
        ),
    ),
    "an input wired to an input": (
        WIRED.replace('from = "keystep.out"', 'from = "keystep.in"'),
        (
            "rig.toml:13: connections #1.from: keystep.in is an input, like digitakt.in "
            "(a connection starts at an output: keystep.usb or keystep.out)"
        ),
    ),
    "from and to swapped": (
        WIRED.replace('from = "keystep.out"\nto = "digitakt.in"', 'from = "digitakt.in"\nto = "keystep.out"'),
        "rig.toml:13: connections #1.from: digitakt.in is an input and keystep.out an output (swap from and to)",
    ),
    "a through that is not a cable": (
        WIRED + 'through = "keystep"\n',
        (
            "rig.toml:15: connections #1.through: keystep (Arturia KeyStep, kind controller) is not a cable "
            "(only a cable goes in through; wire the KeyStep by its ports with connections of its own)"
        ),
    ),
    "a through that is not in the rig": (
        WIRED + 'through = "rk002"\n',
        "rig.toml:15: connections #1.through: no device 'rk002' in this rig (add the cable under [devices])",
    ),
    "one DIN jack with two cables": (
        WIRED + '\n[[connections]]\nfrom = "digitakt.out"\nto = "digitakt.in"\n',
        (
            "rig.toml:18: connections #2.to: digitakt.in already has a cable (line 12) "
            "(a DIN jack takes one plug; use a THRU port, a splitter or a merger)"
        ),
    ),
    "the same connection twice": (
        WIRED + '\n[[connections]]\nfrom = "keystep.out"\nto = "digitakt.in"\n',
        "rig.toml:16: connections #2: the same connection as line 12 (remove one of them)",
    ),
    "two USB devices wired together": (
        WIRED + '\n[[connections]]\nfrom = "keystep.usb"\nto = "digitakt.usb"\n',
        (
            "rig.toml:17: connections #2.from: keystep.usb and digitakt.usb are both USB device ports "
            "(USB MIDI devices connect to a computer or another USB host port)"
        ),
    ),
    "a USB port wired to a DIN jack": (
        WIRED.replace('from = "keystep.out"', 'from = "keystep.usb"'),
        (
            "rig.toml:13: connections #1.from: keystep.usb is a USB device port and digitakt.in a DIN jack "
            "(USB MIDI devices connect to a computer or another USB host port)"
        ),
    ),
    "one cable carrying two connections": (
        HEAD
        + CABLE
        + '\n[[connections]]\nfrom = "keystep.out"\nto = "digitakt.in"\nthrough = "rk002"\n'
        + '\n[[connections]]\nfrom = "digitakt.out"\nto = "keystep.in"\nthrough = "rk002"\n',
        "rig.toml:24: connections #2.through: rk002 already carries line 16 (one cable has one pair of plugs)",
    ),
    "a through cable also wired by its ports": (
        HEAD
        + CABLE
        + '\n[[connections]]\nfrom = "keystep.out"\nto = "digitakt.in"\nthrough = "rk002"\n'
        + '\n[[connections]]\nfrom = "digitakt.out"\nto = "rk002.in"\n',
        (
            "rig.toml:21: connections #2: rk002 is used as a through cable and wired by its ports "
            '(wire rk002 by its ports or name it in through = "rk002", not both)'
        ),
    ),
    "connections as a single table": (
        HEAD + '\n[connections]\nfrom = "keystep.out"\nto = "digitakt.in"\n',
        (
            "rig.toml:12: connections: connections must be a list of tables "
            "(write [[connections]] (two brackets) before each entry)"
        ),
    ),
    "an observer of a port the device does not have": (
        WIRED + '\n[[observe]]\nport = "Digitakt MIDI 1"\nsees = "digitakt.usb2"\n',
        "rig.toml:18: observe #1.sees: the Elektron Digitakt (digitakt) has no port 'usb2' (did you mean usb?)",
    ),
    "an observer without sees": (
        WIRED + '\n[[observe]]\nport = "Digitakt MIDI 1"\n',
        "rig.toml:16: observe #1: no 'sees' (add sees = \"digitakt.usb\")",
    ),
    "a computer port observed twice": (
        WIRED
        + '\n[[observe]]\nport = "Digitakt MIDI 1"\nsees = "digitakt.usb"\n'
        + '\n[[observe]]\nport = "digitakt midi 1"\nsees = "keystep.usb"\n',
        (
            "rig.toml:21: observe #2.port: port 'digitakt midi 1' is already observed (line 16) "
            "(one computer port shows one place; remove one or name another port)"
        ),
    ),
    "an unknown track group": (
        HEAD + "\n[devices.digitakt.tracks.midis]\nsend_channel = 1\n",
        (
            "rig.toml:12: devices.digitakt.tracks.midis: the Elektron Digitakt has no track group 'midis' "
            "(did you mean midi?)"
        ),
    ),
    "an unknown track setting": (
        HEAD + "\n[devices.digitakt.tracks.midi]\nsend_midi = true\n",
        (
            "rig.toml:13: devices.digitakt.tracks.midi.send_midi: MIDI tracks have no setting 'send_midi' "
            "(its track settings: send_channel, channel)"
        ),
    ),
    "an unknown track": (
        HEAD + "\n[devices.digitakt.tracks.midi]\nsend_channel = { A = 1, I = 2 }\n",
        (
            "rig.toml:13: devices.digitakt.tracks.midi.send_channel.I: no track 'I' among the MIDI tracks "
            "(its tracks: A, B, C, D, E, F, G, H, or 1-8)"
        ),
    ),
    "a per-track list of the wrong length": (
        HEAD + "\n[devices.digitakt.tracks.midi]\nsend_channel = [1, 2, 3]\n",
        (
            "rig.toml:13: devices.digitakt.tracks.midi.send_channel: 3 values for 8 MIDI tracks "
            "(give one value per track, A to H, or one value for all)"
        ),
    ),
    "a bad value inside a multi-line per-track list": (
        HEAD + "\n[devices.digitakt.tracks.midi]\nsend_channel = [\n  1, 2, 3, 4,\n  5, 6,\n  99, 8,\n]\n",
        (
            "rig.toml:16: devices.digitakt.tracks.midi.send_channel #7: 99 is not a value of CHAN (SRC page) "
            '(must be a MIDI channel 1-16 or "off")'
        ),
    ),
}


@pytest.mark.parametrize("text, expected", CASES.values(), ids=CASES.keys())
def test_each_mistake_is_one_line_with_its_line_number_and_a_hint(error_of, text, expected):
    assert error_of(text) == expected


def test_the_wired_base_loads(rig_from):
    rig = rig_from(WIRED)
    assert [str(connection) for connection in rig.connections] == ["keystep.out -> digitakt.in"]
    assert rig.connections[0].line == 12


def test_a_missing_file_is_an_input_error(error_of, tmp_path):
    from diag.errors import InputError
    from diag.rig import load_rig

    with pytest.raises(InputError, match=r"^nowhere\.toml: no such rig file"):
        load_rig("nowhere.toml")


def test_a_syntax_error_at_the_end_of_the_file_points_at_the_last_line(error_of):
    message = error_of(HEAD + "[[connections]]\nfrom")
    assert message.startswith("rig.toml:12: not valid TOML: ")


def test_parse_rig_names_the_source_it_is_given():
    from diag.errors import InputError
    from diag.rig import parse_rig

    with pytest.raises(InputError, match=r"^my rig:9: devices\.digitakt\.model: "):
        parse_rig(HEAD.replace('"elektron-digitakt"', '"nothing-like-it"'), "my rig")
