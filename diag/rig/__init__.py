"""Rig files: which devices, set how, wired how, observed where; loaded and checked against the knowledge.

    rig = load_rig("docs/examples/loopback-mode.toml")
    rig.device("digitakt").setting("auto_channel")     # SettingValue(10, "default", fact)
    rig.sources_of("digitakt")                         # keystep.out -> [rk002] -> digitakt.in
    rig.observer_for("Digitakt MIDI 1")                # which device port that capture shows

See docs/rig-format.md for the file format.
"""

from diag.rig.loader import load_rig, parse_rig
from diag.rig.model import POWER_SOURCES, Connection, Observer, Origin, PortRef, Rig, RigDevice, SettingValue
from diag.rig.paths import SignalPath

__all__ = [
    "POWER_SOURCES",
    "Connection",
    "Observer",
    "Origin",
    "PortRef",
    "Rig",
    "RigDevice",
    "SettingValue",
    "SignalPath",
    "load_rig",
    "parse_rig",
]
