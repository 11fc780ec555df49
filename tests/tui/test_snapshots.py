"""Pictures of the monitor at 80x24 and 140x36, dark and light, from the scripted capture (fixed times).

Update after a deliberate change with `pytest tests/tui/test_snapshots.py --snapshot-update`, and look at
the SVGs under __snapshots__ before committing them.
"""

import pytest

from tests.tui.conftest import loaded, replay_app, until

SIZES = {"80x24": (80, 24), "140x36": (140, 36)}


async def ready(pilot) -> None:
    await loaded(pilot)
    await until(pilot, lambda: pilot.app.screen.query_one("StatusBar").plain.startswith("■ FILE"))


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("size", SIZES)
def test_monitor(snap_compare, size, theme):
    assert snap_compare(replay_app(theme=theme), terminal_size=SIZES[size], run_before=ready)


def test_monitor_with_clock_shown_and_a_sysex_row_selected(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("c", "end", "up", "up", "up")

    assert snap_compare(replay_app(), terminal_size=(80, 24), run_before=run_before)


def test_sysex_detail(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("end", "up", "up", "up", "enter")

    assert snap_compare(replay_app(), terminal_size=(80, 24), run_before=run_before)


def test_filter_dialog(snap_compare):
    async def run_before(pilot) -> None:
        await ready(pilot)
        await pilot.press("f")

    assert snap_compare(replay_app(theme="light"), terminal_size=(80, 24), run_before=run_before)
