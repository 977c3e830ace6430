"""YAML text for Any.yaml values: every JSON value reads back as itself."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.openapi.yaml_text import to_yaml

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4),
    max_leaves=20,
)


@given(json_values)
def test_reads_back_as_the_same_value(value: Any) -> None:
    assert yaml.safe_load(to_yaml(value)) == value


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("patch", "patch\n"),
        ("", '""\n'),
        ("true", '"true"\n'),
        ("no", '"no"\n'),
        ("y", '"y"\n'),  # yaml.v2 reads y/n as booleans
        ("1", '"1"\n'),
        ("a: b", '"a: b"\n'),
        ("retainKeys", "retainKeys\n"),
        ("merge,retainKeys", '"merge,retainKeys"\n'),
        ("a\u2028b", '"a\\u2028b"\n'),
        (True, "true\n"),
        (None, "null\n"),
        (1e16, "1.0e+16\n"),
        ({}, "{}\n"),
        ([], "[]\n"),
        (
            [{"group": "", "kind": "Pod", "version": "v1"}],
            '- group: ""\n  kind: Pod\n  version: v1\n',
        ),
        ({"a": [1, {"b": []}], "c": {"d": "e"}}, "a:\n- 1\n- b: []\nc:\n  d: e\n"),
    ],
)
def test_text(value: Any, text: str) -> None:
    assert to_yaml(value) == text
    assert yaml.safe_load(text) == value
