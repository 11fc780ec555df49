"""Finding the checks: every one, built-in or third-party, comes through one entry point group.

A plugin that fails to import, or that is not a usable check, becomes a LoadProblem: the
report shows it and every other check still runs. Two checks with one id: the first wins
(built-ins come first), and the clash is a LoadProblem too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from diag.engine.check import CHECK_ID, Check
from diag.engine.findings import Confidence, Finding, Fix, Status

GROUP = "midi_diag.checks"
"""The entry point group checks register under."""

BUILT_IN_DISTRIBUTION = "midi-diag"


@dataclass(frozen=True)
class LoadProblem:
    """A plugin that could not be used, and why."""

    name: str
    """The entry point's name (the check id it claims)."""
    target: str
    """The entry point's value, "module:attribute"."""
    message: str

    def finding(self) -> Finding:
        """The problem as a skip finding, so that every report shows it."""
        return Finding(
            self.name, Status.SKIP, "Check could not be loaded", f"{self.target}: {self.message}",
            Confidence.LOW, (), (Fix("Update or reinstall the package that provides this check, "
                                     "or uninstall it; the other checks ran."),),
        )


@dataclass(frozen=True)
class Registry:
    """The checks that loaded, in run order, and the plugins that did not."""

    checks: tuple[Check, ...]
    problems: tuple[LoadProblem, ...] = ()

    def get(self, check_id: str) -> Check | None:
        return next((check for check in self.checks if check.id == check_id), None)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(check.id for check in self.checks)


def load_registry(found: Iterable[EntryPoint] | None = None) -> Registry:
    """Load every check of the group (or of `found`, for tests); never raises for a bad plugin."""
    points = sorted(entry_points(group=GROUP) if found is None else found, key=_run_order)
    checks: list[Check] = []
    problems: list[LoadProblem] = []
    for point in points:
        check, problem = _load(point)
        if check is not None:
            taken = next((c for c in checks if c.id == check.id), None)
            if taken is None:
                checks.append(check)
            else:
                problem = _problem(point, f"the id '{check.id}' is taken by {type(taken).__module__}."
                                          f"{type(taken).__name__}; this one was left out")
        if problem is not None:
            problems.append(problem)
    return Registry(tuple(checks), tuple(problems))


def _run_order(point: EntryPoint) -> tuple[bool, str, str]:
    """Built-in checks first, then by distribution, then by name: the same order on every machine."""
    distribution = point.dist.name if point.dist is not None else ""
    built_in = distribution == BUILT_IN_DISTRIBUTION or point.value.startswith("checks.")
    return (not built_in, distribution, point.name)


def _load(point: EntryPoint) -> tuple[Check | None, LoadProblem | None]:
    try:
        loaded = point.load()
        check = loaded() if isinstance(loaded, type) else loaded
    except Exception as error:  # noqa: BLE001 - a broken plugin must not stop the others
        return None, _problem(point, f"failed to load: {type(error).__name__}: {error}")
    problem = _unusable(check, point.name)
    return (None, _problem(point, problem)) if problem else (check, None)


def _unusable(check: Any, name: str) -> str | None:
    """Why the loaded object cannot serve as a check, or None when it can."""
    if not callable(getattr(check, "run", None)):
        return "not a check: it has no run(evidence) method"
    for attribute in ("id", "title", "symptom"):
        if not isinstance(getattr(check, attribute, None), str) or not getattr(check, attribute):
            return f"not a check: its '{attribute}' is not a non-empty string"
    if not CHECK_ID.match(check.id):
        return f"the id '{check.id}' is not lower-case words joined by hyphens"
    if check.id != name:
        return f"registered as '{name}' but its id is '{check.id}'; the two must match"
    return None


def _problem(point: EntryPoint, message: str) -> LoadProblem:
    return LoadProblem(point.name, point.value, message)
