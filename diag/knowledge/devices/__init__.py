"""The shipped device data files, one TOML file per model (read by diag.knowledge)."""
