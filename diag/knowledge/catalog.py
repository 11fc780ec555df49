"""Finds, loads (lazily, once) and searches the shipped device data files."""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from diag.errors import InputError, UsageError
from diag.knowledge.models import Bug, DeviceModel
from diag.knowledge.reader import SchemaError
from diag.knowledge.schema import build_model
from diag.knowledge.versions import Version, in_range, parse_version

SUFFIX = ".toml"


def read_model_file(path: Path | Traversable, shown_as: str = "") -> DeviceModel:
    """Read and validate one data file; any problem is a one-line InputError naming file and key."""
    name = shown_as or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{name}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"{name}: not valid TOML: {exc}") from None
    try:
        return build_model(data, expected_id=path.name.removesuffix(SUFFIX))
    except SchemaError as exc:
        raise InputError(f"{name}: {exc}") from None


def normalize(text: str) -> str:
    """Lower case, every run of punctuation or space as one space: "RK-002" -> "rk 002"."""
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


@dataclass(frozen=True)
class _Hit:
    model: DeviceModel
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def inside(self, other: _Hit) -> bool:
        """True when a longer match covers this one ("digitakt" inside "digitakt ii")."""
        return other.start <= self.start and self.end <= other.end and other.length > self.length


class Catalog:
    """The data files of one directory, each read on first use and kept."""

    def __init__(self, directory: Path | Traversable, shown_as: str = "") -> None:
        self.directory = directory
        self.shown_as = shown_as or str(directory)
        self._loaded: dict[str, DeviceModel] = {}

    def ids(self) -> list[str]:
        """Every model id, from the file names alone."""
        names = (entry.name for entry in self.directory.iterdir() if entry.name.endswith(SUFFIX))
        return sorted(name.removesuffix(SUFFIX) for name in names)

    def _read(self, model_id: str) -> DeviceModel:
        if model_id not in self._loaded:
            path = self.directory / f"{model_id}{SUFFIX}"
            self._loaded[model_id] = read_model_file(path, f"{self.shown_as}/{model_id}{SUFFIX}")
        return self._loaded[model_id]

    def all(self) -> list[DeviceModel]:
        """Every model, sorted by id."""
        return [self._read(model_id) for model_id in self.ids()]

    def load(self, wanted: str) -> DeviceModel:
        """A model by id, name or alias, any case; otherwise a UsageError with suggestions."""
        key = wanted.strip().lower()
        if key in self.ids():
            return self._read(key)
        matches = [m for m in self.all() if normalize(wanted) in _names(m)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            raise UsageError(f"{wanted!r} names several device models: {', '.join(m.id for m in matches)}")
        raise UsageError(self._unknown_message(wanted))

    def _unknown_message(self, wanted: str) -> str:
        by_name = {name: m.id for m in self.all() for name in _names(m)}
        close = difflib.get_close_matches(normalize(wanted), list(by_name), n=6, cutoff=0.6)
        suggestions = list(dict.fromkeys(by_name[name] for name in close))[:3]
        if suggestions:
            return f"unknown device model {wanted!r}; did you mean {', '.join(suggestions)}?"
        return f"unknown device model {wanted!r}; known models: {', '.join(self.ids())}"

    def find(self, text: str, by_maker: bool = True) -> list[DeviceModel]:
        """Models named in a text (a port name, a search), in the order the text names them.

        Where names overlap only the most specific counts: "Digitakt II" is not also a Digitakt.
        With by_maker, a maker's name alone ("Elektron") finds all its models; port-name
        matching turns that off so "KORG nanoKONTROL2" does not claim every Korg model.
        """
        haystack = f" {normalize(text)} "
        hits = [hit for m in self.all() if (hit := _best_hit(m, haystack, by_maker))]
        kept = [hit for hit in hits if not any(hit.inside(other) for other in hits)]
        kept.sort(key=lambda hit: (hit.start, -hit.length, hit.model.id))
        return [hit.model for hit in kept]


def _names(model: DeviceModel) -> set[str]:
    """Whole names that identify exactly this model: id, name, aliases, known USB port names."""
    names = {model.id.replace("-", " "), normalize(model.name), normalize(model.title)}
    port_names = model.identity.usb_port_names
    usb = port_names.value if port_names is not None and port_names.known else ()
    return names | {normalize(alias) for alias in (*model.aliases, *usb)}


def _best_hit(model: DeviceModel, haystack: str, by_maker: bool) -> _Hit | None:
    makers = {normalize(model.maker)} if by_maker else set()
    phrases = sorted(_names(model) | makers, key=len, reverse=True)
    for phrase in phrases:
        start = haystack.find(f" {phrase} ")
        if phrase and start >= 0:
            return _Hit(model, start, start + len(phrase))
    return None


def firmware_bugs(model: DeviceModel, version: str | None) -> list[Bug]:
    """The model's bugs that affect a version; with no version, every bug that could."""
    if version is None:
        return list(model.bugs)
    try:
        wanted = parse_version(version)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return [bug for bug in model.bugs if _affects(bug, wanted)]


def _affects(bug: Bug, version: Version) -> bool:
    fixed = bug.fixed_in.value if bug.fixed_in is not None and bug.fixed_in.known else None
    reported = {parse_version(v) for v in bug.reported_in}
    first = parse_version(bug.first_version)
    return version in reported or in_range(version, first, parse_version(fixed) if fixed else None)


def packaged_catalog() -> Catalog:
    """The data files shipped inside the package."""
    return Catalog(files("diag.knowledge.devices"), "diag/knowledge/devices")
