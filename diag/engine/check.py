"""The check plugin interface: a base class with metadata, a pure `run`, and finding helpers.

    class NoteOffsetCheck(Check):
        \"\"\"Notes arrive at another number than played.

        Symptom: ...
        Cause: ...
        Fix: ...
        \"\"\"

        id = "note-offset"
        title = "Notes arrive shifted"
        symptom = "the synth plays the wrong notes"
        needs_rig = True

        def run(self, evidence: Evidence) -> list[Finding]:
            ...
            return [self.fail("...", evidence=["..."], fixes=[fix("Set ...", "Press ...")])]

Register it under the entry point group `midi_diag.checks` (docs/engine.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import ClassVar

from diag.engine.evidence import Evidence
from diag.engine.findings import Action, Confidence, Finding, Fix, Status

CHECK_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
"""Check ids: lower-case words joined by hyphens ("auto-channel"). Permanent, never reused."""


def fix(summary: str, *steps: str, action: Action | None = None) -> Fix:
    """One way to fix a finding: what to do, then the exact steps on the device."""
    return Fix(summary, tuple(steps), action)


def where(port: str, step: str | None) -> str:
    """'Digitakt MIDI 1' during 'keys' - how findings name a port in a step."""
    return f"'{port}' during '{step}'" if step is not None else f"'{port}' (no step given)"


def plural(count: int, noun: str, many: str | None = None) -> str:
    """'1 message', '3 messages'."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


class Check:
    """Base of every check; subclasses set the class attributes and write `run`.

    A check is pure: it reads the Evidence and returns Findings, never prints, never opens
    a port or a file. The docstring says Symptom / Cause / Fix; docs/checks/<id>.md says
    more, and a test keeps the two in step.
    """

    id: ClassVar[str] = ""
    """Permanent id; a finding cites it, docs/checks/<id>.md explains it."""
    title: ClassVar[str] = ""
    """What it looks for, in a few words."""
    symptom: ClassVar[str] = ""
    """The problem in the user's words ("keys play nothing")."""
    needs_rig: ClassVar[bool] = False
    """True when it cannot decide anything without a rig file: without one, the runner reports
    a skip that says so and does not call `run`."""

    @property
    def docs(self) -> str:
        """The check's page, relative to the project."""
        return f"docs/checks/{self.id}.md"

    def run(self, evidence: Evidence) -> list[Finding]:
        """Decide from the evidence; return at least one finding."""
        raise NotImplementedError

    def fail(self, summary: str, *, evidence: Iterable[str] = (), fixes: Iterable[Fix] = (),
             confidence: Confidence = Confidence.HIGH, title: str | None = None) -> Finding:
        """Something is wrong and the evidence says what."""
        return self._finding(Status.FAIL, summary, evidence, fixes, confidence, title)

    def warn(self, summary: str, *, evidence: Iterable[str] = (), fixes: Iterable[Fix] = (),
             confidence: Confidence = Confidence.MEDIUM, title: str | None = None) -> Finding:
        """Something may be wrong, or will be under some conditions."""
        return self._finding(Status.WARN, summary, evidence, fixes, confidence, title)

    def passed(self, summary: str, *, evidence: Iterable[str] = (),
               confidence: Confidence = Confidence.HIGH, title: str | None = None) -> Finding:
        """Looked, and found this part of the rig healthy."""
        return self._finding(Status.PASS, summary, evidence, (), confidence, title)

    def skip(self, summary: str, *, needs: str, steps: Iterable[str] = (), evidence: Iterable[str] = (),
             title: str | None = None) -> Finding:
        """Could not decide: `summary` says why, `needs` what would let it decide (a step to
        capture, a setting to state in the rig), `steps` how to provide that."""
        return self._finding(Status.SKIP, summary, evidence, (Fix(needs, tuple(steps)),), Confidence.LOW, title)

    def _finding(self, status: Status, summary: str, evidence: Iterable[str], fixes: Iterable[Fix],
                 confidence: Confidence, title: str | None) -> Finding:
        return Finding(self.id, status, title or self.title, summary, confidence, tuple(evidence), tuple(fixes))
