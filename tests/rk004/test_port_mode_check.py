"""The `rk004-port-mode` check on hand-written rigs: modes read, stated or unknown, sync rates, the action."""

from __future__ import annotations

from pathlib import Path

from checks.rk004_port_mode import MODES, Rk004PortModeCheck
from diag.engine import (
    Action,
    Confidence,
    Finding,
    Status,
    TrafficAnalyzer,
    build_evidence,
)
from diag.engine.evidence import DeviceReading
from diag.rig import Rig, load_rig, parse_rig
from diag.rk004.client import Rk004Client
from diag.rk004.emulator import Rk004Emulator
from diag.rk004.loopback import LoopbackTransport
from diag.rk004.params import DIN1_MODE_NAMES, find_param, resolve_changes
from diag.rk004.readings import settings_as_stated
from diag.rk004.virtual import preset

HEALTHY = Path(__file__).resolve().parents[2] / "docs" / "examples" / "healthy-rk004-hub.toml"
CHECK = Rk004PortModeCheck()

DEVICES = """
[devices.keystep]
model = "arturia-keystep"

[devices.hub]
model = "retrokits-rk-004"
{hub_settings}

[devices.peak]
model = "novation-peak"
"""
SECOND = """
[devices.second]
model = "retrokits-rk-004"
{settings}
"""

KEYS_IN = '[[connections]]\nfrom = "keystep.out"\nto = "hub.din1"\n'
TO_PEAK = '[[connections]]\nfrom = "hub.din3"\nto = "peak.in"\n'
SYNC_CHAIN = '[[connections]]\nfrom = "hub.sync-out"\nto = "second.sync-in"\n'
DIN_SYNC = '[[connections]]\nfrom = "hub.din5"\nto = "second.sync-in"\n'

READ = "read from the device over 'rk004:out' and 'rk004:in'"
OPTIONS = ("--in", "rk004:out", "--out", "rk004:in", "--api", "jack")


def rig(*connections: str, hub: str = "", second: str = "") -> Rig:
    text = DEVICES.format(hub_settings=f"settings = {{ {hub} }}" if hub else "")
    if any("second." in connection for connection in connections):
        text += SECOND.format(settings=f"settings = {{ {second} }}" if second else "")
    return parse_rig(text + "\n".join(connections), source="test-rig.toml")


def reading(device: str = "hub", **values: object) -> DeviceReading:
    return DeviceReading(device, READ, values, options=OPTIONS)


def run(the_rig: Rig, *readings: DeviceReading) -> list[Finding]:
    return CHECK.run(build_evidence(TrafficAnalyzer().summary(), [], the_rig, readings=readings))


def only(findings: list[Finding], status: Status) -> Finding:
    assert [f.status for f in findings] == [status], [f.to_dict() for f in findings]
    return findings[0]


def test_a_port_set_to_sync_out_feeding_a_synths_midi_in_fails_with_the_change_as_an_action():
    finding = only(run(rig(TO_PEAK, hub='din3_mode = "SYNCOUT_POS_SHORT"')), Status.FAIL)
    assert finding.title == "RK-004 port in the wrong mode"
    assert "DIN 3 of the RK-004 'hub' (hub.din3) feeds the Novation Peak's MIDI IN (peak.in)" in finding.summary
    assert "SYNCOUT_POS_SHORT: it sends sync pulses, not MIDI" in finding.summary
    assert finding.confidence is Confidence.HIGH
    assert "hub.din3 mode: SYNCOUT_POS_SHORT, as stated in the rig, line 7" in finding.evidence
    (fix,) = finding.fixes
    assert fix.action == Action(
        "rk004-set", "hub", {"changes": {"DIN3_MODE": "MIDI_OUT"}, "commit": True},
        "On the RK-004 'hub': set DIN3_MODE (parameter 10) to 6 (MIDI_OUT) with F0 00 21 23 00 04 03 00 0A 06 F7, "
        "read it back, then store it with COMMIT (F0 00 21 23 00 04 07 F7) only if it reads back right.")
    assert fix.steps[0] == "Run: midi-diag rk004 set DIN3_MODE=MIDI_OUT --commit --in PORT --out PORT"
    assert fix.steps[-1] == 'Then make the rig file say so: din3_mode = "MIDI_OUT" under [devices.hub] settings.'


