"""Fuzz target: a message from an RK-004, taken apart as the client does (flow control, then the response)."""

from fuzz.harness import instrumented, main, printable, rejected

with instrumented():
    from diag.rk004.frames import Command, get_request, parse_response, split_realtime
    from diag.rk004.params import PARAMS


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    rest, _flow_control = split_realtime(data)
    if not rest:
        return
    response = rejected(parse_response, rest)
    if response is None:
        return
    printable(response.kind)
    assert set(response.answers) <= set(Command), response
    if response.param is not None:
        for param in PARAMS:
            get_request(param).accepts(response)


if __name__ == "__main__":
    main(TestOneInput)
