"""Pure MIDI 1.0 decoding: stream framing, message tables, names and text lines."""
