"""Port names and rig fields full of markup: every format shows them as text and nothing else."""

import json
import re

import pytest

from diag.report import render
from tests.report.scenario import build, rig_dict

SCRIPT_PORT = "<script>alert('x')</script> KeyStep"
TABLE_PORT = "Evil | Port `rm -rf ~` [link](http://evil.example) @admin #tag\x1b[31m\nNext line"
COMMENT = "**bold** <img src=x onerror=alert(1)> [click](javascript:alert(1)) | `code` ![i](x.png)\n# Heading"


@pytest.fixture(scope="module")
def diagnosis():
    return build(keystep_port=SCRIPT_PORT, interface_port=TABLE_PORT, rig=rig_dict("key`step<b>", COMMENT))


def test_html_escapes_every_value(diagnosis):
    page = render(diagnosis, "html")
    assert "<script" not in page and "<img" not in page and "step<b>" not in page and "key`step&lt;b&gt;" in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<a " not in page and "href" not in page and "src=" not in page.replace("src=x", "")
    assert "onerror=alert(1)" in page  # as text, inside an escaped tag


def test_markdown_escapes_every_markup_character(diagnosis):
    text = render(diagnosis, "md")
    assert re.search(r"(?<!\\)[<`\[\]|!@#](?!#)", text.replace("### ", "").replace("## ", "")) is None
    assert "\\<script>" in text and "\\[link\\]\\(http\\://evil.example\\)" in text
    assert "\\*\\*bold\\*\\*" in text and "\\@admin \\#tag" in text
    assert "\nNext line" not in text and "\n# Heading" not in text and "\x1b" not in text


def test_text_has_no_control_characters_from_names(diagnosis):
    plain = render(diagnosis, "text")
    assert "\x1b" not in plain and "\nNext line" not in plain
    assert "<script>alert('x')</script> KeyStep" in plain
    coloured = render(diagnosis, "text", color=True)
    assert "#tag [31m Next line" in coloured and "#tag\x1b" not in coloured


def test_json_keeps_the_names_exactly(diagnosis):
    report = json.loads(render(diagnosis, "json"))
    assert report["environment"]["ports"] == [SCRIPT_PORT, TABLE_PORT]
    assert report["rig"]["name"] == COMMENT
    assert {entry["port"] for entry in report["traffic"]["entries"]} == {SCRIPT_PORT, TABLE_PORT}
