"""Field management against the real built-in schemas (kubeedge.apiserver.schema.builtin)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch.apply import server_side_apply
from kubeedge.apiserver.patch.managedfields import update_managed_fields
from kubeedge.apiserver.schema.builtin import DEFINITION_BY_GVK, builtin_schemas
from kubeedge.apiserver.schema.model import REF_PREFIX, TypedSchema

T0, T1, T2 = "2024-01-01T00:00:00Z", "2024-01-01T00:01:00Z", "2024-01-01T00:02:00Z"


def schema(group: str, version: str, kind: str) -> TypedSchema:
    return TypedSchema(builtin_schemas(), {"$ref": REF_PREFIX + DEFINITION_BY_GVK[(group, version, kind)]})


DEPLOYMENT = schema("apps", "v1", "Deployment")
CONFIGMAP = schema("", "v1", "ConfigMap")


def manifest(replicas: int = 1, image: str = "nginx:1.25") -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {
            "replicas": replicas,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web"}},
                "spec": {
                    "containers": [{"name": "web", "image": image, "ports": [{"containerPort": 80, "protocol": "TCP"}]}]
                },
            },
        },
    }


def stored(obj: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(obj)
    out["metadata"].update(uid="u", resourceVersion="1")
    return out


def owners(obj: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["manager"]: e["fieldsV1"] for e in obj["metadata"].get("managedFields", [])}


def test_created_deployment_fields() -> None:
    created = update_managed_fields(
        None,
        manifest(),
        manager="kubectl-create",
        api_version="apps/v1",
        now=T0,
        schema=DEPLOYMENT,
        builtin=True,
    )
    fields = owners(created)["kubectl-create"]
    assert fields["f:metadata"] == {"f:labels": {".": {}, "f:app": {}}}
    # the selector is an atomic LabelSelector; containers are keyed by name, ports by port+protocol
    assert fields["f:spec"]["f:selector"] == {}
    container = fields["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"web"}']
    assert container["f:ports"]['k:{"containerPort":80,"protocol":"TCP"}'] == {
        ".": {},
        "f:containerPort": {},
        "f:protocol": {},
    }


def test_server_side_apply_after_create() -> None:
    live = stored(
        update_managed_fields(
            None,
            manifest(),
            manager="kubectl-create",
            api_version="apps/v1",
            now=T0,
            schema=DEPLOYMENT,
            builtin=True,
        )
    )
    same = server_side_apply(
        live,
        manifest(),
        manager="kubectl",
        force=False,
        api_version="apps/v1",
        now=T1,
        schema=DEPLOYMENT,
        builtin=True,
    )
    assert set(owners(same)) == {"kubectl", "kubectl-create"}
    with pytest.raises(StatusError) as caught:
        server_side_apply(
            live,
            manifest(image="nginx:1.26"),
            manager="kubectl",
            force=False,
            api_version="apps/v1",
            now=T1,
            schema=DEPLOYMENT,
        )
    assert caught.value.message == (
        'Apply failed with 1 conflict: conflict with "kubectl-create" using apps/v1: '
        '.spec.template.spec.containers[name="web"].image'
    )
    forced = server_side_apply(
        live,
        manifest(image="nginx:1.26"),
        manager="kubectl",
        force=True,
        api_version="apps/v1",
        now=T2,
        schema=DEPLOYMENT,
    )
    assert forced["spec"]["template"]["spec"]["containers"][0]["image"] == "nginx:1.26"


def test_scaling_through_an_update_then_reapplying_without_replicas() -> None:
    config = manifest()
    live = stored(
        server_side_apply(
            None,
            config,
            manager="kubectl",
            force=False,
            api_version="apps/v1",
            now=T0,
            schema=DEPLOYMENT,
            builtin=True,
        )
    )
    scaled = copy.deepcopy(live)
    scaled["spec"]["replicas"] = 5
    live = stored(update_managed_fields(live, scaled, manager="hpa", api_version="apps/v1", now=T1, schema=DEPLOYMENT))
    del config["spec"]["replicas"]
    after = server_side_apply(
        live, config, manager="kubectl", force=False, api_version="apps/v1", now=T2, schema=DEPLOYMENT
    )
    # the replicas field now belongs to the autoscaler alone, and keeps its value
    assert after["spec"]["replicas"] == 5
    assert owners(after)["hpa"] == {"f:spec": {"f:replicas": {}}}


def test_configmap_apply_prunes_removed_keys() -> None:
    config = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c"},
        "data": {"a": "1", "b": "2"},
    }
    live = stored(server_side_apply(None, config, manager="m", force=False, api_version="v1", now=T0, schema=CONFIGMAP))
    config["data"] = {"a": "1"}
    after = server_side_apply(live, config, manager="m", force=False, api_version="v1", now=T1, schema=CONFIGMAP)
    assert after["data"] == {"a": "1"}
    assert owners(after) == {"m": {"f:data": {"f:a": {}}}}
