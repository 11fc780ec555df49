"""Fixes the wizard can carry out itself: an RK-004 parameter change, proposed in words, written by the RK-004 screen."""

from __future__ import annotations

from typing import Any

from diag.engine import Action
from diag.rk004.client import WriteResult
from diag.rk004.params import resolve_changes

RK004_SET = "rk004-set"
"""The one kind of machine fix the wizard knows."""


def can_apply(action: Action | None) -> bool:
    return action is not None and action.kind == RK004_SET


def pending_changes(action: Action) -> dict[str, Any]:
    """Parameter -> value, by name or number, as the RK-004 screen takes them pre-filled."""
    return dict(action.params.get("changes", {}))


def stores(action: Action) -> bool:
    return bool(action.params.get("commit", False))


def proposal_text(action: Action) -> str:
    """What the wizard proposes, in words; DiagError for a parameter or value the hub does not have."""
    lines = [f"On the RK-004 '{action.device}':"]
    lines += [f"  {param.name} (parameter {param.number}) becomes {param.describe_value(value)}"
              for param, value in resolve_changes(pending_changes(action))]
    lines += ["", "Stored in the hub if every value reads back right." if stores(action) else
              "Not stored: the hub forgets it when switched off.", "",
              ("The RK-004 screen opens with this change ready. It reads every parameter and backs them up, "
              "then shows the exact frames it will send and asks once more before writing.")]
    return "\n".join(lines)


def outcome_lines(written: WriteResult | None, stored: bool, backup: Any, error: str | None,
                  pending: dict[str, int]) -> list[str]:
    """What the RK-004 screen did, for the wizard's summary."""
    lines = [f"✗ {error}"] if error else []
    for check in written.checks if written is not None else ():
        value = check.param.describe_value(check.read_back)
        lines.append(f"{check.param.name} = {value}: " + ("✓ read back" if check.took else
                                                          f"✗ did not take ({check.wanted} was asked)"))
    if written is None and not error:
        lines.append("Nothing was written." if backup is None else
                     "✗ The write did not run to its end (the RK-004 screen said what the hub holds now); "
                     "nothing was stored.")
    if stored:
        lines.append("Stored in the hub: it keeps these settings when switched off.")
    if pending:
        lines.append("Not written: " + ", ".join(pending))
    if backup is not None:
        lines.append(f"The settings from before are in {backup} (the RK-004 screen's o restores them).")
    return lines
