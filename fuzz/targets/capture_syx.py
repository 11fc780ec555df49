"""Fuzz target: a raw SysEx capture file (.syx), read as monitor --file and diagnose --capture read it."""

from fuzz.harness import instrumented, main, scratch_file

with instrumented():
    from fuzz.capture_paths import read_like_the_commands


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    read_like_the_commands(scratch_file("capture.syx", data))


if __name__ == "__main__":
    main(TestOneInput)
