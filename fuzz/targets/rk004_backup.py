"""Fuzz target: an RK-004 backup file (JSON), read and checked as rk004 restore reads it."""

from fuzz.harness import instrumented, main, printable, rejected, scratch_file

with instrumented():
    from diag.rk004.backup import read_backup


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    backup = rejected(read_backup, scratch_file("backup.json", data))
    if backup is not None:
        printable(backup.created, backup.tool_version, backup.device)
        for param, value in backup.values.items():
            param.check_value(value)


if __name__ == "__main__":
    main(TestOneInput)
