"""Device knowledge as data: one TOML file per model, every fact with source and confidence.

Checks, rig files and the simulator all read device facts through this package, so there
is one copy of them. See docs/knowledge.md for the file format.
"""

from __future__ import annotations

from functools import cache

from diag.knowledge.catalog import Catalog, packaged_catalog, read_model_file
from diag.knowledge.catalog import firmware_bugs as _firmware_bugs
from diag.knowledge.facts import UNKNOWN, Confidence, Fact, Source
from diag.knowledge.models import (
    Bug,
    BugEffect,
    Condition,
    DeviceModel,
    Firmware,
    Identity,
    Port,
    Power,
    Route,
    Setting,
    Sysex,
    TrackGroup,
)

__all__ = [
    "UNKNOWN",
    "Bug",
    "BugEffect",
    "Catalog",
    "Condition",
    "Confidence",
    "DeviceModel",
    "Fact",
    "Firmware",
    "Identity",
    "Port",
    "Power",
    "Route",
    "Setting",
    "Source",
    "Sysex",
    "TrackGroup",
    "all_models",
    "find_models",
    "firmware_bugs",
    "load_model",
    "model_ids",
    "read_model_file",
]


@cache
def _catalog() -> Catalog:
    return packaged_catalog()


def load_model(model_id: str) -> DeviceModel:
    """A shipped model by id, name or alias (any case); UsageError with suggestions if unknown."""
    return _catalog().load(model_id)


def all_models() -> list[DeviceModel]:
    """Every shipped model, sorted by id."""
    return _catalog().all()


def model_ids() -> list[str]:
    """Every shipped model id, without reading the files."""
    return _catalog().ids()


def find_models(text: str, by_maker: bool = True) -> list[DeviceModel]:
    """Models named in a text such as a port name ("Digitakt MIDI 1"), in the order named."""
    return _catalog().find(text, by_maker)


def firmware_bugs(model: DeviceModel | str, version: str | None) -> list[Bug]:
    """Known bugs of a model that affect a firmware/OS version (None: every bug that could)."""
    found = load_model(model) if isinstance(model, str) else model
    return _firmware_bugs(found, version)

