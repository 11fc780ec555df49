"""The RK-004 core is pure: importing it pulls in no UI and no MIDI port library."""

import subprocess
import sys

MODULES = ["params", "packing", "frames", "client", "emulator", "loopback", "errors"]
FORBIDDEN = ("textual", "rich", "mido", "rtmidi")


def test_the_core_imports_no_ui_and_no_port_library() -> None:
    imports = "; ".join(f"import diag.rk004.{module}" for module in MODULES)
    code = f"import sys; {imports}; print(sorted(m for m in {FORBIDDEN!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
