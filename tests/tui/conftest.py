"""Fixtures for the monitor's tests: an in-process MIDI rig on the real capture path, apps built by make_app."""

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Iterator

import pytest

from diag.midi.capture import open_capture
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.tui.app import MidiDiagApp, make_app
from diag.tui.sources import LiveSource, ReplaySource
from tests.tui.scripted import scripted_events

_names = itertools.count()


class Rig:
    """Virtual outputs on an in-process MIDI system, as devices would appear to midi-diag."""

    def __init__(self, system: InProcessMidi, devices: tuple[str, ...]) -> None:
        self.system = system
        self.outputs = {}
        for device in devices:
            out = system.midi_out(device)
            out.open_virtual_port("out")
            self.outputs[device] = out

    def port(self, device: str) -> str:
        return self.outputs[device].port_name

    def send(self, device: str, *messages: bytes) -> None:
        for message in messages:
            self.outputs[device].send_message(message)

    def close(self) -> None:
        for out in self.outputs.values():
            out.close_port()


@pytest.fixture
def rig() -> Iterator[Rig]:
    """A Digitakt and a KeyStep on their own in-process MIDI system."""
    system = InProcessMidi(f"tui-test-{next(_names)}")
    register_in_process(system)
    devices = Rig(system, ("Digitakt", "KeyStep"))
    yield devices
    devices.close()
    unregister_in_process(system)


def live_app(rig: Rig, *fragments: str, now: Callable[[], float] | None = None, **options) -> MidiDiagApp:
    """The monitor on the real capture path, listening to the rig's ports (all of them by default)."""
    session = open_capture(rig.system.name, list(fragments or rig.outputs))
    return make_app(LiveSource(session, now=now), **options)


def replay_app(**options) -> MidiDiagApp:
    """The monitor on the scripted capture, with fixed times: the same picture every run."""
    return make_app(ReplaySource(scripted_events(), "scripted.jsonl"), **options)


async def until(pilot, condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds; fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"still not true after {timeout} s: {condition}")
        await pilot.pause(0.02)


async def loaded(pilot) -> None:
    """Wait for a replay to be read to its end and drawn."""
    app = pilot.app
    await until(pilot, lambda: app.feed.done and app.screen.mode == "file")
    await pilot.pause()


def run(scenario: Callable[[], Awaitable[None]]) -> None:
    """Run an async test body (no asyncio plugin needed)."""
    asyncio.run(scenario())
