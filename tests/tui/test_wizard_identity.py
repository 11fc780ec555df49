"""Devices offered while building the rig: fake devices on the in-process MIDI system answer the identity request."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from diag.decode.universal import identity_request, parse_identity_reply
from diag.identity import models_answering
from diag.midi.inprocess import InProcessMidi
from diag.midi.system import register_in_process, unregister_in_process
from diag.tui.wizard.bench import HardwareBench
from diag.tui.wizard.suggest import suggestions
from tests.tui.conftest import run
from tests.tui.test_wizard_flow import QUICK, on_screen, wizard_app

ELEKTRON_REPLY = bytes.fromhex("F0 7E 00 06 02 00 20 3C 0C 00 01 00 01 02 03 04 F7")
PEAK_REPLY = bytes.fromhex("F0 7E 00 06 02 00 20 29 33 01 00 00 01 02 03 04 F7")


class FakeDevice:
    """A virtual input and output pair that answers the Universal Identity Request, and nothing else."""

    def __init__(self, system: InProcessMidi, name: str, reply: bytes) -> None:
        self.asked = 0
        self.midi_out = system.midi_out(name).open_virtual_port("out")
        self.midi_in = system.midi_in(name).open_virtual_port("in")
        self.midi_in.set_callback(self._heard)
        self.reply = reply

    def _heard(self, message: tuple[list[int], float], _data: object) -> None:
        if bytes(message[0]) == identity_request():
            self.asked += 1
            self.midi_out.send_message(self.reply)

    def close(self) -> None:
        self.midi_in.close_port()
        self.midi_out.close_port()


@pytest.fixture
def system() -> Iterator[InProcessMidi]:
    midi = InProcessMidi("wizard-identity")
    register_in_process(midi)
    yield midi
    unregister_in_process(midi)


def test_a_device_that_answers_is_offered_by_its_maker_and_port_name(system):
    device = FakeDevice(system, "Elektron Digitakt", ELEKTRON_REPLY)
    try:
        answers = HardwareBench(system.name, QUICK).identities()
    finally:
        device.close()
    assert device.asked == 1
    assert [(a.port, a.reply.manufacturer_id) for a in answers] == [("Elektron Digitakt:out", b"\x00\x20\x3c")]
    offered = suggestions(["Elektron Digitakt:out"], answers, set())
    assert offered[0].model.id == "elektron-digitakt"
    assert offered[0].reason.startswith("answered the identity request")


def test_an_answer_through_an_interface_offers_every_model_of_the_maker():
    reply = parse_identity_reply(ELEKTRON_REPLY)
    found = {model.id for model in models_answering(reply, "USB MIDI Interface")}
    assert "elektron-digitakt" in found and "elektron-analog-rytm-mkii" in found
    assert all(model_id.startswith("elektron-") for model_id in found)


def test_known_identity_codes_name_the_model_whatever_the_port():
    reply = parse_identity_reply(PEAK_REPLY)
    assert [model.id for model in models_answering(reply, "USB MIDI Interface")] == ["novation-peak"]


def test_the_device_picker_offers_the_device_that_answered(system):
    device = FakeDevice(system, "Elektron Digitakt", ELEKTRON_REPLY)
    app = wizard_app(HardwareBench(system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")
            await on_screen(pilot, "RigScreen")
            await pilot.press("a")
            await on_screen(pilot, "DevicePicker")
            picker = app.screen
            for _ in range(100):
                if picker.found:
                    break
                await pilot.pause(0.05)
            assert picker.choices[0].model.id == "elektron-digitakt"
            assert "1 answered the identity request" in str(picker.query_one("#looking").render())
            await pilot.press("enter")
            await on_screen(pilot, "RigScreen")
            rig = app.screen.rig
            assert rig is not None and rig.observer_for("Elektron Digitakt:out").sees.device == "digitakt"

    try:
        run(scenario)
    finally:
        device.close()
