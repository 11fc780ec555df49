"""Builds a DeviceModel from a parsed data file, checking every key, type and reference."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from diag.knowledge import kinds
from diag.knowledge.facts import SOURCE_KINDS, Fact, Source
from diag.knowledge.kinds import (
    check_bool,
    check_hex,
    check_text,
    check_text_list,
    checker,
)
from diag.knowledge.models import (
    DIRECTIONS,
    KINDS,
    PORT_KINDS,
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
from diag.knowledge.reader import (
    REQUIRED,
    Context,
    SchemaError,
    Table,
    check_record_confidence,
    check_slug,
    checked_list,
    read_fact,
)
from diag.knowledge.references import check_references, check_sources_used
from diag.knowledge.vocabulary import BEHAVIOURS, SETTINGS, TRACK_SETTINGS, Term

SCHEMA_VERSION = 1
BUG_EFFECTS = ("note-offset", "no-output", "other")
OFFSET_DIRECTIONS = ("sequencer-higher", "sequencer-lower")


def build_model(data: dict[str, Any], expected_id: str) -> DeviceModel:
    """Check one parsed file and build its model; raises SchemaError at the first problem."""
    raw = Table(data, "", None)
    raw.get("schema", _check_schema_version)
    context = Context(_read_sources(raw.sub("sources", required=True)))
    root = Table(data, "", context)
    root.used.update({"schema", "sources"})
    model = _read_model(root, context, expected_id)
    root.finish()
    check_references(model)
    check_sources_used(model, context)
    return model


def _check_schema_version(value: Any) -> int:
    if value != SCHEMA_VERSION:
        raise ValueError(f"must be {SCHEMA_VERSION} (the format this midi-diag reads)")
    return SCHEMA_VERSION


def _read_sources(table: Table | None) -> Mapping[str, Source]:
    assert table is not None
    sources = {}
    for name, value in table.data.items():
        entry = Table(value, table.key_path(name), None)
        sources[check_key(name, entry.path)] = _read_source(name, entry)
    if not sources:
        raise SchemaError("sources", "must name at least one source")
    return MappingProxyType(sources)


def _read_source(name: str, entry: Table) -> Source:
    source = Source(
        id=name,
        kind=entry.get("kind", kinds.check_choice(tuple(SOURCE_KINDS))),
        title=entry.text("title", required=True),
        url=entry.text("url"),
        section=entry.text("section"),
        note=entry.text("note"),
    )
    entry.finish()
    return source


def check_key(name: str, path: str) -> str:
    try:
        return check_slug(name)
    except ValueError as exc:
        raise SchemaError(path, str(exc)) from None


def _read_model(root: Table, context: Context, expected_id: str) -> DeviceModel:
    header = root.sub("model", required=True)
    assert header is not None
    model_id = header.get("id", check_slug)
    if model_id != expected_id:
        raise SchemaError("model.id", f"must match the file name ({expected_id!r})")
    source, confidence = check_record_confidence(header, context)
    model = DeviceModel(
        id=model_id,
        maker=header.text("maker", required=True),
        name=header.text("name", required=True),
        kind=header.get("kind", kinds.check_choice(KINDS)),
        aliases=header.get("aliases", checked_list(check_text)),
        source=source,
        confidence=confidence,
        note=header.text("note"),
        sources=context.sources,
        **_read_sections(root),
    )
    header.finish()
    return model


def _read_sections(root: Table) -> dict[str, Any]:
    ports = _read_ports(root)
    return {
        "identity": _read_identity(root.sub("identity")),
        "sysex": _read_sysex(root.sub("sysex")),
        "power": _read_power(root.sub("power")),
        "ports": ports,
        "routes": tuple(_read_route(entry) for entry in root.array("routes")),
        "settings": read_settings(root, "settings", SETTINGS, 0),
        "tracks": MappingProxyType({name: _read_track_group(name, t) for name, t in root.named("tracks")}),
        "behaviour": read_behaviour(root, "behaviour", BEHAVIOURS),
        "firmwares": MappingProxyType({name: _read_firmware(name, t) for name, t in root.named("firmwares")}),
        "bugs": tuple(_read_bug(entry) for entry in root.array("bugs")),
    }


def _read_identity(table: Table | None) -> Identity:
    if table is None:
        return Identity()
    identity = Identity(
        manufacturer_id=table.fact("manufacturer_id", check_hex),
        family=table.fact("family", check_hex),
        member=table.fact("member", check_hex),
        vendor_device_id=table.fact("vendor_device_id", kinds.check_int_in(0, 16383)),
        usb_port_names=table.fact("usb_port_names", check_text_list),
    )
    table.finish()
    return identity


def _read_sysex(table: Table | None) -> Sysex:
    if table is None:
        return Sysex()
    sysex = Sysex(header=table.fact("header", check_hex), note=table.text("note"))
    table.finish()
    return sysex


def _read_power(table: Table | None) -> Power:
    if table is None:
        return Power()
    power = Power(
        needs_midi_power=table.fact("needs_midi_power", check_bool),
        draws_from=table.text("draws_from"),
        sources=table.fact("sources", check_text_list),
        note=table.text("note"),
    )
    table.finish()
    return power


def _read_ports(root: Table) -> Mapping[str, Port]:
    ports = {}
    for name, table in root.named("ports"):
        ports[check_key(name, table.path)] = _read_port(name, table)
    return MappingProxyType(ports)


def _read_port(name: str, table: Table) -> Port:
    source, confidence = check_record_confidence(table, table.require_context())
    port = Port(
        id=name,
        label=table.text("label", required=True),
        kind=table.get("kind", kinds.check_choice(PORT_KINDS)),
        direction=table.get("direction", kinds.check_choice(DIRECTIONS)),
        source=source,
        confidence=confidence,
        function_setting=table.text("function_setting"),
        supplies_power=table.fact("supplies_power", check_bool),
        carries_midi=table.fact("carries_midi", check_bool),
        note=table.text("note"),
    )
    table.finish()
    return port


def _read_route(table: Table) -> Route:
    when = table.sub("when")
    route = Route(
        source_port=table.text("from", required=True),
        target_port=table.text("to", required=True),
        passes=table.required_fact("passes", check_bool),
        sysex=table.fact("sysex", check_bool),
        when=None if when is None else _read_condition(when),
        note=table.text("note"),
    )
    table.finish()
    return route


def _read_condition(table: Table) -> Condition:
    condition = Condition(setting=table.text("setting", required=True), equals=table.get("equals", lambda v: v))
    table.finish()
    return condition


def read_settings(parent: Table, key: str, vocabulary: Mapping[str, Term], tracks: int) -> Mapping[str, Setting]:
    """A table of settings whose names must come from the vocabulary."""
    settings = {}
    for name, table in parent.named(key):
        if name not in vocabulary:
            raise SchemaError(table.path, "is not a setting name of docs/knowledge.md's vocabulary")
        settings[name] = _read_setting(name, table, vocabulary[name].kind, tracks)
    return MappingProxyType(settings)


def _read_setting(name: str, table: Table, kind: str, tracks: int) -> Setting:
    choices = table.get("choices", _check_choices, REQUIRED if kind == "choice" else ())
    value_range = table.get("range", _check_range, REQUIRED if kind == "int" else None)
    _refuse_extras(table, kind)
    value_check = checker(kind, choices, value_range or (0, 0))
    setting = Setting(
        name=name,
        label=table.text("label", required=True),
        kind=kind,
        menu=table.required_fact("menu", check_text),
        default=table.required_fact("default", kinds.per_track(value_check, tracks) if tracks else value_check),
        choices=choices,
        value_range=value_range,
        since=table.get("since", kinds.check_version, ""),
        param=table.get("param", kinds.check_int_in(0, 127), None),
        per_track=tracks,
        note=table.text("note"),
    )
    table.finish()
    return setting


def _refuse_extras(table: Table, kind: str) -> None:
    if table.has("choices") and kind != "choice":
        raise SchemaError(table.key_path("choices"), f"only a choice setting has choices ({kind} here)")
    if table.has("range") and kind != "int":
        raise SchemaError(table.key_path("range"), f"only an int setting has a range ({kind} here)")


def _check_choices(value: Any) -> tuple[str, ...]:
    choices = check_text_list(value)
    if len(set(choices)) != len(choices) or "unknown" in choices:
        raise ValueError("must be distinct and must not include 'unknown'")
    return choices


def _check_range(value: Any) -> tuple[int, int]:
    if not isinstance(value, list) or len(value) != 2 or not all(isinstance(v, int) for v in value):
        raise ValueError("must be [lowest, highest]")
    if value[0] > value[1]:
        raise ValueError("lowest is above highest")
    return (value[0], value[1])


def read_behaviour(parent: Table, key: str, vocabulary: Mapping[str, Term]) -> Mapping[str, Fact]:
    """A table of behaviour facts whose names must come from the vocabulary."""
    facts = {}
    for name, table in parent.named(key):
        if name not in vocabulary:
            raise SchemaError(table.path, "is not a behaviour name of docs/knowledge.md's vocabulary")
        facts[name] = read_fact(table, checker(vocabulary[name].kind))
    return MappingProxyType(facts)


def _read_track_group(name: str, table: Table) -> TrackGroup:
    check_key(name, table.path)
    source, confidence = check_record_confidence(table, table.require_context())
    count = table.get("count", kinds.check_int_in(1, 64))
    group = TrackGroup(
        id=name,
        label=table.text("label", required=True),
        count=count,
        names=table.get("names", kinds.per_track(check_text, count), tuple(str(n) for n in range(1, count + 1))),
        source=source,
        confidence=confidence,
        sequencer_sends_midi=table.required_fact("sequencer_sends_midi", check_bool),
        manual_sends_midi=table.fact("manual_sends_midi", check_bool),
        sequencer_channel=table.text("sequencer_channel"),
        send_flag=table.text("send_flag"),
        settings=read_settings(table, "settings", TRACK_SETTINGS, count),
        note=table.text("note"),
    )
    table.finish()
    return group


def _read_firmware(name: str, table: Table) -> Firmware:
    check_key(name, table.path)
    source, confidence = check_record_confidence(table, table.require_context())
    firmware = Firmware(
        id=name,
        name=table.text("name", required=True),
        summary=table.text("summary", required=True),
        source=source,
        confidence=confidence,
        settings=read_settings(table, "settings", SETTINGS, 0),
        behaviour=read_behaviour(table, "behaviour", BEHAVIOURS),
    )
    table.finish()
    return firmware


def _read_bug(table: Table) -> Bug:
    source, confidence = check_record_confidence(table, table.require_context())
    effect = table.sub("effect")
    bug = Bug(
        id=table.get("id", check_slug),
        title=table.text("title", required=True),
        summary=table.text("summary", required=True),
        first_version=table.get("first_version", kinds.check_version),
        source=source,
        confidence=confidence,
        fixed_in=table.fact("fixed_in", kinds.check_version),
        reported_in=table.get("reported_in", checked_list(kinds.check_version), ()),
        effect=None if effect is None else _read_effect(effect),
        workaround=table.text("workaround"),
        note=table.text("note"),
    )
    table.finish()
    return bug


def _read_effect(table: Table) -> BugEffect:
    effect = BugEffect(
        kind=table.get("kind", kinds.check_choice(BUG_EFFECTS)),
        semitones=table.fact("semitones", kinds.check_int_in(-127, 127)),
        direction=table.fact("direction", kinds.check_choice(OFFSET_DIRECTIONS)),
    )
    table.finish()
    return effect
