"""Reading a rig file: TOML, then every part checked, any problem one line with its line number."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from diag.errors import InputError
from diag.rig.devices import build_device
from diag.rig.lines import KeyLines
from diag.rig.model import Rig, RigDevice
from diag.rig.problems import RigProblem, check_keys, require_table, require_text, show_path
from diag.rig.wiring import build_connections, build_observers

TOP_KEYS = ("rig", "devices", "connections", "observe")
RIG_KEYS = ("name", "description", "symptom")
_TOML_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_TOML_END = re.compile(r"\s*\(at end of document\)$")


def load_rig(path: str | Path) -> Rig:
    """Read and check a rig file; any problem is an InputError `<file>:<line>: ...` (exit 2)."""
    where = Path(path)
    try:
        text = where.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such rig file (see docs/examples/ for rigs to start from)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the rig file: {exc}") from None
    return parse_rig(text, str(path), where)


def parse_rig(text: str, source: str = "<rig>", path: Path | None = None) -> Rig:
    """A rig from the text of a rig file; `source` names it in error messages."""
    data = _parse_toml(text, source)
    lines = KeyLines(text)
    try:
        return _build(data, lines, path, _default_name(source, path))
    except RigProblem as problem:
        line = lines.line_of(problem.path)
        raise InputError(f"{source}:{line}: {show_path(problem.path)}: {problem.what} ({problem.hint})") from None


def _parse_toml(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(_toml_message(str(exc), text, source)) from None
    except RecursionError:
        raise InputError(f"{source}:{_most_nested_line(text)}: not valid TOML: arrays or tables nested too deeply "
                         "(a rig needs two levels at most)") from None


def _most_nested_line(text: str) -> int:
    """The line with the most opening brackets: where a structure nested too deeply to read starts."""
    opening = [line.count("[") + line.count("{") for line in text.splitlines()] or [0]
    return opening.index(max(opening)) + 1


def _toml_message(message: str, text: str, source: str) -> str:
    """tomllib's message as `<file>:<line>:<column>: ...`, keeping its line and column."""
    place = _TOML_PLACE.search(message)
    if place:
        where = f"{place.group(1)}:{place.group(2)}"
    elif _TOML_END.search(message):
        where = str(text.count("\n") + 1)
    else:
        where = "1"
    what = _TOML_END.sub("", _TOML_PLACE.sub("", message))
    return f"{source}:{where}: not valid TOML: {what} ({_toml_hint(what)})"


def _toml_hint(what: str) -> str:
    if "twice" in what or "overwrite" in what:
        return "each device, table and key may appear once; give the second device another name"
    if "Invalid value" in what or "Invalid statement" in what:
        return 'put text in double quotes, e.g. model = "elektron-digitakt"'
    return "check quotes, brackets and the = on this line; docs/rig-format.md shows the format"


def _default_name(source: str, path: Path | None) -> str:
    return path.stem if path is not None else Path(source).stem or "rig"


def _build(data: dict[str, Any], lines: KeyLines, path: Path | None, fallback_name: str) -> Rig:
    check_keys(data, TOP_KEYS, ())
    about = require_table(data.get("rig", {}), ("rig",), '[rig] with name = "..."')
    check_keys(about, RIG_KEYS, ("rig",))
    devices = _devices(data.get("devices"), lines)
    return Rig(
        name=_text(about, "name", "My rig") or fallback_name,
        description=_text(about, "description", "KeyStep into the Digitakt"),
        symptom=_text(about, "symptom", "the keys play nothing"),
        path=path,
        devices=devices,
        connections=build_connections(data.get("connections"), devices, lines),
        observers=build_observers(data.get("observe"), devices, lines),
    )


def _text(table: Mapping[str, Any], key: str, example: str) -> str | None:
    if key not in table:
        return None
    return require_text(table[key], ("rig", key), f'{key} = "{example}"')


def _devices(raw: Any, lines: KeyLines) -> MappingProxyType[str, RigDevice]:
    if not raw:
        raise RigProblem(("devices",), "the rig has no devices", 'add [devices.<name>] with model = "<id>" for each')
    table = require_table(raw, ("devices",), "[devices.<name>] tables")
    devices: dict[str, RigDevice] = {}
    for name, entry in table.items():
        same = next((other for other in devices if other.casefold() == name.casefold()), None)
        if same is not None:
            hint = f"{same} is on line {lines.line_of(('devices', same))}; names count the same in any case"
            raise RigProblem(("devices", name), f"duplicate device name {name!r}", hint)
        devices[name] = build_device(name, entry, lines)
    return MappingProxyType(devices)
