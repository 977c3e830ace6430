"""Completeness of the built-in schemas, cross-checked against the official client's models.

The client (``kubernetes`` package, generated from Kubernetes' own OpenAPI) knows, for every type,
the JSON field names (``attribute_map``), each field's type (``openapi_types``) and which fields
are required (pydantic fields without a default). Every definition we have that the client also
models must agree on all three; every model reachable from a served kind must have a definition.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from kubernetes.client import models

from kubeedge.apiserver.schema.builtin import DEFINITION_BY_GVK, builtin_schemas
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Mapping

APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
PREFIX_TO_CLASS = {
    "io.k8s.api.core.v1.": "V1",
    "io.k8s.api.apps.v1.": "V1",
    "io.k8s.api.autoscaling.v1.": "V1",
    "io.k8s.api.coordination.v1.": "V1",
    "io.k8s.apimachinery.pkg.apis.meta.v1.": "V1",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.": "V1",
    "io.k8s.api.authorization.v1.": "V1",
    "io.k8s.api.authentication.v1.": "V1",
}
# The client disambiguates names that exist in several API groups.
CLASS_EXCEPTIONS = {
    "io.k8s.api.core.v1.Event": "CoreV1Event",
    "io.k8s.api.core.v1.EventList": "CoreV1EventList",
    "io.k8s.api.core.v1.EventSeries": "CoreV1EventSeries",
    "io.k8s.api.core.v1.EndpointPort": "CoreV1EndpointPort",
    "io.k8s.api.core.v1.ResourceClaim": "CoreV1ResourceClaim",
    APIEXT + "ServiceReference": "ApiextensionsV1ServiceReference",
    APIEXT + "WebhookClientConfig": "ApiextensionsV1WebhookClientConfig",
}
# Definitions the client inlines as plain Python types (str, datetime, object).
NO_CLIENT_MODEL = {
    "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
    "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus",
}
# Fields we have that the installed client does not know (must be newer than the client).
EXTRA_FIELDS: dict[str, set[str]] = {}
# Fields whose required-ness differs: the release-1.37 client requires ``spec`` on the apps kinds,
# the v1.32/v1.33 Go types (what kube-apiserver v1.32 serves) have ``json:"spec,omitempty"``.
REQUIRED_ONLY_IN_CLIENT: dict[str, set[str]] = {
    "io.k8s.api.apps.v1.Deployment": {"spec"},
    "io.k8s.api.apps.v1.ReplicaSet": {"spec"},
    "io.k8s.api.apps.v1.DaemonSet": {"spec"},
}
# Fields required in the Go types (kube-openapi's ``required``) that the client leaves optional,
# together with the ones it requires instead: its generator marks ControllerRevision's free-form
# ``data`` required and its ``revision`` (``json:"revision"``, no omitempty) optional.
REQUIRED_NOT_IN_CLIENT: dict[str, set[str]] = {
    "io.k8s.api.apps.v1.ControllerRevision": {"revision"},
}
REQUIRED_ONLY_IN_CLIENT["io.k8s.api.apps.v1.ControllerRevision"] = {"data"}
# Definitions a client "object" may stand for.
OBJECT_DEFINITIONS = {
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
    "io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray",
    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus",
}
TIME = {"io.k8s.apimachinery.pkg.apis.meta.v1.Time", "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime"}
QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity"


def _client_class_name(definition: str) -> str:
    if definition in CLASS_EXCEPTIONS:
        return CLASS_EXCEPTIONS[definition]
    for prefix, class_prefix in PREFIX_TO_CLASS.items():
        if definition.startswith(prefix):
            return class_prefix + definition.removeprefix(prefix)
    raise AssertionError(f"no client naming rule for {definition}")


def _modelled_definitions() -> list[str]:
    return sorted(set(builtin_schemas().definitions) - NO_CLIENT_MODEL)


def _client_model(definition: str) -> Any:
    return getattr(models, _client_class_name(definition))


def _json_fields(model: Any) -> dict[str, str]:
    """JSON field name -> client type string."""
    return {model.attribute_map[attr]: type_ for attr, type_ in model.openapi_types.items()}


def _required(model: Any) -> set[str]:
    by_wire = {(field.serialization_alias or name): field for name, field in model.model_fields.items()}
    return {wire for wire in model.attribute_map.values() if by_wire[wire].is_required()}


def _ref_name(node: Mapping[str, Any]) -> str | None:
    if "$ref" in node:
        return str(node["$ref"]).removeprefix(REF_PREFIX)
    all_of = node.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1:
        return _ref_name(all_of[0])
    return None


def _mismatch(client_type: str, node: Mapping[str, Any]) -> str | None:
    """Why our node cannot hold the client's type, or None if it can."""
    ref = _ref_name(node)
    if client_type.startswith("List["):
        if node.get("type") != "array":
            return f"expected an array for {client_type}"
        return _mismatch(client_type[5:-1], node["items"])
    if client_type.startswith("Dict[str, "):
        if node.get("type") != "object" or "additionalProperties" not in node:
            return f"expected a map for {client_type}"
        return _mismatch(client_type[10:-1], node["additionalProperties"])
    if client_type == "datetime":
        return None if ref in TIME else f"expected Time or MicroTime, got {ref}"
    if client_type == "object":
        return None if ref in OBJECT_DEFINITIONS else f"expected a free-form definition, got {node}"
    if client_type == "str":
        if ref == QUANTITY or node.get("type") == "string":
            return None
        return f"expected a string, got {node}"
    simple = {"int": "integer", "float": "number", "bool": "boolean", "bytes": "string"}
    if client_type in simple:
        return None if node.get("type") == simple[client_type] else f"expected {client_type}, got {node}"
    if ref is None:
        return f"expected a reference to {client_type}, got {node}"
    return None if _client_class_name(ref) == client_type else f"expected {client_type}, got {ref}"


