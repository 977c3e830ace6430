"""The request path's entry point: defaults, then ``validators_for(...)``, on objects as kubectl sends them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.defaults import apply_create_defaults, apply_defaults
from kubeedge.apiserver.errors import FieldError, StatusError
from kubeedge.apiserver.validation import names, validators_for

# Bodies captured from kubectl v1.32 (`kubectl run/create/expose ... --dry-run=client -o json`); the
# namespace is filled in from the URL by the request path before validation.
KUBECTL_POD: dict[str, Any] = {
    "kind": "Pod",
    "apiVersion": "v1",
    "metadata": {
        "name": "nginx",
        "namespace": "default",
        "creationTimestamp": None,
        "labels": {"run": "nginx"},
    },
    "spec": {
        "containers": [{"name": "nginx", "image": "nginx", "resources": {}}],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
    },
    "status": {},
}
KUBECTL_DEPLOYMENT: dict[str, Any] = {
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": None, "labels": {"app": "web"}},
    "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "web"}},
        "template": {
            "metadata": {"creationTimestamp": None, "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "nginx", "image": "nginx:1.25", "resources": {}}]},
        },
        "strategy": {},
    },
    "status": {},
}
KUBECTL_SERVICE: dict[str, Any] = {
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": None, "labels": {"app": "web"}},
    "spec": {"ports": [{"protocol": "TCP", "port": 80, "targetPort": 8080}], "selector": {"app": "web"}},
    "status": {"loadBalancer": {}},
}
EDGE_NODE: dict[str, Any] = {
    "kind": "Node",
    "apiVersion": "v1",
    "metadata": {
        "name": "edge-node-1",
        "labels": {
            "kubernetes.io/hostname": "edge-node-1",
            "kubernetes.io/os": "linux",
            "node-role.kubernetes.io/edge": "",
            "node-role.kubernetes.io/agent": "",
        },
    },
    "spec": {"taints": [{"key": "node-role.kubernetes.io/edge", "effect": "NoSchedule"}]},
    "status": {
        "capacity": {"cpu": "4", "memory": "8023468Ki", "pods": "110"},
        "addresses": [
            {"type": "InternalIP", "address": "192.168.1.10"},
            {"type": "Hostname", "address": "edge-node-1"},
        ],
        "nodeInfo": {
            "kubeletVersion": "v1.30.7-kubeedge-v1.20.0",
            "operatingSystem": "linux",
            "architecture": "arm64",
        },
    },
}


@pytest.mark.parametrize(
    ("group", "plural", "body"),
    [
        ("", "pods", KUBECTL_POD),
        ("apps", "deployments", KUBECTL_DEPLOYMENT),
        ("", "services", KUBECTL_SERVICE),
        ("", "nodes", EDGE_NODE),
    ],
    ids=["pod", "deployment", "service", "node"],
)
def test_kubectl_objects_are_valid_after_defaulting(group: str, plural: str, body: dict[str, Any]) -> None:
    obj = copy.deepcopy(body)
    apply_defaults(group, plural, obj)
    apply_create_defaults(group, plural, obj)
    assert validators_for(group, plural).create(obj) == []


def test_kind_errors_come_first_and_suppress_the_generic_pass() -> None:
    obj = copy.deepcopy(KUBECTL_POD)
    obj["metadata"]["name"] = "Nginx"
    apply_defaults("", "pods", obj)
    assert validators_for("", "pods").create(obj) == [
        FieldError.invalid("metadata.name", "Nginx", names.is_dns1123_subdomain("Nginx")[0])
    ]


def test_generic_path_segment_rule_catches_what_kinds_allow() -> None:
    event = {
        "metadata": {"name": "web/1", "namespace": "default"},
        "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web"},
        "reason": "Pulled",
    }
    assert validators_for("", "events").create(event) == [
        FieldError.invalid("metadata.name", "web/1", "may not contain '/'")
    ]


def test_update_runs_generic_metadata_checks_and_dedupes() -> None:
    old = copy.deepcopy(KUBECTL_SERVICE)
    apply_defaults("", "services", old)
    old["metadata"].update(uid="u-1", resourceVersion="5")
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {"app": "-web"}
    errors = validators_for("", "services").update(new, old)
    assert errors == [FieldError.invalid("metadata.labels", "-web", names.is_valid_label_value("-web")[0])]
    assert str(StatusError.invalid("Service", "", "web", errors)) == (
        'Service "web" is invalid: metadata.labels: Invalid value: "-web": ' + names.is_valid_label_value("-web")[0]
    )


def test_status_subresources() -> None:
    assert validators_for("apps", "deployments").status_update is not None
    assert validators_for("", "configmaps").status_update is None
    assert validators_for("", "pods").binding is not None
    scale = validators_for("apps", "deployments").scale
    assert scale is not None
    assert scale({"metadata": {"name": "web", "namespace": "d"}, "spec": {"replicas": 3}}, {}) == []


def test_custom_resources_get_generic_metadata_rules() -> None:
    kind = validators_for("devices.kubeedge.io", "devices", namespaced=True)
    assert kind.create({"metadata": {"name": "sensor-1", "namespace": "default"}, "spec": {}}) == []
    assert kind.create({"metadata": {"name": "Sensor_1"}}) == [
        FieldError.invalid("metadata.name", "Sensor_1", names.is_dns1123_subdomain("Sensor_1")[0]),
        FieldError.required("metadata.namespace"),
    ]
    schema_problem = FieldError.required("spec.protocol")
    assert kind.create({"metadata": {"name": "s", "namespace": "d"}}, schema_errors=[schema_problem]) == [
        schema_problem
    ]


def test_crd_entry_point_takes_schema_errors() -> None:
    crd = {
        "metadata": {"name": "devices.devices.kubeedge.io"},
        "spec": {
            "group": "devices.kubeedge.io",
            "names": {"plural": "devices", "kind": "Device"},
            "scope": "Namespaced",
            "versions": [{"name": "v1beta1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {}}}],
        },
    }
    apply_defaults("apiextensions.k8s.io", "customresourcedefinitions", crd)
    apply_create_defaults("apiextensions.k8s.io", "customresourcedefinitions", crd)
    kind = validators_for("apiextensions.k8s.io", "customresourcedefinitions")
    assert kind.create(crd) == []
    problem = FieldError.required("spec.validation.openAPIV3Schema.type", "must not be empty at the root")
    assert kind.create(crd, schema_errors=[problem]) == [problem]
