"""Strategic merge patch driven by the real built-in schemas (kubectl's everyday patches)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import apply_strategic_merge_patch
from kubeedge.apiserver.schema.builtin import builtin_schemas
from kubeedge.apiserver.schema.model import REF_PREFIX, TypedSchema


def typed(definition: str) -> TypedSchema:
    return TypedSchema(schemas=builtin_schemas(), root={"$ref": REF_PREFIX + definition})


POD = typed("io.k8s.api.core.v1.Pod")
DEPLOYMENT = typed("io.k8s.api.apps.v1.Deployment")
SERVICE = typed("io.k8s.api.core.v1.Service")

NGINX: dict[str, Any] = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "patch-demo", "finalizers": ["example.com/a"]},
    "spec": {
        "replicas": 2,
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}},
        "template": {
            "metadata": {"labels": {"app": "nginx"}},
            "spec": {
                "containers": [
                    {
                        "name": "patch-demo-ctr",
                        "image": "nginx",
                        "env": [{"name": "A", "value": "1"}],
                        "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    }
                ],
                "tolerations": [{"effect": "NoSchedule", "key": "dedicated", "value": "test-team"}],
                "volumes": [{"name": "data", "emptyDir": {}}],
            },
        },
    },
}


def template_spec(result: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = result["spec"]["template"]["spec"]
    return spec


def test_kubectl_docs_add_a_container() -> None:
    # "Update API Objects in Place Using kubectl patch": the redis container comes first.
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "patch-demo-ctr-2", "image": "redis"}]}}}}
    result = apply_strategic_merge_patch(NGINX, patch, DEPLOYMENT)
    assert [c["name"] for c in template_spec(result)["containers"]] == ["patch-demo-ctr-2", "patch-demo-ctr"]


def test_kubectl_docs_tolerations_are_replaced() -> None:
    patch = {
        "spec": {"template": {"spec": {"tolerations": [{"effect": "NoSchedule", "key": "disktype", "value": "ssd"}]}}}
    }
    result = apply_strategic_merge_patch(NGINX, patch, DEPLOYMENT)
    assert template_spec(result)["tolerations"] == [{"effect": "NoSchedule", "key": "disktype", "value": "ssd"}]


def test_env_and_ports_merge_inside_a_container() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "patch-demo-ctr",
                            "env": [{"name": "B", "value": "2"}],
                            "ports": [{"containerPort": 80, "name": "http"}],
                        }
                    ]
                }
            }
        }
    }
    container = template_spec(apply_strategic_merge_patch(NGINX, patch, DEPLOYMENT))["containers"][0]
    assert container["env"] == [{"name": "B", "value": "2"}, {"name": "A", "value": "1"}]
    assert container["ports"] == [{"containerPort": 80, "protocol": "TCP", "name": "http"}]


def test_recreate_strategy_via_retain_keys() -> None:
    patch = {"spec": {"strategy": {"$retainKeys": ["type"], "type": "Recreate", "rollingUpdate": None}}}
    result = apply_strategic_merge_patch(NGINX, patch, DEPLOYMENT)
    assert result["spec"]["strategy"] == {"type": "Recreate"}


def test_volume_source_switch_via_retain_keys() -> None:
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "volumes": [{"$retainKeys": ["configMap", "name"], "name": "data", "configMap": {"name": "cfg"}}]
                }
            }
        }
    }
    result = apply_strategic_merge_patch(NGINX, patch, DEPLOYMENT)
    assert template_spec(result)["volumes"] == [{"name": "data", "configMap": {"name": "cfg"}}]


def test_finalizers_union_and_delete() -> None:
    add = apply_strategic_merge_patch(NGINX, {"metadata": {"finalizers": ["example.com/b"]}}, DEPLOYMENT)
    assert add["metadata"]["finalizers"] == ["example.com/b", "example.com/a"]
    patch = {"metadata": {"$deleteFromPrimitiveList/finalizers": ["example.com/a"]}}
    assert apply_strategic_merge_patch(add, patch, DEPLOYMENT)["metadata"]["finalizers"] == ["example.com/b"]


def test_set_element_order_from_kubectl_apply() -> None:
    current = copy.deepcopy(NGINX)
    template_spec(current)["containers"].append({"name": "sidecar", "image": "s"})
    patch = {
        "spec": {
            "template": {
                "spec": {
                    "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "patch-demo-ctr"}],
                    "containers": [{"name": "sidecar", "image": "s:2"}],
                }
            }
        }
    }
    result = apply_strategic_merge_patch(current, patch, DEPLOYMENT)
    assert [(c["name"], c["image"]) for c in template_spec(result)["containers"]] == [
        ("sidecar", "s:2"),
        ("patch-demo-ctr", "nginx"),
    ]


def test_service_ports_merge_by_port() -> None:
    service = {"spec": {"ports": [{"port": 80, "protocol": "TCP", "targetPort": 8080}]}}
    patch = {"spec": {"ports": [{"port": 80, "targetPort": 9090}, {"port": 443, "targetPort": 8443}]}}
    result = apply_strategic_merge_patch(service, patch, SERVICE)
    assert result["spec"]["ports"] == [
        {"port": 80, "protocol": "TCP", "targetPort": 9090},
        {"port": 443, "targetPort": 8443},
    ]


def test_container_without_name_is_kube_500() -> None:
    pod = {"spec": {"containers": [{"name": "a", "image": "x"}]}}
    with pytest.raises(StatusError) as caught:
        apply_strategic_merge_patch(pod, {"spec": {"containers": [{"image": "y"}]}}, POD)
    assert caught.value.code == 500
    assert caught.value.message == "map: map[image:y] does not contain declared merge key: name"
