"""A small TOML writer for generated documents, and strategies for TOML values and changed documents."""

import datetime
import json
import math
from typing import Any

from hypothesis import strategies as st

_INT64 = (-(2**63), 2**63 - 1)


def toml_string(text: str) -> str:
    """A TOML basic string; JSON's escapes are TOML's, except that TOML also wants DEL escaped."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(value: Any) -> str:
    """A value written inline: strings, numbers, booleans, dates, arrays, inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else "inf" if value == math.inf else "-inf" if value == -math.inf else repr(value)
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    return "{" + ", ".join(f"{toml_string(key)} = {toml_value(item)}" for key, item in value.items()) + "}"


def toml_document(document: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """A document as a rig is written: plain keys first, then [tables] and [[arrays of tables]]."""
    lines, later = [], []
    for key, value in document.items():
        path = (*prefix, key)
        if isinstance(value, dict) and value:
            later.append(f"\n[{'.'.join(map(toml_string, path))}]\n" + toml_document(value, path))
        elif isinstance(value, list) and value and all(isinstance(item, dict) for item in value):
            header = f"\n[[{'.'.join(map(toml_string, path))}]]\n"
            later.extend(header + toml_document(item, path) for item in value)
        else:
            lines.append(f"{toml_string(key)} = {toml_value(value)}\n")
    return "".join(lines) + "".join(later)


toml_scalars = st.one_of(
    st.text(max_size=12),
    st.integers(*_INT64),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.sampled_from(["elektron-digitakt", "auto", "off", "usb", "din", "keys", "thru", "midi.1", "1", "", "C3"]),
    st.integers(-2, 20),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
"""Any value a TOML document can hold (not only what a rig or scenario allows)."""


@st.composite
def changed(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A copy of a document with one value replaced or removed, or one key added, somewhere in it."""
    document = json.loads(json.dumps(document, default=str))
    parent: Any = document
    node: Any = document
    key: Any = None
    while isinstance(node, dict | list) and node and (key is None or draw(st.booleans())):
        parent = node
        key = draw(st.sampled_from(sorted(node) if isinstance(node, dict) else range(len(node))))
        node = node[key]
    how = draw(st.sampled_from(["replace", "remove", "add"]))
    if how == "replace":
        parent[key] = draw(toml_values)
    elif how == "remove" and isinstance(parent, dict):
        del parent[key]
    elif isinstance(parent, dict):
        parent[draw(st.sampled_from(["model", "channel", "to", "from", "via", "port", "settings", "x"]))] = draw(toml_values)
    return document
