"""Everything both OpenAPI documents say, gathered once per catalog state: definitions and paths.

The built-in definitions come from the built-in schema set (kube names, v3 form), the support
definitions from ``support``, and each custom resource version adds its kind and list kind
(``crd_schema``). Paths come from ``routes``, grouped by group version. Renderers then only
choose a form: ``builder_v3`` cuts one document per group version, ``builder_v2`` one document
for all.

Every reference must resolve in every document: a reference to a definition nobody supplied (a
built-in kind served without a schema, as in small test set-ups) gets a bare ``type: object``
placeholder, recorded in :attr:`ApiModel.placeholders` so tests can insist there are none.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.openapi import crd_schema, routes, support
from kubeedge.apiserver.registry.builtin import builtin_strategies
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.schema.model import Schema, SchemaSet

__all__ = ["ApiModel", "GroupVersion", "build_model", "path_references", "references"]

GroupVersion = tuple[str, str]
_GVK_KEY = "x-kubernetes-group-version-kind"


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiModel:
    # Definition name to v3 node (built-ins, support types, custom resources).
    definitions: Mapping[str, Schema]
    # v2 forms that differ from the generic conversion of the v3 node (custom resources).
    v2_overrides: Mapping[str, Schema]
    # Published paths by group version, in catalog order.
    paths: Mapping[GroupVersion, tuple[routes.PathItem, ...]]
    # Definitions invented because nothing supplied them (should be empty in a real server).
    placeholders: frozenset[str]


def references(node: Any) -> Iterator[str]:
    """Names of the definitions ``node`` refers to (anywhere inside it)."""
    if isinstance(node, Mapping):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(REF_PREFIX):
                yield value[len(REF_PREFIX) :]
            elif isinstance(value, Mapping | list):
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def _gvk_index(definitions: Mapping[str, Schema]) -> dict[tuple[str, str, str], str]:
    index: dict[tuple[str, str, str], str] = {}
    for name, node in definitions.items():
        for gvk in node.get(_GVK_KEY) or ():
            if isinstance(gvk, Mapping):
                index.setdefault((gvk.get("group", ""), gvk.get("version", ""), gvk.get("kind", "")), name)
    return index


def _builtin_definitions(infos: Iterable[ResourceInfo], builtin: SchemaSet | None) -> dict[str, Schema]:
    if builtin is not None:
        return dict(builtin.definitions)
    merged: dict[str, Schema] = {}
    for info in infos:
        if not info.is_custom and info.schema is not None:
            merged.update(info.schema.schemas.definitions)
    return merged


def _placeholder(gvk: tuple[str, str, str] | None) -> dict[str, Any]:
    node: dict[str, Any] = {"type": "object"}
    if gvk is not None:
        group, version, kind = gvk
        node[_GVK_KEY] = [{"group": group, "kind": kind, "version": version}]
    return node


def build_model(infos: Iterable[ResourceInfo], builtin: SchemaSet | None) -> ApiModel:
    """Collect definitions and paths for the served resources ``infos``."""
    infos = list(infos)
    definitions = _builtin_definitions(infos, builtin)
    for name, node in support.support_definitions().items():
        definitions.setdefault(name, node)
    index = _gvk_index(definitions)
    strategies = builtin_strategies()
    placeholders: set[str] = set()
    overrides: dict[str, Schema] = {}
    paths: dict[GroupVersion, list[routes.PathItem]] = {}

    def ensure(name: str, gvk: tuple[str, str, str] | None) -> None:
        if name not in definitions:
            definitions[name] = _placeholder(gvk)
            placeholders.add(name)

    for info in infos:
        gv = (info.group, info.version)
        if gv not in paths:
            paths[gv] = [routes.discovery_path(*gv)]
        if info.is_custom:
            custom = crd_schema.custom_definitions(info)
            kind_ref, list_ref = custom.kind_name, custom.list_name
            definitions[kind_ref], definitions[list_ref] = custom.kind_v3, custom.list_v3
            overrides[kind_ref], overrides[list_ref] = custom.kind_v2, custom.list_v2
            returns_deleted = False
        else:
            kind_gvk = (info.group, info.version, info.kind)
            list_gvk = (info.group, info.version, info.list_kind)
            kind_ref = info.definition or index.get(kind_gvk) or f"{info.group}.{info.version}.{info.kind}"
            list_ref = index.get(list_gvk) or kind_ref + "List"
            ensure(kind_ref, kind_gvk)
            if "list" in info.verbs:
                ensure(list_ref, list_gvk)
            strategy = strategies.get(info.storage_prefix())
            returns_deleted = strategy is not None and strategy.return_deleted_object
        paths[gv].extend(
            routes.resource_paths(info, kind_ref=kind_ref, list_ref=list_ref, returns_deleted=returns_deleted)
        )

    # Close over references: anything still dangling gets a placeholder.
    pending = [ref for items in paths.values() for ref in path_references(items)]
    pending += [ref for node in list(definitions.values()) for ref in references(node)]
    while pending:
        name = pending.pop()
        if name not in definitions:
            ensure(name, None)
    return ApiModel(
        definitions=definitions,
        v2_overrides=overrides,
        paths={gv: tuple(items) for gv, items in paths.items()},
        placeholders=frozenset(placeholders),
    )


def path_references(items: Iterable[routes.PathItem]) -> Iterator[str]:
    """Names of the definitions the operations of ``items`` refer to (bodies and responses)."""
    for item in items:
        for op in item.operations:
            if op.body is not None:
                yield op.body.definition
            for response in op.responses:
                if response.definition is not None:
                    yield response.definition
