"""Scenario files: what ships, and the one-line error each kind of mistake gives."""

import tomllib

import pytest

from diag.errors import UsageError
from diag.sim import load_scenario, scenario_names
from diag.sim.scenario import examples_dir
from tests.sim.support import faulty, healthy, scenario_error, scenarios

FORUM_CHECKS = {"auto-channel", "channel-mismatch", "loopback-mode", "track-midi-out", "note-offset", "midi-power"}

GOOD = """
[scenario]
name = "case"
description = "A KeyStep on the Digitakt's auto channel."
rig = "healthy-keystep-digitakt"

[state.digitakt]
active_track = "audio.1"

[[steps]]
name = "keys"
device = "keystep"
say = "Play two keys."
notes = [60, 62]

[expect]
no-traffic = "pass"
"""


def test_every_forum_case_fails_its_check_in_a_scenario_and_at_least_three_rigs_are_healthy():
    expected = {check for scenario in faulty() for check, status in scenario.expect.items() if status == "fail"}
    assert FORUM_CHECKS <= expected
    assert len(healthy()) >= 3 and all(s.fix is None and s.expect for s in healthy())
    assert all(s.fix is not None and s.fault for s in faulty())


def test_each_scenario_uses_an_example_rig_from_docs_examples_rather_than_a_copy():
    for scenario in scenarios():
        assert scenario.rig.path is not None and scenario.rig.path.parent == examples_dir()
        assert not (scenario.path.parent / f"{scenario.rig.path.stem}.toml").samefile(scenario.rig.path)


def test_every_forum_example_rig_has_a_scenario():
    used = {scenario.rig.path.stem for scenario in scenarios()}
    assert {path.stem for path in examples_dir().glob("*.toml")} <= used


def test_the_scenario_files_state_a_reason_for_every_assumption():
    for scenario in scenarios():
        for assumption in scenario.assumptions.values():
            assert len(assumption.because) > 20, assumption.key


def test_the_uncertain_keystep_power_is_an_explicit_assumption_where_an_rk002_hangs_on_it():
    for name in ("loopback-mode", "midi-power"):
        assumption = load_scenario(name).assumptions["keystep.ports.out.supplies_power"]
        assert assumption.by_power["battery"] is False and assumption.by_power["usb-computer"] is True


def test_a_good_file_loads(tmp_path):
    from diag.sim import read_scenario
    from tests.sim.support import write_scenario

    scenario = read_scenario(write_scenario(tmp_path, "case", GOOD))
    assert scenario.healthy and [s.name for s in scenario.steps] == ["keys"] and scenario.expect == {"no-traffic": "pass"}


@pytest.mark.parametrize("change, expected", [
    (('notes = [60, 62]', 'notes = [60, 128]'), "case.toml:14: steps #1.notes #2: 128 is not a whole number from 0 to 127 (e.g. notes = [60, 64, 67])"),
    (('name = "keys"', 'name = "keyz"'), "case.toml:11: steps #1.name: unknown step 'keyz' (one of keys, pads, sequencer, idle)"),
    (('device = "keystep"', 'device = "keystp"'), "case.toml:12: steps #1.device: no device 'keystp' in the rig (did you mean keystep?)"),
    (('name = "case"', 'name = "other"'), "case.toml:3: scenario.name: the name 'other' differs from the file's"),
    (('[expect]', '[expected]'), "case.toml:16: expected: unknown key 'expected' (did you mean expect?)"),
    (('no-traffic = "pass"', 'no-traffic = "passed"'), "case.toml:17: expect.no-traffic: \"passed\" is not a status (one of fail, warn, pass, skip)"),
    (('rig = "healthy-keystep-digitakt"', 'rig = "healthy-keystep"'), "case.toml:5: scenario.rig: no example rig 'healthy-keystep' in docs/examples"),
    (('active_track = "audio.1"', 'active_track = 1'), "case.toml:8: state.digitakt.active_track: must be a non-empty string"),
    (('[state.digitakt]\nactive_track = "audio.1"', ''), "case.toml:9: steps #1: a note came on digitakt's auto channel, and the scenario does not say which track is active"),
    (('rig = "healthy-keystep-digitakt"', 'rig = "healthy-keystep-digitakt"\nfault = "x"'), "case.toml:6: scenario.fault: a scenario with a fault needs its fix (add [fix])"),
])
def test_a_mistake_gives_one_line_with_its_place(tmp_path, change, expected):
    message = scenario_error(tmp_path, GOOD.replace(*change))
    assert expected in message and "\n" not in message
    assert message.startswith(str(tmp_path / "case.toml"))


