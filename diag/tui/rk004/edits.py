"""The RK-004 screen's state without Textual: the hub's values, the pending edits, their diff and marks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from diag.rk004.client import Setting, WriteResult
from diag.rk004.params import PARAMS, Param, ParamRef, resolve_changes
from diag.tui.rk004.plans import ARROW, change_lines

PENDING_MARK, NOT_TAKEN_MARK, READ_BACK_MARK = "•", "✗", "✓"
"""The first column's marks: a change waiting to be written, one the hub did not take, one it read back."""
LEGEND = f"{PENDING_MARK} pending   {NOT_TAKEN_MARK} did not take   {READ_BACK_MARK} written and read back"


@dataclass
class Edits:
    """The hub's values as last read, the changes waiting to be written, and how the last write went."""

    held: dict[int, int] = field(default_factory=dict)
    """Each parameter's value by number, as the hub last reported it (empty before the first read)."""
    pending: dict[int, int] = field(default_factory=dict)
    """Checked new values by parameter number, not yet written."""
    not_taken: set[int] = field(default_factory=set)
    """Parameters whose last write read back a different value (their change stays pending)."""
    read_back: set[int] = field(default_factory=set)
    """Parameters whose last write read back the value asked for."""

    @classmethod
    def prefilled(cls, changes: Mapping[ParamRef, int | str]) -> Edits:
        """Edits holding these changes, each checked first (a ParameterError when any is bad)."""
        return cls(pending={param.number: value for param, value in resolve_changes(changes)})

    def stage(self, param: Param, text: str | int) -> int:
        """Check a new value (a number or a value name) and keep it pending; the hub's own value drops it."""
        value = param.parse_value(text)
        if self.held.get(param.number) == value:
            self.pending.pop(param.number, None)
        else:
            self.pending[param.number] = value
        self.not_taken.discard(param.number)
        self.read_back.discard(param.number)
        return value

    def drop(self, param: Param) -> bool:
        """Forget the pending change of one parameter; False when there was none."""
        self.not_taken.discard(param.number)
        return self.pending.pop(param.number, None) is not None

    def update_held(self, settings: Iterable[Setting]) -> None:
        """The hub's values, freshly read."""
        self.held.update({setting.param.number: setting.value for setting in settings})

    def forget(self, params: Iterable[Param]) -> None:
        """The hub's value of these is not known any more (sent, never confirmed): shown as "?" until read."""
        for param in params:
            self.held.pop(param.number, None)

    def record(self, result: WriteResult) -> None:
        """After a verified write: values read back are held; changes that took leave, the others stay pending."""
        self.read_back.clear()
        for check in result.checks:
            number = check.param.number
            self.held[number] = check.read_back
            if check.took:
                self.pending.pop(number, None)
                self.not_taken.discard(number)
                self.read_back.add(number)
            else:
                self.pending[number] = check.wanted
                self.not_taken.add(number)

    def changes(self) -> dict[Param, int]:
        """The pending changes in parameter order, as `write_verified` takes them."""
        return {param: self.pending[param.number] for param in PARAMS if param.number in self.pending}

    def mark(self, param: Param) -> str:
        if param.number in self.not_taken:
            return NOT_TAKEN_MARK
        if param.number in self.pending:
            return PENDING_MARK
        return READ_BACK_MARK if param.number in self.read_back else ""

    def held_text(self, param: Param) -> str:
        value = self.held.get(param.number)
        return "?" if value is None else param.describe_value(value)

    def pending_text(self, param: Param) -> str:
        value = self.pending.get(param.number)
        return "" if value is None else f"{ARROW} {param.describe_value(value)}"

    def row(self, param: Param) -> tuple[str, str, str, str, str]:
        """The table row of a parameter: mark, number, name, the hub's value, the pending value."""
        return (self.mark(param), str(param.number), param.name, self.held_text(param), self.pending_text(param))

    def diff_lines(self) -> list[str]:
        """One line per pending change: "DIN1_MODE (8): 4 (MIDI_AUTO) → 6 (MIDI_OUT)", and why it is still here."""
        changes = self.changes()
        lines = change_lines(changes, self.held)
        return [line + self._not_taken_note(param) for line, param in zip(lines, changes, strict=True)]

    def _not_taken_note(self, param: Param) -> str:
        if param.number not in self.not_taken:
            return ""
        return f"  {NOT_TAKEN_MARK} did not take: the hub kept {self.held_text(param)}"
