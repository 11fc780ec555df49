"""Layers: nothing outside diag/tui/ imports Textual, and `--help` imports nothing heavy."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def headless_modules() -> list[str]:
    modules = []
    for package in ("diag", "checks"):
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).with_suffix("")
            if "tui" in relative.parts or relative.name == "__main__":
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules.append(".".join(parts))
    return modules


def run_fresh(code: str) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_list_of_headless_modules_is_not_empty():
    modules = headless_modules()
    assert "diag.cli" in modules and "diag.midi.capture" in modules and "diag.decode.stream" in modules


def test_no_headless_module_imports_textual():
    imports = "\n".join(f"import {module}" for module in headless_modules())
    loaded = run_fresh(imports + "\nimport sys\nprint(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))")
    assert loaded.strip() == "[]"


def test_help_imports_neither_textual_nor_the_midi_and_rendering_libraries():
    code = (
        "import sys\nfrom diag.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'rich', 'rtmidi', 'mido'}))"
    )
    assert run_fresh(code).strip().endswith("[]")
