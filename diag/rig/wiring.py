"""Building the `[[connections]]` and `[[observe]]` of a rig: port names, directions, jacks, cables."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from diag.knowledge import Port
from diag.rig.lines import KeyLines, KeyPath
from diag.rig.model import Connection, Observer, PortRef, RigDevice
from diag.rig.problems import RigProblem, check_keys, did_you_mean, require_table, require_text

CONNECTION_KEYS = ("from", "to", "through")
OBSERVER_KEYS = ("port", "sees")
SENDS = ("out", "both", "unknown")
RECEIVES = ("in", "both", "unknown")
MULTI_PLUG_KINDS = ("usb-host",)
"""Port kinds that take more than one connection: a computer's USB (through a hub if need be)."""
USB_PARTNER = {"usb": "usb-host", "usb-host": "usb"}
"""A USB device port talks to a host port and nothing else."""


@dataclass(frozen=True)
class _End:
    """One end of a connection, resolved: the device, its port, and which way MIDI goes there."""

    ref: PortRef
    port: Port
    direction: str


def build_connections(raw: Any, devices: Mapping[str, RigDevice], lines: KeyLines) -> tuple[Connection, ...]:
    """Every [[connections]] entry, checked; a RigProblem at the first one that cannot be."""
    entries = _array_of_tables(raw, "connections")
    built: list[Connection] = []
    for index, entry in enumerate(entries):
        path: KeyPath = ("connections", index)
        built.append(_connection(entry, devices, path, lines))
        _check_jacks(built, devices, path)
    return tuple(built)


def _array_of_tables(raw: Any, key: str) -> list[Any]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise RigProblem((key,), f"{key} must be a list of tables", f"write [[{key}]] (two brackets) before each entry")
    return raw


def _connection(raw: Any, devices: Mapping[str, RigDevice], path: KeyPath, lines: KeyLines) -> Connection:
    table = require_table(raw, path, '[[connections]] with from = "a.out" and to = "b.in"')
    check_keys(table, CONNECTION_KEYS, path)
    source = _end(table, "from", devices, path)
    target = _end(table, "to", devices, path)
    _check_kinds(source, target, path)
    _check_directions(source, target, devices, path)
    through = _through(table.get("through"), devices, path + ("through",))
    two_way = through is None and source.direction == "both" and target.direction == "both"
    return Connection(source.ref, target.ref, through, lines.line_of(path), two_way)


def _end(table: Mapping[str, Any], key: str, devices: Mapping[str, RigDevice], path: KeyPath) -> _End:
    if key not in table:
        raise RigProblem(path, f"no {key!r}", f'add {key} = "<device>.<port>", e.g. {key} = "keystep.out"')
    ref, port = resolve_port(table[key], devices, path + (key,))
    return _End(ref, port, port_direction(devices[ref.device], port))


def resolve_port(raw: Any, devices: Mapping[str, RigDevice], path: KeyPath) -> tuple[PortRef, Port]:
    """A `device.port` text as a PortRef; the port may be named by its id or by its label ("MIDI OUT")."""
    text = require_text(raw, path, '"keystep.out"')
    device_name, dot, port_name = text.partition(".")
    if not dot or not port_name:
        raise RigProblem(
            path, f"{text!r} names no port", f'write device and port, e.g. "{device_name or "keystep"}.out"'
        )
    if device_name not in devices:
        raise RigProblem(path, f"no device {device_name!r} in this rig", did_you_mean(device_name, devices))
    model = devices[device_name].model
    port = _find_port(model.ports, port_name)
    if port is None:
        hint = did_you_mean(port_name, model.ports, f"its ports: {', '.join(model.ports)}")
        raise RigProblem(path, f"the {model.title} ({device_name}) has no port {port_name!r}", hint)
    return PortRef(device_name, port.id), port


def _find_port(ports: Mapping[str, Port], wanted: str) -> Port | None:
    if wanted in ports:
        return ports[wanted]
    plain = _plain(wanted)
    return next((port for port in ports.values() if plain in (_plain(port.id), _plain(port.label))), None)


def _plain(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.casefold()).strip()


def port_direction(device: RigDevice, port: Port) -> str:
    """in, out, both, or unknown for a configurable port whose mode the rig does not state."""
    if port.direction != "configurable":
        return port.direction
    mode = device.stated.get(port.function_setting)
    if not isinstance(mode, str):
        return "unknown"
    # The knowledge lists the modes (RK-004 MIDI_IN, MIDI_OUT, SYNCOUT_...) but not their
    # direction, so it is read from the mode's name; UART and AUTO modes go both ways.
    upper = mode.upper()
    if upper.endswith("_IN"):
        return "in"
    return "out" if "OUT" in upper else "both"


def _check_kinds(source: _End, target: _End, path: KeyPath) -> None:
    for end, other, key in ((source, target, "from"), (target, source, "to")):
        partner = USB_PARTNER.get(end.port.kind)
        if partner is None or other.port.kind == partner:
            continue
        if other.port.kind == end.port.kind:
            what = f"{source.ref} and {target.ref} are both {_kind_name(end.port.kind)}s"
        else:
            what = f"{end.ref} is a {_kind_name(end.port.kind)} and {other.ref} a {_kind_name(other.port.kind)}"
        raise RigProblem(path + (key,), what, "USB MIDI devices connect to a computer or another USB host port")


