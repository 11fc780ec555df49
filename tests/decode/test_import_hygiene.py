"""The decoding layer stays pure: importing it pulls in neither Textual nor a MIDI library."""

import subprocess
import sys

MODULES = [
    "diag.decode.stream",
    "diag.decode.spec",
    "diag.decode.message",
    "diag.decode.names",
    "diag.decode.manufacturers",
    "diag.decode.universal",
    "diag.decode.controllers",
    "diag.decode.text",
]


def test_decode_modules_import_no_ui_or_midi_library():
    code = (
        "import sys\n"
        + "".join(f"import {module}\n" for module in MODULES)
        + "print(sorted(m for m in ('textual', 'rich', 'mido', 'rtmidi') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
