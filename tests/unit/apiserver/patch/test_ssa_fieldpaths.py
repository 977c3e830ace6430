"""Field sets written from memory are written exactly as encoding their paths afresh writes them.

A set read from a document already in SMD's form is written back as that document; a union with
such a set is written by inserting the new paths into it; other sets are remembered by content.
Each way must give the bytes the plain trie encoding gives, whatever the document looked like.
"""

from __future__ import annotations

import json
import random
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.patch.fieldset import FieldSet, PathElement

names = st.text(alphabet=st.sampled_from('ab.:"<>&\\é\n/ '), min_size=0, max_size=3)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.sampled_from([10**21, 1e21, 1.0, 1.5, -0.0]),
    st.text(alphabet="ab", max_size=2),
)
elements = st.one_of(
    names.map(PathElement.of_field),
    st.dictionaries(st.sampled_from(["name", "port", "protocol"]), scalars, min_size=1, max_size=2).map(
        PathElement.of_key
    ),
    scalars.map(PathElement.of_value),
    st.integers(0, 3).map(PathElement.of_index),
)
field_sets = st.lists(st.lists(elements, min_size=1, max_size=3).map(tuple), max_size=10).map(FieldSet.of)
small_sets = st.lists(st.lists(elements, min_size=1, max_size=3).map(tuple), max_size=3).map(FieldSet.of)


def plain(fields: FieldSet) -> bytes:
    """The reference: a fresh set of the same paths, encoded through its trie."""
    return orjson.dumps(FieldSet(fields.paths).trie().to_fields_v1())


def written(fields: FieldSet) -> bytes:
    return orjson.dumps(fields.to_fields_v1())


def _reshaped(document: dict[str, Any], rnd: random.Random) -> dict[str, Any]:
    """The same fields, written in ways SMD would not write them (or that drop something)."""
    out: dict[str, Any] = {}
    items = list(document.items())
    if rnd.random() < 0.3:
        items.reverse()
    for key, sub in items:
        roll = rnd.random()
        if roll < 0.1 and key.startswith(("k:", "v:")):
            key = key[:2] + json.dumps(json.loads(key[2:]), separators=(", ", ": "))
        elif roll < 0.15:
            out["x:unknown"] = {}
        elif roll < 0.2 and "." not in out:
            out["."] = {}
        out[key] = _reshaped(sub, rnd) if sub else ({".": {}} if roll > 0.95 else {})
    return out


@settings(max_examples=300, deadline=None)
@given(field_sets, st.integers(0, 2**32))
def test_read_sets_are_written_as_encoded(fields: FieldSet, seed: int) -> None:
    canonical = fields.trie().to_fields_v1()
    for document in (canonical, _reshaped(canonical, random.Random(seed))):
        read = FieldSet.from_fields_v1(document)
        assert written(read) == plain(read)
        assert written(read) == plain(read)  # a second time, from memory
    assert written(FieldSet.from_fields_v1(canonical)) == orjson.dumps(canonical)


@settings(max_examples=300, deadline=None)
@given(field_sets, small_sets, small_sets)
def test_unions_are_written_as_encoded(fields: FieldSet, more: FieldSet, again: FieldSet) -> None:
    read = FieldSet.from_fields_v1(fields.trie().to_fields_v1())
    everything = fields.paths | more.paths | again.paths
    for union, paths in (
        (read | more, fields.paths | more.paths),
        (more | read, fields.paths | more.paths),
        (more.union(read, again), everything),
        ((read | more) | again, everything),
    ):
        assert union.paths == paths
        assert written(union) == plain(union)


def test_equal_elements_written_differently_are_not_confused() -> None:
    # 1e21 == 10**21, so the two sets are equal, but each is written as its own numbers.
    as_float = FieldSet.of([(PathElement.of_field("s"), PathElement.of_value(1e21))])
    as_int = FieldSet.of([(PathElement.of_field("s"), PathElement.of_value(10**21))])
    assert as_float == as_int
    for _ in range(2):
        assert as_float.to_fields_v1() == {"f:s": {"v:1e+21": {}}}
        assert as_int.to_fields_v1() == {"f:s": {"v:1000000000000000000000": {}}}
    assert (as_float | FieldSet.from_fields_v1({"f:t": {}})).to_fields_v1() == {"f:s": {"v:1e+21": {}}, "f:t": {}}


def test_each_writing_is_a_new_object() -> None:
    read = FieldSet.from_fields_v1({"f:a": {".": {}, "f:b": {}}})
    first = read.to_fields_v1()
    first["f:a"]["f:c"] = {}
    assert read.to_fields_v1() == {"f:a": {".": {}, "f:b": {}}}
