"""The capture API every format shares: suffix dispatch, sniffing, failing early, writer life cycle, streaming."""

import tracemalloc
from pathlib import Path

import pytest

from diag.captures import SUFFIXES, iter_capture, open_writer, read_capture
from diag.errors import ExitCode, InputError, OutputError, UsageError
from diag.events import MidiEvent

from .samples import DIGITAKT, PORTS, one_line_error, sample_events, write_capture


def test_an_unknown_suffix_is_a_usage_error_that_names_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "capture.csv"

    with pytest.raises(UsageError) as caught:
        open_writer(path, PORTS)

    message = one_line_error(caught.value)
    assert all(suffix in message for suffix in (".jsonl", ".mid", ".midi", ".syx", "'.csv'"))
    assert caught.value.exit_code == ExitCode.USAGE
    assert not path.exists()


@pytest.mark.parametrize("suffix", SUFFIXES)
@pytest.mark.parametrize("where", ["missing-folder/capture", "a-file/capture"])
def test_an_unwritable_path_fails_when_the_writer_opens(tmp_path: Path, suffix: str, where: str) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    path = tmp_path / (where + suffix)

    with pytest.raises(OutputError) as caught:
        open_writer(path, PORTS)

    assert one_line_error(caught.value).startswith(f"cannot write {path}: ")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", ["capture.jsonl", "capture.mid", "capture.MIDI", "capture.SYX"])
def test_the_file_exists_as_soon_as_the_writer_opens(tmp_path: Path, name: str) -> None:
    path = tmp_path / name

    writer = open_writer(path, PORTS)

    assert path.exists()
    assert writer.close().format == {"jsonl": "jsonl", "mid": "mid", "midi": "mid", "syx": "syx"}[name[8:].lower()]


@pytest.mark.parametrize(("suffix", "format_name"), [(".jsonl", "jsonl"), (".mid", "mid"), (".syx", "syx")])
def test_a_file_with_another_suffix_is_recognised_by_its_first_bytes(
    tmp_path: Path, suffix: str, format_name: str
) -> None:
    written = tmp_path / f"capture{suffix}"
    write_capture(written, sample_events())
    renamed = tmp_path / "capture.dat"
    renamed.write_bytes(written.read_bytes())

    capture = read_capture(renamed)

    assert capture.format == format_name
    assert [e.data for e in capture.events] == [e.data for e in read_capture(written).events]


def test_a_file_nothing_recognises_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello")

    with pytest.raises(InputError) as caught:
        iter_capture(path)

    message = one_line_error(caught.value)
    assert message.startswith(f"{path}: not a capture file")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize("name", ["missing.jsonl", "missing.mid", "missing.syx", "missing.bin"])
def test_a_missing_file_fails_before_iterating(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError) as caught:
        iter_capture(tmp_path / name)

    assert one_line_error(caught.value) == f"cannot read {tmp_path / name}: No such file or directory"


def test_a_folder_is_not_a_capture(tmp_path: Path) -> None:
    folder = tmp_path / "folder.jsonl"
    folder.mkdir()

    with pytest.raises(InputError, match="cannot read .*folder.jsonl: Is a directory"):
        iter_capture(folder)


def test_meta_cannot_replace_what_the_header_is_made_of(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="ports"):
        open_writer(tmp_path / "capture.jsonl", PORTS, {"ports": ["elsewhere"]})


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_writer_life_cycle(tmp_path: Path, suffix: str) -> None:
    writer = open_writer(tmp_path / f"capture{suffix}", PORTS)
    writer.write([MidiEvent(0.0, DIGITAKT, b"\xf8"), MidiEvent(0.1, "Unlisted port", b"\xfa")])

    summary = writer.close()

    assert writer.close() is summary
    assert summary.per_port == {DIGITAKT: 1, PORTS[1]: 0, PORTS[2]: 0, "Unlisted port": 1}
    with pytest.raises(ValueError, match="closed"):
        writer.write([MidiEvent(1.0, DIGITAKT, b"\xf8")])


@pytest.mark.parametrize("suffix", [".jsonl", ".mid"])
def test_an_error_inside_the_with_block_still_finishes_the_file(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"capture{suffix}"

    with pytest.raises(KeyboardInterrupt), open_writer(path, PORTS) as writer:
        writer.write(sample_events())
        raise KeyboardInterrupt

    capture = read_capture(path)
    assert len(capture.events) == len(sample_events()) and capture.warnings == []


@pytest.mark.parametrize("suffix", [".jsonl", ".mid"])
def test_an_empty_message_is_refused(tmp_path: Path, suffix: str) -> None:
    with open_writer(tmp_path / f"capture{suffix}", PORTS) as writer, pytest.raises(ValueError, match="empty"):
        writer.write([MidiEvent(0.0, DIGITAKT, b"")])


@pytest.mark.parametrize("suffix", [".jsonl", ".mid", ".syx"])
def test_reading_streams_in_constant_memory(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"long{suffix}"
    sysex = bytes([0xF0, *range(98), 0xF7])
    with open_writer(path, PORTS) as writer:
        for batch in range(50):
            writer.write(MidiEvent(batch + i / 1000, DIGITAKT, sysex) for i in range(1000))
    assert path.stat().st_size >= 5_000_000

    tracemalloc.start()
    count = sum(1 for _ in iter_capture(path))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    assert count == 50_000
    assert peak < 1_000_000, f"reading {path.name} peaked at {peak} bytes"


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_flush_reaches_the_disk(tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr("diag.captures.base.os.fsync", synced.append)
    path = tmp_path / f"capture{suffix}"
    writer = open_writer(path, PORTS)
    writer.write([MidiEvent(0.0, DIGITAKT, bytes.fromhex("F0 01 F7"))])
    before = len(synced)

    writer.flush()

    assert len(synced) == before + 1
    assert [event.data for event in read_capture(path).events] == [bytes.fromhex("F0 01 F7")]
    writer.close()
