"""Properties of the RK-004 layer: 7-bit packing, request and response frames, backup files."""

import json
from datetime import UTC, timedelta, timezone

from hypothesis import example, given
from hypothesis import strategies as st

from diag import __version__
from diag.errors import ExitCode, InputError
from diag.rk004.backup import (
    Backup,
    backup_document,
    parse_backup,
    read_backup,
    write_backup,
)
from diag.rk004.errors import FrameError, PackingError
from diag.rk004.frames import (
    HEADER,
    REQUESTS,
    RESPONSES,
    Command,
    build_frame,
    commit_request,
    factory_reset_request,
    get_request,
    parse_request,
    parse_response,
    response_codes,
    set_request,
)
from diag.rk004.packing import pack7, unpack7
from diag.rk004.params import BYTE_VALUES, PARAMS
from tests.properties.strategies import wire_bytes

any_length = st.one_of(st.binary(max_size=40), st.binary(min_size=200, max_size=3000))
params = st.sampled_from(PARAMS)


def valid_value(param) -> st.SearchStrategy[int]:
    spans = param.valid if param.valid is not None else (BYTE_VALUES,)
    return st.sampled_from(spans).flatmap(lambda span: st.integers(span.start, span.stop - 1))


param_and_value = params.flatmap(lambda param: st.tuples(st.just(param), valid_value(param)))


# --- packing ----------------------------------------------------------------------------------


@given(any_length)
def test_pack_then_unpack_gives_any_bytes_back(data):
    packed = pack7(data)
    assert max(packed, default=0) < 0x80
    assert len(packed) == len(data) + -(-len(data) // 7)
    assert unpack7(packed) == data


@given(st.one_of(wire_bytes, st.binary(max_size=64).map(lambda b: bytes(x & 0x7F for x in b))))
def test_unpack_gives_bytes_that_pack_back_or_the_packing_error(packed):
    try:
        data = unpack7(packed)
    except PackingError as error:
        assert isinstance(error, InputError) and "\n" not in str(error)
    else:
        assert pack7(data) == packed


# --- frames -----------------------------------------------------------------------------------


def all_requests():
    return st.one_of(
        param_and_value.map(lambda pair: set_request(*pair)),
        params.map(get_request),
        st.builds(commit_request),
        st.builds(factory_reset_request),
    )


@given(all_requests())
def test_every_request_parses_back_to_its_command_and_arguments(request):
    frame = request.frame
    assert frame.startswith(HEADER) and frame[-1] == 0xF7
    assert max(frame[1:-1]) < 0x80
    assert parse_request(frame) == (request.command, request.args)


@given(all_requests(), st.data())
def test_a_response_built_for_a_request_is_accepted_by_it(request, draw):
    code = draw.draw(st.sampled_from(response_codes(request.command)))
    args = request.args if request.command != Command.GET else request.args + bytes([draw.draw(st.integers(0, 255))])
    response = parse_response(build_frame(code, args))
    assert request.accepts(response)
    assert response.code == code and response.kind == RESPONSES[code].name


@given(st.sampled_from(sorted(RESPONSES)), st.binary(min_size=2, max_size=2))
def test_every_response_parses_back_with_its_parameter_and_value(code, args):
    spec = RESPONSES[code]
    response = parse_response(build_frame(code, args[: spec.arg_count]))
    expected = (args[0], args[1]) if spec.arg_count == 2 else (None, None)
    assert (response.code, response.param, response.value) == (code, *expected)


def mutated_frame(frame: bytes, draw) -> bytes:
    """A frame with a byte changed, dropped or added, or cut short."""
    at = draw.draw(st.integers(0, len(frame)))
    byte = bytes([draw.draw(st.integers(0, 255))])
    how = draw.draw(st.sampled_from(["change", "drop", "add", "cut"]))
    if how == "change":
        return frame[:at] + byte + frame[at + 1 :]
    if how == "drop":
        return frame[:at] + frame[at + 1 :]
    if how == "add":
        return frame[:at] + byte + frame[at:]
    return frame[:at]


@given(st.sampled_from(sorted(RESPONSES) + sorted(REQUESTS)), st.binary(max_size=4), st.data())
@example(0x43, b"", None)
def test_any_bytes_parse_as_a_frame_or_raise_the_frame_error(code, args, draw):
    frames = [build_frame(code, args), HEADER + bytes([code]) + args + b"\xf7"]
    if draw is not None:
        frames += [mutated_frame(frames[0], draw), draw.draw(wire_bytes), HEADER + draw.draw(wire_bytes)]
    for frame in frames:
        for parse in (parse_response, parse_request):
            try:
                parse(frame)
            except FrameError as error:
                assert error.exit_code == ExitCode.USAGE and "\n" not in str(error)


# --- backup files -----------------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
created_times = st.datetimes(timezones=st.sampled_from([UTC, timezone(timedelta(hours=-5, minutes=-30))]))
devices = st.dictionaries(st.text(max_size=12), json_values, max_size=4)


@st.composite
def backup_documents(draw) -> dict:
    values = [(param, draw(valid_value(param))) for param in PARAMS]
    return backup_document(values, draw(devices), draw(created_times), draw(st.text(max_size=12)))


def parse_or_error(text: str) -> Backup | InputError:
    try:
        return parse_backup(text)
    except InputError as error:
        assert "\n" not in str(error)
        return error


@given(st.one_of(st.text(max_size=80), json_values.map(json.dumps)))
@example("[" * 100_000)  # RecursionError from json.loads before the fix
@example("1" * 5_000)  # ValueError: int() refuses more than 4300 digits
def test_any_text_is_a_backup_or_the_backup_error(text):
    result = parse_or_error(text)
    assert isinstance(result, Backup | InputError)


@given(backup_documents(), st.data())
@example({"schema": "midi-diag/rk004-backup/1", "parameters": [{"number": 0, "name": "1" * 5000, "value": 0}]},
         None)  # find_param's int() refused the 5000 digits with a ValueError
def test_a_changed_backup_is_still_a_backup_or_the_backup_error(document, draw):
    if draw is not None:
        path = []
        node = document
        while isinstance(node, dict | list) and node and draw.draw(st.booleans()):
            key = draw.draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
            path.append(key)
            node = node[key]
        replacement = draw.draw(json_values)
        if path:
            target = document
            for key in path[:-1]:
                target = target[key]
            target[path[-1]] = replacement
        else:
            document = replacement
    assert isinstance(parse_or_error(json.dumps(document)), Backup | InputError)


@given(backup_documents())
def test_write_then_read_gives_the_backup_back(tmp_path_factory, document):
    path = tmp_path_factory.mktemp("backup") / "hub.json"
    write_backup(path, document)
    backup = read_backup(path)
    assert [(param.number, value) for param, value in backup.values.items()] == [
        (entry["number"], entry["value"]) for entry in document["parameters"]
    ]
    assert backup.created == document["created"]
    assert backup.tool_version == __version__
    assert backup.device == json.loads(json.dumps(document["device"]))
