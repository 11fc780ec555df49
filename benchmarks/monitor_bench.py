"""The monitor under load: key-press lag, event-loop lag, CPU and loss at 1,000 and 10,000 messages/s,
and memory after an hour of clock at 120 BPM replayed fast.

The app runs headless (App.run_test) on the real capture path over the in-process MIDI system; a
producer thread plays sequence-numbered notes and controllers (with clock) paced every millisecond.
A probe thread presses a key ("down", a no-op at the newest row) every 100 ms the way the terminal
driver would, and the handler notes when it runs; a 10 ms timer in the loop notes how late it wakes.

    python benchmarks/monitor_bench.py [--rates 1000,10000] [--seconds 5] [--clock-hours 1] [--json PATH]
"""

import argparse
import asyncio
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from textual import events

from diag.events import MidiEvent
from diag.midi.capture import open_capture
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.tui.app import make_app
from diag.tui.sources import LiveSource, ReplaySource
from diag.tui.widgets.event_list import EventList

TICK = 1 / os.sysconf("SC_CLK_TCK")


def message(n: int) -> bytes:
    """Sequence number n in a note or controller (every 40th message is a clock tick)."""
    if n % 40 == 39:
        return b"\xf8"
    status = (0x90, 0x80, 0xB0)[n % 3] | (n // 3) % 4
    return bytes([status, n & 0x7F, (n >> 7) & 0x7F])


def produce(out, rate: int, seconds: float, stats: dict) -> None:
    """Send rate*seconds messages, catching up every millisecond (as USB delivers them)."""
    total, sent, start = int(rate * seconds), 0, time.perf_counter()
    cpu = time.thread_time()
    while sent < total:
        due = min(total, int((time.perf_counter() - start) * rate))
        for n in range(sent, due):
            out.send_message(message(n))
        sent = due
        time.sleep(0.001)
    stats.update(sent=sent, producer_cpu=time.thread_time() - cpu)


def thread_cpu(native_id: int | None) -> float:
    """CPU seconds a thread of this process has used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/self/task/{native_id}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * TICK
    except (OSError, IndexError, ValueError):
        return 0.0


def press_keys(app, stop: threading.Event, pressed: list[float]) -> None:
    """Send "down" through the driver every 100 ms, as a terminal's input thread would."""
    while not stop.wait(0.1):
        key = events.Key("down", None)
        key.set_sender(app)
        pressed.append(time.perf_counter())
        app._driver.send_message(key)


async def measure_lateness(stop: asyncio.Event, late: list[float]) -> None:
    while not stop.is_set():
        start = time.perf_counter()
        await asyncio.sleep(0.01)
        late.append(time.perf_counter() - start - 0.01)


async def run_rate(rate: int, seconds: float) -> dict:
    system = InProcessMidi(f"bench-{rate}")
    register_in_process(system)
    out = system.midi_out("Bench")
    out.open_virtual_port("out")
    handled: list[float] = []
    original = EventList.action_move

    def timed_move(self, delta: int) -> None:
        handled.append(time.perf_counter())
        original(self, delta)

    EventList.action_move = timed_move
    try:
        return await _measure(system, out, rate, seconds, handled)
    finally:
        EventList.action_move = original
        out.close_port()
        unregister_in_process(system)


async def _measure(system, out, rate: int, seconds: float, handled: list[float]) -> dict:
    session = open_capture(system.name, ["Bench"])
    app = make_app(LiveSource(session))
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.feed.started:
            await pilot.pause(0.01)
        await pilot.pause()  # the first layout and full render are start-up, not the flood: let them finish
        await asyncio.sleep(0.2)
        capture_thread = session._thread.native_id if session._thread else None
        stats, pressed, late = {}, [], []
        stop_probe, stop_keys = asyncio.Event(), threading.Event()
        probe = asyncio.create_task(measure_lateness(stop_probe, late))
        producer = threading.Thread(target=produce, args=(out, rate, seconds, stats), name="producer")
        keys = threading.Thread(target=press_keys, args=(app, stop_keys, pressed), name="keys")
        wall, cpu, ui, cap = time.perf_counter(), time.process_time(), time.thread_time(), thread_cpu(capture_thread)
        producer.start()
        keys.start()
        while producer.is_alive():
            await asyncio.sleep(0.05)
        stop_keys.set()
        keys.join()
        await asyncio.sleep(0.3)
        wall = time.perf_counter() - wall
        cpu, ui = time.process_time() - cpu, time.thread_time() - ui
        cap = thread_cpu(capture_thread) - cap
        stop_probe.set()
        await probe
        deadline = time.perf_counter() + 10
        while app.feed.model.total < stats["sent"] and time.perf_counter() < deadline:
            await pilot.pause(0.05)
        return _figures(rate, stats, app, wall, cpu, ui, cap, pressed, handled, late)


def _figures(rate, stats, app, wall, cpu, ui, cap, pressed, handled, late) -> dict:
    model = app.feed.model
    key_lags = [h - p for p, h in zip(pressed, handled)]
    other = cpu - stats["producer_cpu"]
    return {
        "rate": rate, "sent": stats["sent"], "seen": model.total, "dropped": app.feed.source.dropped,
        "in_order": _in_order(model.ring, stats["sent"]),
        "key_presses": len(pressed), "keys_handled": len(handled),
        "key_lag_p50_ms": _ms(statistics.median(key_lags)) if key_lags else None,
        "key_lag_p99_ms": _ms(_p99(key_lags)) if key_lags else None,
        "loop_lag_p99_ms": _ms(_p99(late)), "loop_lag_max_ms": _ms(max(late)),
        "cpu_process_pct": round(100 * cpu / wall, 1),
        "cpu_without_producer_pct": round(100 * other / wall, 1),
        "cpu_ui_thread_pct": round(100 * ui / wall, 1),
        "cpu_capture_thread_pct": round(100 * cap / wall, 1),
    }


def _in_order(ring, sent: int) -> bool:
    return [bytes(e.data) for e in ring] == [message(n) for n in range(sent - len(ring), sent)]


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


class ClockSource(ReplaySource):
    """Clock at 120 BPM plus active sensing, made up chunk by chunk (never all in memory)."""

    def __init__(self, hours: float) -> None:
        super().__init__(label="clock")
        self.total = int(hours * 3600 * 48)
        self.made = 0

    def start(self) -> None:
        self._events = ()

    @property
    def finished(self) -> bool:
        return self.made >= self.total

    def drain(self) -> list[MidiEvent]:
        end = min(self.total, self.made + 20_000)
        chunk = [MidiEvent(n / 48, "Digitakt", b"\xf8") for n in range(self.made, end)]
        self.made = end
        return chunk

    def now(self) -> float:
        return self.made / 48


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


async def run_clock(hours: float) -> dict:
    app = make_app(ClockSource(hours))
    async with app.run_test(size=(120, 40)) as pilot:
        before = rss_mb()
        marks = {}
        source = app.feed.source
        while not app.feed.done:
            await pilot.pause(0.05)
            done_hours = app.feed.model.total / (3600 * 48)
            for mark in (hours / 4, hours / 2, 3 * hours / 4, hours):
                if done_hours >= mark and mark not in marks:
                    # Python objects alive and the replay backlog (the source runs faster than real time)
                    marks[mark] = (rss_mb(), sys.getallocatedblocks(), app.feed.backlog)
        model = app.feed.model
        return {"hours": hours, "messages": model.total, "in_memory": len(model.ring),
                "scrolled_out": model.scrolled_out, "rss_start_mb": before,
                **{f"rss_after_{mark:g}h_mb": value[0] for mark, value in marks.items()},
                **{f"python_blocks_after_{mark:g}h": value[1] for mark, value in marks.items()},
                **{f"backlog_after_{mark:g}h": value[2] for mark, value in marks.items()},
                "bpm": round(model.clock.readings(source.now())[0].bpm, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rates", default="1000,10000", help="messages per second, comma-separated")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clock-hours", type=float, default=1.0, help="hours of 120 BPM clock to replay (0: skip)")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    results = {"rates": [asyncio.run(run_rate(int(rate), args.seconds)) for rate in args.rates.split(",")]}
    for figures in results["rates"]:
        print(json.dumps(figures))
    if args.clock_hours:
        results["clock"] = asyncio.run(run_clock(args.clock_hours))
        print(json.dumps(results["clock"]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
