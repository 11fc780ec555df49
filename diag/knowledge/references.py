"""Checks that the names one part of a data file uses for another part exist."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from diag.knowledge.models import DeviceModel, Route, TrackGroup
from diag.knowledge.reader import Context, SchemaError


def check_references(model: DeviceModel) -> None:
    """Every name one part of the file uses for another part must exist."""
    for port in model.ports.values():
        _must_exist(port.function_setting, model.settings, f"ports.{port.id}.function_setting")
    _must_exist(model.power.draws_from, model.ports, "power.draws_from")
    for index, route in enumerate(model.routes):
        _check_route(model, route, f"routes[{index}]")
    for group in model.tracks.values():
        _check_track_refs(group)
    _check_bug_ids(model)


def _check_route(model: DeviceModel, route: Route, path: str) -> None:
    _must_exist(route.source_port, model.ports, f"{path}.from")
    _must_exist(route.target_port, model.ports, f"{path}.to")
    if route.when is None:
        return
    settings = model.all_settings()
    _must_exist(route.when.setting, settings, f"{path}.when.setting")
    try:
        settings[route.when.setting].check(route.when.equals)
    except ValueError as exc:
        raise SchemaError(f"{path}.when.equals", str(exc)) from None


def _check_track_refs(group: TrackGroup) -> None:
    base = f"tracks.{group.id}"
    _must_exist(group.sequencer_channel, group.settings, f"{base}.sequencer_channel")
    _must_exist(group.send_flag, group.settings, f"{base}.send_flag")
    if group.send_flag and group.settings[group.send_flag].kind != "bool":
        raise SchemaError(f"{base}.send_flag", "must name a true/false track setting")


def _check_bug_ids(model: DeviceModel) -> None:
    seen: set[str] = set()
    for index, bug in enumerate(model.bugs):
        if bug.id in seen:
            raise SchemaError(f"bugs[{index}].id", f"{bug.id!r} is used twice")
        seen.add(bug.id)


def _must_exist(name: str, known: Mapping[str, Any], path: str) -> None:
    if name and name not in known:
        names = ", ".join(known) or "none"
        raise SchemaError(path, f"names {name!r}, which this file does not define (defined: {names})")


def check_sources_used(model: DeviceModel, context: Context) -> None:
    unused = sorted(set(context.sources) - context.used)
    if unused:
        raise SchemaError(f"sources.{unused[0]}", "is never cited by any fact")
