"""Write the seed corpus (fuzz/corpus/<target>/) from the project's own files and writers.

    python -m fuzz.make_corpus

Seeds are small real inputs: example rigs and scenarios, the capture tests' sample traffic
written by the capture writers, RK-004 responses from the emulator, identity replies, a backup.
Run it again after a format changes; it replaces each target's folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import mido

from diag.events import MidiEvent
from diag.rk004.backup import backup_document
from diag.rk004.emulator import Behaviour, Rk004Emulator
from diag.rk004.frames import (
    build_frame,
    commit_request,
    factory_reset_request,
    get_request,
    set_request,
)
from diag.rk004.params import PARAMS
from tests.captures.samples import PORTS, odd_events, sample_events, write_capture

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "fuzz" / "corpus"
MAX_SEED_BYTES = 16384
SMALL_CAPTURES = 8
"""How many of the scenario tests' captures seed the JSON Lines target (the smallest ones)."""


def main() -> None:
    seeds = {
        "capture_jsonl": capture_seeds(".jsonl") + scenario_captures(),
        "capture_smf": capture_seeds(".mid") + smf_by_hand(),
        "capture_syx": capture_seeds(".syx") + rk004_responses() + identity_replies(),
        "rig": toml_files(ROOT / "diag" / "examples", ROOT / "tests" / "scenarios" / "rigs"),
        "scenario": toml_files(ROOT / "diag" / "sim" / "scenarios"),
        "rk004_response": rk004_responses(),
        "identity_reply": identity_replies(),
        "rk004_backup": backups(),
        "stream": streams(),
        "wizard_session": sessions(),
        "diagnose": diagnoses(),
    }
    for target, inputs in seeds.items():
        write_folder(CORPUS / target, inputs)
        print(f"{target}: {len(set(inputs))} seeds")


def write_folder(folder: Path, inputs: Iterable[bytes]) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    for data in inputs:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)


def capture_seeds(suffix: str) -> list[bytes]:
    """The sample traffic of tests/captures in one format: all of it, the odd bytes, small slices."""
    events = sample_events()
    small = [MidiEvent(e.t, e.port, e.data, e.step) for e in events if len(e.data) < 64]
    batches = [events, odd_events(), small[:3], small[5:12], small[12:], []]
    with tempfile.TemporaryDirectory() as folder:
        seeds = []
        for number, batch in enumerate(batches):
            path = Path(folder) / f"capture{number}{suffix}"
            write_capture(path, batch, PORTS, {"step": "keys", "started": "2025-03-01T12:30:00.000Z"})
            seeds.append(path.read_bytes())
    return seeds


def scenario_captures() -> list[bytes]:
    folder = ROOT / "tests" / "scenarios" / "captures"
    smallest = sorted(folder.glob("*.jsonl"), key=lambda path: path.stat().st_size)[:SMALL_CAPTURES]
    return [path.read_bytes() for path in smallest]


def smf_by_hand() -> list[bytes]:
    """Files other programs write: format 1 with a tempo map, SMPTE time (25 fps; mido packs it signed), format 2."""
    seeds = []
    for file_format, division in ((1, 96), (0, 0xE728 - 0x10000), (2, 480)):
        song = mido.MidiFile(type=file_format, ticks_per_beat=division)
        for track_number in range(2):
            track = mido.MidiTrack([
                mido.MetaMessage("track_name", name=f"Part {track_number}"),
                mido.MetaMessage("set_tempo", tempo=400_000 + 100_000 * track_number),
                mido.Message("note_on", note=60, velocity=100, time=10),
                mido.Message("note_on", note=60, velocity=0, time=20),
                mido.Message("control_change", control=7, value=100, time=5),
                mido.Message("sysex", data=[0x7E, 0x7F, 0x06, 0x01], time=1),
                mido.MetaMessage("marker", text="step:pads", time=3),
            ])
            song.tracks.append(track)
            if file_format == 0:
                break
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "song.mid"
            song.save(path)
            seeds.append(path.read_bytes())
    return seeds


def toml_files(*folders: Path) -> list[bytes]:
    return [path.read_bytes() for folder in folders for path in sorted(folder.glob("*.toml"))]


def rk004_responses() -> list[bytes]:
    """What an emulated RK-004 answers to each kind of request, with and without flow control."""
    requests = [set_request(PARAMS[0], 1), get_request(PARAMS[1]), get_request(PARAMS[-1]),
                set_request("SYNCOUT_PPSN", 6), commit_request(), factory_reset_request()]
    seeds = []
    for behaviour in (Behaviour(), Behaviour(get_response_code=0x43, xoff_hold=0.0)):
        emulator = Rk004Emulator(behaviour)
        for request in requests:
            seeds.append(b"".join(emulator.handle(request.frame)))
    seeds += [request.frame for request in requests]  # a request is not a response
    seeds.append(build_frame(0x44, bytes([PARAMS[2].number, 0xC8])))  # a value with bit 7, packed
    seeds.append(bytes.fromhex("F0 00 21 23 00 02 44 00 05 06 F7"))  # an RK-002 frame
    return seeds


