"""Reading the rig's RK-004 during a diagnosis: which hub, its settings in the rig's terms, or why not."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from diag.engine.evidence import DeviceReading
from diag.errors import NoAnswerError, UsageError
from diag.rk004.client import Rk004Client, Setting

if TYPE_CHECKING:
    from diag.knowledge import Setting as SettingSpec
    from diag.rig import Rig, RigDevice
    from diag.rk004.ports import PortPair

HUB_MODEL = "retrokits-rk-004"
"""The knowledge model whose settings are RK-004 SysEx parameters."""

TRIES = 3
"""How often each request is sent before the hub counts as not answering (as `midi-diag rk004` does)."""


def rig_hubs(rig: Rig) -> list[RigDevice]:
    """The rig's RK-004s, in the order the rig names them."""
    return [device for device in rig.devices.values() if device.model.id == HUB_MODEL]


def hub_to_read(rig: Rig | None, name: str | None) -> RigDevice:
    """The RK-004 of the rig that --rk004-in/--rk004-out reach; UsageError when that is not clear."""
    if rig is None:
        raise UsageError("--rk004-in and --rk004-out read the rig's RK-004: give --rig RIG.toml too")
    hubs = rig_hubs(rig)
    if name is not None:
        return _named_hub(rig, hubs, name)
    if not hubs:
        raise UsageError(f"the rig '{rig.name}' has no RK-004 (model {HUB_MODEL}) to read")
    if len(hubs) > 1:
        raise UsageError(f"the rig has {len(hubs)} RK-004s ({_names(hubs)}): say which one with --rk004-device NAME")
    return hubs[0]


def _named_hub(rig: Rig, hubs: list[RigDevice], name: str) -> RigDevice:
    found = next((hub for hub in hubs if hub.name.casefold() == name.casefold()), None)
    if found is None:
        known = f"its RK-004s: {_names(hubs)}" if hubs else "it has none"
        raise UsageError(f"--rk004-device {name}: no RK-004 of that name in the rig '{rig.name}' ({known})")
    return found


def _names(hubs: list[RigDevice]) -> str:
    return ", ".join(hub.name for hub in hubs)


def read_hub(api: str, hub: RigDevice, in_port: str, out_port: str, timeout: float = 0.5) -> DeviceReading:
    """Every setting of the hub that is an RK-004 parameter, read over the ports; a reading with `error`
    when the hub does not answer. Port and MIDI-system errors are raised (exit 2 or 3)."""
    from diag.rk004.ports import open_transport

    with open_transport(api, in_port, out_port) as transport:
        client = Rk004Client(transport, timeout=timeout, tries=TRIES, xon_timeout=max(2.0, 4 * timeout))
        source = f"read from the device over '{transport.ports.input}' and '{transport.ports.output}'"
        options = _options(transport.ports)
        try:
            settings = client.read(spec.param for spec in _parameters(hub) if spec.param is not None)
        except NoAnswerError as error:
            return DeviceReading(hub.name, source, error=_no_answer(error, client, transport.ports), options=options)
    return DeviceReading(hub.name, source, values=settings_as_stated(hub, settings), options=options)


def _no_answer(error: NoAnswerError, client: Rk004Client, ports: PortPair) -> str:
    if client.answers:
        return error.message
    return (f"{error.message}; nothing on these ports has answered like an RK-004: is the hub connected to "
            f"input '{ports.input}' and output '{ports.output}'?")


def _parameters(hub: RigDevice) -> list[SettingSpec]:
    """The hub's settings that the knowledge ties to a SysEx parameter number, in parameter order."""
    return sorted((spec for spec in hub.model.settings.values() if spec.param is not None),
                  key=lambda spec: spec.param or 0)


def settings_as_stated(hub: RigDevice, settings: list[Setting]) -> dict[str, Any]:
    """Parameter values as a rig file states them: setting name -> choice name, or the number."""
    by_param = {spec.param: spec for spec in _parameters(hub)}
    return {by_param[s.param.number].name: _stated_value(by_param[s.param.number], s.value) for s in settings}


def _stated_value(spec: SettingSpec, value: int) -> Any:
    """A choice setting's value by its name (the knowledge's choices are the values in order); else the number."""
    if spec.choices and 0 <= value < len(spec.choices):
        return spec.choices[value]
    return value


def _options(ports: PortPair) -> tuple[str, ...]:
    return ("--in", ports.input, "--out", ports.output, "--api", ports.api)

