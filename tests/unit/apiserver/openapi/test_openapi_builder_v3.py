"""The per-group-version OpenAPI v3 documents: structure, kubectl's look-ups, kube's names."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
import pytest

from kubeedge.apiserver.openapi.builder_v3 import build_v3, compute_etag
from kubeedge.apiserver.openapi.model import build_model
from kubeedge.apiserver.openapi.naming import group_version_path
from kubeedge.apiserver.schema.model import REF_PREFIX

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kubeedge.apiserver.registry.catalog import Catalog
    from kubeedge.apiserver.registry.resources import ResourceInfo

PATCH_TYPES_BUILTIN = {
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
}


def _docs(catalog: Catalog, schemas: Any) -> dict[str, dict[str, Any]]:
    built = build_v3(build_model(catalog.all(), schemas), version="v1.32.0")
    return {path: orjson.loads(body) for path, body in built.documents.items()}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _gvk(info: ResourceInfo, kind: str | None = None) -> dict[str, str]:
    return {"group": info.group, "kind": kind or info.kind, "version": info.version}


@pytest.fixture
def docs(catalog_with_crd: Catalog, schemas: Any) -> dict[str, dict[str, Any]]:
    return _docs(catalog_with_crd, schemas)


def test_one_document_per_group_version(docs: dict[str, dict[str, Any]], catalog_with_crd: Catalog) -> None:
    expected = {group_version_path(i.group, i.version) for i in catalog_with_crd.all()}
    assert set(docs) == expected
    for doc in docs.values():
        assert doc["openapi"] == "3.0.0"
        assert doc["info"] == {"title": "Kubernetes", "version": "v1.32.0"}
        assert "BearerToken" in doc["components"]["securitySchemes"]


def test_every_reference_resolves_within_its_document(docs: dict[str, dict[str, Any]]) -> None:
    for path, doc in docs.items():
        schemas = doc["components"]["schemas"]
        for ref in _refs(doc):
            assert ref.startswith(REF_PREFIX), (path, ref)
            assert ref.removeprefix(REF_PREFIX) in schemas, (path, ref)


def test_components_hold_only_what_the_group_version_needs(docs: dict[str, dict[str, Any]]) -> None:
    leases = docs["apis/coordination.k8s.io/v1"]["components"]["schemas"]
    assert "io.k8s.api.coordination.v1.Lease" in leases
    assert "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" in leases
    assert "io.k8s.api.core.v1.Pod" not in leases
    assert "io.k8s.api.apps.v1.Deployment" not in leases
    # every definition is reachable from the paths
    doc = docs["apis/apps/v1"]
    reachable: set[str] = set()
    pending = [r.removeprefix(REF_PREFIX) for r in _refs(doc["paths"])]
    while pending:
        name = pending.pop()
        if name not in reachable:
            reachable.add(name)
            pending += [r.removeprefix(REF_PREFIX) for r in _refs(doc["components"]["schemas"][name])]
    assert reachable == set(doc["components"]["schemas"])


def test_every_served_kind_has_a_definition_with_its_gvk(
    docs: dict[str, dict[str, Any]], catalog_with_crd: Catalog
) -> None:
    for info in catalog_with_crd.all():
        schemas = docs[group_version_path(info.group, info.version)]["components"]["schemas"]
        kinds = [info.kind] + ([info.list_kind] if "list" in info.verbs else [])
        for kind in kinds:
            owners = [n for n, s in schemas.items() if _gvk(info, kind) in s.get("x-kubernetes-group-version-kind", [])]
            assert len(owners) == 1, (info.group, info.version, kind, owners)


def test_patch_operations_advertise_field_validation(docs: dict[str, dict[str, Any]]) -> None:
    patches = 0
    for doc in docs.values():
        for item in doc["paths"].values():
            op = item.get("patch")
            if op is None or op["x-kubernetes-action"] == "connect":  # proxy PATCH is a connect
                continue
            patches += 1
            assert "fieldValidation" in [p["name"] for p in op["parameters"]]
            assert op["x-kubernetes-action"] == "patch"
            assert set(op["x-kubernetes-group-version-kind"]) == {"group", "kind", "version"}
            assert op["requestBody"]["required"] is True
    assert patches > 20


def _query_param_verifier_v3(doc: dict[str, Any], gvk: dict[str, str]) -> bool:
    """kubectl's supportsQueryParamV3: the first PATCH for the GVK must list fieldValidation."""
    for item in doc["paths"].values():
        op = item.get("patch")
        if op is None or op.get("x-kubernetes-group-version-kind") != gvk:
            continue
        return any(p["name"] == "fieldValidation" for p in op.get("parameters", []))
    return False