@pytest.mark.parametrize("definition", _modelled_definitions())
def test_definition_has_a_client_model(definition: str) -> None:
    assert hasattr(models, _client_class_name(definition)), definition


@pytest.mark.parametrize("definition", _modelled_definitions())
def test_fields_match_the_client(definition: str) -> None:
    ours = set(builtin_schemas().definition(definition).get("properties", {}))
    theirs = set(_json_fields(_client_model(definition)))
    assert theirs - ours == set(), "missing fields"
    assert ours - theirs == EXTRA_FIELDS.get(definition, set()), "fields unknown to the client"


@pytest.mark.parametrize("definition", _modelled_definitions())
def test_required_fields_match_the_client(definition: str) -> None:
    ours = set(builtin_schemas().definition(definition).get("required", ()))
    ours -= REQUIRED_NOT_IN_CLIENT.get(definition, set())
    assert ours == _required(_client_model(definition)) - REQUIRED_ONLY_IN_CLIENT.get(definition, set())


@pytest.mark.parametrize("definition", _modelled_definitions())
def test_field_types_match_the_client(definition: str) -> None:
    properties = builtin_schemas().definition(definition).get("properties", {})
    problems = {
        field: problem
        for field, client_type in _json_fields(_client_model(definition)).items()
        if field in properties and (problem := _mismatch(client_type, properties[field])) is not None
    }
    assert problems == {}


def _client_models_reachable_from(root: str) -> set[str]:
    seen: set[str] = set()
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen or not hasattr(models, name):
            continue
        seen.add(name)
        for client_type in getattr(models, name).openapi_types.values():
            todo.extend(re.findall(r"[A-Z][A-Za-z0-9]+", client_type))
    return seen


def test_every_client_model_of_a_served_kind_has_a_definition() -> None:
    ours = {_client_class_name(name) for name in _modelled_definitions()}
    reachable: set[str] = set()
    for name in set(DEFINITION_BY_GVK.values()):
        if name not in NO_CLIENT_MODEL:
            reachable |= _client_models_reachable_from(_client_class_name(name))
    assert reachable - ours == set()