def test_the_action_is_one_the_rk004_layer_accepts_and_the_command_uses_the_ports_the_hub_was_read_over():
    finding = only(run(rig(TO_PEAK), reading(din3_mode="MIDI_IN")), Status.FAIL)
    (fix,) = finding.fixes
    assert fix.action is not None
    assert resolve_changes(fix.action.params["changes"]) == [(find_param("DIN3_MODE"), 6)]
    assert fix.steps[0] == "Run: midi-diag rk004 set DIN3_MODE=MIDI_OUT --commit --in rk004:out --out rk004:in --api jack"


def test_a_midi_out_plugged_into_a_port_that_sends_fails_and_proposes_midi_in():
    for mode in ("MIDI_OUT", "SYNCOUT_NEG_LONG"):
        finding = only(run(rig(KEYS_IN), reading(din1_mode=mode)), Status.FAIL)
        assert "takes the MIDI of the Arturia KeyStep's MIDI OUT (keystep.out)" in finding.summary
        assert "so what 'keystep' sends goes nowhere" in finding.summary
        (fix,) = finding.fixes
        assert fix.action is not None and fix.action.params == {"changes": {"DIN1_MODE": "MIDI_IN"}, "commit": True}


def test_a_port_set_to_midi_in_feeding_a_synth_fails():
    finding = only(run(rig(TO_PEAK), reading(din3_mode="MIDI_IN")), Status.FAIL)
    assert "set to MIDI_IN: it receives MIDI and sends nothing, so no MIDI reaches 'peak'" in finding.summary


def test_the_healthy_hub_rig_passes_with_each_port_and_where_its_mode_came_from():
    finding = only(run(load_rig(HEALTHY)), Status.PASS)
    assert finding.confidence is Confidence.HIGH
    assert finding.summary == "Every port of the RK-004 'hub' that the rig wires fits what is plugged into it."
    assert [line for line in finding.evidence if "mode:" in line] == [
        "hub.din1 mode: MIDI_IN, as stated in the rig, line 20",
        "hub.din2 mode: MIDI_OUT, as stated in the rig, line 20",
        "hub.din3 mode: MIDI_OUT, as stated in the rig, line 20",
    ]


def test_unknown_modes_skip_and_say_how_to_find_them_out():
    finding = only(run(rig(KEYS_IN, TO_PEAK)), Status.SKIP)
    assert "The mode of DIN 1 of the RK-004 'hub' (hub.din1)" in finding.summary
    assert "The mode of DIN 3" in finding.summary
    (fix,) = finding.fixes
    assert fix.summary.startswith("State din1_mode, din3_mode in the rig ([devices.hub] settings), or let midi-diag "
                                  "read the hub: diagnose --rig RIG.toml --rk004-in PORT --rk004-out PORT")
    assert fix.steps == ("din1_mode: read it with midi-diag rk004 get DIN1_MODE",
                         "din3_mode: read it with midi-diag rk004 get DIN3_MODE")


def test_a_rig_without_an_rk004_is_skipped():
    plain = parse_rig('[devices.keystep]\nmodel = "arturia-keystep"\n', source="plain.toml")
    assert "no RK-004" in only(run(plain), Status.SKIP).summary


def test_readings_beat_the_stated_modes_both_ways():
    wrong = only(run(load_rig(HEALTHY), reading(din1_mode="MIDI_IN", din2_mode="MIDI_OUT", din3_mode="MIDI_IN")),
                 Status.FAIL)
    assert f"hub.din3 mode: MIDI_IN, {READ} (the rig states MIDI_OUT)" in wrong.evidence
    stated_wrong = rig(TO_PEAK, hub='din3_mode = "SYNCOUT_POS_SHORT"')
    right = only(run(stated_wrong, reading(din3_mode="MIDI_OUT")), Status.PASS)
    assert f"hub.din3 mode: MIDI_OUT, {READ} (the rig states SYNCOUT_POS_SHORT)" in right.evidence


