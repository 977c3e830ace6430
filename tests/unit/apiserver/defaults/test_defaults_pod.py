"""Pod and pod-spec defaulting, image pull policy and QoS class."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.defaults import apply_defaults
from kubeedge.apiserver.defaults.pod import compute_qos_class, default_pod_spec, image_pull_policy


def pod(**spec: Any) -> dict[str, Any]:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "d"}, "spec": spec}


def test_kubectl_run_pod() -> None:
    obj = pod(containers=[{"name": "nginx", "image": "nginx", "resources": {}}])
    apply_defaults("", "pods", obj)
    assert obj["spec"] == {
        "containers": [
            {
                "name": "nginx",
                "image": "nginx",
                "resources": {},
                "imagePullPolicy": "Always",
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
            }
        ],
        "dnsPolicy": "ClusterFirst",
        "restartPolicy": "Always",
        "securityContext": {},
        "terminationGracePeriodSeconds": 30,
        "schedulerName": "default-scheduler",
        "enableServiceLinks": True,
    }


def test_explicit_values_are_kept() -> None:
    obj = pod(
        containers=[
            {
                "name": "c",
                "image": "x",
                "imagePullPolicy": "Never",
                "terminationMessagePolicy": "FallbackToLogsOnError",
            }
        ],
        restartPolicy="Never",
        dnsPolicy="Default",
        terminationGracePeriodSeconds=0,
        schedulerName="custom",
        enableServiceLinks=False,
    )
    apply_defaults("", "pods", obj)
    spec = obj["spec"]
    assert (spec["restartPolicy"], spec["dnsPolicy"], spec["terminationGracePeriodSeconds"]) == (
        "Never",
        "Default",
        0,
    )
    assert (spec["schedulerName"], spec["enableServiceLinks"]) == ("custom", False)
    assert spec["containers"][0]["imagePullPolicy"] == "Never"
    assert spec["containers"][0]["terminationMessagePolicy"] == "FallbackToLogsOnError"


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("nginx", "Always"),
        ("nginx:latest", "Always"),
        ("nginx:1.25", "IfNotPresent"),
        ("docker.io/library/nginx", "Always"),
        ("localhost:5000/app", "Always"),
        ("localhost:5000/app:v2", "IfNotPresent"),
        ("nginx@sha256:" + "a" * 64, "IfNotPresent"),
        ("nginx:latest@sha256:" + "a" * 64, "Always"),
        ("Invalid/Upper", "IfNotPresent"),
        ("", "IfNotPresent"),
    ],
)
def test_image_pull_policy(image: str, policy: str) -> None:
    assert image_pull_policy(image) == policy


def test_container_defaults() -> None:
    spec: dict[str, Any] = {
        "containers": [
            {
                "name": "c",
                "image": "app:1",
                "ports": [{"containerPort": 80}, {"containerPort": 53, "protocol": "UDP"}],
                "env": [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                "resources": {"limits": {"cpu": "0.5", "memory": "1.5Gi"}, "requests": {"cpu": "0.0001"}},
                "livenessProbe": {"httpGet": {"port": 80}},
                "readinessProbe": {"tcpSocket": {"port": 80}, "periodSeconds": 3},
                "lifecycle": {"preStop": {"httpGet": {"port": 80, "path": "/stop"}}},
            }
        ]
    }
    default_pod_spec(spec)
    c = spec["containers"][0]
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 53, "protocol": "UDP"}]
    assert c["env"][0]["valueFrom"]["fieldRef"] == {"fieldPath": "spec.nodeName", "apiVersion": "v1"}
    assert c["resources"] == {"limits": {"cpu": "500m", "memory": "1536Mi"}, "requests": {"cpu": "1m"}}
    assert c["livenessProbe"] == {
        "httpGet": {"port": 80, "path": "/", "scheme": "HTTP"},
        "timeoutSeconds": 1,
        "periodSeconds": 10,
        "successThreshold": 1,
        "failureThreshold": 3,
    }
    assert c["readinessProbe"]["periodSeconds"] == 3
    assert c["lifecycle"]["preStop"]["httpGet"] == {"port": 80, "path": "/stop", "scheme": "HTTP"}


def test_volume_defaults() -> None:
    spec: dict[str, Any] = {
        "containers": [],
        "volumes": [
            {"name": "bare"},
            {"name": "s", "secret": {"secretName": "x"}},
            {"name": "c", "configMap": {"name": "x", "defaultMode": 256}},
            {"name": "h", "hostPath": {"path": "/var/log"}},
            {"name": "e", "emptyDir": {"sizeLimit": "1024Mi"}},
            {
                "name": "d",
                "downwardAPI": {"items": [{"path": "l", "fieldRef": {"fieldPath": "metadata.labels"}}]},
            },
            {
                "name": "p",
                "projected": {
                    "sources": [
                        {"serviceAccountToken": {"path": "token"}},
                        {"downwardAPI": {"items": [{"path": "ns", "fieldRef": {"fieldPath": "metadata.namespace"}}]}},
                    ]
                },
            },
            {
                "name": "eph",
                "ephemeral": {
                    "volumeClaimTemplate": {
                        "spec": {
                            "accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": "1000Mi"}},
                        }
                    }
                },
            },
        ],
    }
    default_pod_spec(spec)
    v = {volume["name"]: volume for volume in spec["volumes"]}
    assert v["bare"] == {"name": "bare", "emptyDir": {}}
    assert v["s"]["secret"]["defaultMode"] == 420
    assert v["c"]["configMap"]["defaultMode"] == 256
    assert v["h"]["hostPath"] == {"path": "/var/log", "type": ""}
    assert v["e"]["emptyDir"] == {"sizeLimit": "1Gi"}
    assert v["d"]["downwardAPI"]["defaultMode"] == 420
    assert v["d"]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"] == "v1"
    projected = v["p"]["projected"]
    assert projected["defaultMode"] == 420
    assert projected["sources"][0]["serviceAccountToken"]["expirationSeconds"] == 3600
    assert projected["sources"][1]["downwardAPI"]["items"][0]["fieldRef"]["apiVersion"] == "v1"
    claim_spec = v["eph"]["ephemeral"]["volumeClaimTemplate"]["spec"]
    assert claim_spec["volumeMode"] == "Filesystem"
    assert claim_spec["resources"]["requests"]["storage"] == "1000Mi"


def test_pod_only_defaults() -> None:
    obj = pod(
        containers=[
            {
                "name": "a",
                "image": "x",
                "resources": {"limits": {"cpu": "1", "memory": "1Gi"}, "requests": {"cpu": "500m"}},
            },
            {
                "name": "b",
                "image": "x",
                "ports": [{"containerPort": 8080}, {"containerPort": 9090, "hostPort": 9091}],
            },
        ],
        initContainers=[{"name": "i", "image": "x", "resources": {"limits": {"memory": "64Mi"}}}],
        hostNetwork=True,
    )
    apply_defaults("", "pods", obj)
    spec = obj["spec"]
    assert spec["containers"][0]["resources"]["requests"] == {"cpu": "500m", "memory": "1Gi"}
    assert spec["initContainers"][0]["resources"]["requests"] == {"memory": "64Mi"}
    assert [p["hostPort"] for p in spec["containers"][1]["ports"]] == [8080, 9091]


def test_service_account_mirrors() -> None:
    spec: dict[str, Any] = {"containers": [], "serviceAccount": "legacy"}
    default_pod_spec(spec)
    assert (spec["serviceAccountName"], spec["serviceAccount"]) == ("legacy", "legacy")
    spec = {"containers": [], "serviceAccountName": "builder"}
    default_pod_spec(spec)
    assert spec["serviceAccount"] == "builder"


def _resources(requests: dict[str, str] | None = None, limits: dict[str, str] | None = None) -> dict[str, Any]:
    return {"name": "c", "image": "x", "resources": {"requests": requests or {}, "limits": limits or {}}}


@pytest.mark.parametrize(
    ("containers", "qos"),
    [
        ([_resources()], "BestEffort"),
        ([_resources(requests={"cpu": "0"})], "BestEffort"),
        ([_resources(requests={"example.com/gpu": "1"})], "BestEffort"),
        ([_resources(requests={"cpu": "100m"})], "Burstable"),
        (
            [_resources(limits={"cpu": "1", "memory": "1Gi"}, requests={"cpu": "1", "memory": "1Gi"})],
            "Guaranteed",
        ),
        (
            [_resources(limits={"cpu": "1", "memory": "1Gi"}, requests={"cpu": "500m", "memory": "1Gi"})],
            "Burstable",
        ),
        ([_resources(limits={"cpu": "1"}, requests={"cpu": "1"})], "Burstable"),
        (
            [
                _resources(limits={"cpu": "1", "memory": "1Gi"}, requests={"cpu": "1", "memory": "1Gi"}),
                _resources(),
            ],
            "Burstable",
        ),
    ],
)
def test_qos_class(containers: list[dict[str, Any]], qos: str) -> None:
    assert compute_qos_class(pod(containers=containers)) == qos


_QUANTITIES = st.sampled_from(["100m", "0.5", "1", "1Gi", "1.5Gi", "128Mi", "2e3", "1000m"])
_CONTAINERS = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["a", "b"]),
        "image": st.sampled_from(["nginx", "nginx:1", "busybox@sha256:" + "b" * 64]),
    },
    optional={
        "ports": st.lists(st.fixed_dictionaries({"containerPort": st.integers(1, 65535)}), max_size=2),
        "resources": st.fixed_dictionaries(
            {},
            optional={
                "limits": st.dictionaries(st.sampled_from(["cpu", "memory"]), _QUANTITIES),
                "requests": st.dictionaries(st.sampled_from(["cpu", "memory"]), _QUANTITIES),
            },
        ),
        "livenessProbe": st.just({"httpGet": {"port": 80}}),
        "imagePullPolicy": st.sampled_from(["Always", "Never"]),
    },
)
_VOLUMES = st.sampled_from(
    [
        {"name": "v"},
        {"name": "v", "secret": {"secretName": "s"}},
        {"name": "v", "configMap": {"name": "c"}},
        {"name": "v", "hostPath": {"path": "/x"}},
        {"name": "v", "projected": {"sources": [{"serviceAccountToken": {"path": "t"}}]}},
    ]
)


@given(
    st.lists(_CONTAINERS, min_size=1, max_size=3),
    st.lists(_VOLUMES, max_size=3),
    st.booleans(),
    st.sampled_from(["", "Never", "OnFailure"]),
)
def test_pod_defaulting_is_idempotent(
    containers: list[dict[str, Any]], volumes: list[dict[str, Any]], host_network: bool, restart: str
) -> None:
    obj = pod(containers=containers, volumes=volumes, hostNetwork=host_network, restartPolicy=restart)
    apply_defaults("", "pods", obj)
    once = copy.deepcopy(obj)
    apply_defaults("", "pods", obj)
    assert obj == once
