"""The headless commands; each module has a `run(args) -> exit code` called by diag.cli."""
