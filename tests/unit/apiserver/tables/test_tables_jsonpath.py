"""The JSONPath subset of CRD printer columns, and Go's rendering of the results."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.tables import jsonpath
from kubeedge.apiserver.tables._gofmt import go_float, go_json

DOC: dict[str, Any] = {
    "metadata": {
        "name": "w1",
        "labels": {"app": "web", "app.kubernetes.io/name": "widget"},
    },
    "spec": {"replicas": 3, "ratio": 0.5, "enabled": True, "nothing": None, "tags": ["a", "b", "c"]},
    "status": {
        "conditions": [
            {"type": "Ready", "status": "True", "priority": 2},
            {"type": "Synced", "status": "False", "priority": 1},
            {"type": "Other"},
        ],
        "nodes": [{"name": "n1", "ip": "10.0.0.1"}, {"name": "n2"}],
    },
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".spec.replicas", [3]),
        ("$.spec.replicas", [3]),
        (".spec.missing", []),
        (".spec.missing.deeper", []),
        (".spec.replicas.deeper", []),
        (".spec.nothing", [None]),
        (".spec.nothing.deeper", []),
        (".metadata.labels.app", ["web"]),
        (".metadata.labels.app\\.kubernetes\\.io/name", ["widget"]),
        (".metadata.labels['app']", ["web"]),
        (".spec.tags[0]", ["a"]),
        (".spec.tags[-1]", ["c"]),
        (".spec.tags[1:]", ["b", "c"]),
        (".spec.tags[0:2]", ["a", "b"]),
        (".spec.tags[::2]", ["a", "c"]),
        (".spec.tags[*]", ["a", "b", "c"]),
        (".spec.tags[1:1]", []),
        (".status.nodes[*].name", ["n1", "n2"]),
        (".status.nodes[*].ip", ["10.0.0.1"]),
        ('.status.conditions[?(@.type=="Ready")].status', ["True"]),
        (".status.conditions[?(@.type=='Synced')].status", ["False"]),
        ('.status.conditions[?(@.type != "Ready")].type', ["Synced", "Other"]),
        (".status.conditions[?(@.priority>1)].type", ["Ready"]),
        (".status.conditions[?(@.priority<=1)].type", ["Synced"]),
        (".status.conditions[?(@.status)].type", ["Ready", "Synced"]),
        ('.status.conditions[?(@.type=="Nope")].status', []),
        (".status.nodes[0].*", ["n1", "10.0.0.1"]),
        ("..ip", ["10.0.0.1"]),
        (".", [DOC]),
    ],
)
def test_find(path: str, expected: list[Any]) -> None:
    assert jsonpath.find(jsonpath.compile_path(path), DOC) == expected


@pytest.mark.parametrize(
    "path",
    [
        ".spec.tags[3]",
        ".spec.tags[-4]",
        ".spec.replicas[0]",
        ".spec.tags[2:1]",
        ".spec.tags[0:5]",
        ".spec.tags[::0]",
        ".spec[?(@.x)]",
        # Comparing a number with a string, or an int with a float, is an error in client-go.
        ".status.conditions[?(@.priority=='2')].type",
        ".status.conditions[?(@.priority==2.0)].type",
    ],
)
def test_find_errors(path: str) -> None:
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.find(jsonpath.compile_path(path), DOC)


@pytest.mark.parametrize(
    "path",
    [".spec[a,b]", ".spec[x]", ".spec.tags[1", '.a[?(@.b=="c"]', ".a[?(@.b=~c)]", "#", "spec.replicas"],
)
def test_compile_errors(path: str) -> None:
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.compile_path(path)


def test_empty_list_index_is_out_of_bounds() -> None:
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.find(jsonpath.compile_path(".a[0]"), {"a": []})


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("x", "x"),
        (3, "3"),
        (True, "true"),
        (False, "false"),
        (0.5, "0.5"),
        (1.0, "1"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (None, "<no value>"),
        ({"b": 1, "a": [1, "x"]}, '{"a":[1,"x"],"b":1}'),
        (["<a&b>"], '["\\u003ca\\u0026b\\u003e"]'),
    ],
)
def test_to_text(value: Any, text: str) -> None:
    assert jsonpath.to_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.0, "0"),
        (-0.0, "-0"),
        (-2.5, "-2.5"),
        (1e21, "1e+21"),
        (1.5e-7, "1.5e-07"),
        (float("inf"), "+Inf"),
        (float("nan"), "NaN"),
    ],
)
def test_go_float(value: float, text: str) -> None:
    assert go_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e20, "100000000000000000000"),
        (1e21, "1e+21"),
        (1e-7, "1e-7"),
        (0.000001, "0.000001"),
        (2.5, "2.5"),
        ({"k": None, "z": False}, '{"k":null,"z":false}'),
        ("line\u2028sep", '"line\\u2028sep"'),
    ],
)
def test_go_json(value: Any, text: str) -> None:
    assert go_json(value) == text


FILTERS: dict[str, Any] = {
    "items": [
        {"name": "a", "on": True, "x": "k", "want": "a", "tags": ["t"]},
        {"name": "b", "on": False, "x": "z", "want": "c", "tags": ["t", "u"]},
    ]
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (".items[?(@.name==@.want)].name", ["a"]),
        (".items[?(@.on==true)].name", ["a"]),
        (".items[?(@.on!=true)].name", ["b"]),
        ('.items[?(@.x<"m")].name', ["a"]),
        ('.items[?(@.x>="m")].name', ["b"]),
        (".items[?(@.tags[0])].name", ["a", "b"]),
        # An evaluation error inside an existence test keeps the element, as in client-go.
        (".items[?(@.tags[1])].name", ["a", "b"]),
        (".items[?(@.nope)].name", []),
        (".items[?(@.missing==1)].name", []),
        (".items[?(@.name==@.missing)].name", []),
    ],
)
def test_filters(path: str, expected: list[Any]) -> None:
    assert jsonpath.find(jsonpath.compile_path(path), FILTERS) == expected


@pytest.mark.parametrize(
    "path",
    [
        ".items[?(@.on>true)].name",
        '.items[?(@.tags[*]=="t")].name',
        ".items[?(@.name==@.tags[*])].name",
        ".items[?(@.tags==1)].name",
    ],
)
def test_filter_errors(path: str) -> None:
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.find(jsonpath.compile_path(path), FILTERS)


@pytest.mark.parametrize("path", [".a[-]", ".a[?(@.b)x", ".a[?(@.b", ".a[1:x]"])
def test_more_compile_errors(path: str) -> None:
    with pytest.raises(jsonpath.JSONPathError):
        jsonpath.compile_path(path)
