"""The port watcher's looks, one at a time, over a real JACK server: what each change of the ports leads to."""

import pytest

from diag.midi.capture import _open_input, open_capture
from diag.midi.watch import BACK, GONE, RENAMED, PortWatcher, open_lister
from tests.midi.test_capture_jack import drain_until
from tests.support.processes import start_script_sender
from tests.support.waiting import wait_until

pytestmark = pytest.mark.jack

NOTES = [bytes([0x90, 40 + n, 70]) for n in range(4)]


@pytest.fixture
def watched(jack_env, tmp_path):
    """A capture of 'loop' with its watcher driven by hand (look() is one look), and a way to start senders."""
    senders = []

    def sender(client):
        senders.append(start_script_sender(jack_env, client, NOTES, tmp_path))
        return senders[-1]

    first = sender("Loop-A")
    session = open_capture("jack", ["loop"], watch=False)
    watcher = PortWatcher(session, open_lister("jack"), lambda name, n: _open_input("jack", name, n).midi_in)
    session.start()

    def look(expected=None):
        """One look, or as many as it takes to make `expected` notices in all (JACK drops the ports of a
        client that quit a moment after it is gone)."""
        watcher.check()
        if expected is not None:
            wait_until(lambda: watcher.check() and len(session.notices) >= expected, what=f"{expected} notices")
        return [(n.port, n.what, n.now_named) for n in session.notices]

    yield session, look, sender, first
    watcher.stop()
    session.stop()
    for started in senders:
        started.close()


def test_gone_back_under_a_new_name_gone_again_and_back_for_good(watched):
    session, look, sender, first = watched
    assert look() == []
    first.close()
    assert look(1) == [("Loop-A:out", GONE, "")]
    second = sender("Loop-B")
    assert look(2)[-1] == ("Loop-A:out", BACK, "Loop-B:out")
    second.close()
    assert look(3)[-1] == ("Loop-B:out", GONE, "")
    third = sender("Loop-B")
    assert look(4)[-1] == ("Loop-B:out", BACK, "")
    assert len(look()) == len(look()) == 4  # connected for good: further looks find nothing to say
    third.go()
    assert [e.data for e in drain_until(session, len(NOTES)) if e.port == "Loop-B:out"] == NOTES


def test_a_quick_reopen_and_a_rename_in_place(watched):
    session, look, _, first = watched
    first.go()
    assert look() == []
    assert first.ask("reopen") == "reopened"
    assert look(2) == [("Loop-A:out", GONE, ""), ("Loop-A:out", BACK, "")]
    assert first.ask("rename renamed") == "renamed Loop-A:renamed"
    assert look(3)[-1] == ("Loop-A:out", RENAMED, "Loop-A:renamed")
    assert len(look()) == 3
    first.ask("go")
    events = drain_until(session, 2 * len(NOTES))
    assert [e.data for e in events if e.port == "Loop-A:out"] == NOTES
    assert [e.data for e in events if e.port == "Loop-A:renamed"] == NOTES
