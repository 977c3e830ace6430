"""Definitions the OpenAPI documents need beyond the schemas of the kinds we store.

Operations refer to a few types no stored kind contains: the PATCH request body
(``meta.v1.Patch``), the discovery response of a group version (``APIResourceList``) and the
body of ``pods/eviction`` (``policy.v1.Eviction``). kube-apiserver publishes them; so do we, in
kube's shape. They are added only when the built-in schema set lacks them, so a richer set wins.

The TypeMeta and metadata descriptions are the ones kube copies into every custom resource schema.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = [
    "API_VERSION_DOC",
    "BINDING",
    "DELETE_OPTIONS",
    "EVICTION",
    "KIND_DOC",
    "LIST_META",
    "LIST_METADATA_DOC",
    "METADATA_DOC",
    "OBJECT_META",
    "PATCH",
    "RESOURCE_LIST",
    "SCALE",
    "STATUS",
    "support_definitions",
]

_META = "io.k8s.apimachinery.pkg.apis.meta.v1."
STATUS = _META + "Status"
DELETE_OPTIONS = _META + "DeleteOptions"
PATCH = _META + "Patch"
OBJECT_META = _META + "ObjectMeta"
LIST_META = _META + "ListMeta"
RESOURCE_LIST = _META + "APIResourceList"
_RESOURCE = _META + "APIResource"
SCALE = "io.k8s.api.autoscaling.v1.Scale"
BINDING = "io.k8s.api.core.v1.Binding"
EVICTION = "io.k8s.api.policy.v1.Eviction"

_CONVENTIONS = "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
API_VERSION_DOC = (
    "APIVersion defines the versioned schema of this representation of an object. Servers should convert "
    "recognized schemas to the latest internal value, and may reject unrecognized values. More info: "
    f"{_CONVENTIONS}#resources"
)
KIND_DOC = (
    "Kind is a string value representing the REST resource this object represents. Servers may infer this from "
    "the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: "
    f"{_CONVENTIONS}#types-kinds"
)
METADATA_DOC = f"Standard object's metadata. More info: {_CONVENTIONS}#metadata"
LIST_METADATA_DOC = f"Standard list metadata. More info: {_CONVENTIONS}#metadata"


def _string(description: str) -> dict[str, Any]:
    return {"description": description, "type": "string"}


def _strings(description: str) -> dict[str, Any]:
    return {"description": description, "items": {"type": "string"}, "type": "array"}


def _type_meta() -> dict[str, Any]:
    return {"apiVersion": _string(API_VERSION_DOC), "kind": _string(KIND_DOC)}


def _definitions() -> dict[str, Schema]:
    return {
        PATCH: {
            "description": "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.",
            "type": "object",
        },
        _RESOURCE: {
            "description": "APIResource specifies the name of a resource and whether it is namespaced.",
            "properties": {
                "categories": _strings("categories is a list of the grouped resources this resource belongs to"),
                "group": _string("group is the preferred group of the resource."),
                "kind": _string("kind is the kind for the resource (e.g. 'Foo' is the kind for a resource 'foo')"),
                "name": _string("name is the plural name of the resource."),
                "namespaced": {
                    "description": "namespaced indicates if a resource is namespaced or not.",
                    "type": "boolean",
                },
                "shortNames": _strings("shortNames is a list of suggested short names of the resource."),
                "singularName": _string("singularName is the singular name of the resource."),
                "storageVersionHash": _string("The hash value of the storage version of the resource."),
                "verbs": _strings("verbs is a list of supported kube verbs."),
                "version": _string("version is the preferred version of the resource."),
            },
            "required": ["name", "singularName", "namespaced", "kind", "verbs"],
            "type": "object",
        },
        RESOURCE_LIST: {
            "description": (
                "APIResourceList is a list of APIResource, it is used to expose the name of the resources supported "
                "in a specific group and version, and if the resource is namespaced."
            ),
            "properties": {
                **_type_meta(),
                "groupVersion": _string("groupVersion is the group and version this APIResourceList is for."),
                "resources": {
                    "description": "resources contains the name of the resources and if they are namespaced.",
                    "items": {"$ref": REF_PREFIX + _RESOURCE},
                    "type": "array",
                },
            },
            "required": ["groupVersion", "resources"],
            "type": "object",
            "x-kubernetes-group-version-kind": [{"group": "", "kind": "APIResourceList", "version": "v1"}],
        },
        EVICTION: {
            "description": (
                "Eviction evicts a pod from its node subject to certain policies and safety constraints. This is a "
                "subresource of Pod.  A request to cause such an eviction is created by POSTing to "
                ".../pods/<pod name>/evictions."
            ),
            "properties": {
                **_type_meta(),
                "deleteOptions": {"$ref": REF_PREFIX + DELETE_OPTIONS, "description": "DeleteOptions may be provided"},
                "metadata": {
                    "$ref": REF_PREFIX + OBJECT_META,
                    "description": "ObjectMeta describes the pod that is being evicted.",
                },
            },
            "type": "object",
            "x-kubernetes-group-version-kind": [{"group": "policy", "kind": "Eviction", "version": "v1"}],
        },
    }


def support_definitions() -> dict[str, Schema]:
    """Fresh copies of the support definitions, keyed by their kube names."""
    return _definitions()