def identity_replies() -> list[bytes]:
    return [bytes.fromhex(text) for text in (
        "F0 7E 00 06 02 42 24 01 00 00 01 02 03 00 F7",  # a one-byte manufacturer ID
        "F0 7E 05 06 02 00 20 3C 0C 00 7F 7F 01 02 03 04 F7",  # Elektron
        "F0 7E 10 06 02 00 20 29 33 01 00 00 01 00 05 00 F7",  # Novation
        "F0 7E 00 F8 06 02 42 24 01 FE 00 00 01 02 03 00 F7",  # real-time bytes inside
        "F0 7E 7F 06 01 F7",  # the request
        "F0 7E 00 06 02 42 24 01 00 00 01 02 03 F7",  # a byte short
        "F0 7F 7F 04 01 00 40 F7",  # master volume
    )]


def backups() -> list[bytes]:
    values = [(param, 0) for param in PARAMS]
    created = datetime(2025, 3, 1, 12, 30, tzinfo=UTC)
    device = {"product": "RK-004", "api": "jack", "get_response_code": "0x44"}
    full = backup_document(values, device, created, "backup")
    return [
        json.dumps(full, indent=2).encode(),
        json.dumps(full | {"parameters": full["parameters"][:3]}).encode(),
        json.dumps(full | {"schema": "midi-diag/rk004-backup/2"}).encode(),
    ]


def sessions() -> list[bytes]:
    """session.json as the wizard saves it: nothing yet, a plan, a plan with a step listened to."""
    from diag.tui.wizard.listening import RecordedStep
    from diag.tui.wizard.plan import PlannedStep
    from diag.tui.wizard.session import STATE, SessionStore

    plan = [PlannedStep(0, "keys", "Play three keys.", "keystep", 8.0), PlannedStep(1, "idle", "Touch nothing.")]
    heard = {0: RecordedStep(plan[0], ["Digitakt MIDI 1"], sample_events()[:2], 8.0, 0)}
    states = (({}, [], {}), ({"symptom": "keys-silent"}, plan, {}), ({"symptom": "keys-silent"}, plan, heard),
              ({"symptom": "keys-silent", "finished": True}, plan, {}))
    seeds = []
    with tempfile.TemporaryDirectory() as folder:
        for number, (answers, steps, recorded) in enumerate(states):
            store = SessionStore(Path(folder) / str(number))
            store.save(answers, steps, recorded)
            seeds.append((store.folder / STATE).read_bytes())
    return seeds


def diagnoses() -> list[bytes]:
    """Each scenario test's first capture with its rig, the report formats taken in turn."""
    import tomllib

    from fuzz.targets.diagnose import FORMATS, seed

    seeds = []
    for number, path in enumerate(sorted((ROOT / "tests" / "scenarios").glob("*.toml"))):
        scenario = tomllib.loads(path.read_text(encoding="utf-8"))
        rig = scenario["rig"].replace("docs/examples/", "diag/examples/")
        capture = (ROOT / "tests" / "scenarios" / "captures" / scenario["captures"][0]).read_bytes()
        if len(capture) <= MAX_SEED_BYTES:
            seeds.append(seed(rig, FORMATS[number % len(FORMATS)], capture))
    return seeds


def streams() -> list[bytes]:
    """A byte that picks the slicing and the cap, then a stream: running status, real-time bytes inside
    messages and SysEx, junk, runs longer than a small cap."""
    return [bytes([size]) + bytes.fromhex(text) for size, text in (
        (0, "90 3C 64 3E 64 40 00 80 3C 00"),
        (2, "90 3C F8 64 B0 07 7F 0A 40 C0 05 06 D0 33"),
        (4, "F0 00 20 3C F8 01 02 FE 03 F7 F0 7E 7F 06 01 F7"),
        (1, "3C 64 F7 90 3C 90 3C 64 F0 01 02 B0 07 F1 31 F2 10 02 F3 07 F6 F4 F5"),
        (7, "F0 00 21 23 00 04 44 00 05 06 F7 FD F9 FA FB FC FF"),
        (16, "E0 00 40 E0 7F 7F A0 3C 10 F0 01 F0 02 F7"),
        (17 + 3, "F0 00 20 3C 01 02 03 F8 04 05 06 07 08 09 F7 90 3C 64"),  # a cap of 4 bytes clips
        (34 + 5, "01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F 10 11 12 F0 01 02 03"),  # a cap of 16 bytes
    )]


if __name__ == "__main__":
    main()
