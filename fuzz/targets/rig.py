"""Fuzz target: a rig file (TOML), loaded as diagnose --rig loads it and described as the report shows it."""

from fuzz.harness import instrumented, main, printable, rejected, scratch_file

with instrumented():
    from diag.rig import load_rig


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    rig = rejected(load_rig, scratch_file("rig.toml", data))
    if rig is not None:
        printable(rig.as_dict())


if __name__ == "__main__":
    main(TestOneInput)