def test_kubectl_finds_field_validation_for_every_patchable_kind(
    docs: dict[str, dict[str, Any]], catalog_with_crd: Catalog
) -> None:
    for info in catalog_with_crd.all():
        if "patch" in info.verbs:
            assert _query_param_verifier_v3(docs[group_version_path(info.group, info.version)], _gvk(info)), info.kind


def _explain_gvk(doc: dict[str, Any], info: ResourceInfo) -> dict[str, str] | None:
    """kubectl explain's template: find the GVK through the resource's paths."""
    prefix = f"/apis/{info.group}" if info.group else "/api"
    base = f"{prefix}/{info.version}"
    for path in (
        f"{base}/{info.plural}",
        f"{base}/{info.plural}/{{name}}",
        f"{base}/namespaces/{{namespace}}/{info.plural}",
        f"{base}/namespaces/{{namespace}}/{info.plural}/{{name}}",
    ):
        for method in ("get", "post", "put", "patch", "delete"):
            gvk = doc["paths"].get(path, {}).get(method, {}).get("x-kubernetes-group-version-kind")
            if gvk:
                return dict(gvk)
    return None


def test_kubectl_explain_finds_every_kind(docs: dict[str, dict[str, Any]], catalog_with_crd: Catalog) -> None:
    for info in catalog_with_crd.all():
        assert _explain_gvk(docs[group_version_path(info.group, info.version)], info) == _gvk(info)


