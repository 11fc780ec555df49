"""docs/rig-format.md stays true: its keys, power values, model table, examples and error lines."""

import re
from pathlib import Path

import pytest

from diag.errors import InputError
from diag.knowledge import all_models
from diag.rig import POWER_SOURCES, load_rig, parse_rig
from diag.rig.devices import DEVICE_KEYS
from diag.rig.doctable import with_table
from diag.rig.loader import RIG_KEYS, TOP_KEYS
from diag.rig.wiring import CONNECTION_KEYS, OBSERVER_KEYS
from tests.rig.conftest import EXAMPLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rig-format.md"


def doc() -> str:
    return DOC.read_text(encoding="utf-8")


def section(title: str) -> str:
    text = doc()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_every_key_is_documented():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc(), re.MULTILINE))
    for keys in (RIG_KEYS, DEVICE_KEYS, CONNECTION_KEYS, OBSERVER_KEYS):
        assert set(keys) <= documented
    for key in TOP_KEYS:
        assert f"[{key}" in doc() or f"[[{key}" in doc()


def test_the_power_table_lists_exactly_the_power_values():
    rows = re.findall(
        r"^\| `([a-z-]+)` \|", section("`[devices.<name>]`").split("### Power")[1].split("###")[0], re.MULTILINE
    )
    assert rows == list(POWER_SOURCES)


def test_the_model_table_matches_the_knowledge():
    assert doc() == with_table(doc(), all_models()), "regenerate the table (see docs/rig-format.md)"
    assert "`elektron-digitakt` | `in` (in)" in doc()


def test_every_example_file_is_listed():
    listed = set(re.findall(r"\(examples/([a-z0-9-]+\.toml)\)", doc()))
    assert listed == {path.name for path in EXAMPLES.glob("*.toml")}


def test_the_annotated_example_loads():
    block = re.search(r"```toml\n(.*?)```", section("An annotated example"), re.DOTALL)
    rig = parse_rig(block.group(1), "annotated")
    assert rig.device("digitakt").track_setting("midi", "A", "send_channel").value == 1
    assert [str(path.origin) for path in rig.sources_of("digitakt", "in")] == ["keystep.out"]


def error_examples() -> list[tuple[str, str]]:
    pairs = re.findall(r"```toml\n(.*?)```\s*```text\n(.*?)\n```", section("Error messages"), re.DOTALL)
    assert len(pairs) >= 8
    return pairs


@pytest.mark.parametrize("text, message", error_examples())
def test_each_documented_error_is_the_one_printed(tmp_path, monkeypatch, text, message):
    monkeypatch.chdir(tmp_path)
    Path("rig.toml").write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_rig("rig.toml")
    assert str(caught.value) == message
