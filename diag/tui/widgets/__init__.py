"""The monitor's widgets, each with its own DEFAULT_CSS."""
