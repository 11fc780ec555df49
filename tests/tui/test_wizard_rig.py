"""Building a rig in the wizard: the draft, the edits typed on the rig screen, and saving and loading rig files."""

from __future__ import annotations

from pathlib import Path

import pytest

from diag.errors import InputError
from diag.knowledge import load_model
from diag.rig import load_rig
from diag.tui.wizard.bench import HardwareBench
from diag.tui.wizard.rigdraft import RigDraft, from_rig
from diag.tui.wizard.rigedit import apply_edit, edit_for, parse_tracks
from diag.tui.wizard.rigview import parse_value, setting_rows
from tests.tui.conftest import run, until
from tests.tui.test_wizard_flow import QUICK, devices, on_screen, wizard_app  # noqa: F401 - the fixture

EXAMPLES = sorted(Path(__file__).resolve().parents[2].joinpath("docs", "examples").glob("*.toml"))


def _plain(rig) -> dict:
    data = rig.as_dict()
    data.pop("path")
    return data


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_every_example_rig_survives_a_trip_through_the_draft(path):
    rig = load_rig(path)
    assert _plain(from_rig(rig).build()) == _plain(rig)


def test_a_usb_device_is_plugged_into_the_computer_and_its_port_observed():
    draft = RigDraft()
    digitakt = draft.add_device(load_model("elektron-digitakt"))
    draft.plug_usb(digitakt.name, "Elektron Digitakt MIDI 1")
    rig = draft.build()
    assert [str(c) for c in rig.connections] == ["digitakt.usb -> computer.usb"]
    assert rig.observer_for("Elektron Digitakt MIDI 1").sees.device == "digitakt"


def test_removing_a_device_takes_its_cables_and_ports_with_it():
    draft = from_rig(load_rig(EXAMPLES[0]))
    name = draft.observers[0][1].split(".")[0]
    draft.remove_device(name)
    rig = draft.build() if draft.devices else None
    assert rig is None or all(name not in str(c) for c in rig.connections)
    assert all(not sees.startswith(f"{name}.") for _, sees in draft.observers)


def test_two_devices_of_one_model_get_names_of_their_own():
    draft = RigDraft()
    first, second = (draft.add_device(load_model("korg-minilogue")) for _ in range(2))
    assert (first.name, second.name) == ("minilogue", "minilogue-2")


def test_typed_values_are_checked_against_the_knowledge():
    device = load_rig(EXAMPLES[0]).devices["octatrack"]
    spec = device.model.settings["auto_channel"]
    assert parse_value("11", spec) == 11 and parse_value("OFF", spec) == "off"
    with pytest.raises(ValueError, match="1-16"):
        parse_value("17", spec)


def test_per_track_values_by_name_or_for_every_track():
    rig = load_rig(Path(EXAMPLES[0]).with_name("track-midi-out.toml"))
    digitakt = rig.devices["digitakt"]
    spec = digitakt.model.tracks["midi"].settings["send_channel"]
    names = digitakt.model.tracks["midi"].names
    assert parse_tracks("a=1 C=3", spec, names) == {"A": 1, "C": 3}
    assert set(parse_tracks("5", spec, names).values()) == {5}
    with pytest.raises(ValueError, match="track=value"):
        parse_tracks("Z=1", spec, names)


def test_a_setting_edit_says_where_it_is_and_lands_in_the_rig():
    draft = from_rig(load_rig(EXAMPLES[0]))
    rig = draft.build()
    edit = edit_for(rig.devices["octatrack"], "auto_channel")
    assert "Where:" in edit.about and "channel" in edit.takes
    apply_edit(draft.device("octatrack"), "auto_channel", edit.parse("12"))
    row = next(row for row in setting_rows(draft.build().devices["octatrack"]) if row.name == "auto_channel")
    assert (row.value, row.source) == ("12", "you said")


def test_a_broken_rig_says_where():
    draft = RigDraft(devices=[])
    draft.connections.append(("a.out", "b.in", None))
    with pytest.raises(InputError, match="no devices"):
        draft.build()


def test_change_a_setting_save_the_rig_and_load_it_back(devices, tmp_path):  # noqa: F811 - the fixture
    saved = tmp_path / "my-rig.toml"
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")
            await on_screen(pilot, "RigScreen")
            screen = app.screen
            await pilot.press("l")
            await on_screen(pilot, "PathScreen")
            app.screen.query_one("Input").value = str(EXAMPLES[0])
            await pilot.press("enter")
            await on_screen(pilot, "RigScreen")
            await pilot.pause(0.3)
            assert {d.name for d in screen.draft.devices} == set(load_rig(EXAMPLES[0]).devices)
            screen.query_one("#devices").highlighted = [d.name for d in screen.draft.devices].index("octatrack")
            await pilot.pause()
            table = screen.query_one("#settings")
            table.focus()
            table.move_cursor(row=table.get_row_index("auto_channel"))
            await pilot.press("enter")
            await on_screen(pilot, "SettingDialog")
            app.screen.query_one("Input").value = "17"
            await pilot.press("enter")
            assert "✗" in str(app.screen.query_one("#error").render())  # refused, the dialog stays
            app.screen.query_one("Input").value = "12"
            await pilot.press("enter")
            await on_screen(pilot, "RigScreen")
            assert screen.draft.device("octatrack").settings["auto_channel"] == 12
            await pilot.press("s")
            await on_screen(pilot, "PathScreen")
            app.screen.query_one("Input").value = str(saved)
            await pilot.press("enter")
            await on_screen(pilot, "RigScreen")
            for _ in range(50):
                if saved.exists():
                    break
                await pilot.pause(0.05)
            assert str(saved.resolve()) in str(screen.query_one("#status").render())

    run(scenario)
    assert load_rig(saved).devices["octatrack"].setting("auto_channel").value == 12


@pytest.mark.parametrize("content, said", [
    (b'[devices.keystep]\nmodel = "arturia-keystep"\ncolour = "red"\n', "broken.toml:3: "),
    (b"\x00\xff\xfe binary \x80", "✗"),
    (b"[devices\n", "✗"),
], ids=["unknown-key", "binary", "broken-toml"])
def test_an_unreadable_rig_file_is_said_on_the_rig_screen_and_the_rig_kept(devices, tmp_path, content, said):  # noqa: F811
    broken = tmp_path / "broken.toml"
    broken.write_bytes(content)
    app = wizard_app(HardwareBench(devices.system.name, QUICK))

    async def load(pilot, path: Path) -> None:
        await pilot.press("l")
        await on_screen(pilot, "PathScreen")
        app.screen.query_one("Input").value = str(path)
        await pilot.press("enter")
        await on_screen(pilot, "RigScreen")

    async def scenario() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await on_screen(pilot, "SymptomScreen")
            await pilot.press("1")
            await on_screen(pilot, "RigScreen")
            screen = app.screen
            await load(pilot, EXAMPLES[0])
            await until(pilot, lambda: "Loaded" in str(screen.query_one("#status").render()))
            before = [d.name for d in screen.draft.devices]
            await load(pilot, broken)
            await until(pilot, lambda: "✗" in str(screen.query_one("#status").render()))
            status = str(screen.query_one("#status").render())
            assert said in status and "broken.toml" in status and "\n" not in status.strip()
            assert [d.name for d in screen.draft.devices] == before

    run(scenario)
