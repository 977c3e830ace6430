"""Pruning with what it remembers of a schema prunes exactly as a first, uninformed walk does.

``prune`` keeps each node's resolution in the schema's memo and skips the second walk (the
metadata of embedded resources) under nodes that cannot reach an embedded resource. Both are
checked against a cold schema and against walking everywhere.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.schema import prune as pruning
from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet, TypedSchema

STR = {"type": "string"}
EMBEDDED = {
    "type": "object",
    "x-kubernetes-embedded-resource": True,
    "properties": {"spec": {"type": "object", "properties": {"x": STR}}},
}
DEFINITIONS: dict[str, Any] = {
    # A cyclic definition that reaches an embedded resource only through itself.
    "Node": {"type": "object", "properties": {"next": {"$ref": REF_PREFIX + "Node"}, "a": STR, "template": EMBEDDED}},
    "Plain": {"type": "object", "properties": {"next": {"$ref": REF_PREFIX + "Plain"}, "a": STR}},
}
ROOT: dict[str, Any] = {
    "type": "object",
    "properties": {
        "spec": {
            "type": "object",
            "properties": {
                "tree": {"$ref": REF_PREFIX + "Node", "description": "kept at the use site"},
                "plain": {"$ref": REF_PREFIX + "Plain"},
                "list": {"type": "array", "items": EMBEDDED},
                "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": True, "properties": {"a": STR}},
                "map": {"type": "object", "additionalProperties": EMBEDDED},
                "closed": {"type": "object", "additionalProperties": False},
            },
        }
    },
}

KEYS = ["spec", "tree", "plain", "list", "free", "map", "closed", "next", "a", "x", "template", "metadata", "junk"]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 2) | st.text(max_size=3),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.sampled_from(KEYS), children, max_size=4),
    max_leaves=30,
)
META = st.fixed_dictionaries({"name": st.text(max_size=2)}, optional={"junk": st.integers(), "labels": JSON})


def fresh() -> TypedSchema:
    return TypedSchema(SchemaSet(dict(DEFINITIONS)), ROOT)


WARM = fresh()


@settings(max_examples=300, deadline=None)
@given(spec=JSON, meta=META, root=st.booleans())
def test_remembered_schema_prunes_as_a_cold_one_and_as_walking_everywhere(spec: Any, meta: Any, root: bool) -> None:
    obj = {"apiVersion": "g/v1", "kind": "K", "metadata": meta, "spec": spec}
    results = []
    for schema, walk_everywhere in ((WARM, False), (fresh(), False), (fresh(), True)):
        value = copy.deepcopy(obj)
        with pytest.MonkeyPatch.context() as patched:
            if walk_everywhere:
                patched.setattr(pruning._Pruner, "_embeds_below", lambda self, node: True)
            removed = pruning.prune(value, schema, is_resource_root=root)
        results.append((removed, repr(value)))
    assert results[0] == results[1] == results[2]


def test_embedded_resources_below_a_cycle_are_reached() -> None:
    obj = {
        "spec": {
            "tree": {"next": {"next": {"template": {"apiVersion": "v1", "kind": "K", "metadata": {"junk": 1}}}}},
            "plain": {"next": {"next": {"a": "x", "junk": 1}}},
        }
    }
    assert pruning.prune(obj, WARM) == ["spec.plain.next.next.junk", "spec.tree.next.next.template.metadata.junk"]
