"""The RK-004 core is pure: importing it pulls in no UI and no MIDI port library."""

import subprocess
import sys

MODULES = ["params", "packing", "frames", "client", "emulator", "loopback", "errors", "backup", "recovery"]
PORT_MODULES = ["ports", "virtual"]
"""These and the rk004 command open ports, but import python-rtmidi only when they do."""
FORBIDDEN = ("textual", "rich", "mido", "rtmidi")


def _loaded_after_importing(modules: list[str]) -> str:
    imports = "; ".join(f"import {module}" for module in modules)
    code = f"import sys; {imports}; print(sorted(m for m in {FORBIDDEN!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def test_the_core_imports_no_ui_and_no_port_library() -> None:
    assert _loaded_after_importing([f"diag.rk004.{module}" for module in MODULES]) == "[]"


def test_the_port_modules_import_rtmidi_only_when_they_open_ports() -> None:
    modules = [f"diag.rk004.{module}" for module in PORT_MODULES] + ["diag.commands.rk004"]
    assert _loaded_after_importing(modules) == "[]"
