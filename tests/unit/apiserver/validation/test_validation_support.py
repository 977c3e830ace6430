"""Helpers: Go renderings, Go decoder errors, semantic equality, paths, rules."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.validation import encoding, equality, gotext, paths, rules


def test_paths() -> None:
    assert paths.child("", "spec") == "spec"
    assert paths.child("spec", "containers") == "spec.containers"
    assert paths.index("spec.containers", 2) == "spec.containers[2]"
    assert paths.key("metadata.labels", "app.kubernetes.io/name") == "metadata.labels[app.kubernetes.io/name]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("plain", '"plain"'),
        ('q"uote', '"q\\"uote"'),
        ("tab\t", '"tab\\t"'),
        ("\x01", '"\\x01"'),
        ("é", '"é"'),
        ("\u200b", '"\\u200b"'),
    ],
)
def test_go_quote(value: str, expected: str) -> None:
    assert gotext.go_quote(value) == expected


def test_go_values() -> None:
    assert str(gotext.go_string_map({"b": "2", "a": "1"})) == 'map[string]string{"a":"1", "b":"2"}'
    assert str(gotext.go_string_map(None)) == "map[string]string(nil)"
    assert str(gotext.go_string_map({})) == "map[string]string{}"
    assert str(gotext.go_string_slice(["a", "b"])) == '[]string{"a", "b"}'
    assert str(gotext.go_string_slice(None)) == "[]string(nil)"
    assert str(gotext.go_int_or_string(3)) == 'intstr.IntOrString{Type:0, IntVal:3, StrVal:""}'
    assert str(gotext.go_label_selector(None)) == "null"
    assert str(gotext.go_time("2024-03-04T05:06:07Z")) == "2024-03-04 05:06:07 +0000 UTC"
    assert str(gotext.go_time(None)) == "0001-01-01 00:00:00 +0000 UTC"


def test_go_value_in_field_error_message() -> None:
    error = FieldError.invalid("spec.selector", gotext.go_string_map({"app": "x"}), "field is immutable")
    assert str(error) == 'spec.selector: Invalid value: map[string]string{"app":"x"}: field is immutable'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("aGVsbG8=", None),
        ("aGVsbA==", None),
        ("aGVs\nbG8=", None),
        ("", None),
        ("aGVsbG8", "illegal base64 data at input byte 4"),
        ("aGVs*G8=", "illegal base64 data at input byte 4"),
        ("a===", "illegal base64 data at input byte 1"),
        ("aGVsbA=x", "illegal base64 data at input byte 6"),
        ("aGVsbA==x", "illegal base64 data at input byte 8"),
        ("aGVsbA=", "illegal base64 data at input byte 7"),
    ],
)
def test_base64_errors(text: str, error: str | None) -> None:
    assert encoding.base64_error(text) == error


@given(st.binary(max_size=64))
def test_base64_round_trip(data: bytes) -> None:
    text = base64.b64encode(data).decode()
    assert encoding.base64_error(text) is None
    assert encoding.decode_base64(text) == data


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        (b'{"auths": {}}', None),
        (b"null", None),
        (b"", "unexpected end of JSON input"),
        (b"{", "unexpected end of JSON input"),
        (b"x", "invalid character 'x' looking for beginning of value"),
        (b"{} x", "invalid character 'x' after top-level value"),
        (b'"s"', "json: cannot unmarshal string into Go value of type map[string]interface {}"),
        (b"1", "json: cannot unmarshal number into Go value of type map[string]interface {}"),
    ],
)
def test_json_object_errors(payload: bytes, error: str | None) -> None:
    assert encoding.json_object_error(payload) == error


def test_semantic_equality_ignores_zero_values() -> None:
    assert equality.semantic_equal({"a": 0, "b": False, "c": "", "d": [], "e": {}, "f": None}, {})
    assert equality.semantic_equal({"a": [{"x": 0}]}, {"a": [{}]})
    assert equality.semantic_equal({"a": 1.0}, {"a": 1})
    assert not equality.semantic_equal({"a": [1, 2]}, {"a": [2, 1]})
    assert not equality.semantic_equal({"a": True}, {})
    assert equality.describe_difference({"a": {"b": 1}}, {"a": {"b": 2}}, "spec") == "- spec.a.b: 1\n+ spec.a.b: 2"


def test_rules() -> None:
    assert rules.non_negative(-2, "spec.x") == [FieldError.invalid("spec.x", -2, "must be greater than or equal to 0")]
    assert rules.non_negative(None, "spec.x") == []
    assert rules.enum_value("", "spec.x", ["A"]) == [FieldError.required("spec.x")]
    assert rules.enum_value("", "spec.x", ["A"], required=False) == []
    assert rules.enum_value("B", "spec.x", ["A"]) == [FieldError.not_supported("spec.x", "B", ["A"])]
    assert rules.too_many("spec.x", 9, 8) == FieldError(
        FieldErrorType.TOO_MANY, "spec.x", 9, "must have at most 8 items"
    )
    first = FieldError.required("a")
    assert rules.dedupe([first, FieldError.required("a"), FieldError.required("b")]) == [
        first,
        FieldError.required("b"),
    ]
