"""Helpers for the rig tests: write a rig file and load it, or get the one-line error it gives."""

from collections.abc import Callable
from pathlib import Path

import pytest

from diag.errors import InputError
from diag.rig import Rig, load_rig

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def rig_from(tmp_path: Path) -> Callable[[str], Rig]:
    """Write the text to rig.toml and load it."""

    def load(text: str) -> Rig:
        path = tmp_path / "rig.toml"
        path.write_text(text, encoding="utf-8")
        return load_rig(path)

    return load


@pytest.fixture
def error_of(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], str]:
    """Write the text to rig.toml, load it from its own folder, and return the error line."""
    monkeypatch.chdir(tmp_path)

    def failure(text: str) -> str:
        Path("rig.toml").write_text(text, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_rig("rig.toml")
        assert caught.value.exit_code == 2
        assert "\n" not in str(caught.value)
        return str(caught.value)

    return failure
