"""Template hashes: FNV-1a, the safe alphabet, stability and the collision count."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.controllers import hashing

TEMPLATE: dict[str, Any] = {
    "metadata": {"labels": {"app": "web"}},
    "spec": {"containers": [{"name": "c", "image": "nginx:1"}]},
}


@pytest.mark.parametrize(
    ("data", "expected"),
    [(b"", 0x811C9DC5), (b"a", 0xE40C292C), (b"foobar", 0xBF9CF968)],
)
def test_fnv32a_reference_vectors(data: bytes, expected: int) -> None:
    assert hashing.fnv32a(data) == expected


def test_safe_encode_maps_digits_like_kube() -> None:
    assert hashing.safe_encode("0123456789") == "456789bcdf"


def test_hash_is_stable_and_looks_like_kubes() -> None:
    first = hashing.compute_hash(TEMPLATE)
    assert first == hashing.compute_hash({"spec": TEMPLATE["spec"], "metadata": TEMPLATE["metadata"]})
    assert re.fullmatch(r"[bcdf45-9]{1,10}", first)


def test_absent_and_empty_hash_alike() -> None:
    padded = {**TEMPLATE, "metadata": {**TEMPLATE["metadata"], "annotations": {}, "creationTimestamp": None}}
    assert hashing.compute_hash(padded) == hashing.compute_hash(TEMPLATE)


def test_changes_and_collision_counts_change_the_hash() -> None:
    changed = {**TEMPLATE, "spec": {"containers": [{"name": "c", "image": "nginx:2"}]}}
    assert hashing.compute_hash(changed) != hashing.compute_hash(TEMPLATE)
    assert hashing.compute_hash(TEMPLATE, 1) != hashing.compute_hash(TEMPLATE)
    assert hashing.compute_hash(TEMPLATE, 1) != hashing.compute_hash(TEMPLATE, 2)
    assert hashing.compute_hash(TEMPLATE, None) == hashing.compute_hash(TEMPLATE)


@given(st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=4), st.integers(0, 2**31 - 1))
def test_hash_is_a_valid_label_value(labels: dict[str, str], collisions: int) -> None:
    value = hashing.compute_hash({"metadata": {"labels": labels}}, collisions)
    assert re.fullmatch(r"[a-z0-9]{1,10}", value)
    assert set(value) <= set(hashing.SAFE_ALPHABET)
