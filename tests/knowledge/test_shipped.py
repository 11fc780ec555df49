"""Every shipped data file loads, and every fact in it is sourced and tagged by the rules."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from importlib.resources import files
from typing import Any

import pytest

from diag.knowledge import Confidence, DeviceModel, all_models, load_model, model_ids
from diag.knowledge.catalog import normalize
from diag.knowledge.census import iter_claims, iter_facts
from diag.knowledge.facts import PRIMARY_SOURCE_KINDS

REQUIRED = [
    "elektron-digitakt",
    "elektron-digitakt-ii",
    "elektron-digitone",
    "elektron-octatrack-mkii",
    "elektron-analog-rytm-mkii",
    "elektron-analog-four-mkii",
    "elektron-syntakt",
    "arturia-keystep",
    "arturia-keystep-37",
    "arturia-keystep-pro",
    "retrokits-rk-002",
    "retrokits-rk-004",
    "retrokits-rk-006",
    "novation-peak",
    "access-virus-ti2",
    "behringer-rd-8",
    "korg-electribe",
    "sequential-prophet-rev2",
    "korg-minilogue",
    "generic-synth",
    "generic-usb-midi-interface",
    "computer",
]
CONFIDENCES = {c.value for c in Confidence}


def raw_files() -> dict[str, dict[str, Any]]:
    folder = files("diag.knowledge.devices")
    return {
        entry.name.removesuffix(".toml"): tomllib.loads(entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    }


def sourced_tables(node: Any, path: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every table of a raw file that carries a confidence (facts and sourced records)."""
    if isinstance(node, dict):
        if "confidence" in node:
            yield path, node
        for key, value in node.items():
            if key != "sources":
                yield from sourced_tables(value, f"{path}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from sourced_tables(value, f"{path}[{index}]")


def test_every_required_model_ships() -> None:
    missing = sorted(set(REQUIRED) - set(model_ids()))
    assert not missing


@pytest.mark.parametrize("model_id", model_ids())
def test_each_file_loads(model_id: str) -> None:
    model = load_model(model_id)
    assert model.id == model_id
    assert model.ports, "every model has at least one port"


@pytest.mark.parametrize(("name", "raw"), sorted(raw_files().items()))
def test_raw_facts_cite_declared_sources_with_valid_confidence(name: str, raw: dict[str, Any]) -> None:
    """Read without the loader, so a loader bug cannot hide a data mistake."""
    sources = raw["sources"]
    tables = list(sourced_tables(raw))
    assert tables, f"{name} states nothing"
    for path, table in tables:
        assert table.get("source") in sources, f"{name}{path}: source {table.get('source')!r}"
        assert table["confidence"] in CONFIDENCES, f"{name}{path}: confidence {table['confidence']!r}"
        assert all(extra in sources for extra in table.get("also", [])), f"{name}{path}: also"


@pytest.mark.parametrize(("name", "raw"), sorted(raw_files().items()))
def test_raw_verified_facts_rest_on_a_primary_source_or_agreement(name: str, raw: dict[str, Any]) -> None:
    for path, table in sourced_tables(raw):
        if table["confidence"] != "verified":
            continue
        kind = raw["sources"][table["source"]]["kind"]
        assert kind in PRIMARY_SOURCE_KINDS or table.get("also"), f"{name}{path}: verified from a {kind} source alone"


@pytest.mark.parametrize(("name", "raw"), sorted(raw_files().items()))
def test_raw_unknown_values_say_how_to_settle_them(name: str, raw: dict[str, Any]) -> None:
    for path, table in sourced_tables(raw):
        if table.get("value") == "unknown":
            assert table["confidence"] == "unverified", f"{name}{path}"
            assert table.get("settle"), f"{name}{path}: no settle"


def test_every_claim_points_at_its_own_files_sources() -> None:
    for model in all_models():
        claims = list(iter_claims(model))
        assert claims
        for claim in claims:
            assert model.sources[claim.source.id] is claim.source, f"{model.id}: {claim.path}"


def test_no_name_or_alias_names_two_models() -> None:
    owners: dict[str, str] = {}
    for model in all_models():
        for name in _names(model):
            assert owners.setdefault(name, model.id) == model.id, f"{name!r}: {owners[name]} and {model.id}"


def _names(model: DeviceModel) -> set[str]:
    ports = model.identity.usb_port_names
    usb = ports.value if ports is not None and ports.known else ()
    return {normalize(n) for n in (model.id, model.name, model.title, *model.aliases, *usb)}


def test_census_counts_every_fact() -> None:
    digitakt = load_model("elektron-digitakt")
    facts = list(iter_facts(digitakt))
    assert len(facts) > 30
    assert any(path == "settings.auto_channel.default" for path, _ in facts)
