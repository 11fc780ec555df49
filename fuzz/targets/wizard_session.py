"""Fuzz target: a saved wizard session (session.json), found and resumed as plain midi-diag does at start."""

from fuzz.harness import instrumented, main, rejected, scratch_dir

with instrumented():
    from diag.tui.wizard.session import STATE, SessionStore, latest_unfinished


def TestOneInput(data: bytes) -> None:  # the name atheris and libFuzzer expect
    sessions = scratch_dir() / "sessions"
    folder = sessions / "20250301-123000-000000"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / STATE).write_bytes(data)
    store = rejected(latest_unfinished, sessions)
    rejected(SessionStore(folder).resume)
    if store is not None:
        store.finished()


if __name__ == "__main__":
    main(TestOneInput)
