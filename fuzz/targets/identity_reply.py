"""Fuzz target: a SysEx that may be a Universal Identity Reply, decoded and shown as identify and monitor show it."""

from fuzz.harness import instrumented, main, printable, rejected

with instrumented():
    from diag.decode.message import describe
    from diag.decode.text import describe_values, identity_text
    from diag.decode.universal import parse_identity_reply, universal_name


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    reply = rejected(parse_identity_reply, data)
    if reply is not None:
        printable(identity_text(reply), reply.manufacturer)
    universal_name(data)
    if data:
        printable(describe_values(describe(data)))


if __name__ == "__main__":
    main(TestOneInput)
