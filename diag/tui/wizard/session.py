"""The wizard's session saved as it goes (rig, answers, each step's capture), so that it can be resumed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from diag.captures import iter_capture
from diag.errors import DiagError
from diag.rig import load_rig
from diag.rk004.backup import data_dir
from diag.tui.saving import save_events
from diag.tui.wizard.listening import RecordedStep
from diag.tui.wizard.plan import PlannedStep
from diag.tui.wizard.rigdraft import RigDraft, from_rig

STATE = "session.json"
RIG = "rig.toml"


def sessions_dir() -> Path:
    """Where sessions are kept: next to the RK-004 backups in the per-user data folder."""
    return data_dir().parent / "sessions"


@dataclass
class Resumed:
    """A session read back from its folder."""

    answers: dict[str, Any]
    draft: RigDraft | None
    plan: list[PlannedStep] = field(default_factory=list)
    recorded: dict[int, RecordedStep] = field(default_factory=dict)


class SessionStore:
    """One session's folder: session.json (answers, plan, steps), rig.toml, one .jsonl per captured step."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def new(cls, base: Path | None = None) -> SessionStore:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        return cls((base or sessions_dir()) / stamp)

    def save(self, answers: dict[str, Any], plan: list[PlannedStep], recorded: dict[int, RecordedStep]) -> None:
        """Write the answers and what each step captured so far (blocking)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        steps = {str(index): self._step_entry(record) for index, record in recorded.items()}
        state = {"answers": answers, "plan": [asdict(step) for step in plan], "recorded": steps}
        (self.folder / STATE).write_text(json.dumps(state, indent=1), encoding="utf-8")

    def _step_entry(self, record: RecordedStep) -> dict[str, Any]:
        name = f"step-{record.step.index + 1}-{record.step.name}.jsonl"
        path = self.folder / name
        if not path.exists():
            save_events(path, record.events, record.ports, {"saved_by": "midi-diag wizard", "step": record.step.name})
        return {"file": name, "ports": record.ports, "seconds": record.seconds, "dropped": record.dropped}

    def forget_step(self, record: RecordedStep) -> None:
        """A step listened to again: its old capture file goes."""
        (self.folder / f"step-{record.step.index + 1}-{record.step.name}.jsonl").unlink(missing_ok=True)

    def save_rig(self, draft: RigDraft) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / RIG).write_text(draft.to_toml(), encoding="utf-8", newline="\n")

    def set_aside(self) -> None:
        """Not to be offered again (the user chose to start afresh); its files stay (blocking)."""
        state = self.read_state()
        state.setdefault("answers", {})["finished"] = True
        (self.folder / STATE).write_text(json.dumps(state, indent=1), encoding="utf-8")

    def finished(self) -> bool:
        return bool(self.read_state().get("answers", {}).get("finished"))

    def read_state(self) -> dict[str, Any]:
        """session.json, with any part of the wrong JSON type left out (a damaged or hand-edited file)."""
        try:
            state = json.loads((self.folder / STATE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(state, dict):
            return {}
        return {key: value for key, value in state.items() if isinstance(value, _PART_TYPES.get(key, object))}

    def resume(self) -> Resumed:
        """Everything the folder holds; a part that cannot be read is left out (blocking)."""
        state = self.read_state()
        plan = _plan(state.get("plan", []))
        return Resumed(dict(state.get("answers", {})), self._draft(), plan, self._recorded(state, plan))

    def _draft(self) -> RigDraft | None:
        try:
            return from_rig(load_rig(self.folder / RIG))
        except DiagError:
            return None

    def _recorded(self, state: dict[str, Any], plan: list[PlannedStep]) -> dict[int, RecordedStep]:
        recorded = {}
        for index, entry in state.get("recorded", {}).items():
            try:
                events = list(iter_capture(self.folder / entry["file"]))
                step = plan[int(index)]
                record = RecordedStep(step, list(entry["ports"]), events, entry["seconds"], entry["dropped"])
            except (DiagError, KeyError, IndexError, ValueError, TypeError):
                continue
            recorded[int(index)] = record
        return recorded


_PART_TYPES = {"answers": dict, "plan": list, "recorded": dict}
"""The JSON type of each part of session.json."""
_STEP_TYPES = {"index": int, "name": str, "say": str, "device": (str, type(None)), "seconds": (int, float)}


def _plan(entries: list[Any]) -> list[PlannedStep]:
    """The saved plan; empty when any step is damaged, since recorded steps refer to steps by position."""
    plan = []
    for entry in entries:
        if not isinstance(entry, dict) or not all(isinstance(entry.get(key), kind) for key, kind in _STEP_TYPES.items()
                                                  if key in entry):
            return []
        try:
            plan.append(PlannedStep(**entry))
        except TypeError:
            return []
    return plan


def latest_unfinished(base: Path | None = None) -> SessionStore | None:
    """The newest session that was left before its end, if any."""
    folder = base or sessions_dir()
    if not folder.is_dir():
        return None
    for candidate in sorted((p for p in folder.iterdir() if p.is_dir()), reverse=True):
        store = SessionStore(candidate)
        if store.read_state() and not store.finished():
            return store
    return None
