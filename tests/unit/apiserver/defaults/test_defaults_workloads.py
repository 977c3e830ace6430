"""apps/v1 workloads and CRDs: defaults, and create-time preparation of pods, namespaces, CRDs."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.defaults import apply_create_defaults, apply_defaults


def template() -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "nginx:1.25", "resources": {"limits": {"cpu": "1"}}}]},
    }


def test_kubectl_create_deployment() -> None:
    obj: dict[str, Any] = {
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {"selector": {"matchLabels": {"app": "web"}}, "template": template(), "strategy": {}},
    }
    apply_defaults("apps", "deployments", obj)
    spec = obj["spec"]
    assert spec["replicas"] == 1
    assert spec["strategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"},
    }
    assert (spec["revisionHistoryLimit"], spec["progressDeadlineSeconds"]) == (10, 600)
    pod_spec = spec["template"]["spec"]
    assert pod_spec["restartPolicy"] == "Always"
    assert pod_spec["containers"][0]["imagePullPolicy"] == "IfNotPresent"
    # Pod-only defaults stay out of templates.
    assert "enableServiceLinks" not in pod_spec
    assert "requests" not in pod_spec["containers"][0]["resources"]


def test_recreate_deployment_gets_no_rolling_update() -> None:
    obj: dict[str, Any] = {"spec": {"replicas": 0, "strategy": {"type": "Recreate"}, "template": template()}}
    apply_defaults("apps", "deployments", obj)
    assert obj["spec"]["strategy"] == {"type": "Recreate"}
    assert obj["spec"]["replicas"] == 0


def test_replica_set_and_daemon_set() -> None:
    rs: dict[str, Any] = {"spec": {"template": template()}}
    apply_defaults("apps", "replicasets", rs)
    assert rs["spec"]["replicas"] == 1
    ds: dict[str, Any] = {"spec": {"template": template()}}
    apply_defaults("apps", "daemonsets", ds)
    assert ds["spec"]["updateStrategy"] == {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
    }
    assert ds["spec"]["revisionHistoryLimit"] == 10
    on_delete: dict[str, Any] = {"spec": {"updateStrategy": {"type": "OnDelete"}, "template": template()}}
    apply_defaults("apps", "daemonsets", on_delete)
    assert on_delete["spec"]["updateStrategy"] == {"type": "OnDelete"}


def test_stateful_set() -> None:
    sts: dict[str, Any] = {
        "spec": {
            "template": template(),
            "volumeClaimTemplates": [{"spec": {"resources": {"requests": {"storage": "1024Mi"}}}}],
        }
    }
    apply_defaults("apps", "statefulsets", sts)
    spec = sts["spec"]
    assert spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["persistentVolumeClaimRetentionPolicy"] == {"whenDeleted": "Retain", "whenScaled": "Retain"}
    assert (spec["replicas"], spec["revisionHistoryLimit"]) == (1, 10)
    assert spec["volumeClaimTemplates"][0]["spec"] == {
        "resources": {"requests": {"storage": "1Gi"}},
        "volumeMode": "Filesystem",
    }


def crd() -> dict[str, Any]:
    return {
        "metadata": {"name": "devices.devices.kubeedge.io"},
        "spec": {
            "group": "devices.kubeedge.io",
            "names": {"plural": "devices", "kind": "Device"},
            "scope": "Namespaced",
            "versions": [
                {"name": "v1alpha2", "served": True, "storage": False},
                {"name": "v1beta1", "served": True, "storage": True},
            ],
        },
    }


def test_crd_defaults() -> None:
    obj = crd()
    apply_defaults("apiextensions.k8s.io", "customresourcedefinitions", obj)
    assert obj["spec"]["names"] == {
        "plural": "devices",
        "kind": "Device",
        "singular": "device",
        "listKind": "DeviceList",
    }
    assert obj["spec"]["conversion"] == {"strategy": "None"}
    assert obj["status"] == {"storedVersions": ["v1beta1"]}
    webhook = crd()
    webhook["spec"]["conversion"] = {
        "strategy": "Webhook",
        "webhook": {"clientConfig": {"service": {"name": "c", "namespace": "n"}}},
    }
    apply_defaults("apiextensions.k8s.io", "customresourcedefinitions", webhook)
    assert webhook["spec"]["conversion"]["webhook"]["clientConfig"]["service"]["port"] == 443


def test_crd_create_resets_status() -> None:
    obj = crd()
    obj["status"] = {"acceptedNames": {"plural": "x"}, "storedVersions": ["old"]}
    apply_create_defaults("apiextensions.k8s.io", "customresourcedefinitions", obj)
    assert obj["status"] == {"storedVersions": ["v1beta1"]}


def _pod(**spec: Any) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "metadata": {"name": "p", "namespace": "d"},
        "spec": {"containers": [{"name": "c", "image": "x"}], **spec},
    }
    apply_defaults("", "pods", obj)
    return obj


def test_pod_create_defaults() -> None:
    obj = _pod()
    obj["status"] = {"phase": "Running", "podIP": "10.0.0.1"}
    apply_create_defaults("", "pods", obj)
    spec = obj["spec"]
    assert (spec["serviceAccountName"], spec["serviceAccount"]) == ("default", "default")
    assert spec["tolerations"] == [
        {
            "key": "node.kubernetes.io/not-ready",
            "operator": "Exists",
            "effect": "NoExecute",
            "tolerationSeconds": 300,
        },
        {
            "key": "node.kubernetes.io/unreachable",
            "operator": "Exists",
            "effect": "NoExecute",
            "tolerationSeconds": 300,
        },
    ]
    assert (spec["priority"], spec["preemptionPolicy"]) == (0, "PreemptLowerPriority")
    assert obj["status"] == {"phase": "Pending", "qosClass": "BestEffort"}


@pytest.mark.parametrize(
    ("tolerations", "added"),
    [
        ([{"operator": "Exists"}], []),
        (
            [{"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute"}],
            ["node.kubernetes.io/unreachable"],
        ),
        ([{"key": "node.kubernetes.io/unreachable", "operator": "Exists"}], ["node.kubernetes.io/not-ready"]),
        (
            [{"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoSchedule"}],
            ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"],
        ),
    ],
)
def test_default_toleration_seconds(tolerations: list[dict[str, Any]], added: list[str]) -> None:
    obj = _pod(tolerations=copy.deepcopy(tolerations))
    apply_create_defaults("", "pods", obj)
    assert [t["key"] for t in obj["spec"]["tolerations"][len(tolerations) :]] == added


def test_pod_create_special_cases() -> None:
    mirror = _pod()
    mirror["metadata"]["annotations"] = {"kubernetes.io/config.mirror": "abc"}
    apply_create_defaults("", "pods", mirror)
    assert "serviceAccountName" not in mirror["spec"]
    critical = _pod(priorityClassName="system-node-critical")
    apply_create_defaults("", "pods", critical)
    assert critical["spec"]["priority"] == 2000001000
    gated = _pod(schedulingGates=[{"name": "example.com/gate"}])
    apply_create_defaults("", "pods", gated)
    assert gated["status"]["conditions"][0]["reason"] == "SchedulingGated"
    guaranteed = _pod(containers=[{"name": "c", "image": "x", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}])
    apply_create_defaults("", "pods", guaranteed)
    assert guaranteed["status"]["qosClass"] == "Guaranteed"


def test_namespace_create() -> None:
    obj: dict[str, Any] = {"metadata": {"name": "n"}, "spec": {"finalizers": ["example.com/x"]}}
    apply_defaults("", "namespaces", obj)
    apply_create_defaults("", "namespaces", obj)
    assert obj["spec"]["finalizers"] == ["example.com/x", "kubernetes"]
    assert obj["status"] == {"phase": "Active"}


@pytest.mark.parametrize(
    ("group", "plural", "obj"),
    [
        ("apps", "deployments", {"spec": {"template": template(), "strategy": {}}}),
        ("apps", "daemonsets", {"spec": {"template": template()}}),
        ("apps", "statefulsets", {"spec": {"template": template()}}),
        ("apiextensions.k8s.io", "customresourcedefinitions", crd()),
        ("", "pods", {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "c", "image": "x"}]}}),
    ],
)
def test_defaults_and_create_defaults_are_idempotent(group: str, plural: str, obj: dict[str, Any]) -> None:
    apply_defaults(group, plural, obj)
    apply_create_defaults(group, plural, obj)
    once = copy.deepcopy(obj)
    apply_defaults(group, plural, obj)
    apply_create_defaults(group, plural, obj)
    assert obj == once
