"""How the apiserver sees an object's schema: OpenAPI v3 nodes with Kubernetes extensions.

One representation serves every consumer: built-in types (authored in ``schema/builtin``),
CustomResourceDefinitions (their ``openAPIV3Schema``), strategic merge patch (reads
``x-kubernetes-patch-merge-key`` / ``x-kubernetes-patch-strategy``), server-side apply (reads
``x-kubernetes-list-type`` / ``x-kubernetes-list-map-keys`` / ``x-kubernetes-map-type``),
pruning and strict field validation, and the ``/openapi/v2`` and ``/openapi/v3`` documents.

A node is a plain JSON mapping. Named definitions are referenced with
``{"$ref": "#/components/schemas/<name>"}`` (also accepted inside a one-element ``allOf``, the
way kube-openapi emits references that carry a description). :class:`SchemaSet` resolves them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["REF_PREFIX", "Schema", "SchemaSet", "TypedSchema"]

Schema = Mapping[str, Any]
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True, slots=True)
class SchemaSet:
    """A set of named schema definitions that nodes may reference."""

    definitions: Mapping[str, Schema] = field(default_factory=dict)

    def definition(self, name: str) -> Schema:
        return self.definitions[name]

    def resolve(self, node: Schema | None) -> Schema | None:
        """Follow ``$ref`` (directly or as a single ``allOf`` entry) to the schema it names.

        Sibling keys of a reference (extensions such as ``x-kubernetes-patch-merge-key`` written
        at the use site) are kept: they override the definition's own keys, as kube-openapi does.
        """
        if node is None:
            return None
        ref = node.get("$ref")
        if ref is None:
            all_of = node.get("allOf")
            if isinstance(all_of, list) and len(all_of) == 1 and "$ref" in all_of[0]:
                ref = all_of[0]["$ref"]
        if ref is None:
            return node
        target = self.definitions.get(ref.removeprefix(REF_PREFIX))
        if target is None:
            raise KeyError(f"schema reference {ref!r} is not defined")
        target = self.resolve(target)
        extra = {k: v for k, v in node.items() if k not in ("$ref", "allOf", "description")}
        if not extra:
            return target
        merged = dict(target or {})
        merged.update(extra)
        return merged

    def property(self, node: Schema | None, name: str) -> Schema | None:
        """The schema of field ``name`` of an object node, or None if the field is unknown.

        Unknown means: not in ``properties`` and no ``additionalProperties`` schema. Callers decide
        what an unknown field means (prune, reject, or keep under preserve-unknown-fields).
        """
        node = self.resolve(node)
        if node is None:
            return None
        props = node.get("properties")
        if props and name in props:
            return self.resolve(props[name])
        additional = node.get("additionalProperties")
        if isinstance(additional, Mapping):
            return self.resolve(additional)
        return None

    def items(self, node: Schema | None) -> Schema | None:
        """The schema of the elements of an array node."""
        node = self.resolve(node)
        if node is None:
            return None
        items = node.get("items")
        return self.resolve(items) if isinstance(items, Mapping) else None

    def preserves_unknown(self, node: Schema | None) -> bool:
        node = self.resolve(node)
        return bool(node and node.get("x-kubernetes-preserve-unknown-fields"))


@dataclass(frozen=True, slots=True)
class TypedSchema:
    """The root schema of one kind, with the definitions it may reference.

    ``memo`` belongs to the hot paths that walk objects against this schema (pruning, field
    tracking): they keep there what they derive from its nodes, once per schema rather than once
    per request. That is sound because a schema is never modified once built, and the memo lives
    exactly as long as the nodes it describes. Each user keeps its own key.
    """

    schemas: SchemaSet
    root: Schema
    memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def resolved_root(self) -> Schema:
        root = self.schemas.resolve(self.root)
        assert root is not None
        return root
