"""PATCH Content-Type resolution and body decoding, as kube-apiserver's handler does them."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import ALL_PATCH_TYPES, PatchType, parse_patch_body

ALL = (
    "application/json-patch+json, application/merge-patch+json, "
    "application/strategic-merge-patch+json, application/apply-patch+yaml"
)
UNKNOWN = "the body of the request was in an unknown format - accepted media types include: "


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json-patch+json", PatchType.JSON),
        ("application/merge-patch+json", PatchType.MERGE),
        ("application/strategic-merge-patch+json", PatchType.STRATEGIC),
        ("application/apply-patch+yaml", PatchType.APPLY_YAML),
        ("application/merge-patch+json; charset=utf-8", PatchType.MERGE),
        ("application/merge-patch+json;charset=UTF-8", PatchType.MERGE),
    ],
)
def test_content_types(content_type: str, expected: PatchType) -> None:
    patch_type, _ = parse_patch_body(content_type, b"{}")
    assert patch_type is expected


@pytest.mark.parametrize(
    "content_type",
    [
        "",
        "application/json",
        "Application/Merge-Patch+json",
        " application/merge-patch+json",
        "application/yaml",
    ],
)
def test_unknown_content_type_is_415(content_type: str) -> None:
    with pytest.raises(StatusError) as caught:
        parse_patch_body(content_type, b"{}")
    assert (caught.value.code, caught.value.reason) == (415, "UnsupportedMediaType")
    assert caught.value.message == UNKNOWN + ALL


def test_custom_resources_refuse_strategic_merge_patch() -> None:
    accepted = [t for t in ALL_PATCH_TYPES if t is not PatchType.STRATEGIC]
    with pytest.raises(StatusError) as caught:
        parse_patch_body("application/strategic-merge-patch+json", b"{}", accepted=accepted)
    assert caught.value.message == UNKNOWN + (
        "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
    )


@pytest.mark.parametrize(
    ("content_type", "body", "expected"),
    [
        ("application/json-patch+json", b'[{"op":"remove","path":"/a"}]', [{"op": "remove", "path": "/a"}]),
        ("application/json-patch+json", b"null", None),
        ("application/merge-patch+json", b'{"a":null}', {"a": None}),
        ("application/strategic-merge-patch+json", b'{"n": 9223372036854775807}', {"n": 9223372036854775807}),
    ],
)
def test_json_bodies(content_type: str, body: bytes, expected: Any) -> None:
    assert parse_patch_body(content_type, body) == (PatchType(content_type), expected)


@pytest.mark.parametrize(
    ("content_type", "body", "message"),
    [
        ("application/merge-patch+json", b"{", "Invalid JSON Patch"),
        ("application/merge-patch+json", b"", "Invalid JSON Patch"),
        ("application/json-patch+json", b"", "unexpected end of JSON input"),
        ("application/json-patch+json", b'[{"op":', "unexpected end of JSON input"),
        ("application/strategic-merge-patch+json", b"{x}", "invalid JSON: "),
    ],
)
def test_malformed_json_is_400(content_type: str, body: bytes, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        parse_patch_body(content_type, body)
    assert (caught.value.code, caught.value.reason) == (400, "BadRequest")
    assert caught.value.message.startswith(message)


APPLY = "application/apply-patch+yaml"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b'{"apiVersion":"v1","kind":"ConfigMap"}', {"apiVersion": "v1", "kind": "ConfigMap"}),
        (
            b"apiVersion: v1\nkind: ConfigMap\ndata:\n  a: '1'\n",
            {"apiVersion": "v1", "kind": "ConfigMap", "data": {"a": "1"}},
        ),
        (
            b"when: 2024-01-02\nat: 2024-01-02T03:04:05Z\n",
            {"when": "2024-01-02", "at": "2024-01-02T03:04:05Z"},
        ),
        (
            b"a: y\nb: n\nc: on\nd: Off\ne: yes\nf: true\n",
            {"a": True, "b": False, "c": True, "d": False, "e": True, "f": True},
        ),
        (
            b"a: 010\nb: 0x1f\nc: 1_000\nd: 0o17\ne: -3\nf: 08\n",
            {"a": 8, "b": 31, "c": 1000, "d": 15, "e": -3, "f": 8.0},
        ),
        (b"a: 1.5\nb: 1e3\nc: .5\nd: 22:22\n", {"a": 1.5, "b": 1000.0, "c": 0.5, "d": "22:22"}),
        (b"1: a\ntrue: b\n2.5: c\n", {"1": "a", "true": "b", "2.5": "c"}),
        (b"a: ~\nb: null\nc:\n", {"a": None, "b": None, "c": None}),
        (b"base: &b {x: 1}\nderived:\n  <<: *b\n  z: 2\n", {"base": {"x": 1}, "derived": {"x": 1, "z": 2}}),
        # go-yaml v2 reads an unquoted y as a boolean, in keys too: the JSON key is "true".
        (b"y: 1\n'n': 2\n", {"true": 1, "n": 2}),
        (b"a: 1\n---\nb: 2\n", {"a": 1}),
        (b"", None),
        (b"null", None),
    ],
)
def test_apply_yaml_bodies(body: bytes, expected: Any) -> None:
    assert parse_patch_body(APPLY, body) == (PatchType.APPLY_YAML, expected)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"a: b: c\n", "error decoding YAML: error converting YAML to JSON: yaml: line 1:"),
        (
            b"- a\n- b\n",
            "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array",
        ),
        (b"x: .inf\n", "error decoding YAML: error converting YAML to JSON: json: unsupported value: +Inf"),
        (
            b"[1, 2]",
            "error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array",
        ),
        (b"? [a]\n: b\n", "error decoding YAML: error converting YAML to JSON: "),
    ],
)
def test_malformed_apply_yaml_is_400(body: bytes, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        parse_patch_body(APPLY, body)
    assert (caught.value.code, caught.value.reason) == (400, "BadRequest")
    assert caught.value.message.startswith(message)


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("application/merge-patch+json", b'{"a":' * 300 + b"1" + b"}" * 300),
        (APPLY, b"a:\n" + b"".join(b"  " * i + b"- \n" for i in range(1, 300))),
    ],
)
def test_too_deep_bodies_are_400(content_type: str, body: bytes) -> None:
    with pytest.raises(StatusError) as caught:
        parse_patch_body(content_type, body)
    assert caught.value.code == 400
