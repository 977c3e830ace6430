"""The structured diff's shortcuts give what the plain walk gives: the same sets, the same failures.

``compare`` skips subtrees equal on both sides; a create is written straight to ``fieldsV1``.
Each is checked against the unshortened computation on random edits of realistic objects.
"""

from __future__ import annotations

import random
from typing import Any

import orjson
import pytest
from _ssa_objects import CASES, mutate
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.patch import _fielddiff
from kubeedge.apiserver.patch.fieldset import FieldSet, TypedValueError, Typer, path_string
from kubeedge.apiserver.patch.managedfields import (
    ManagerEntry,
    compare,
    encode_managed_fields,
    reset_filter,
    track_update,
    tracked_managed_fields,
    update_managed_fields,
    zero_object,
)

NOW = "2024-05-01T10:00:00Z"
# By name: a case's repr would print its whole schema.
BY_NAME = {case[0]: case for case in CASES}
cases = st.sampled_from(sorted(BY_NAME))
# A seed rather than st.randoms(): the edits draw a varying number of values.
seeds = st.integers(0, 2**32).map(random.Random)


def _paths(fields: FieldSet) -> set[str]:
    return {path_string(p) for p in fields.paths}


def _compared(old: Any, new: Any, typer: Typer) -> tuple[Any, ...]:
    try:
        diff = compare(old, new, typer)
    except TypedValueError:
        return ("cannot name an item",)
    return (_paths(diff.added), _paths(diff.modified), _paths(diff.removed))


@settings(max_examples=300, deadline=None)
@given(seeds, cases)
def test_compare_matches_the_plain_walk(rnd: random.Random, case: str) -> None:
    _, schema, _, make = BY_NAME[case]
    old = mutate(rnd, make(), rnd.randint(0, 3))
    new = mutate(rnd, old, rnd.randint(0, 3))
    typer = Typer(schema)
    got = _compared(old, new, typer), _compared(new, new, typer)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(_fielddiff, "_same", lambda lhs, rhs: False)
        want = _compared(old, new, typer), _compared(new, new, typer)
    assert got == want


@pytest.mark.parametrize(
    ("old", "new", "modified"),
    [
        ({"spec": {"a": 1}}, {"spec": {"a": True}}, {".spec.a"}),  # true is not 1
        ({"spec": {"a": 1}}, {"spec": {"a": 1.0}}, set()),  # but 1.0 is
        ({"spec": {"a": [1]}}, {"spec": {"a": [True]}}, {".spec.a"}),
    ],
)
def test_equal_in_python_is_not_equal_in_json(old: Any, new: Any, modified: set[str]) -> None:
    diff = compare(old, new, Typer(None))
    assert _paths(diff.modified) == modified


def test_equal_values_with_unnamable_items_still_fail() -> None:
    _, schema, _, make = BY_NAME["builtin pod"]
    obj = make()
    obj["spec"]["containers"].append({"image": "no-name"})
    with pytest.raises(TypedValueError):
        compare(obj, obj, Typer(schema))


def _plain(entry: ManagerEntry) -> dict[str, Any]:
    # The wire entry with its fields encoded from the paths alone (no memory of earlier sets).
    return {**entry.to_dict(), "fieldsV1": FieldSet(entry.fields.paths).trie().to_fields_v1()}


@settings(max_examples=300, deadline=None)
@given(seeds, cases, st.booleans(), st.booleans(), st.sampled_from(["", "status"]))
def test_create_matches_the_general_update(
    rnd: random.Random, case: str, builtin: bool, ignore_status: bool, subresource: str
) -> None:
    _, schema, _, make = BY_NAME[case]
    obj = mutate(rnd, make(), rnd.randint(0, 4))
    assume(isinstance(obj.get("metadata"), dict))  # as the registry guarantees
    options: dict[str, str] = {"manager": "kubectl", "api_version": "v1", "subresource": subresource, "now": NOW}
    fast = tracked_managed_fields(None, obj, schema=schema, ignore_status=ignore_status, builtin=builtin, **options)
    typer = Typer(schema)
    try:
        managed = track_update(
            zero_object(typer) if builtin else {},
            obj,
            {},
            typer=typer,
            reset=reset_filter(subresource=subresource, ignore_status=ignore_status),
            **options,
        )
    except TypedValueError:
        managed = {}
    general = [_plain(e) for e in sorted(managed.values(), key=lambda e: e.manager)] or None
    assert orjson.dumps(fast) == orjson.dumps(general)
    if general is not None:
        assert orjson.dumps(encode_managed_fields(managed)) == orjson.dumps(general)


@settings(max_examples=200, deadline=None)
@given(seeds, cases, st.sampled_from(["kubectl", "other"]))
def test_tracked_is_what_update_stores(rnd: random.Random, case: str, manager: str) -> None:
    _, schema, builtin, make = BY_NAME[case]
    stored = update_managed_fields(
        None, mutate(rnd, make(), 2), manager="kubectl", api_version="v1", now=NOW, schema=schema, builtin=builtin
    )
    new = mutate(rnd, stored, rnd.randint(0, 3))
    assume(isinstance(new.get("metadata"), dict))
    before = repr(new)
    tracked = tracked_managed_fields(
        stored, new, manager=manager, api_version="v1", now=NOW, schema=schema, builtin=builtin
    )
    updated = update_managed_fields(
        stored, new, manager=manager, api_version="v1", now=NOW, schema=schema, builtin=builtin
    )
    assert repr(new) == before  # neither writes to its input
    assert tracked == updated["metadata"].get("managedFields")
