"""The monitor on the real capture path: an in-process MIDI rig sends, the app is driven by keys."""

import time

from textual.command import CommandList

from diag.captures import read_capture
from diag.tui.model.categories import Category
from diag.tui.screens.detail import DetailScreen
from diag.tui.screens.filters import FilterScreen
from diag.tui.screens.save import SaveScreen
from diag.tui.widgets.channel_panel import ChannelPanel
from diag.tui.widgets.event_list import EventList
from diag.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import live_app, run, until
from tests.tui.scripted import IDENTITY_REPLY, RK004_SET_REPLY

NOTE_ON, NOTE_OFF = bytes([0x90, 60, 100]), bytes([0x80, 60, 0])


def status(app) -> str:
    return app.screen.query_one(StatusBar).plain


def shown(app) -> list[tuple[str, ...]]:
    """The rows the list shows, as the texts of their cells."""
    events = app.screen.query_one(EventList)
    return [events.formatter.cells(row) for row in events.rows]


def test_several_inputs_at_once_with_the_port_and_decoded_note_on_each_line(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", NOTE_ON, NOTE_OFF)
            rig.send("Digitakt", bytes([0xB1, 74, 64]))
            await until(pilot, lambda: len(shown(app)) == 3)
            rows = shown(app)
            assert {row[1] for row in rows} == {"KeyStep", "Digitakt"}
            keystep = [row for row in rows if row[1] == "KeyStep"]
            assert [row[3:] for row in keystep] == [("Note On", "C4 (60) vel 100", "90 3C 64"),
                                                    ("Note Off", "C4 (60) vel 0", "80 3C 00")]
            assert next(row for row in rows if row[1] == "Digitakt")[2:5] == ("2", "CC", "CC 74 = 64 Brightness/Cutoff")
            await until(pilot, lambda: "3 received" in status(app))
            assert status(app).startswith("● LIVE  Digitakt:out, KeyStep:out")
    run(scenario)


def test_clock_and_active_sensing_are_hidden_but_counted_and_c_shows_clock_folded(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("Digitakt", *[b"\xf8"] * 48, b"\xfe", b"\xfe")
            rig.send("KeyStep", NOTE_ON)
            await until(pilot, lambda: app.feed.model.total == 51)
            await until(pilot, lambda: "clock 48, act.sense 2" in status(app))
            assert [row[3] for row in shown(app)] == ["Note On"]
            await pilot.press("c")
            kinds = sorted((row[3], row[4]) for row in shown(app))
            assert kinds == [("Clock", "x48 "), ("Note On", "C4 (60) vel 100")]
            await until(pilot, lambda: "hidden: act.sense 2" in status(app))
    run(scenario)


def test_pause_freezes_the_list_while_capture_continues_underneath(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(120, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", *[bytes([0x90, n, 100]) for n in range(10)])
            await until(pilot, lambda: len(shown(app)) == 10)
            await pilot.press("space")
            assert app.screen.mode == "paused"
            rig.send("KeyStep", *[bytes([0x90, n, 100]) for n in range(10, 25)])
            await until(pilot, lambda: app.feed.model.total == 25)
            await until(pilot, lambda: "PAUSED 15 new since" in status(app))
            assert len(shown(app)) == 10
            await pilot.press("space")
            assert app.screen.mode == "live" and len(shown(app)) == 25
            assert app.screen.query_one(EventList).cursor == 24
    run(scenario)


def test_scrolling_back_pauses_and_shows_the_rows_above(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", *[bytes([0xB0, 1, n]) for n in range(100)])
            await until(pilot, lambda: len(shown(app)) == 100)
            await pilot.press("up", "up", "pageup")
            events = app.screen.query_one(EventList)
            assert app.screen.mode == "paused" and events.cursor == 97 - events.page_height
            assert events.top <= events.cursor < events.top + events.page_height
            await pilot.press("home")
            assert events.cursor == 0 and events.top == 0 and events.selected.event.data == bytes([0xB0, 1, 0])
    run(scenario)


def test_the_filter_dialog_hides_a_channel_and_a_port_and_i_inverts_a_list(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", *[bytes([0x90 | ch, 60, 100]) for ch in range(4)])
            rig.send("Digitakt", bytes([0x90, 61, 100]))
            await until(pilot, lambda: len(shown(app)) == 5)
            await pilot.press("f")
            assert isinstance(app.screen, FilterScreen)
            app.screen.query_one("#channels").deselect(2)
            app.screen.query_one("#ports").deselect(rig.port("Digitakt"))
            await pilot.press("escape")
            assert sorted(row[2] for row in shown(app)) == ["1", "3", "4"]
            await until(pilot, lambda: "FILTER: hiding clock, act.sense; not ch 2; hiding port Digitakt:out" in status(app))
            await pilot.press("f")
            app.screen.query_one("#channels").focus()
            await pilot.press("i", "escape")
            assert [row[2] for row in shown(app)] == ["2"]
    run(scenario)


def test_the_channel_panel_shows_held_notes_last_cc_and_warns_of_a_stuck_note(rig):
    later = [0.0]
    started = time.monotonic()

    def now() -> float:
        return time.monotonic() - started + later[0]

    async def body():
        app = live_app(rig, now=now)
        async with app.run_test(size=(140, 36)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("KeyStep", bytes([0x92, 64, 90]), bytes([0xB2, 74, 33]))
            await until(pilot, lambda: app.feed.model.total == 2)
            panel = app.screen.query_one(ChannelPanel)
            await until(pilot, lambda: "held E4 (64)" in panel.plain)
            assert "KeyStep ch 3 ● active · 2 msgs" in panel.plain and "last E4 (64) vel 90" in panel.plain
            assert "CC74=33" in panel.plain and "STUCK" not in panel.plain
            later[0] = 30.0
            await until(pilot, lambda: "⚠ STUCK? E4 (64) on for" in panel.plain)
            assert "○ quiet" in panel.plain
            await pilot.press("m")
            await until(pilot, lambda: "held E3 (64)" in panel.plain)
    run(body)


def test_the_panel_folds_away_at_80_columns_and_p_brings_it_back(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(80, 24)) as pilot:
            panel = app.screen.query_one(ChannelPanel)
            assert not panel.display
            await pilot.press("p")
            assert panel.display
            await pilot.resize_terminal(140, 30)
            await pilot.press("p")
            assert not panel.display
    run(scenario)


def test_clock_tempo_and_transport_from_a_paced_clock(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(140, 36)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("Digitakt", b"\xfa")
            start = time.monotonic()
            for tick in range(49):  # two beats at 120 BPM, paced in real time
                await _sleep_until(pilot, start + tick / 48)
                rig.send("Digitakt", b"\xf8")
            await until(pilot, lambda: app.feed.model.count(Category.CLOCK) == 49)
            (reading,) = app.feed.model.clock.readings(app.feed.source.now())
            assert 110 < reading.bpm < 130 and reading.transport == "playing"
            await until(pilot, lambda: "BPM" in status(app) and "▶ playing (start)" in status(app))
    run(scenario)


async def _sleep_until(pilot, moment: float) -> None:
    while time.monotonic() < moment:
        await pilot.pause(0.002)


def test_enter_opens_the_sysex_detail_with_maker_identity_rk004_and_hex(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("Digitakt", IDENTITY_REPLY, RK004_SET_REPLY)
            await until(pilot, lambda: len(shown(app)) == 2)
            await pilot.press("up", "enter")
            assert isinstance(app.screen, DetailScreen)
            fields = str(app.screen.query_one("#fields").render())
            assert "Identity Reply from Elektron ESI AB (00 20 3C)" in fields
            assert "0000  F0 7E 00 06 02" in str(app.screen.query_one("#hexdump").render())
            await pilot.press("escape", "down", "enter")
            assert "SYNCOUT_PPSN (param 5) = 6" in str(app.screen.query_one("#fields").render())
    run(scenario)


def test_save_writes_every_message_in_memory_and_shows_the_path(rig, tmp_path):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            await until(pilot, lambda: app.feed.started)
            rig.send("Digitakt", b"\xf8", b"\xf8", IDENTITY_REPLY)
            rig.send("KeyStep", NOTE_ON, NOTE_OFF)
            await until(pilot, lambda: app.feed.model.total == 5)
            for name, kept in (("take.jsonl", 5), ("dump.syx", 1)):
                await pilot.press("s")
                assert isinstance(app.screen, SaveScreen)
                app.screen.query_one("#path").value = str(tmp_path / name)
                await pilot.press("enter")
                expected = f"saved {kept} messages to {tmp_path / name}"
                await until(pilot, lambda expected=expected: expected in status(app))
            saved = read_capture(tmp_path / "take.jsonl").events
            assert sorted(event.data for event in saved) == sorted(event.data for event in app.feed.model.ring)
            assert read_capture(tmp_path / "dump.syx").events[0].data == IDENTITY_REPLY
    run(scenario)


def test_a_name_without_a_capture_suffix_is_refused_in_the_dialog(rig, tmp_path):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("s")
            app.screen.query_one("#path").value = str(tmp_path / "take.txt")
            await pilot.press("enter")
            assert isinstance(app.screen, SaveScreen)
            assert "must end in .jsonl" in str(app.screen.query_one("#problem").render())
            await pilot.press("escape")
            assert not isinstance(app.screen, SaveScreen) and not list(tmp_path.iterdir())
    run(scenario)


def test_a_failed_save_is_said_in_the_status_line_and_the_app_keeps_running(rig, tmp_path):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.press("s")
            app.screen.query_one("#path").value = str(tmp_path / "missing" / "take.jsonl")
            await pilot.press("enter")
            await until(pilot, lambda: "could not save the capture: cannot write" in status(app))
            rig.send("KeyStep", NOTE_ON)
            await until(pilot, lambda: len(shown(app)) == 1)
    run(scenario)


def test_the_command_palette_offers_the_monitors_commands(rig):
    async def scenario():
        app = live_app(rig)
        async with app.run_test(size=(100, 30)) as pilot:
            titles = [command.title for command in app.get_system_commands(app.screen)]
            for title in ("Pause", "Filter…", "Show clock", "Save capture…", "Middle C: C3 / C4",
                          "Light / dark theme"):
                assert title in titles
            await pilot.press("ctrl+p")
            await pilot.press(*"save capture")
            await until(pilot, lambda: app.screen.query_one(CommandList).option_count >= 1)
            for _ in range(3):  # highlight, choose, run
                if not isinstance(app.screen, SaveScreen):
                    await pilot.press("enter")
                    await pilot.pause(0.1)
            assert isinstance(app.screen, SaveScreen)
    run(scenario)


def test_ctrl_t_switches_between_the_light_and_the_dark_theme(rig):
    async def scenario():
        app = live_app(rig, theme="light")
        async with app.run_test(size=(100, 30)) as pilot:
            assert app.theme == "textual-light"
            await pilot.press("ctrl+t")
            assert app.theme == "textual-dark"
    run(scenario)
