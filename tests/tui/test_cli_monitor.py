"""`midi-diag monitor` without --headless: arguments checked first, then the app built by make_app runs."""

import pytest

from diag.captures import open_writer
from diag.cli import main
from diag.tui.app import MidiDiagApp
from diag.tui.sources import FileSource, LiveSource
from tests.tui.scripted import scripted_events


@pytest.fixture
def launched(monkeypatch) -> list[MidiDiagApp]:
    """Apps the command would have run (their run() only records them)."""
    apps: list[MidiDiagApp] = []
    monkeypatch.setattr(MidiDiagApp, "run", lambda self, **_: apps.append(self))
    return apps


def test_without_inputs_every_input_is_watched_and_the_ports_are_closed_at_the_end(rig, launched, monkeypatch):
    monkeypatch.setattr("diag.commands.monitor.choose_api", lambda option: rig.system.name)
    assert main(["monitor", "--middle-c", "c3"]) == 0
    (app,) = launched
    source = app.feed.source
    assert isinstance(source, LiveSource) and source.port_names == [rig.port("Digitakt"), rig.port("KeyStep")]
    assert app.middle_c == "C3" and app.start_theme == "textual-dark" and source.finished


def test_in_picks_the_inputs_and_the_theme_comes_from_the_environment(rig, launched, monkeypatch):
    monkeypatch.setattr("diag.commands.monitor.choose_api", lambda option: rig.system.name)
    monkeypatch.setenv("MIDI_DIAG_THEME", "light")
    assert main(["monitor", "--in", "keystep", "--seconds", "3"]) == 0
    (app,) = launched
    assert app.feed.source.port_names == [rig.port("KeyStep")]
    assert app.start_theme == "textual-light" and app.quit_after == 3


def test_file_opens_the_capture_in_the_same_app(tmp_path, launched):
    path = tmp_path / "take.jsonl"
    with open_writer(path, []) as writer:
        writer.write(scripted_events())
    assert main(["monitor", "--file", str(path)]) == 0
    assert isinstance(launched[0].feed.source, FileSource)


@pytest.mark.parametrize("argv, message", [
    (["monitor", "--file", "no-such-take.jsonl"], "cannot read no-such-take.jsonl"),
    (["monitor", "--file", "take.jsonl", "--in", "keystep"], "does not go with --in"),
])
def test_bad_arguments_are_one_line_and_exit_2_before_any_screen(argv, message, launched, capsys):
    assert main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1 and not launched


def test_an_unknown_theme_name_is_refused(launched, monkeypatch, capsys):
    monkeypatch.setenv("MIDI_DIAG_THEME", "purple")
    assert main(["monitor", "--file", "x.jsonl"]) == 2
    assert "MIDI_DIAG_THEME='purple': choose light or dark" in capsys.readouterr().err
