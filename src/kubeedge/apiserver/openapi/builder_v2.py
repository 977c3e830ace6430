"""OpenAPI v2 (Swagger 2.0): one document for everything served, as ``/openapi/v2`` publishes it.

kubectl parses this document (as protobuf, see ``proto_v2``) before ``apply`` and ``create``:
it finds kinds by ``x-kubernetes-group-version-kind``, asks the PATCH operations whether the
server validates fields, and builds typed models from every definition. Its parser rejects what
Swagger 2.0 cannot say, so our v3 nodes are converted to kube-openapi's v2 forms:

- references become ``#/definitions/<name>``, and a reference wrapped in a one-element ``allOf``
  (v3's way to put extensions beside a reference) becomes a plain ``$ref`` with those siblings;
- ``oneOf``/``anyOf``/``not``/``nullable`` go; a type v3 spells as a ``oneOf`` of primitives
  takes its v2 type: IntOrString is ``type: string, format: int-or-string``, Quantity
  ``type: string`` (kube's OpenAPISchemaType/Format for both);
- defaults are pruned (kube's PruneDefaults), an array without items loses its type, and keywords
  Swagger does not know are dropped; ``x-kubernetes-*`` extensions stay.

Custom resources use their apiextensions v2 form from ``crd_schema`` before the same conversion.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.openapi import routes
from kubeedge.apiserver.openapi.builder_v3 import SECURITY_SCHEME
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kubeedge.apiserver.openapi.model import ApiModel
    from kubeedge.apiserver.openapi.parameters import Param
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["V2_REF_PREFIX", "build_v2", "schema_v2"]

V2_REF_PREFIX = "#/definitions/"

# Swagger 2.0 schema keywords (gnostic's Schema) we copy as they are.
_PLAIN_KEYS = frozenset(
    {
        "format",
        "title",
        "description",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "maxProperties",
        "minProperties",
        "required",
        "enum",
        "type",
        "discriminator",
        "readOnly",
        "xml",
        "externalDocs",
        "example",
    }
)
_PRIMITIVES = frozenset({"string", "number", "integer", "boolean"})


def _single_ref(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str):
        return ref
    all_of = node.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], Mapping):
        inner = all_of[0].get("$ref")
        if isinstance(inner, str) and len(all_of[0]) == 1:
            return inner
    return None


def _v2_ref(ref: str) -> str:
    return V2_REF_PREFIX + ref.removeprefix(REF_PREFIX)


def schema_v2(node: Schema) -> dict[str, Any]:
    """The Swagger 2.0 form of one v3 schema node (recursively)."""
    ref = _single_ref(node)
    if ref is not None:
        # kubectl refuses a reference that also has a type or properties; keep only prose and extensions.
        out: dict[str, Any] = {"$ref": _v2_ref(ref)}
        for key, value in node.items():
            if key == "description" or key.startswith("x-"):
                out[key] = value
        return out
    out = {}
    for key, value in node.items():
        if key.startswith("x-") or key in _PLAIN_KEYS:
            out[key] = value
        elif key == "properties" and isinstance(value, Mapping):
            out[key] = {name: schema_v2(sub) for name, sub in value.items()}
        elif key == "items":
            if isinstance(value, Mapping):
                out[key] = schema_v2(value)
            elif isinstance(value, list) and len(value) == 1:
                out[key] = schema_v2(value[0])
        elif key == "additionalProperties":
            out[key] = value if isinstance(value, bool) else schema_v2(value)
    if "type" not in out:
        alternatives = node.get("oneOf")
        if isinstance(alternatives, list):
            types = {alt.get("type") for alt in alternatives if isinstance(alt, Mapping)}
            if types <= _PRIMITIVES and "string" in types:
                out["type"] = "string"
    kind = out.get("type")
    if isinstance(kind, list):
        if len(kind) == 1:
            out["type"] = kind[0]
        else:
            del out["type"]  # kubectl accepts exactly one type
    if out.get("type") == "array" and "items" not in out:
        del out["type"]  # kubectl rejects arrays without an item schema
    return out


def build_v2(model: ApiModel, *, version: str) -> dict[str, Any]:
    """The whole Swagger 2.0 document."""
    definitions = {name: schema_v2(model.v2_overrides.get(name, node)) for name, node in model.definitions.items()}
    paths: dict[str, Any] = {}
    for items in model.paths.values():
        paths.update(render_paths(items))
    return {
        "swagger": "2.0",
        "info": {"title": "Kubernetes", "version": version},
        "paths": paths,
        "definitions": definitions,
        "securityDefinitions": SECURITY_SCHEME,
        "security": [{"BearerToken": []}],
    }


def render_paths(items: Iterable[routes.PathItem]) -> dict[str, Any]:
    rendered: dict[str, Any] = {}
    for item in items:
        shared, own = routes.split_parameters(item)
        path: dict[str, Any] = {op.method: _operation(op, own[op.method]) for op in item.operations}
        if shared:
            path["parameters"] = [_parameter(param) for param in shared]
        rendered[item.path] = path
    return rendered


def _operation(op: routes.Operation, params: tuple[Param, ...]) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = []
    if op.body is not None:
        body: dict[str, Any] = {"in": "body", "name": "body", "schema": {"$ref": V2_REF_PREFIX + op.body.definition}}
        if op.body.required:
            body["required"] = True
        parameters.append(body)
    parameters.extend(_parameter(param) for param in params)
    out: dict[str, Any] = {
        "consumes": list(op.consumes),
        "description": op.description,
        "operationId": op.operation_id,
        "produces": list(op.produces),
        "responses": {response.code: _response(response) for response in op.responses},
        "schemes": ["https"],
        "tags": [op.tag],
    }
    if parameters:
        out["parameters"] = parameters
    if op.action is not None:
        out["x-kubernetes-action"] = op.action
    if op.gvk is not None:
        group, version, kind = op.gvk
        out["x-kubernetes-group-version-kind"] = {"group": group, "kind": kind, "version": version}
    return out


def _response(response: routes.Response) -> dict[str, Any]:
    out: dict[str, Any] = {"description": response.description}
    if response.definition is not None:
        out["schema"] = {"$ref": V2_REF_PREFIX + response.definition}
    elif response.primitive is not None:
        out["schema"] = {"type": response.primitive}
    return out


def _parameter(param: Param) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": param.description,
        "in": str(param.location),
        "name": param.name,
        "type": param.type,
        "uniqueItems": True,
    }
    if param.required:
        out["required"] = True
    return out
