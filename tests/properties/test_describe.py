"""Properties of naming what was framed: describe(), the text lines, note and controller names, CC/RPN/NRPN pairing."""

from hypothesis import given
from hypothesis import strategies as st

from diag.decode.controllers import ControllerTracker, ParamChange
from diag.decode.message import MALFORMED, Decoded, describe
from diag.decode.names import MIDDLE_C_OCTAVE, NOTE_NAMES, cc_name, note_name
from diag.decode.spec import KIND_BY_STATUS
from diag.decode.stream import decode_stream
from diag.decode.text import describe_values, format_event
from diag.events import MidiEvent
from tests.properties.strategies import data_byte, message, odd_text, wire_bytes

KINDS = {kind for kind in KIND_BY_STATUS if kind} | {MALFORMED}


def encode(decoded: Decoded, status: int) -> bytes:
    """The bytes a Decoded stands for, rebuilt from its kind, channel and values alone."""
    values = dict(decoded.values)
    if decoded.channel is not None:
        status = (status & 0xF0) | (decoded.channel - 1)
    if decoded.kind == "pitchwheel":
        pitch = values["pitch"] + 8192
        return bytes([status, pitch & 0x7F, pitch >> 7])
    if decoded.kind == "songpos":
        return bytes([status, values["pos"] & 0x7F, values["pos"] >> 7])
    if decoded.kind == "quarter_frame":
        return bytes([status, values["frame_type"] << 4 | values["frame_value"]])
    if decoded.kind == "undefined":
        return bytes([values["status"]])
    return bytes([status, *values.values()])


@given(st.one_of(wire_bytes, st.binary(min_size=300, max_size=3000)))
def test_describe_never_raises_and_names_a_known_kind(raw):
    decoded = describe(raw)
    assert isinstance(decoded, Decoded)
    assert decoded.kind in KINDS
    assert isinstance(describe_values(decoded), str)
    assert isinstance(describe_values(decoded, "C3"), str)


@given(wire_bytes)
def test_every_message_the_decoder_frames_is_well_formed(data):
    for item in decode_stream(data):
        if isinstance(item, bytes):
            decoded = describe(item)
            assert decoded.kind == KIND_BY_STATUS[item[0]], item.hex(" ")


@given(message)
def test_describe_then_encode_gives_the_message_back(raw):
    decoded = describe(raw)
    assert decoded.kind == KIND_BY_STATUS[raw[0]]
    if decoded.kind == "sysex":
        assert decoded.get("length") == len(raw)
        assert raw[1:].startswith(decoded.get("manufacturer_id"))
    else:
        assert encode(decoded, raw[0]) == raw


@given(st.lists(st.tuples(odd_text, st.one_of(message, wire_bytes.filter(bool))), max_size=30),
       st.sampled_from(sorted(MIDDLE_C_OCTAVE)))
def test_a_text_line_is_one_line_for_any_message(items, middle_c):
    tracker = ControllerTracker()
    for t, (port, data) in enumerate(items):
        line = format_event(MidiEvent(t / 7, port, data), middle_c, tracker)
        if len(f"{port}.".splitlines()) == 1:  # a port name with a line break in it is shown as it is
            assert len(line.splitlines()) == 1, line


@given(st.integers(0, 127), st.sampled_from(sorted(MIDDLE_C_OCTAVE)))
def test_a_note_name_gives_its_number_back(number, middle_c):
    name = note_name(number, middle_c)
    letter = name.rstrip("-0123456789")
    octave = int(name[len(letter):])
    assert NOTE_NAMES.index(letter) + 12 * (octave + 5 - MIDDLE_C_OCTAVE[middle_c]) == number
    assert cc_name(number)


controller_events = st.lists(
    st.tuples(st.sampled_from(["", "a", "b"]), st.integers(1, 16),
              st.one_of(st.sampled_from([0, 6, 32, 38, 96, 97, 98, 99, 100, 101, 121]), data_byte), data_byte),
    max_size=60,
)


@given(controller_events)
def test_controller_pairing_never_raises_and_stays_in_14_bits(changes):
    tracker = ControllerTracker()
    for port, channel, control, value in changes:
        change = tracker.control_change(channel, control, value, port)
        if change is None:
            continue
        assert isinstance(change, ParamChange) and change.text
        assert change.kind in ("CC14", "RPN", "NRPN")
        assert 0 <= change.number < (32 if change.kind == "CC14" else 1 << 14)
        assert change.value is None or 0 <= change.value < 1 << 14


@given(st.binary(max_size=6), odd_text)
def test_the_tracker_ignores_anything_but_a_well_formed_control_change(raw, port):
    change = ControllerTracker().feed(raw, port)
    is_cc = len(raw) == 3 and raw[0] >> 4 == 0xB and max(raw[1:]) < 0x80
    assert change is None or is_cc


@given(st.integers(1, 16), st.integers(0, 31), data_byte, data_byte)
def test_an_msb_then_its_lsb_make_one_14_bit_value(channel, control, msb, lsb):
    tracker = ControllerTracker()
    tracker.control_change(channel, control, msb)
    change = tracker.control_change(channel, control + 32, lsb)
    if control == 6:  # data entry: nothing is selected, so there is nothing to complete
        assert change is None
    else:
        assert (change.kind, change.number, change.value) == ("CC14", control, msb << 7 | lsb)


@given(st.integers(1, 16), st.booleans(), data_byte, data_byte, data_byte, data_byte, controller_events)
def test_a_selected_parameter_gets_the_data_entry_value(channel, registered, msb, lsb, high, low, noise):
    tracker = ControllerTracker()
    for port, other_channel, control, value in noise:  # other ports and channels do not interfere
        tracker.control_change(other_channel, control, value, port or "x")
    select_msb, select_lsb = (101, 100) if registered else (99, 98)
    number = msb << 7 | lsb
    kind = "RPN" if registered else "NRPN"
    for _ in range(2):  # the second time, a new MSB alone selects nothing until its LSB follows
        tracker.control_change(channel, select_msb, msb)
        assert tracker.control_change(channel, 6, high) is None
        tracker.control_change(channel, select_lsb, lsb)
        tracker.control_change(channel, 6, high)
        change = tracker.control_change(channel, 38, low)
        if registered and number == 0x3FFF:
            assert change is None  # the RPN null selects nothing
        else:
            assert (change.kind, change.number, change.value) == (kind, number, high << 7 | low)
