"""Bad input across commands: the first thing wrong is named in one line, with exit 2."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def midi_diag(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "diag", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60, env={"PYTHONPATH": str(ROOT), "PATH": ""})


def test_a_broken_rig_is_reported_before_asking_for_traffic(tmp_path):
    (tmp_path / "rig.toml").write_text('[devices.dt]\nmodel = "digitak"\n')
    result = midi_diag("diagnose", "--rig", "rig.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "midi-diag: rig.toml:2: devices.dt.model: unknown device model 'digitak' "
        "(did you mean elektron-digitakt, elektron-digitakt-ii?)"]


def test_an_unknown_scenario_lists_the_known_ones_once(tmp_path):
    result = midi_diag("demo", "nosuch", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("known:") == 1 and "auto-channel" in result.stderr
    assert len(result.stderr.splitlines()) == 1
