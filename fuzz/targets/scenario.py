"""Fuzz target: a scenario file (TOML), read, checked and dry-run as demo and simulate do with a .toml path."""

import re

from fuzz.harness import instrumented, main, rejected, scratch_file

with instrumented():
    from diag.sim.scenario import read_scenario

# A scenario must be named like its file, so the input is saved under the name it gives itself:
# otherwise nearly every mutation would stop at that one check.
_NAME = re.compile(rb'^\s*name\s*=\s*"([A-Za-z0-9_-]{1,60})"', re.MULTILINE)


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    named = _NAME.search(data)
    name = named.group(1).decode() if named else "scenario"
    scenario = rejected(read_scenario, scratch_file(f"{name}.toml", data))
    if scenario is not None:
        scenario.fixed_rig()


if __name__ == "__main__":
    main(TestOneInput)
