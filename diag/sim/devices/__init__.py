"""Behaviour models of the devices in a rig, chosen from what the knowledge says a model is and has."""

from __future__ import annotations

from typing import TYPE_CHECKING

from diag.rig import RigDevice
from diag.sim.devices.base import SimDevice
from diag.sim.devices.cable import SmartCable
from diag.sim.devices.controller import Controller
from diag.sim.devices.hub import Rk004Hub
from diag.sim.devices.sequencer import SequencerBox
from diag.sim.devices.synth import Synth

if TYPE_CHECKING:
    from diag.sim.network import Network

SOUND_KINDS = frozenset({"synth", "drum-machine", "groovebox", "sampler"})

__all__ = ["Controller", "Rk004Hub", "SequencerBox", "SimDevice", "SmartCable", "Synth", "build_device"]


def build_device(device: RigDevice, network: Network) -> SimDevice:
    """The behaviour model for a rig device: by the model's kind, and for Elektron-style boxes by their data
    (track groups and an auto channel); anything else (interfaces, computers) only passes MIDI along routes."""
    model = device.model
    if model.kind == "controller":
        return Controller(device, network)
    if model.kind == "cable":
        return SmartCable(device, network)
    if model.kind == "hub" and "din1_mode" in model.settings:
        return Rk004Hub(device, network)
    if model.tracks and "auto_channel" in model.settings:
        return SequencerBox(device, network)
    if model.kind in SOUND_KINDS:
        return Synth(device, network)
    return SimDevice(device, network)
