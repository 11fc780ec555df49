"""The wizard as straight-line code: each stage asks with a screen, awaits the answer and says what is next."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar

from textual.screen import Screen
from textual.worker import WorkerCancelled, WorkerFailed

from diag.engine import Action, Diagnosis, Finding
from diag.engine.evidence import DeviceReading
from diag.errors import DiagError
from diag.rig import Rig
from diag.tui.rk004.screen import Rk004Screen
from diag.tui.rk004.session import PortHub
from diag.tui.wizard.bench import Bench
from diag.tui.wizard.diagnosing import diagnose_steps, export_reports, read_hubs
from diag.tui.wizard.findingsview import headline, verdicts
from diag.tui.wizard.listening import RecordedStep, Recorder, ports_to_capture
from diag.tui.wizard.machinefix import (
    can_apply,
    outcome_lines,
    pending_changes,
    proposal_text,
    stores,
)
from diag.tui.wizard.plan import PlannedStep, plan_steps
from diag.tui.wizard.rigdraft import RigDraft, from_rig
from diag.tui.wizard.screens.base import WizardMonitor, monitor_for
from diag.tui.wizard.screens.dialogs import ConfirmScreen, MessageScreen, PathScreen
from diag.tui.wizard.screens.findings import FindingsScreen
from diag.tui.wizard.screens.listen import ListenScreen
from diag.tui.wizard.screens.rig import RigScreen
from diag.tui.wizard.screens.rigdialogs import Surroundings
from diag.tui.wizard.screens.symptom import SymptomScreen
from diag.tui.wizard.session import SessionStore
from diag.tui.wizard.symptoms import BY_ID, MONITOR, RK004, Symptom, steps_to_repeat

if TYPE_CHECKING:
    from diag.tui.app import MidiDiagApp

T = TypeVar("T")
Stage = Callable[[], Awaitable["Stage | None"]]
Diagnoser = Callable[[list[RecordedStep], Rig | None, dict[str, Any], str | None, list[DeviceReading]], Diagnosis]
"""Turns the captured steps, the rig, the answers, the MIDI system's name and device readings into a Diagnosis."""


