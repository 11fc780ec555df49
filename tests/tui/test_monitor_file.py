"""The monitor on a capture file: the same screen, not live, scrollable, filters work; bad files are said."""

from diag.captures import open_writer
from diag.tui.app import make_app
from diag.tui.model.categories import Category
from diag.tui.sources import FileSource, ReplaySource
from diag.tui.widgets.channel_panel import ChannelPanel
from diag.tui.widgets.event_list import EventList
from diag.tui.widgets.status_bar import StatusBar
from tests.tui.conftest import loaded, replay_app, run, until
from tests.tui.scripted import DIGITAKT, KEYSTEP, RK004, scripted_events


def status(app) -> str:
    return app.screen.query_one(StatusBar).plain


def test_a_file_opens_at_its_first_row_and_space_explains_that_nothing_moves():
    async def scenario():
        app = replay_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            events = app.screen.query_one(EventList)
            assert (events.cursor, events.top, len(events.rows)) == (0, 0, 18)
            await until(pilot, lambda: status(app).startswith("■ FILE  scripted.jsonl"))
            await pilot.press("space")
            assert app.screen.mode == "file"
            await until(pilot, lambda: "a capture file does not move" in status(app))
            await pilot.press("end")
            assert events.cursor == 17 and events.top == max(0, 18 - events.page_height)
    run(scenario)


def test_filters_work_on_a_file_clock_shown_on_demand_and_folded_between_other_rows():
    async def scenario():
        app = replay_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            await pilot.press("c")
            rows = app.screen.query_one(EventList).rows
            clock_rows = [row for row in rows if row.event.data == b"\xf8"]
            assert sum(row.times for row in clock_rows) == 24 * 12 == app.feed.model.count(Category.CLOCK)
            assert len(clock_rows) < 40  # folded into runs between the other messages
            await pilot.press("r")
            assert len([row for row in app.screen.query_one(EventList).rows if row.event.data == b"\xf8"]) == 288
    run(scenario)


def test_the_panel_reports_the_stuck_note_the_tempo_and_the_transport_of_the_file():
    async def scenario():
        app = replay_app()
        async with app.run_test(size=(140, 40)) as pilot:
            await loaded(pilot)
            panel = app.screen.query_one(ChannelPanel)
            await until(pilot, lambda: "clock Digitakt" in panel.plain)
            assert "⚠ STUCK? C2 (36) on for 6 s" in panel.plain
            assert "120.0 BPM steady" in panel.plain and "■ stopped (stop)" in panel.plain
            assert "Digitakt ch 2" in panel.plain and "CC74=64 CC1=100" in panel.plain
    run(scenario)


def test_a_capture_file_on_disk_is_read_in_a_worker_and_shown(tmp_path):
    path = tmp_path / "take.jsonl"
    with open_writer(path, [KEYSTEP, DIGITAKT, RK004]) as writer:
        writer.write(scripted_events())

    async def scenario():
        app = make_app(FileSource(path))
        async with app.run_test(size=(80, 24)) as pilot:
            await loaded(pilot)
            assert app.feed.model.total == len(scripted_events())
            await until(pilot, lambda: status(app).startswith("■ FILE  take.jsonl"))
    run(scenario)


def test_an_unreadable_file_is_said_on_screen_and_the_app_keeps_running(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"t": 0.0, "port": "A", "data": "90 3C 64"}\nthis is not json\n')

    async def scenario():
        app = make_app(FileSource(path))
        async with app.run_test(size=(100, 24)) as pilot:
            await until(pilot, lambda: "could not open the MIDI source:" in status(app))
            assert "broken.jsonl" in status(app)
            await pilot.press("f", "escape")
            assert app.is_running
    run(scenario)


class DroppingSource(ReplaySource):
    """A source that says the capture thread lost messages."""

    @property
    def dropped(self) -> int:
        return 7


def test_dropped_messages_are_counted_in_words_on_the_status_line():
    async def scenario():
        app = make_app(DroppingSource(scripted_events(), "busy"))
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: "DROPPED 7" in status(app))
    run(scenario)
