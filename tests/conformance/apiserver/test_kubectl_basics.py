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