def _kind_name(kind: str) -> str:
    return {"usb": "USB device port", "usb-host": "USB host port", "din": "DIN jack"}.get(kind, f"{kind} port")


def _check_directions(source: _End, target: _End, devices: Mapping[str, RigDevice], path: KeyPath) -> None:
    sends, receives = source.direction in SENDS, target.direction in RECEIVES
    if not sends and not receives:
        raise RigProblem(path + ("from",), f"{source.ref} is an input and {target.ref} an output", "swap from and to")
    if not receives:
        inputs = _ports_facing(devices[target.ref.device], RECEIVES)
        what = (
            f"{target.ref} is an output, like {source.ref}"
            if source.direction == "out"
            else f"{target.ref} is an output"
        )
        raise RigProblem(path + ("to",), what, f"wire an output to an input: {inputs}")
    if not sends:
        outputs = _ports_facing(devices[source.ref.device], SENDS)
        what = (
            f"{source.ref} is an input, like {target.ref}" if target.direction == "in" else f"{source.ref} is an input"
        )
        raise RigProblem(path + ("from",), what, f"a connection starts at an output: {outputs}")


def _ports_facing(device: RigDevice, directions: tuple[str, ...]) -> str:
    names = [
        f"{device.name}.{port.id}" for port in device.model.ports.values() if port_direction(device, port) in directions
    ]
    return " or ".join(names) if names else f"the {device.model.title} has none"


def _through(raw: Any, devices: Mapping[str, RigDevice], path: KeyPath) -> str | None:
    if raw is None:
        return None
    name = require_text(raw, path, 'through = "rk002"')
    if name not in devices:
        raise RigProblem(
            path, f"no device {name!r} in this rig", did_you_mean(name, devices, "add the cable under [devices]")
        )
    model = devices[name].model
    if model.kind != "cable":
        hint = f"only a cable goes in through; wire the {model.name} by its ports with connections of its own"
        raise RigProblem(path, f"{name} ({model.title}, kind {model.kind}) is not a cable", hint)
    return name


def _check_jacks(built: list[Connection], devices: Mapping[str, RigDevice], path: KeyPath) -> None:
    """The newest connection must not reuse a jack or a cable, nor repeat an earlier connection."""
    newest, earlier = built[-1], built[:-1]
    for other in earlier:
        if {newest.source, newest.target} == {other.source, other.target}:
            raise RigProblem(path, f"the same connection as line {other.line}", "remove one of them")
    _check_cable(newest, earlier, path)
    for key, end in (("from", newest.source), ("to", newest.target)):
        port = devices[end.device].model.ports[end.port]
        taken = next((c for c in earlier if end in (c.source, c.target)), None)
        if taken is not None and port.kind not in MULTI_PLUG_KINDS:
            hint = f"a {port.kind.upper()} jack takes one plug; use a THRU port, a splitter or a merger"
            raise RigProblem(path + (key,), f"{end} already has a cable (line {taken.line})", hint)


def _check_cable(newest: Connection, earlier: list[Connection], path: KeyPath) -> None:
    """A cable named in `through` is one cable: used once, and never also wired by its own ports."""
    for other in earlier:
        if newest.through is not None and newest.through == other.through:
            hint = "one cable has one pair of plugs"
            raise RigProblem(path + ("through",), f"{newest.through} already carries line {other.line}", hint)
    for carried, wired in [(newest.through, c) for c in (*earlier, newest)] + [(c.through, newest) for c in earlier]:
        if carried is not None and carried in (wired.source.device, wired.target.device):
            hint = f'wire {carried} by its ports or name it in through = "{carried}", not both'
            raise RigProblem(path, f"{carried} is used as a through cable and wired by its ports", hint)


def build_observers(raw: Any, devices: Mapping[str, RigDevice], lines: KeyLines) -> tuple[Observer, ...]:
    """Every [[observe]] entry: a computer port name and the device port whose traffic it shows."""
    built: list[Observer] = []
    for index, entry in enumerate(_array_of_tables(raw, "observe")):
        path: KeyPath = ("observe", index)
        table = require_table(entry, path, '[[observe]] with port = "Digitakt MIDI 1" and sees = "digitakt.usb"')
        check_keys(table, OBSERVER_KEYS, path)
        for key, example in (("port", '"Digitakt MIDI 1"'), ("sees", '"digitakt.usb"')):
            if key not in table:
                raise RigProblem(path, f"no {key!r}", f"add {key} = {example}")
        port = require_text(table["port"], path + ("port",), 'port = "Digitakt MIDI 1"')
        earlier = next((o for o in built if o.port.casefold() == port.casefold()), None)
        if earlier is not None:
            hint = "one computer port shows one place; remove one or name another port"
            raise RigProblem(path + ("port",), f"port {port!r} is already observed (line {earlier.line})", hint)
        sees, _ = resolve_port(table["sees"], devices, path + ("sees",))
        built.append(Observer(port, sees, lines.line_of(path)))
    return tuple(built)
