"""Run fuzz targets one after another for a bounded time each; one summary line per target.

    python -m fuzz.run [SECONDS_PER_TARGET] [TARGET...]      (scripts/fuzz installs atheris first)

Each target fuzzes a copy of its committed corpus and regressions in fuzz/.work/<target>/, so
the committed corpus never grows by accident, with the tokens of fuzz/dicts/<target>.dict;
crash inputs land in fuzz/.work/<target>/crashes/.
Exit 0 when no target crashed, 1 when one did, 2 for bad arguments.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from fuzz.targets import TARGETS

FUZZ = Path(__file__).resolve().parent
WORK = FUZZ / ".work"
DEFAULT_SECONDS = 60
RSS_LIMIT_MB = 2048
INPUT_TIMEOUT_SECONDS = 10
"""One input running this long counts as a hang."""
MAX_INPUT_BYTES = 65536
_EXECUTIONS = re.compile(rb"stat::number_of_executed_units:\s*(\d+)|Done (\d+) runs")
_ARTIFACT_KINDS = ("crash-", "timeout-", "oom-", "leak-", "slow-unit-")


@dataclass
class Outcome:
    """What one target's run did."""

    target: str
    executions: int
    corpus_before: int
    corpus_after: int
    crashes: list[Path]
    exit_code: int

    @property
    def crashed(self) -> bool:
        return bool(self.crashes) or self.exit_code != 0

    def line(self) -> str:
        verdict = f"{len(self.crashes)} crash input(s)" if self.crashes else "no crash"
        if self.exit_code and not self.crashes:
            verdict = f"fuzzer exited with {self.exit_code}, see {WORK / self.target / 'log.txt'}"
        return (f"{self.target:<15} {self.executions:>10,} executions   corpus {self.corpus_before:>4} -> "
                f"{self.corpus_after:<5} {verdict}")


def main(argv: list[str]) -> int:
    try:
        seconds, targets = _arguments(argv)
    except ValueError as error:
        print(f"fuzz: {error}", file=sys.stderr)
        return 2
    outcomes = []
    for target in targets:
        outcome = fuzz(target, seconds)
        print(outcome.line(), flush=True)
        for crash in outcome.crashes:
            print(f"    {crash}", flush=True)
        outcomes.append(outcome)
    return 1 if any(outcome.crashed for outcome in outcomes) else 0


def _arguments(argv: list[str]) -> tuple[int, list[str]]:
    seconds = DEFAULT_SECONDS
    if argv and argv[0].isdigit():
        seconds, argv = int(argv[0]), argv[1:]
    if seconds < 1:
        raise ValueError("the time per target must be at least 1 second")
    unknown = [name for name in argv if name not in TARGETS]
    if unknown:
        raise ValueError(f"unknown target {', '.join(unknown)} (targets: {', '.join(TARGETS)})")
    return seconds, argv or list(TARGETS)


def fuzz(target: str, seconds: int) -> Outcome:
    """Fuzz one target for `seconds` on a fresh copy of its corpus and regressions."""
    work = WORK / target
    shutil.rmtree(work, ignore_errors=True)
    corpus, crashes = work / "corpus", work / "crashes"
    crashes.mkdir(parents=True)
    _copy_inputs(corpus, FUZZ / "corpus" / target, FUZZ / "regressions" / target)
    before = _count(corpus)
    command = [
        sys.executable, "-m", f"fuzz.targets.{target}",
        f"-max_total_time={seconds}", f"-rss_limit_mb={RSS_LIMIT_MB}", f"-timeout={INPUT_TIMEOUT_SECONDS}",
        f"-max_len={MAX_INPUT_BYTES}", "-print_final_stats=1", f"-artifact_prefix={crashes}/", str(corpus),
    ]
    dictionary = FUZZ / "dicts" / f"{target}.dict"
    if dictionary.is_file():
        command.insert(3, f"-dict={dictionary}")
    log = work / "log.txt"
    with log.open("wb") as output:
        finished = subprocess.run(command, cwd=FUZZ.parent, stdout=output, stderr=subprocess.STDOUT, check=False)
    found = sorted(path for path in crashes.iterdir() if path.name.startswith(_ARTIFACT_KINDS))
    return Outcome(target, _executions(log.read_bytes()), before, _count(corpus), found, finished.returncode)


def _copy_inputs(corpus: Path, *sources: Path) -> None:
    corpus.mkdir(parents=True)
    for source in sources:
        if source.is_dir():
            for path in source.iterdir():
                if path.is_file() and not path.name.startswith("."):
                    shutil.copyfile(path, corpus / f"{source.name}-{path.name}")


def _count(folder: Path) -> int:
    return sum(1 for path in folder.iterdir() if path.is_file())


def _executions(log: bytes) -> int:
    counts = [int(a or b) for a, b in _EXECUTIONS.findall(log)]
    return max(counts, default=0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