def test_a_hub_that_could_not_be_read_is_judged_on_the_stated_modes_and_the_finding_says_so():
    failed = DeviceReading("hub", READ, error="RK-004 did not answer GETPARAM_REQ", options=OPTIONS)
    finding = only(run(load_rig(HEALTHY), failed), Status.PASS)
    assert "could not read the device" in finding.summary
    assert finding.evidence[0] == ("could not read the RK-004 'hub': RK-004 did not answer GETPARAM_REQ; "
                                   "the modes below are the rig's")
    unknown = only(run(rig(TO_PEAK), failed), Status.SKIP)
    assert "midi-diag could not read the device" in unknown.summary


def test_midi_auto_fits_either_way_at_medium_confidence_and_says_it_is_assumed():
    finding = only(run(rig(KEYS_IN, TO_PEAK), reading(din1_mode="MIDI_AUTO", din3_mode="MIDI_AUTO")), Status.PASS)
    assert finding.confidence is Confidence.MEDIUM
    assert "assumed: what MIDI_AUTO does is not published; taken to work either way" in finding.evidence


def test_uart_at_38400_fits_no_midi_jack():
    finding = only(run(rig(KEYS_IN), reading(din1_mode="UART@38400")), Status.FAIL)
    assert "38400 bit/s" in finding.summary


def test_sync_pulses_per_sixteenth_that_differ_from_the_synced_devices_fail():
    finding = only(run(rig(SYNC_CHAIN, hub="syncout_ppsn = 6", second="syncin_ppsn = 4")), Status.FAIL)
    assert finding.title == "RK-004 sync rate does not fit"
    assert "sends 6 sync pulses per sixteenth note, but the Retrokits RK-004's SYNC IN (second.sync-in) expects 4" \
        in finding.summary
    (fix,) = finding.fixes
    assert fix.action is not None and fix.action.params == {"changes": {"SYNCOUT_PPSN": 4}, "commit": True}


def test_a_din_port_in_sync_mode_is_judged_by_its_own_pulses_per_sixteenth():
    synced = rig(DIN_SYNC, hub='din5_mode = "SYNCOUT_POS_LONG", din5_ppsn = 2', second="syncin_ppsn = 4")
    finding = only(run(synced), Status.FAIL)
    assert finding.fixes[0].action is not None
    assert finding.fixes[0].action.params["changes"] == {"DIN5_PPSN": 4}
    assert only(run(synced, reading(din5_mode="SYNCOUT_POS_LONG", din5_ppsn=4)), Status.PASS)


def test_matching_sync_rates_pass_and_an_unknown_expectation_is_said_not_guessed():
    assert only(run(rig(SYNC_CHAIN, hub="syncout_ppsn = 4", second="syncin_ppsn = 4")), Status.PASS)
    finding = only(run(rig(SYNC_CHAIN, hub="syncout_ppsn = 6")), Status.PASS)
    assert any("second.sync-in expects: unknown" in line for line in finding.evidence)


def test_a_midi_port_on_a_sync_input_fails_without_guessing_the_pulse_shape():
    finding = only(run(rig(DIN_SYNC), reading(din5_mode="MIDI_OUT")), Status.FAIL)
    (fix,) = finding.fixes
    assert fix.action is None
    assert "SYNCOUT_POS_SHORT, SYNCOUT_NEG_SHORT, SYNCOUT_POS_LONG, SYNCOUT_NEG_LONG" in fix.summary


def test_every_published_din_mode_has_a_meaning():
    assert sorted(MODES) == sorted(entry.name for entry in DIN1_MODE_NAMES)


def test_a_hub_read_over_sysex_gives_every_setting_as_a_rig_states_it():
    emulator = Rk004Emulator()
    preset(emulator, {find_param(name).number: value
                      for name, value in {"DIN1_MODE": 8, "DIN2_MODE": 0, "DIN3_MODE": 5, "SYNCOUT_PPSN": 24}.items()})
    hub = load_rig(HEALTHY).device("hub")
    values = settings_as_stated(hub, Rk004Client(LoopbackTransport(emulator)).dump())
    assert set(values) == set(hub.model.settings)
    assert (values["din1_mode"], values["din2_mode"], values["din3_mode"]) == ("UART@31250", "SYNCOUT_POS_SHORT",
                                                                               "MIDI_IN")
    assert values["syncout_ppsn"] == 24


def test_a_hub_with_nothing_wired_to_it_is_skipped():
    finding = only(run(rig()), Status.SKIP)
    assert "no port mode to check" in finding.summary
