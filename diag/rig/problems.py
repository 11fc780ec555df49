"""A problem found in a rig file: the key it is at, what is wrong, and what to write instead."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping
from typing import Any

from diag.rig.lines import KeyPath


class RigProblem(Exception):
    """Raised while building a rig; the loader turns it into `<file>:<line>: <path>: <what> (<hint>)`."""

    def __init__(self, path: KeyPath, what: str, hint: str) -> None:
        super().__init__(what)
        self.path = path
        self.what = what
        self.hint = hint


def show_path(path: KeyPath) -> str:
    """A key path as the user wrote it: devices.digitakt.model, connections #2.to."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f" #{part + 1}"
        else:
            key = _shown_key(part)
            text += f".{key}" if text else key
    return text


def _shown_key(key: str) -> str:
    """A key as it is, or quoted with escapes when it is blank or holds a line break or control character."""
    return key if key.strip() == key and key.isprintable() and key else json.dumps(key, ensure_ascii=False)


def did_you_mean(word: str, candidates: Iterable[str], listing: str = "") -> str:
    """A hint naming the closest candidates, else listing them all (or saying `listing`)."""
    names = list(dict.fromkeys(candidates))
    by_fold = {name.casefold(): name for name in names}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=3, cutoff=0.7)
    if close:
        return f"did you mean {either(by_fold[name] for name in close)}?"
    if listing:
        return listing
    return f"known: {', '.join(names)}" if names else "there is nothing to choose from"


def closest_by_alias(word: str, aliases: Mapping[str, str]) -> str:
    """Like did_you_mean, but the candidates have several spellings (name -> canonical)."""
    by_fold = {alias.casefold(): canonical for alias, canonical in aliases.items()}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=6, cutoff=0.7)
    picks = list(dict.fromkeys(by_fold[name] for name in close))[:3]
    return f"did you mean {either(picks)}?" if picks else ""


def either(names: Iterable[str]) -> str:
    """a, b or c."""
    listed = list(names)
    return " or ".join([", ".join(listed[:-1]), listed[-1]]) if len(listed) > 1 else "".join(listed)


def toml_value(value: Any) -> str:
    """A value written as TOML would have it: "text", true, 10, [1, 2]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # quotes, backslashes and line breaks escaped
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_shown_key(key)} = {toml_value(item)}" for key, item in value.items()) + " }"
    return str(value)


def check_keys(table: Mapping[str, Any], allowed: Iterable[str], path: KeyPath) -> None:
    """Every key of the table must be one of `allowed`."""
    known = list(allowed)
    for key in table:
        if key not in known:
            raise RigProblem(
                path + (key,), f"unknown key {key!r}", did_you_mean(key, known, f"allowed: {', '.join(known)}")
            )


def require_table(value: Any, path: KeyPath, example: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise RigProblem(path, f"must be a table, not {toml_value(value)}", f"write it as {example}")
    return value


def require_text(value: Any, path: KeyPath, example: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RigProblem(path, "must be a non-empty string in quotes", f"e.g. {example}")
    return value
