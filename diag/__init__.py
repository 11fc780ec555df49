"""midi-diag: a MIDI troubleshooting wizard for hardware rigs."""

__version__ = "0.1.0"
