"""A flood through the real capture path: nothing goes missing from the model, and keys still work."""

import asyncio
import threading
import time

from textual import events

from diag.tui.model.categories import Category
from tests.tui.conftest import live_app, run, until

RATE, SECONDS = 10_000, 5
COUNT = RATE * SECONDS
BURST = 1_000


def numbered(n: int) -> bytes:
    """A control change that carries n modulo 16,384 in its two data bytes."""
    return bytes([0xB0, n & 0x7F, (n >> 7) & 0x7F])


def number_of(data: bytes) -> int:
    return data[1] | data[2] << 7


def flood(rig, device: str) -> threading.Thread:
    """COUNT messages as fast as the capture takes them, a thousand per millisecond."""
    def send() -> None:
        for start in range(0, COUNT, BURST):
            rig.send(device, *(numbered(n) for n in range(start, start + BURST)))
            time.sleep(0.001)

    return _started(send)


def paced(rig, device: str) -> threading.Thread:
    """RATE messages a second for SECONDS, caught up every millisecond as USB delivers them."""
    def send() -> None:
        sent, start = 0, time.perf_counter()
        while sent < COUNT:
            due = min(COUNT, int((time.perf_counter() - start) * RATE))
            rig.send(device, *(numbered(n) for n in range(sent, due)))
            sent = due
            time.sleep(0.001)

    return _started(send)


def _started(send) -> threading.Thread:
    thread = threading.Thread(target=send, name="flood")
    thread.start()
    return thread


def test_ten_thousand_a_second_for_five_seconds_arrive_whole_and_in_order_while_keys_are_handled(rig):
    async def scenario():
        app = live_app(rig, "Digitakt")
        async with app.run_test(size=(80, 24)) as pilot:
            await until(pilot, lambda: app.feed.started)
            producer = paced(rig, "Digitakt")
            type_key(app, "space")
            await until(pilot, lambda: app.screen.mode == "paused")
            handled_at = []
            for press in range(1, 12):  # a key every 0.4 s while the traffic flows, each handled in turn
                type_key(app, "m")
                await until(pilot, lambda: app.screen.formatter.middle_c == ("C3" if press % 2 else "C4"))
                handled_at.append(app.feed.model.total)
                await asyncio.sleep(0.4)
            assert handled_at[0] < COUNT  # the sender takes SECONDS by construction: keys were handled mid-flood
            await until(pilot, lambda: app.feed.model.total == COUNT, timeout=30)
            producer.join()
            model = app.feed.model
            assert model.count(Category.CONTROL) == COUNT and model.by_port == {rig.port("Digitakt"): COUNT}
            assert app.feed.source.dropped == 0 and model.scrolled_out == 0
            assert [number_of(event.data) for event in model.ring] == [n % 16384 for n in range(COUNT)]
            assert len(model.rows.rows) == COUNT
            await pilot.press("space")
            assert app.screen.mode == "live" and app.screen.events.cursor == COUNT - 1
    run(scenario)


def type_key(app, key: str) -> None:
    """A key as the terminal driver delivers it: queued at once, without waiting for the app to be idle
    (Pilot.press waits for idle, which a steady flood keeps far off)."""
    app.post_message(events.Key(key, " " if key == "space" else key))


def test_past_its_capacity_the_model_keeps_the_newest_and_counts_the_rest(rig):
    async def scenario():
        app = live_app(rig, "Digitakt", capacity=20_000)
        async with app.run_test(size=(120, 24)) as pilot:
            await until(pilot, lambda: app.feed.started)
            flood(rig, "Digitakt").join()
            await until(pilot, lambda: app.feed.model.total == COUNT, timeout=30)
            model = app.feed.model
            assert len(model.ring) == 20_000 and model.scrolled_out == COUNT - 20_000
            assert number_of(model.ring[0].data) == (COUNT - 20_000) % 16384
            status = app.screen.query_one("StatusBar")
            await until(pilot, lambda: "30,000 oldest no longer in memory" in status.plain)
    run(scenario)
