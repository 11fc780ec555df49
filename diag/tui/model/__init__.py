"""The monitor's state without any Textual: ring buffer, filters, folding, channels, tempo."""
