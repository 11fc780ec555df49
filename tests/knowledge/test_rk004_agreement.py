"""The RK-004 data file and diag.rk004's parameter table name the same parameters and values."""

from __future__ import annotations

from diag.knowledge import load_model
from diag.rk004.params import PARAMS, find_param


def test_every_rk004_setting_is_the_same_parameter_in_both() -> None:
    numbered = {s.param: s.label for s in load_model("retrokits-rk-004").settings.values() if s.param is not None}
    assert len(numbered) == len(PARAMS)
    for number, label in numbered.items():
        assert find_param(number).name == label


def test_port_mode_names_agree_value_for_value() -> None:
    rk004 = load_model("retrokits-rk-004")
    for port in range(1, 8):
        setting = rk004.settings[f"din{port}_mode"]
        names = tuple(entry.name for entry in find_param(setting.label).value_names)
        assert setting.choices == names, setting.label
