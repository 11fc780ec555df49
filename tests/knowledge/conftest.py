"""A small valid data file that the validation tests break one key at a time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

VALID = '''\
schema = 1

[model]
id = "test-box"
maker = "Test"
name = "Box"
kind = "synth"
aliases = ["Testbox"]
source = "manual"
confidence = "verified"

[sources.manual]
kind = "manual"
title = "Test Box manual"

[sources.forum]
kind = "forum"
title = "a thread"

[ports.in]
label = "MIDI IN"
kind = "din"
direction = "in"
source = "manual"
confidence = "verified"

[ports.out]
label = "MIDI OUT"
kind = "din"
direction = "out"
source = "manual"
confidence = "verified"
function_setting = "out_port_function"

[settings.auto_channel]
label = "AUTO CHANNEL"
menu = { value = "SETTINGS > AUTO", source = "manual", confidence = "verified" }
default = { value = 10, source = "forum", confidence = "forum" }

[settings.out_port_function]
label = "OUT PORT FUNC"
choices = ["MIDI", "DIN 24"]
menu = { value = "SETTINGS > OUT", source = "manual", confidence = "verified" }
default = { value = "MIDI", source = "manual", confidence = "verified" }

[tracks.drum]
label = "drum tracks"
count = 2
source = "manual"
confidence = "verified"
send_flag = "send_midi"
sequencer_channel = "channel"
sequencer_sends_midi = { value = true, source = "manual", confidence = "verified" }

[tracks.drum.settings.channel]
label = "TRACK"
menu = { value = "SETTINGS > TRACK", source = "manual", confidence = "verified" }
default = { value = [1, 2], source = "manual", confidence = "verified" }

[tracks.drum.settings.send_midi]
label = "SEND MIDI"
menu = { value = "FUNC + TRIG", source = "forum", confidence = "forum" }
default = { value = "unknown", source = "forum", confidence = "unverified", settle = "look at the track" }

[[routes]]
from = "in"
to = "out"
passes = { value = false, source = "forum", confidence = "forum" }

[[bugs]]
id = "offset"
title = "notes shifted"
summary = "sequencer notes are shifted"
first_version = "1.50"
fixed_in = { value = "1.50A", source = "forum", confidence = "forum" }
source = "forum"
confidence = "forum"

[bugs.effect]
kind = "note-offset"
semitones = { value = 24, source = "forum", confidence = "forum" }
'''

WriteModel = Callable[..., Path]


@pytest.fixture
def write_model(tmp_path: Path) -> WriteModel:
    """Write VALID with edits (old -> new, each old must occur) as tmp_path/<name>.toml."""

    def write(*edits: tuple[str, str], name: str = "test-box", text: str = VALID) -> Path:
        for old, new in edits:
            assert old in text, f"test edit does not apply: {old!r}"
            text = text.replace(old, new, 1)
        path = tmp_path / f"{name}.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
