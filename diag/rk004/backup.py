"""RK-004 backup files: the JSON document, strict validation before anything is written, and where they go."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from diag import __version__
from diag.errors import InputError, OutputError
from diag.rk004.errors import ParameterError
from diag.rk004.params import PARAMS, Param, find_param

SCHEMA = "midi-diag/rk004-backup/1"
"""The value of "schema" in every backup this version writes and the only one it reads."""

SCHEMA_PREFIX = "midi-diag/rk004-backup/"


@dataclass(frozen=True)
class Backup:
    """A validated backup: a value for every published parameter, and where it came from."""

    values: dict[Param, int]
    """Every parameter in number order, with its value."""
    created: str
    tool_version: str
    device: dict[str, Any]


def backup_document(values: Iterable[tuple[Param, int]], device: Mapping[str, Any], created: datetime,
                    reason: str) -> dict[str, Any]:
    """The JSON document of a backup: format, tool, time, what answered and every parameter."""
    return {
        "schema": SCHEMA,
        "tool": {"name": "midi-diag", "version": __version__},
        "created": created.isoformat(timespec="seconds"),
        "reason": reason,
        "device": dict(device),
        "parameters": parameter_entries(values),
    }


def parameter_entries(values: Iterable[tuple[Param, int]]) -> list[dict[str, Any]]:
    """Parameters as JSON objects: number, name, value and the value's name (null where it has none)."""
    return [
        {"number": param.number, "name": param.name, "value": value, "value_name": param.value_name(value)}
        for param, value in values
    ]


def write_backup(path: Path, document: Mapping[str, Any]) -> None:
    """Write a backup through a temporary file, so that an existing file is replaced whole or not at all."""
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        temporary.write_text(_json(document), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write the backup {path}: {error.strerror or error}") from None


def check_writable(path: Path) -> None:
    """Fail before talking to the device when the backup could not be written afterwards."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write the backup {path}: the folder {folder} does not exist")
    if path.is_dir():
        raise OutputError(f"cannot write the backup {path}: it is a folder")


def _json(document: Mapping[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read_backup(path: Path) -> Backup:
    """A backup file, checked completely; an InputError (exit 2) naming the first problem otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the backup {path}: {getattr(error, 'strerror', None) or error}") from None
    try:
        return parse_backup(text)
    except InputError as error:
        raise InputError(f"{path} is not a usable RK-004 backup: {error}") from None


def parse_backup(text: str) -> Backup:
    """A backup document as text, checked completely; an InputError naming the first problem."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON (line {error.lineno}, column {error.colno}: {error.msg})") from None
    except RecursionError:
        raise InputError("not a backup: its JSON is nested too deeply to read") from None
    except ValueError:  # a number of thousands of digits, which int() refuses
        raise InputError("not a backup: it holds a number too long to read") from None
    if not isinstance(document, dict):
        raise InputError(f"a backup is a JSON object, this is a JSON {type(document).__name__}")
    if not _is_text(document):
        raise InputError("it holds a \\uD800-\\uDFFF escape without its pair, which is not text")
    _check_schema(document.get("schema"))
    entries = document.get("parameters")
    if not isinstance(entries, list):
        raise InputError('"parameters" is missing or not a list')
    return Backup(_values(entries), str(document.get("created", "")), _tool_version(document),
                  _mapping(document.get("device")))


def _is_text(document: dict[str, Any]) -> bool:
    """False when a string holds a lone surrogate, which JSON escapes allow but nothing can print or save."""
    try:
        json.dumps(document, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _check_schema(schema: object) -> None:
    if schema == SCHEMA:
        return
    if isinstance(schema, str) and schema.startswith(SCHEMA_PREFIX):
        raise InputError(f'its format is "{schema}"; this midi-diag reads "{SCHEMA}"')
    raise InputError(f'"schema" is {json.dumps(schema)}, not "{SCHEMA}"')


def _values(entries: list[object]) -> dict[Param, int]:
    values: dict[int, int] = {}
    for index, entry in enumerate(entries):
        param, value = _entry(entry, f"parameter entry {index + 1}")
        if param.number in values:
            raise InputError(f"{param.name} is listed twice")
        values[param.number] = value
    missing = [param.name for param in PARAMS if param.number not in values]
    if missing:
        raise InputError(f"it lacks {', '.join(missing)}")
    return {param: values[param.number] for param in PARAMS}


def _entry(entry: object, where: str) -> tuple[Param, int]:
    if not isinstance(entry, dict):
        raise InputError(f"{where} is not an object")
    number, name, value = (entry.get(key) for key in ("number", "name", "value"))
    if not (isinstance(number, int) and isinstance(name, str) and isinstance(value, int)) or _any_bool(number, value):
        raise InputError(f'{where} needs an integer "number", a text "name" and an integer "value"')
    try:
        param = find_param(number)
        if find_param(name) is not param:
            raise InputError(f"{where}: parameter {number} is {param.name}, not {name}")
        return param, param.check_value(value)
    except ParameterError as error:
        raise InputError(f"{where}: {error}") from None


def _any_bool(*values: object) -> bool:
    """JSON true and false load as Python bools, which are ints too."""
    return any(isinstance(value, bool) for value in values)


def _tool_version(document: dict[str, Any]) -> str:
    tool = document.get("tool")
    return str(tool.get("version", "")) if isinstance(tool, dict) else ""


def _mapping(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {}


def data_dir(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Path:
    """Where midi-diag keeps automatic RK-004 backups: the platform's per-user data folder."""
    home = Path(environ.get("HOME") or Path.home())
    if platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or home / "AppData" / "Local")
    elif platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "midi-diag" / "rk004-backups"


def write_automatic_backup(document: Mapping[str, Any], command: str, created: datetime,
                           folders: Iterable[Path] | None = None) -> Path:
    """Write a backup under a new name in the data folder (else the current folder); its path.

    An OutputError when neither can take it: a write must not start without a way back.
    """
    stem = f"rk004-{created.strftime('%Y%m%d-%H%M%S')}-before-{command}"
    problems = []
    for folder in folders if folders is not None else (data_dir(), Path.cwd()):
        try:
            return _write_new(folder, stem, _json(document))
        except OSError as error:
            problems.append(f"{folder}: {error.strerror or error}")
    raise OutputError(f"cannot write the automatic backup ({'; '.join(problems)}); nothing was written to the hub")


def _write_new(folder: Path, stem: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for attempt in range(1, 100):
        path = folder / (f"{stem}.json" if attempt == 1 else f"{stem}-{attempt}.json")
        try:
            with path.open("x", encoding="utf-8") as file:
                file.write(text)
            return path
        except FileExistsError:
            continue
    raise FileExistsError(f"too many backups named {stem}")