class WizardFlow:
    """Problem, rig, listening, findings, fix and check; the app hosts it and the bench is the outside world."""

    def __init__(self, bench: Bench, store: SessionStore | None = None, resume: SessionStore | None = None,
                 diagnoser: Diagnoser = diagnose_steps) -> None:
        self.bench = bench
        self.diagnoser = diagnoser
        self.store = store
        self.resumable = resume
        self.draft = RigDraft()
        self.rig: Rig | None = None
        self.symptom: Symptom | None = None
        self.answers: dict[str, Any] = {}
        self.plan: list[PlannedStep] = []
        self.recorded: dict[int, RecordedStep] = {}
        self.diagnosis: Diagnosis | None = None
        self.note = ""
        """A line for the findings screen's headline (what the last fix or check did)."""
        self.seen: Surroundings | None = None
        self._app: MidiDiagApp | None = None

    @property
    def app(self) -> MidiDiagApp:
        assert self._app is not None, "the wizard has not been started"
        return self._app

    async def run(self, app: MidiDiagApp) -> None:
        """Ask and listen until the user is done (call it from a worker: it awaits screens)."""
        self._app = app
        stage: Stage | None = self.offer_resume if self.resumable else self.ask_problem
        while stage is not None:
            stage = await stage()

    async def ask(self, screen: Screen[T]) -> T:
        return await self.app.push_screen_wait(screen)

    async def blocking(self, function: Callable[..., T], *args: Any, name: str) -> T | None:
        """Run blocking I/O in a named worker; None when it failed (the app shows why)."""
        worker = self.app.run_worker(partial(function, *args), thread=True, name=name, group="wizard-io",
                                     exit_on_error=False)
        try:
            return await worker.wait()
        except (WorkerFailed, WorkerCancelled):
            return None

    # Stages --------------------------------------------------------------------

    async def offer_resume(self) -> Stage | None:
        store, self.resumable = self.resumable, None
        assert store is not None
        if await self.ask(ConfirmScreen("Carry on where you left off?", f"A session from {store.folder.name} "
                                        "was not finished: its rig, answers and captured steps are kept in "
                                        f"{store.folder}.")):
            resumed = await self.blocking(store.resume, name="read the saved session")
            if resumed is not None:
                self.store, self.answers, self.plan, self.recorded = store, resumed.answers, resumed.plan, \
                    resumed.recorded
                self.draft = resumed.draft or RigDraft()
                self.symptom = BY_ID.get(str(resumed.answers.get("symptom")))
                self.rig = _built(self.draft)
                return self.listen_all if self.symptom and self.plan else self.ask_problem
        else:
            await self.blocking(store.set_aside, name="set the old session aside")
        return self.ask_problem

    async def ask_problem(self) -> Stage | None:
        preset = self.bench.preset
        symptom = await self.ask(SymptomScreen(self.symptom or (preset.symptom if preset else None),
                                               preset.story if preset else ""))
        if symptom is None:
            return None
        self.symptom, self.answers["symptom"] = symptom, symptom.id
        if symptom.leads_to == MONITOR:
            await self.ask(monitor_for(self.app))
            return self.ask_problem
        if symptom.leads_to == RK004:
            return self.rk004_setup
        if preset is not None and not self.draft.devices:
            self.draft = from_rig(preset.rig)
        return self.build_rig

    async def rk004_setup(self) -> Stage | None:
        ports = await self.blocking(self.bench.rk004_ports, "", name="look for the RK-004")
        where = (f"The RK-004 answers on '{ports[0]}' and listens on '{ports[1]}'." if ports else
                 "No port named after an RK-004 is there: connect the hub's USB, or name its ports by hand.")
        args = f"--in '{ports[0]}' --out '{ports[1]}'" if ports else "--in PORT --out PORT"
        await self.ask(MessageScreen("Setting up the RK-004", [
            where, "", "Its settings, from a terminal:", f"  midi-diag rk004 dump {args}",
            f"  midi-diag rk004 set DIN1_MODE=MIDI_OUT --commit {args}",
            "Every write is backed up first and read back (docs/rk004.md).",
        ]))
        return self.ask_problem

    async def build_rig(self) -> Stage | None:
        draft = await self.ask(RigScreen(self.draft, self.look_around))
        if draft is None:
            return self.ask_problem
        self.draft = draft
        self.rig = draft.build() if draft.devices else None
        preset = self.bench.preset
        plan = preset.steps if preset is not None else plan_steps(self.symptom or BY_ID["other"], self.rig)
        if [(s.name, s.device) for s in plan] != [(s.name, s.device) for s in self.plan]:
            self.plan, self.recorded = plan, {}
        await self.save(rig=True)
        return self.listen_all

    async def listen_all(self) -> Stage | None:
        for step in self.plan:
            if step.index not in self.recorded:
                record = await self.listen(step)
                if record is None:
                    return self.build_rig
                await self.keep(record)
        return self.diagnose_all

    async def diagnose_all(self) -> Stage | None:
        self.diagnosis = await self.blocking(self.diagnose_now, name="work out what is wrong")
        if self.diagnosis is None:
            return self.build_rig
        self.note = ""
        return self.review

    async def review(self) -> Stage | None:
        assert self.diagnosis is not None
        choice = await self.ask(FindingsScreen(self.diagnosis, self.note))
        self.note = ""
        if choice is None or choice.kind == "done":
            return self.finish
        if choice.kind == "rig":
            return self.build_rig
        if choice.kind == "listen":
            self.recorded = {}
            return self.listen_all
        if choice.kind == "fix":
            await self.fix(choice.finding)
        elif choice.kind == "recheck":
            await self.recheck(choice.finding)
        elif choice.kind == "report":
            await self.export()
        return self.review

    async def finish(self) -> Stage | None:
        self.answers["finished"] = True
        await self.save()
        lines = ["Thank you. If something is still wrong, run midi-diag again: it starts from the problem."]
        if self.store is not None:
            lines.append(f"This session (rig, answers, captures) is in {self.store.folder}")
        await self.ask(MessageScreen("Done", lines))
        return None

    # Listening -----------------------------------------------------------------

    async def listen(self, step: PlannedStep, note: str = "") -> RecordedStep | None:
        inputs = await self.blocking(self.bench.inputs, name="list the computer's ports") or []
        ports = ports_to_capture(inputs, self.rig)
        screen = ListenScreen(step, len(self.plan), ports, partial(self._recorder, step, ports), self.bench.perform,
                              note, self.app.middle_c, self.bench.played_late)
        return await self.ask(screen)

    def _recorder(self, step: PlannedStep, ports: list[str]) -> Recorder:
        return Recorder(step, self.bench.open_capture(ports, step.name))

    async def keep(self, record: RecordedStep) -> None:
        old = self.recorded.get(record.step.index)
        if old is not None and self.store is not None:
            await self.blocking(self.store.forget_step, old, name="replace the step's capture")
        self.recorded[record.step.index] = record
        await self.save()

    def diagnose_now(self) -> Diagnosis:
        recorded = [self.recorded[index] for index in sorted(self.recorded)]
        readings = read_hubs(self.rig, self.bench.api, self.bench.rk004_ports)
        return self.diagnoser(recorded, self.rig, dict(self.answers), self.bench.api, readings)

    def look_around(self, again: bool) -> Surroundings:
        """The computer's input ports and the devices that answer an identity request (blocking; asked once)."""
        if self.seen is None or again:
            self.seen = Surroundings(self.bench.inputs(), self.bench.identities())
        else:
            self.seen = Surroundings(self.bench.inputs(), self.seen.answers)
        return self.seen

    # Fixing and checking -------------------------------------------------------------

    async def fix(self, finding: Finding | None) -> None:
        action = next((f.action for f in (finding.fixes if finding else ()) if can_apply(f.action)), None)
        if action is not None and await self.machine_fix(action):
            return
        hand = await self.blocking(self.bench.fix_by_hand, name="fix it by hand")
        if hand is not None:
            self.draft, self.rig = from_rig(hand.rig), hand.rig
            await self.save(rig=True)
            await self.ask(MessageScreen("The simulated user fixes it", [hand.say, "", *hand.changes]))
            self.note = "The fix is in. Press c to check that it worked."
        elif action is None and finding is not None:
            self.note = "Do the fix's steps on the device, then press c to check. Changed a setting the rig " \
                        "states? Update it too (r)."

    async def machine_fix(self, action: Action) -> bool:
        """Propose the change; on yes, the RK-004 screen reads the hub, shows the frames, asks and writes.
        True when something was written."""
        try:
            proposal = proposal_text(action)
        except DiagError as error:
            await self.ask(MessageScreen("This fix cannot be made", [str(error)]))
            return False
        if not await self.ask(ConfirmScreen("Let the wizard make this change?", proposal)):
            return False
        ports = await self.blocking(self.bench.rk004_ports, action.device, name="look for the RK-004")
        if ports is None:
            await self.ask(MessageScreen("No RK-004 found", [("No port named after the RK-004 is there; nothing "
                                                             "was written. Connect its USB and try again.")]))
            return False
        hub = PortHub(self.bench.api, *ports)
        try:
            done = await self.ask(Rk004Screen(hub, pending_changes=pending_changes(action), commit=stores(action)))
        finally:
            await self.blocking(hub.close, name="close the RK-004's ports")
        lines = outcome_lines(done.written, done.stored, done.automatic_backup, done.error, done.pending)
        await self.ask(MessageScreen("What the RK-004 screen did", lines))
        if done.written is not None:
            self.note = "Written. Press c to check that it worked."
        return done.written is not None

    async def recheck(self, finding: Finding | None) -> None:
        before = self.diagnosis
        names = steps_to_repeat(finding.check if finding else "", [self.plan[i].name for i in sorted(self.recorded)])
        for step in [s for s in self.plan if s.name in names]:
            record = await self.listen(step, f"Checking again. {step.say}")
            if record is None:
                self.note = "The check was stopped; the findings are as before."
                return
            await self.keep(record)
        after = await self.blocking(self.diagnose_now, name="work out what is wrong")
        if before is None or after is None:
            return
        self.diagnosis = after
        lines = [verdict.line() for verdict in verdicts(before, after)] or ["Nothing was wrong before."]
        await self.ask(MessageScreen("Did it work?", [*lines, "", headline(after)]))
        self.note = lines[0]

    # Reports -------------------------------------------------------------------

    async def export(self, _finding: Finding | None = None) -> None:
        diagnosis = self.diagnosis or await self.blocking(self.diagnose_now, name="work out what is wrong")
        if diagnosis is None:
            return
        default = str(self.store.folder / "report") if self.store else f"midi-diag-report-{_stamp()}"
        folder = await self.ask(PathScreen("Save the report (text, JSON, Markdown and HTML) in the folder",
                                           default))
        if folder is None:
            return
        paths = await self.blocking(export_reports, diagnosis, folder, "report", name="save the report")
        if paths is not None:
            await self.ask(MessageScreen("The report is saved", [str(path) for path in paths]))

    def export_any_time(self) -> None:
        self.app.run_worker(self.export(), name="save the report", group="wizard-export", exclusive=True,
                            exit_on_error=False)

    def open_monitor(self) -> None:
        if not isinstance(self.app.screen, WizardMonitor):
            self.app.push_screen(monitor_for(self.app))

    async def save(self, rig: bool = False) -> None:
        store = self.store
        if store is None:
            return
        if rig:
            await self.blocking(store.save_rig, self.draft, name="save the session's rig")
        await self.blocking(store.save, dict(self.answers), list(self.plan), dict(self.recorded),
                            name="save the session")


def _built(draft: RigDraft) -> Rig | None:
    """The draft as a rig; None without devices or when it no longer loads (the rig screen says why)."""
    try:
        return draft.build() if draft.devices else None
    except DiagError:
        return None


def _stamp() -> str:
    return datetime.now().strftime("%Y%m%d-%H%M%S")