def test_a_fact_nobody_gives_asks_for_an_assumption(tmp_path):
    text = GOOD.replace('rig = "healthy-keystep-digitakt"', 'rig = "midi-power"').replace(
        "[state.digitakt]", "[state.digitakt]\n")
    message = scenario_error(tmp_path, text)
    assert "steps #1: the simulation needs keystep.ports.out.supplies_power" in message
    assert "measure pin 4 to pin 2" in message


def test_an_assumption_the_rig_or_knowledge_already_settles_is_refused(tmp_path):
    stated = GOOD + '\n[assume]\n"keystep.channel" = { value = 3, because = "the rig says 10 already" }\n'
    assert 'assume.keystep.channel: not needed: the rig states it' in scenario_error(tmp_path, stated)
    known = GOOD + '\n[assume]\n"digitakt.routes.in.thru.passes" = { value = false, because = "x" }\n'
    assert "assume.digitakt.routes.in.thru.passes: not needed: the knowledge says True" in scenario_error(tmp_path, known, "case")


def test_an_assumption_nothing_needs_is_refused(tmp_path):
    text = GOOD + '\n[assume]\n"digitakt.clock_send" = { value = true, because = "never asked for" }\n'
    assert "assume.digitakt.clock_send: the simulation never needs this" in scenario_error(tmp_path, text)


def test_an_assumed_value_must_fit_its_fact(tmp_path):
    text = GOOD + '\n[assume]\n"digitakt.clock_send" = { value = "yes", because = "a word, not a bool" }\n'
    assert "assume.digitakt.clock_send: 'yes' cannot be its value" in scenario_error(tmp_path, text)


FIXABLE = GOOD.replace('rig = "healthy-keystep-digitakt"', 'rig = "healthy-keystep-digitakt"\nfault = "x"') + """
[fix]
say = "Set the KeyStep to channel 10."
[fix.devices.keystep]
settings = { channel = 17 }
"""


def test_a_fix_value_is_checked_like_a_rig_files(tmp_path):
    message = scenario_error(tmp_path, FIXABLE)
    assert "fix.devices.keystep.settings.channel: 17 is not a value of" in message


def test_a_fix_may_only_change_what_a_user_changes(tmp_path):
    message = scenario_error(tmp_path, FIXABLE.replace("settings = { channel = 17 }", 'model = "korg-minilogue"'))
    assert "fix.devices.keystep.model: unknown key 'model'" in message


def test_an_rk004_action_must_name_a_hub_and_real_parameters(tmp_path):
    action = FIXABLE.replace('[fix.devices.keystep]\nsettings = { channel = 17 }',
                             '[fix.rk004]\ndevice = "digitakt"\nset = { DIN3_MODE = "MIDI_OUT" }')
    assert "fix.rk004.device: 'digitakt' is not an RK-004 of the rig" in scenario_error(tmp_path, action)


def test_a_toml_syntax_error_is_one_line(tmp_path):
    message = scenario_error(tmp_path, GOOD.replace('notes = [60, 62]', 'notes = [60, 62'))
    assert "not valid TOML" in message and "\n" not in message


def test_an_unknown_scenario_names_the_known_ones():
    with pytest.raises(UsageError) as caught:
        load_scenario("loopback")
    assert "unknown scenario 'loopback'" in str(caught.value)
    assert all(name in str(caught.value) for name in scenario_names())


def test_a_scenario_file_that_is_not_there_is_an_input_error(tmp_path):
    from diag.errors import InputError

    with pytest.raises(InputError, match="no such scenario file"):
        load_scenario(str(tmp_path / "gone.toml"))


def test_every_shipped_file_is_valid_toml_with_its_name():
    for scenario in scenarios():
        data = tomllib.loads(scenario.path.read_text(encoding="utf-8"))
        assert data["scenario"]["name"] == scenario.path.stem == scenario.name


def test_steps_are_found_by_number_or_name():
    scenario = load_scenario("auto-channel")
    assert scenario.step("2") == scenario.step("pads") == 1
    with pytest.raises(UsageError, match="its steps: 1 keys, 2 pads"):
        scenario.step("sequencer")
