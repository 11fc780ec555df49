"""Plugins for the registry tests: good ones, broken ones, and ones that crash while running."""

from diag.engine import Check, Confidence, Evidence, Finding


class GoodCheck(Check):
    """A check that always passes.

    Symptom: none. Cause: none. Fix: none.
    """

    id = "fake-good"
    title = "Always fine"
    symptom = "nothing"

    def run(self, evidence: Evidence) -> list[Finding]:
        return [self.passed("All good.")]


class OtherGoodCheck(GoodCheck):
    """Claims the same id as GoodCheck."""

    title = "Also fine"


class CrashingCheck(Check):
    """Raises while running."""

    id = "fake-crash"
    title = "Crashes"
    symptom = "nothing"

    def run(self, evidence: Evidence) -> list[Finding]:
        return [self.passed(str(1 / 0))]


class WrongResultCheck(Check):
    """Returns something that is not a list of findings."""

    id = "fake-wrong"
    title = "Returns a string"
    symptom = "nothing"

    def run(self, evidence: Evidence):
        return "all good"


class StrayIdCheck(Check):
    """Returns a finding under another check's id."""

    id = "fake-stray"
    title = "Speaks for another"
    symptom = "nothing"

    def run(self, evidence: Evidence) -> list[Finding]:
        return [Finding("auto-channel", self.passed("x").status, "x", "x", Confidence.HIGH)]


class RigCheck(Check):
    """Needs a rig."""

    id = "fake-rig"
    title = "Reads the rig"
    symptom = "nothing"
    needs_rig = True

    def run(self, evidence: Evidence) -> list[Finding]:
        return [self.fail("The rig is wrong.", evidence=["a setting"])]


class WarnLowCheck(Check):
    """Warns with low confidence, then with high."""

    id = "fake-warn"
    title = "Warns"
    symptom = "nothing"

    def run(self, evidence: Evidence) -> list[Finding]:
        return [self.warn("maybe", confidence=Confidence.LOW), self.warn("likely", confidence=Confidence.HIGH)]


NOT_A_CHECK = object()

