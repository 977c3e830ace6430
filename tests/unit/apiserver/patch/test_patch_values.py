"""Decoded-JSON helpers: Go's typed equality and %v rendering, copying, depth; package exports."""

from __future__ import annotations

from typing import Any

import pytest

import kubeedge.apiserver.patch as patch_package
from kubeedge.apiserver.patch import _values


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1.0, "1"),
        (1.5, "1.5"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (100000.0, "100000"),
        (123456.0, "123456"),
        (1e6, "1e+06"),
        (1234567.0, "1.234567e+06"),
        (1e21, "1e+21"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (1.5e-7, "1.5e-07"),
        (0.0, "0"),
        (-0.0, "-0"),
        (float("inf"), "+Inf"),
        (float("-inf"), "-Inf"),
        (float("nan"), "NaN"),
    ],
)
def test_go_float(value: float, text: str) -> None:
    assert _values.go_float(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ({"name": "a", "image": "x"}, "map[image:x name:a]"),
        ({"b": [1, "x", None], "a": {"c": True}}, "map[a:map[c:true] b:[1 x <nil>]]"),
        ([], "[]"),
        (None, "<nil>"),
        (80, "80"),
        (2.5, "2.5"),
    ],
)
def test_go_format(value: Any, text: str) -> None:
    assert _values.go_format(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("merge", "merge"),
        (1, "%!s(int64=1)"),
        (1.5, "%!s(float64=1.5)"),
        (True, "%!s(bool=true)"),
        (None, "%!s(<nil>)"),
    ],
)
def test_go_format_s(value: Any, text: str) -> None:
    assert _values.go_format_s(value) == text


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (1, 1, True),
        (1, 1.0, False),
        (True, 1, False),
        (False, 0, False),
        ("a", "a", True),
        ({"a": [1, {"b": None}]}, {"a": [1, {"b": None}]}, True),
        ({"a": 1}, {"a": 1.0}, False),
        ({"a": None}, {}, False),
        ([1, 2], [2, 1], False),
        (None, None, True),
    ],
)
def test_strict_equal_and_hash_key_agree(left: Any, right: Any, equal: bool) -> None:
    assert _values.strict_equal(left, right) is equal
    assert (_values.hash_key(left) == _values.hash_key(right)) is equal


def test_copy_value_is_deep_and_fresh() -> None:
    original: Any = {"a": [{"b": [1, 2]}, "s"], "c": {}}
    copied = _values.copy_value(original)
    assert copied == original
    assert copied is not original
    assert copied["a"] is not original["a"]
    assert copied["a"][0]["b"] is not original["a"][0]["b"]
    assert copied["c"] is not original["c"]


def test_copy_value_is_not_recursive() -> None:
    deep: Any = []
    for _ in range(5000):
        deep = [deep]
    assert _values.is_too_deep(_values.copy_value(deep))


@pytest.mark.parametrize(("depth", "too_deep"), [(1, False), (254, False), (255, True)])
def test_is_too_deep(depth: int, too_deep: bool) -> None:
    value: Any = {}
    for _ in range(depth - 1):
        value = {"k": value}
    assert _values.is_too_deep(value) is too_deep
    assert not _values.is_too_deep("scalar")


def test_package_exports() -> None:
    # Other modules (server-side apply) may add to the package; these names are the contract.
    expected = {
        "ALL_PATCH_TYPES",
        "DEFAULT_MAX_COPY_BYTES",
        "MAX_JSON_PATCH_OPERATIONS",
        "MAX_NESTING_DEPTH",
        "PatchType",
        "apply_json_patch",
        "apply_merge_patch",
        "apply_strategic_merge_patch",
        "parse_patch_body",
    }
    assert expected <= set(patch_package.__all__)
    assert all(hasattr(patch_package, name) for name in patch_package.__all__)
