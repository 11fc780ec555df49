"""The JACK fixture's promise: without jackd, tests skip locally but fail the suite under CI=true."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
A_JACK_TEST = "tests/midi/test_capture_jack.py::test_every_kind_of_message_arrives_byte_for_byte_and_in_order"


def run_without_jackd(ci: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PATH="", CI=ci)  # an empty PATH hides jackd
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", A_JACK_TEST],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_a_missing_jackd_skips_outside_ci():
    result = run_without_jackd("")
    assert result.returncode == 0, result.stdout
    assert "1 skipped" in result.stdout


def test_a_missing_jackd_fails_under_ci():
    result = run_without_jackd("true")
    assert result.returncode != 0
    assert "CI=true and no JACK server could be started" in result.stdout
