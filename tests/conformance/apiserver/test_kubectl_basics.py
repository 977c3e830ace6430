"""kubectl's everyday verbs against the embedded apiserver."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import yaml

if TYPE_CHECKING:
    from kubeedge.testing.apiserver import RunningApiServer


def test_version_and_discovery(apiserver: RunningApiServer) -> None:
    version = json.loads(apiserver.kubectl("version", "-o", "json").stdout)
    assert version["serverVersion"]["major"] == "1"
    resources = apiserver.kubectl("api-resources", "-o", "name").stdout.split()
    for name in (
        "pods",
        "nodes",
        "namespaces",
        "configmaps",
        "deployments.apps",
        "leases.coordination.k8s.io",
    ):
        assert name in resources


def test_system_namespaces_exist(apiserver: RunningApiServer) -> None:
    names = apiserver.kubectl("get", "namespaces", "-o", "name").stdout.split()
    for ns in ("default", "kube-system", "kube-public", "kube-node-lease", "kubeedge"):
        assert f"namespace/{ns}" in names


def test_configmap_lifecycle(apiserver: RunningApiServer) -> None:
    apiserver.kubectl("create", "configmap", "basics", "--from-literal=a=1", "-n", "default")
    cm = apiserver.kubectl_json("get", "configmap", "basics", "-n", "default")
    assert cm["data"] == {"a": "1"}
    assert cm["metadata"]["uid"]
    assert int(cm["metadata"]["resourceVersion"]) > 0
    as_yaml = yaml.safe_load(apiserver.kubectl("get", "cm", "basics", "-o", "yaml").stdout)
    assert as_yaml["metadata"]["name"] == "basics"
    apiserver.kubectl("label", "cm", "basics", "tier=web")
    apiserver.kubectl("annotate", "cm", "basics", "note=hello")
    cm = apiserver.kubectl_json("get", "cm", "basics")
    assert cm["metadata"]["labels"] == {"tier": "web"}
    assert cm["metadata"]["annotations"]["note"] == "hello"
    listed = apiserver.kubectl("get", "cm", "-l", "tier=web", "-o", "name").stdout.split()
    assert listed == ["configmap/basics"]
    table = apiserver.kubectl("get", "cm", "basics").stdout.splitlines()
    assert table[0].split() == ["NAME", "DATA", "AGE"]
    assert table[1].split()[:2] == ["basics", "1"]
    out = apiserver.kubectl("delete", "cm", "basics").stdout
    assert 'configmap "basics" deleted' in out
    missing = apiserver.kubectl("get", "cm", "basics", check=False)
    assert missing.returncode != 0
    assert 'configmaps "basics" not found' in missing.stderr


def test_auth_can_i_and_whoami(apiserver: RunningApiServer) -> None:
    assert apiserver.kubectl("auth", "can-i", "delete", "nodes").stdout.strip() == "yes"
    whoami = apiserver.kubectl("auth", "whoami").stdout
    assert "kubernetes-admin" in whoami
    assert "system:masters" in whoami


def test_logs_and_exec_say_they_are_not_wired_yet(apiserver: RunningApiServer) -> None:
    apiserver.kubectl("run", "streamer", "--image=busybox", "--restart=Never", "--", "sleep", "3600")
    logs = apiserver.kubectl("logs", "streamer", check=False)
    assert logs.returncode != 0
    assert "ServiceUnavailable" in logs.stderr or "not available" in logs.stderr
    exe = apiserver.kubectl("exec", "streamer", "--", "true", check=False)
    assert exe.returncode != 0
    apiserver.kubectl("delete", "pod", "streamer", "--grace-period=0", "--force")


def test_drain_evicts_pods(apiserver: RunningApiServer) -> None:
    node = {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "drained"},
        # Tainted so that the scheduler puts nothing else here; the pod below names the node itself.
        "spec": {"taints": [{"key": "test", "value": "drain", "effect": "NoSchedule"}]},
        "status": {"allocatable": {"cpu": "2", "memory": "2Gi", "pods": "10"}},
    }
    apiserver.kubectl("apply", "-f", "-", input=json.dumps(node))
    pod = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "evictee"},
        "spec": {
            "nodeName": "drained",
            "terminationGracePeriodSeconds": 0,
            "containers": [{"name": "c", "image": "x"}],
        },
    }
    apiserver.kubectl("apply", "-f", "-", input=json.dumps(pod))
    apiserver.kubectl("drain", "drained", "--force", "--timeout=20s")
    assert apiserver.kubectl("get", "pod", "evictee", check=False).returncode != 0
    assert apiserver.kubectl_json("get", "node", "drained")["spec"]["unschedulable"] is True
