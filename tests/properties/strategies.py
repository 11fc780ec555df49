"""Hypothesis strategies shared by the property tests: MIDI messages of every type, wire bytes, events."""

from hypothesis import strategies as st

from diag.events import MidiEvent

data_byte = st.integers(0, 0x7F)
REALTIME = tuple(range(0xF8, 0x100))
"""Every real-time byte, the undefined F9 and FD included."""
UNDEFINED_COMMON = (0xF4, 0xF5)


def _seven_bit(data: bytes) -> bytes:
    return bytes(byte & 0x7F for byte in data)


def _with_data(status: int, count: int) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=count, max_size=count).map(lambda data: bytes([status]) + _seven_bit(data))


def channel_message(high_nibble: int) -> st.SearchStrategy[bytes]:
    """A message of one channel voice type (0x80 note off ... 0xE0 pitch bend) on any channel."""
    count = 1 if high_nibble in (0xC0, 0xD0) else 2
    return st.integers(0, 15).flatmap(lambda channel: _with_data(high_nibble | channel, count))


def sysex(min_size: int = 0, max_size: int = 300) -> st.SearchStrategy[bytes]:
    """A whole SysEx, F0 to F7, with any 7-bit body (empty included)."""
    return st.binary(min_size=min_size, max_size=max_size).map(lambda data: b"\xf0" + _seven_bit(data) + b"\xf7")


MESSAGE_TYPES: dict[str, st.SearchStrategy[bytes]] = {
    "note_off": channel_message(0x80),
    "note_on": channel_message(0x90),
    "polytouch": channel_message(0xA0),
    "control_change": channel_message(0xB0),
    "program_change": channel_message(0xC0),
    "aftertouch": channel_message(0xD0),
    "pitchwheel": channel_message(0xE0),
    "sysex": sysex(),
    "long_sysex": sysex(1000, 6000),  # a dump; still below the decoder's cap (diag.events.SYSEX_KEEP)
    "quarter_frame": _with_data(0xF1, 1),
    "songpos": _with_data(0xF2, 2),
    "song_select": _with_data(0xF3, 1),
    "undefined_common": st.sampled_from(UNDEFINED_COMMON).map(lambda b: bytes([b])),
    "tune_request": st.just(b"\xf6"),
    "realtime": st.sampled_from(REALTIME).map(lambda b: bytes([b])),
}
"""One strategy per message type: every channel voice type, SysEx of any length, every system
common message (with the undefined F4 and F5) and every real-time byte (with F9 and FD)."""

message = st.one_of(*MESSAGE_TYPES.values())
"""Any one well-formed MIDI 1.0 message."""

# Bytes that interact: statuses of every family, EOX, real-time, undefined, data.
_INTERESTING = [0x00, 0x01, 0x3C, 0x7F, 0x80, 0x90, 0xB0, 0xC0, 0xD0, 0xE0, 0xF0, 0xF1, 0xF2, 0xF3,
                0xF4, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFD, 0xFE, 0xFF]
midi_ish_bytes = st.lists(st.sampled_from(_INTERESTING), max_size=60).map(bytes)
message_soup = st.lists(st.one_of(message, midi_ish_bytes.filter(bool)), max_size=12).map(b"".join)
"""Well-formed messages mixed with junk: running status, cut messages, stray EOX."""
wire_bytes = st.one_of(midi_ish_bytes, message_soup, st.binary(max_size=120))
"""Any byte stream, biased towards the bytes and shapes MIDI parsers trip over."""

odd_text = st.one_of(
    st.sampled_from(["Digitakt MIDI 1", "", " ", 'say "hi"', "back\\slash", "line\nbreak", "tab\there",
                     "Ünïcødé ♪", "日本語ポート", "emoji 🎹", "nul\x00byte", "{}", "step:keys", "\u2028"]),
    st.text(max_size=20),
)
"""Port and step names as a MIDI system or a user might give them: quotes, unicode, newlines."""


_gaps = st.one_of(st.integers(0, 3), st.integers(0, 10**9), st.just(5 * 10**10))  # microseconds


@st.composite
def events(draw: st.DrawFn, messages: st.SearchStrategy[bytes] = message, max_size: int = 25) -> list[MidiEvent]:
    """A capture's events in order: a few odd ports, steps, times that never go back within a port."""
    ports = draw(st.lists(odd_text, min_size=1, max_size=4, unique=True))
    steps = draw(st.lists(st.one_of(st.none(), odd_text), min_size=1, max_size=3))
    picks = st.tuples(st.integers(0, len(ports) - 1), _gaps, messages, st.integers(0, len(steps) - 1))
    last: dict[str, int] = {}
    out = []
    for port_index, gap, data, step_index in draw(st.lists(picks, max_size=max_size)):
        port = ports[port_index]
        last[port] = last.get(port, 0) + gap
        out.append(MidiEvent(last[port] / 1e6, port, data, steps[step_index]))
    return out
