"""The capture's timing and merging rules, on scripted inputs (the JACK tests cover the real path)."""

from diag.midi.capture import MAX_LAG_NS, CaptureSession, InputPort, place_time

MS = 1_000_000


def test_the_first_message_takes_its_take_time():
    assert place_time(None, 5 * MS, 0.0) == 5 * MS


def test_precise_deltas_are_followed_when_polling_is_late():
    # Two messages 0.3 ms apart, both taken in the same poll 2 ms after the first.
    second = place_time(10 * MS, 12 * MS, 0.0003)
    assert second == 10 * MS + 300_000
    assert place_time(second, 12 * MS, 0.0003) == 10 * MS + 600_000


def test_a_time_never_runs_past_the_moment_it_was_taken():
    assert place_time(10 * MS, 11 * MS, 0.5) == 11 * MS


def test_a_lagging_clock_is_pulled_up_to_the_lag_limit():
    assert place_time(0, 100 * MS, 0.001) == 100 * MS - MAX_LAG_NS


def test_times_never_decrease_even_with_a_negative_delta():
    assert place_time(10 * MS, 10 * MS, -0.004) == 10 * MS


class ScriptedInput:
    """Stands in for python-rtmidi's MidiIn: hands out queued (bytes, delta) pairs."""

    def __init__(self, messages):
        self.messages = list(messages)

    def get_message(self):
        return self.messages.pop(0) if self.messages else None

    def close_port(self):
        pass

    def delete(self):
        pass


def test_the_bounded_buffer_counts_what_it_drops():
    session = CaptureSession([InputPort("p", ScriptedInput([([0xF8], 0.0)] * 5))], buffer_limit=3,
                             clock=iter(range(0, 10**9, MS)).__next__)
    session._running = True
    session.ports[0].midi_in.get_message = _stop_after(session, session.ports[0].midi_in.get_message)
    session._poll()
    assert len(session.drain()) == 3
    assert session.stats.dropped == 2


def _stop_after(session, get_message):
    def get():
        message = get_message()
        if message is None:  # as stop() does
            session._running = False
            session._epoch += 1
        return message
    return get


def test_events_from_several_ports_are_released_in_time_order_once_safe():
    session = CaptureSession([InputPort("a", ScriptedInput([])), InputPort("b", ScriptedInput([]))],
                             clock=lambda: now[0])
    now = [0]
    session.start_ns = 0
    session._last_ns[:] = [0, 0]
    # b's message arrived at 4 ms but was taken later than a's message from 5 ms.
    session._buffer.extend([(5 * MS, 0, ([0x90, 60, 1], 0.005)), (9 * MS, 1, ([0xF8], 0.004))])
    now[0] = 12 * MS
    assert session.drain() == []  # both still within the lag window
    now[0] = 30 * MS
    released = session.drain()
    assert [(e.port, e.t) for e in released] == [("b", 0.004), ("a", 0.005)]
