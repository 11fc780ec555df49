"""The scenarios that ship with midi-diag: one TOML file each (docs/simulator.md describes the format)."""
