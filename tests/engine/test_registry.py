"""The plugin registry: entry points only, broken plugins and id clashes reported, never fatal."""

from importlib.metadata import EntryPoint

from diag.engine import GROUP, Status, diagnose, load_registry
from diag.engine.diagnosis import Environment
from tests.engine.builders import evidence, notes

FAKE = "tests.engine.fake_plugins"
ENVIRONMENT = Environment("TestOS", "3.11", "0.0", None, None, ())


def point(name: str, value: str) -> EntryPoint:
    return EntryPoint(name=name, value=value, group=GROUP)


def test_the_built_in_checks_come_through_the_entry_point_group():
    registry = load_registry()
    assert {"no-traffic", "feedback-loop", "stuck-notes", "clock", "malformed"} <= set(registry.ids)
    assert registry.problems == ()
    assert all(check.docs == f"docs/checks/{check.id}.md" for check in registry.checks)


def test_a_plugin_that_fails_to_import_is_a_problem_and_the_others_load():
    registry = load_registry([point("fake-good", f"{FAKE}:GoodCheck"),
                              point("broken", "tests.engine.broken_plugin:Anything"),
                              point("missing", "tests.engine.no_such_module:Check")])
    assert registry.ids == ("fake-good",)
    problems = {problem.name: problem.message for problem in registry.problems}
    assert "needs a library" in problems["broken"] and "ModuleNotFoundError" in problems["missing"]


def test_objects_that_are_not_checks_are_refused_with_the_reason():
    registry = load_registry([point("thing", f"{FAKE}:NOT_A_CHECK"), point("other-name", f"{FAKE}:GoodCheck")])
    assert registry.checks == ()
    messages = [problem.message for problem in registry.problems]
    assert "no run(evidence) method" in messages[1] or "no run(evidence) method" in messages[0]
    assert any("its id is 'fake-good'" in message for message in messages)


def test_the_first_of_two_checks_with_one_id_wins_and_the_clash_is_reported():
    registry = load_registry([point("fake-good", f"{FAKE}:GoodCheck"), point("fake-good", f"{FAKE}:OtherGoodCheck")])
    assert [check.title for check in registry.checks] == ["Always fine"]
    assert "taken by tests.engine.fake_plugins.GoodCheck" in registry.problems[0].message


def test_load_problems_appear_in_the_diagnosis_as_skips_and_do_not_stop_it():
    registry = load_registry([point("fake-good", f"{FAKE}:GoodCheck"), point("broken", "tests.engine.broken_plugin:X")])
    result = diagnose(evidence(notes("K", [60])), registry, ENVIRONMENT)
    assert [(f.check, f.status) for f in result.findings] == [("broken", Status.SKIP), ("fake-good", Status.PASS)]
    assert result.findings[0].title == "Check could not be loaded" and not result.failed
