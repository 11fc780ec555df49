"""Retrokits RK-004 over SysEx: parameter table, packing, frames, a client and an emulator."""