@pytest.mark.parametrize(
    ("gv", "path", "method", "operation_id", "action", "gvk"),
    [
        ("api/v1", "/api/v1/namespaces/{namespace}/pods", "get", "listCoreV1NamespacedPod", "list", ("", "v1", "Pod")),
        ("api/v1", "/api/v1/pods", "get", "listCoreV1PodForAllNamespaces", "list", ("", "v1", "Pod")),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods",
            "post",
            "createCoreV1NamespacedPod",
            "post",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods",
            "delete",
            "deleteCoreV1CollectionNamespacedPod",
            "deletecollection",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}",
            "get",
            "readCoreV1NamespacedPod",
            "get",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}",
            "put",
            "replaceCoreV1NamespacedPod",
            "put",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}",
            "patch",
            "patchCoreV1NamespacedPod",
            "patch",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}",
            "delete",
            "deleteCoreV1NamespacedPod",
            "delete",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/status",
            "patch",
            "patchCoreV1NamespacedPodStatus",
            "patch",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/binding",
            "post",
            "createCoreV1NamespacedPodBinding",
            "post",
            ("", "v1", "Binding"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/eviction",
            "post",
            "createCoreV1NamespacedPodEviction",
            "post",
            ("policy", "v1", "Eviction"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/log",
            "get",
            "readCoreV1NamespacedPodLog",
            "get",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/exec",
            "post",
            "connectCoreV1PostNamespacedPodExec",
            "connect",
            ("", "v1", "PodExecOptions"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/proxy/{path}",
            "get",
            "connectCoreV1GetNamespacedPodProxyWithPath",
            "connect",
            ("", "v1", "PodProxyOptions"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers",
            "patch",
            "patchCoreV1NamespacedPodEphemeralcontainers",
            "patch",
            ("", "v1", "Pod"),
        ),
        (
            "api/v1",
            "/api/v1/namespaces/{name}/finalize",
            "put",
            "replaceCoreV1NamespaceFinalize",
            "put",
            ("", "v1", "Namespace"),
        ),
        ("api/v1", "/api/v1/nodes/{name}/status", "put", "replaceCoreV1NodeStatus", "put", ("", "v1", "Node")),
        ("api/v1", "/api/v1/nodes", "delete", "deleteCoreV1CollectionNode", "deletecollection", ("", "v1", "Node")),
        (
            "api/v1",
            "/api/v1/namespaces/{namespace}/bindings",
            "post",
            "createCoreV1NamespacedBinding",
            "post",
            ("", "v1", "Binding"),
        ),
        ("api/v1", "/api/v1/", "get", "getCoreV1APIResources", None, None),
        (
            "apis/apps/v1",
            "/apis/apps/v1/namespaces/{namespace}/deployments",
            "post",
            "createAppsV1NamespacedDeployment",
            "post",
            ("apps", "v1", "Deployment"),
        ),
        (
            "apis/apps/v1",
            "/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale",
            "get",
            "readAppsV1NamespacedDeploymentScale",
            "get",
            ("autoscaling", "v1", "Scale"),
        ),
        (
            "apis/apps/v1",
            "/apis/apps/v1/deployments",
            "get",
            "listAppsV1DeploymentForAllNamespaces",
            "list",
            ("apps", "v1", "Deployment"),
        ),
        (
            "apis/coordination.k8s.io/v1",
            "/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}",
            "patch",
            "patchCoordinationV1NamespacedLease",
            "patch",
            ("coordination.k8s.io", "v1", "Lease"),
        ),
        (
            "apis/apiextensions.k8s.io/v1",
            "/apis/apiextensions.k8s.io/v1/customresourcedefinitions",
            "get",
            "listApiextensionsV1CustomResourceDefinition",
            "list",
            ("apiextensions.k8s.io", "v1", "CustomResourceDefinition"),
        ),
        (
            "apis/devices.kubeedge.io/v1beta1",
            "/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}/scale",
            "patch",
            "patchDevicesKubeedgeIoV1beta1NamespacedDeviceScale",
            "patch",
            ("devices.kubeedge.io", "v1beta1", "Device"),
        ),
        (
            "apis/devices.kubeedge.io/v1beta1",
            "/apis/devices.kubeedge.io/v1beta1/devices",
            "get",
            "listDevicesKubeedgeIoV1beta1DeviceForAllNamespaces",
            "list",
            ("devices.kubeedge.io", "v1beta1", "Device"),
        ),
    ],
)
def test_operation_names(
    docs: dict[str, dict[str, Any]],
    gv: str,
    path: str,
    method: str,
    operation_id: str,
    action: str | None,
    gvk: tuple[str, str, str] | None,
) -> None:
    op = docs[gv]["paths"][path][method]
    assert op["operationId"] == operation_id
    assert op.get("x-kubernetes-action") == action
    expected = None if gvk is None else {"group": gvk[0], "kind": gvk[2], "version": gvk[1]}
    assert op.get("x-kubernetes-group-version-kind") == expected
    tags = {
        "api/v1": "core_v1",
        "apis/apps/v1": "apps_v1",
        "apis/coordination.k8s.io/v1": "coordination_v1",
        "apis/apiextensions.k8s.io/v1": "apiextensions_v1",
        "apis/devices.kubeedge.io/v1beta1": "devicesKubeedgeIo_v1beta1",
    }
    assert op["tags"] == [tags[gv]]


def _names(params: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in params]


def test_parameters_are_placed_like_kube(docs: dict[str, dict[str, Any]]) -> None:
    paths = docs["api/v1"]["paths"]
    collection = paths["/api/v1/namespaces/{namespace}/pods"]
    assert _names(collection["parameters"]) == ["namespace", "pretty"]
    assert _names(collection["get"]["parameters"]) == [
        "allowWatchBookmarks", "continue", "fieldSelector", "labelSelector", "limit",
        "resourceVersion", "resourceVersionMatch", "sendInitialEvents", "timeoutSeconds", "watch",
    ]  # fmt: skip
    assert _names(collection["post"]["parameters"]) == ["dryRun", "fieldManager", "fieldValidation"]
    assert "watch" not in _names(collection["delete"]["parameters"])
    assert {"gracePeriodSeconds", "propagationPolicy", "labelSelector"} <= set(
        _names(collection["delete"]["parameters"])
    )
    # the all-namespaces list has one operation: everything moves to the path
    everywhere = paths["/api/v1/pods"]
    assert "parameters" not in everywhere["get"]
    assert "watch" in _names(everywhere["parameters"])
    assert "namespace" not in _names(everywhere["parameters"])
    item = paths["/api/v1/namespaces/{namespace}/pods/{name}"]
    assert _names(item["parameters"]) == ["name", "namespace", "pretty"]
    assert _names(item["patch"]["parameters"]) == ["dryRun", "fieldManager", "fieldValidation", "force"]
    assert "parameters" not in item["get"]
    name = item["parameters"][0]
    assert name == {
        "description": "name of the Pod",
        "in": "path",
        "name": "name",
        "required": True,
        "schema": {"type": "string", "uniqueItems": True},
    }
    nodes = paths["/api/v1/nodes"]
    assert _names(nodes["parameters"]) == ["pretty"]


def test_request_and_response_schemas(docs: dict[str, dict[str, Any]]) -> None:
    pods = docs["api/v1"]["paths"]
    create = pods["/api/v1/namespaces/{namespace}/pods"]["post"]
    assert create["requestBody"]["content"]["*/*"]["schema"] == {"$ref": REF_PREFIX + "io.k8s.api.core.v1.Pod"}
    assert set(create["responses"]) == {"200", "201", "202", "401"}
    assert set(create["responses"]["201"]["content"]) == {
        "application/json",
        "application/yaml",
        "application/vnd.kubernetes.protobuf",
    }
    listing = pods["/api/v1/namespaces/{namespace}/pods"]["get"]["responses"]["200"]["content"]
    assert listing["application/json;stream=watch"]["schema"] == {"$ref": REF_PREFIX + "io.k8s.api.core.v1.PodList"}
    patch = pods["/api/v1/namespaces/{namespace}/pods/{name}"]["patch"]
    assert set(patch["requestBody"]["content"]) == PATCH_TYPES_BUILTIN
    assert patch["requestBody"]["content"]["application/apply-patch+yaml"]["schema"] == {
        "$ref": REF_PREFIX + "io.k8s.apimachinery.pkg.apis.meta.v1.Patch"
    }
    # pods answer DELETE with the pod, deployments with a Status
    deleted = pods["/api/v1/namespaces/{namespace}/pods/{name}"]["delete"]["responses"]["200"]
    assert deleted["content"]["application/json"]["schema"]["$ref"].endswith("core.v1.Pod")
    deployments = docs["apis/apps/v1"]["paths"]["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"]
    assert deployments["delete"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "meta.v1.Status"
    )
    log = pods["/api/v1/namespaces/{namespace}/pods/{name}/log"]["get"]["responses"]["200"]["content"]
    assert log["text/plain"]["schema"] == {"type": "string"}


def test_custom_resource_document(docs: dict[str, dict[str, Any]]) -> None:
    doc = docs["apis/devices.kubeedge.io/v1beta1"]
    schemas = doc["components"]["schemas"]
    kind = schemas["io.kubeedge.devices.v1beta1.Device"]
    assert kind["x-kubernetes-group-version-kind"] == [
        {"group": "devices.kubeedge.io", "kind": "Device", "version": "v1beta1"}
    ]
    assert kind["properties"]["spec"]["properties"]["port"]["anyOf"] == [{"type": "integer"}, {"type": "string"}]
    assert "example" not in kind["properties"]["spec"]["properties"]["note"]
    assert kind["properties"]["spec"]["properties"]["mode"]["default"] == "a"  # v3 keeps defaults
    assert "io.kubeedge.devices.v1beta1.DeviceList" in schemas
    assert "io.k8s.api.autoscaling.v1.Scale" in schemas
    item = doc["paths"]["/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}"]
    assert set(item["patch"]["requestBody"]["content"]) == PATCH_TYPES_BUILTIN - {
        "application/strategic-merge-patch+json"
    }
    assert set(item["get"]["responses"]["200"]["content"]) == {"application/json", "application/yaml"}
    assert set(item["delete"]["responses"]) == {"200", "202", "401"}
    assert item["delete"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("Status")
    assert set(doc["paths"]) == {
        "/apis/devices.kubeedge.io/v1beta1/",
        "/apis/devices.kubeedge.io/v1beta1/devices",
        "/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices",
        "/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}",
        "/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}/status",
        "/apis/devices.kubeedge.io/v1beta1/namespaces/{namespace}/devices/{name}/scale",
    }
    alpha = docs["apis/devices.kubeedge.io/v1alpha1"]["components"]["schemas"]["io.kubeedge.devices.v1alpha1.Device"]
    assert alpha["x-kubernetes-preserve-unknown-fields"] is True


def test_create_only_resources_have_no_item_path(docs: dict[str, dict[str, Any]]) -> None:
    paths = docs["api/v1"]["paths"]
    assert set(paths["/api/v1/namespaces/{namespace}/bindings"]) == {"post", "parameters"}
    assert "/api/v1/namespaces/{namespace}/bindings/{name}" not in paths
    assert "/api/v1/bindings" not in paths


def test_etag_is_kube_hash_of_the_bytes(catalog: Catalog, schemas: Any) -> None:
    built = build_v3(build_model(catalog.all(), schemas), version="v1")
    for path, body in built.documents.items():
        assert built.etags[path] == compute_etag(body)
        assert len(built.etags[path]) == 128
        assert built.etags[path] == built.etags[path].upper()
    index = orjson.loads(built.index)
    assert index["paths"]["api/v1"] == {"serverRelativeURL": f"/openapi/v3/api/v1?hash={built.etags['api/v1']}"}


def test_documents_are_deterministic(catalog: Catalog, schemas: Any) -> None:
    first = build_v3(build_model(catalog.all(), schemas), version="v1")
    second = build_v3(build_model(catalog.all(), schemas), version="v1")
    assert first.documents == second.documents
    assert first.index == second.index
