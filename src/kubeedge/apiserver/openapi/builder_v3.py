"""OpenAPI v3: one document per group version, and the discovery index that points at them.

kube-apiserver serves ``/openapi/v3`` as ``{"paths": {"api/v1": {"serverRelativeURL":
"/openapi/v3/api/v1?hash=<HASH>"}, ...}}`` where the hash is the upper-case hex SHA-512 of that
group version's JSON document, and each document as OpenAPI 3.0.0 with the group version's paths
and, under ``components.schemas``, exactly the definitions those paths need (transitively).
``kubectl explain`` finds a kind there by the ``x-kubernetes-group-version-kind`` of its
operations and definitions; kubectl's field-validation check and strategic-merge patching read
the PATCH operations and the schemas.

Keys are sorted on output, as Go's encoder sorts map keys, so equal models give equal bytes.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.openapi import routes
from kubeedge.apiserver.openapi.model import path_references, references
from kubeedge.apiserver.openapi.naming import group_version_path
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from kubeedge.apiserver.openapi.model import ApiModel, GroupVersion
    from kubeedge.apiserver.openapi.parameters import Param
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["SECURITY_SCHEME", "V3Documents", "build_v3", "compute_etag", "render_paths"]

SECURITY_SCHEME = {
    "BearerToken": {
        "description": "Bearer Token authentication",
        "in": "header",
        "name": "authorization",
        "type": "apiKey",
    }
}


def compute_etag(data: bytes) -> str:
    """kube-openapi's ETag and ``hash`` value: upper-case hex SHA-512 of the served JSON."""
    return hashlib.sha512(data).hexdigest().upper()


class V3Documents:
    """The serialized group-version documents and the discovery index, with their ETags."""

    def __init__(self, documents: Mapping[str, bytes]) -> None:
        self.documents = dict(documents)  # "api/v1" / "apis/apps/v1" → JSON bytes
        self.etags = {path: compute_etag(body) for path, body in self.documents.items()}
        index = {path: {"serverRelativeURL": f"/openapi/v3/{path}?hash={etag}"} for path, etag in self.etags.items()}
        self.index = orjson.dumps({"paths": index}, option=orjson.OPT_SORT_KEYS)
        self.index_etag = compute_etag(self.index)


def build_v3(model: ApiModel, *, version: str) -> V3Documents:
    """One serialized OpenAPI 3.0.0 document per served group version."""
    documents = {}
    for (group, gv_version), items in model.paths.items():
        document = _document(model, items, version=version)
        documents[group_version_path(group, gv_version)] = orjson.dumps(document, option=orjson.OPT_SORT_KEYS)
    return V3Documents(documents)


def group_version_document(model: ApiModel, gv: GroupVersion, *, version: str) -> dict[str, Any]:
    """The document of one group version, unserialized (for tests and tools)."""
    return _document(model, model.paths[gv], version=version)


def _document(model: ApiModel, items: Iterable[routes.PathItem], *, version: str) -> dict[str, Any]:
    items = list(items)
    return {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": version},
        "paths": render_paths(items),
        "components": {
            "schemas": _closure(model.definitions, path_references(items)),
            "securitySchemes": SECURITY_SCHEME,
        },
    }


def _closure(definitions: Mapping[str, Schema], roots: Iterable[str]) -> dict[str, Schema]:
    chosen: dict[str, Schema] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in chosen:
            continue
        node = definitions[name]
        chosen[name] = node
        pending.extend(references(node))
    return chosen


def render_paths(items: Iterable[routes.PathItem]) -> dict[str, Any]:
    """The ``paths`` object of a v3 document."""
    rendered: dict[str, Any] = {}
    for item in items:
        shared, own = routes.split_parameters(item)
        path: dict[str, Any] = {op.method: _operation(op, own[op.method]) for op in item.operations}
        if shared:
            path["parameters"] = [_parameter(param) for param in shared]
        rendered[item.path] = path
    return rendered


def _operation(op: routes.Operation, params: tuple[Param, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": op.description,
        "operationId": op.operation_id,
        "responses": {response.code: _response(response, op.produces) for response in op.responses},
        "tags": [op.tag],
    }
    if params:
        out["parameters"] = [_parameter(param) for param in params]
    if op.body is not None:
        schema = {"$ref": REF_PREFIX + op.body.definition}
        body: dict[str, Any] = {"content": {media: {"schema": schema} for media in op.consumes}}
        if op.body.required:
            body["required"] = True
        out["requestBody"] = body
    if op.action is not None:
        out["x-kubernetes-action"] = op.action
    if op.gvk is not None:
        group, version, kind = op.gvk
        out["x-kubernetes-group-version-kind"] = {"group": group, "kind": kind, "version": version}
    return out


def _response(response: routes.Response, produces: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description}
    schema: dict[str, Any] | None = None
    if response.definition is not None:
        schema = {"$ref": REF_PREFIX + response.definition}
    elif response.primitive is not None:
        schema = {"type": response.primitive}
    if schema is not None:
        out["content"] = {media: {"schema": schema} for media in produces}
    return out


def _parameter(param: Param) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": param.description,
        "in": str(param.location),
        "name": param.name,
        "schema": {"type": param.type, "uniqueItems": True},
    }
    if param.required:
        out["required"] = True
    return out
