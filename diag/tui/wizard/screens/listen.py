"""One listening step: what to do, a countdown, and what each channel does, live; Enter ends it early."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import Footer, Static

from diag.errors import DiagError
from diag.tui.wizard.bench import Performance
from diag.tui.wizard.listening import RecordedStep, Recorder
from diag.tui.wizard.listenview import activity_lines, countdown, listened_ports_line
from diag.tui.wizard.plan import PlannedStep
from diag.tui.wizard.screens.base import StageLine, WizardScreen

DRAW_SECONDS = 0.1
"""How often the step's capture is drained and the screen redrawn."""
LATE_TRIES = 3
"""How often a step is listened to in all when its simulated player was held up (as the headless demo does)."""
SETTLE_SECONDS = 0.05
"""Listening goes on this long after a simulated player is done, so the capture has taken everything."""


class ListenScreen(WizardScreen[RecordedStep | None]):
    """Ready (Enter starts), listening (Enter ends early, r starts over), then dismissed with the capture."""

    DEFAULT_CSS = """
    ListenScreen #say { text-style: bold; padding: 1 0; }
    ListenScreen #state { height: 1; text-style: bold; }
    ListenScreen #activity { height: 1fr; padding: 1 0 0 0; }
    ListenScreen #warning { height: auto; text-style: bold; color: $warning; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "go", "Start / done"),
        Binding("r", "restart", "Start over"),
        Binding("c", "reconnect", "Reconnect", show=False),
    ]

    def __init__(self, step: PlannedStep, total: int, ports: list[str], record: Callable[[], Recorder],
                 perform: Callable[[PlannedStep], Performance | None],
                 note: str = "", middle_c: str = "C4",
                 played_late: Callable[[Performance], bool] = lambda _performance: False) -> None:
        super().__init__()
        self.played_late, self.tries = played_late, 0
        self.step, self.total, self.ports, self.note = step, total, ports, note
        self.make_recorder, self.perform = record, perform
        self.middle_c = middle_c
        self.recorder: Recorder | None = None
        self.performance: Performance | None = None
        self.phase = "ready"
        """ready, opening, listening, stopping."""
        self.gone: list[str] = []
        self.notices_told = 0
        self.played_until: float | None = None
        """When the simulated player finished (recorder time)."""
        self.listen_timers: list[Timer] = []

    def compose(self) -> ComposeResult:
        yield StageLine(2, f"step {self.step.index + 1} of {self.total}")
        with Vertical(id="frame"):
            yield Static(f"{self.step.title}", classes="question", markup=False)
            yield Static(self.step.say, id="say", markup=False)
            yield Static(self.note or "Press Enter when you are ready; I will listen while you do it.",
                         id="state", markup=False)
            yield Static("", id="warning", markup=False)
            yield Static(f"{listened_ports_line(self.ports)}.\nEach channel shows up here as its messages arrive.",
                         id="activity", markup=False)
        yield Footer()

    # Phases --------------------------------------------------------------------

    def action_go(self) -> None:
        if self.phase == "ready":
            self.phase = "opening"
            self.query_one("#state", Static).update("Opening the ports…")
            self.open_capture()
        elif self.phase == "listening":
            self.finish()

    @work(thread=True, exclusive=True, exit_on_error=False, group="listen", name="open the ports to listen")
    def open_capture(self) -> None:
        try:
            recorder = self.make_recorder()
            recorder.start()
        except DiagError as error:
            self.app.call_from_thread(self.could_not_open, str(error))
            return
        self.app.call_from_thread(self.listening, recorder)

    def could_not_open(self, reason: str) -> None:
        self.phase = "ready"
        self.query_one("#state", Static).update(f"✗ Could not listen: {reason}. Enter tries again.")

    def listening(self, recorder: Recorder) -> None:
        if self.phase != "opening":  # went back meanwhile
            self.stop_quietly(recorder)
            return
        self.recorder, self.phase, self.gone, self.played_until = recorder, "listening", [], None
        self.notices_told = 0
        self.performance = self.perform(self.step)
        self.query_one("#warning", Static).update("")
        self.listen_timers = [self.set_interval(DRAW_SECONDS, self.tick, name="listen")]
        self.tick()

    def tick(self) -> None:
        """Drain the capture, redraw, and end the step when its time is up (or its player is done)."""
        recorder = self.recorder
        if recorder is None or self.phase != "listening":
            return
        recorder.drain()
        self.tell_notices(recorder)
        self.draw(recorder)
        if self.step_over(recorder):
            self.finish()

    def step_over(self, recorder: Recorder) -> bool:
        if self.performance is None:
            return recorder.elapsed >= self.step.seconds
        if self.played_until is None and self.player_done():
            self.played_until = recorder.elapsed
        return self.played_until is not None and recorder.elapsed - self.played_until >= SETTLE_SECONDS

    def player_done(self) -> bool:
        assert self.performance is not None
        try:
            return self.performance.wait(0)
        except Exception as error:  # noqa: BLE001 - the simulated player's failure, shown instead of a crash
            self.query_one("#warning", Static).update(f"⚠ The simulated player stopped: {error}")
            return True

    def draw(self, recorder: Recorder) -> None:
        heard = recorder.activity.total
        state = countdown(recorder.elapsed, self.step.seconds) if self.performance is None else \
            f"The simulated user is playing… {recorder.elapsed:.1f} s"
        self.query_one("#state", Static).update(f"● LISTENING  {state} · {heard} messages · Enter: done")
        lines = [listened_ports_line(recorder.record.ports), ""]
        lines += activity_lines(recorder.activity, recorder.record.ports, recorder.session_now(), self.middle_c)
        self.query_one("#activity", Static).update("\n".join(lines))

    def finish(self) -> None:
        if self.phase != "listening" or self.recorder is None:
            return
        if self.performance is not None and self.late_again():
            return
        self.phase = "stopping"
        self.cancel_timers()
        self.query_one("#state", Static).update("Done listening; putting it together…")
        self.stop_capture(self.recorder)

    def late_again(self) -> bool:
        """A simulated player held up by a busy computer: forget the capture and listen again at once."""
        assert self.performance is not None
        self.tries += 1
        if self.tries >= LATE_TRIES or not self.played_late(self.performance):
            return False
        self.action_restart()
        self.query_one("#warning", Static).update("The computer was busy and the player fell behind: listening "
                                                  "again, so the timing is the rig's own.")
        self.action_go()
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="listen", name="stop listening")
    def stop_capture(self, recorder: Recorder) -> None:
        record = recorder.stop()
        record.missing = list(recorder.session.gone_ports)
        self.app.call_from_thread(self.dismiss, record)

    # Ports that go away (the capture's watcher notices, and reconnects them) ------------

    def tell_notices(self, recorder: Recorder) -> None:
        """Show a port that went away or came back, or the MIDI system stopping, since the last tick."""
        notices = recorder.session.notices
        if len(notices) == self.notices_told:
            return
        self.notices_told = len(notices)
        self.gone = list(recorder.session.gone_ports)
        self.query_one("#warning", Static).update(self.port_warning(recorder))

    def port_warning(self, recorder: Recorder) -> str:
        if recorder.session.system_gone:
            return ("⚠ The MIDI system stopped. What came before is kept: Enter goes on with what was heard; "
                    "once it runs again, r listens to the step again.")
        if not self.gone:
            return "✓ Every port is back; listening carries on."
        names = ", ".join(f"'{port}'" for port in self.gone)
        return (f"⚠ {names} went away (unplugged?). What came before is kept. Plug it back in: listening "
                "carries on by itself (c looks for it now). r starts the step over; Enter goes on with what "
                "was heard.")

    def action_reconnect(self) -> None:
        """Look for the ports that went away at once, instead of at the watcher's next look."""
        recorder = self.recorder
        if self.phase != "listening" or recorder is None or not self.gone:
            self.notify("Every port is there: nothing to reconnect.")
            return
        recorder.session.look_now()
        self.notify(f"Looking for {', '.join(repr(port) for port in self.gone)}…")

    # Going back ------------------------------------------------------------------

    def action_restart(self) -> None:
        """Forget this step's capture and start it again (reconnecting the ports)."""
        if self.phase in ("listening", "opening"):
            self.abandon()
        self.phase = "ready"
        self.query_one("#state", Static).update("Starting over: press Enter when you are ready.")
        self.query_one("#activity", Static).update("")

    def action_back(self) -> None:
        self.abandon()
        self.dismiss(None)

    def abandon(self) -> None:
        self.cancel_timers()
        if self.performance is not None:
            self.performance.stop()
        if self.recorder is not None:
            self.stop_quietly(self.recorder)
        self.recorder, self.performance = None, None

    @work(thread=True, exit_on_error=False, group="listen-discard", name="close the ports")
    def stop_quietly(self, recorder: Recorder) -> None:
        recorder.stop()

    def cancel_timers(self) -> None:
        for timer in self.listen_timers:
            timer.stop()
        self.listen_timers = []

    def on_unmount(self) -> None:
        self.cancel_timers()

    def own_commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand("Start or finish listening", "Enter", self.action_go)
        yield SystemCommand("Start this step over", "Forget what this step heard (r)", self.action_restart)
        yield SystemCommand("Reconnect", "Look for a port that went away, now (c)", self.action_reconnect)
