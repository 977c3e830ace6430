"""Authentication and the node authorizer against a running server, with real client certificates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kubeedge.testing.apiserver import RunningApiServer, api_call, issue_client_identity

call = api_call


def _post(server: RunningApiServer, path: str, obj: dict[str, Any], **kw: Any) -> tuple[int, Any]:
    return call(server, "POST", path, json.dumps(obj).encode(), **kw)


@pytest.fixture(scope="module")
def node_a(apiserver: RunningApiServer, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return issue_client_identity(
        apiserver, user="system:node:edge-a", groups=["system:nodes"], out_dir=tmp_path_factory.mktemp("certs")
    )


@pytest.fixture(scope="module")
def cluster(apiserver: RunningApiServer) -> None:
    for name in ("edge-a", "edge-b"):
        _post(apiserver, "/api/v1/nodes", {"apiVersion": "v1", "kind": "Node", "metadata": {"name": name}})
    _post(
        apiserver,
        "/api/v1/namespaces/default/configmaps",
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "for-a"}, "data": {"k": "v"}},
    )
    _post(
        apiserver,
        "/api/v1/namespaces/default/configmaps",
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "not-for-a"}},
    )
    for pod, node, volume in (("pod-a", "edge-a", "for-a"), ("pod-b", "edge-b", "not-for-a")):
        status, body = _post(
            apiserver,
            "/api/v1/namespaces/default/pods",
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": pod},
                "spec": {
                    "nodeName": node,
                    "containers": [{"name": "c", "image": "busybox"}],
                    "volumes": [{"name": "v", "configMap": {"name": volume}}],
                },
            },
        )
        assert status == 201, body


def test_node_reads_and_writes_only_its_own(apiserver: RunningApiServer, node_a: Any, cluster: None) -> None:
    assert call(apiserver, "GET", "/api/v1/nodes/edge-a", context=node_a)[0] == 200
    assert call(apiserver, "GET", "/api/v1/nodes/edge-b", context=node_a)[0] == 403
    assert call(apiserver, "GET", "/api/v1/namespaces/default/pods/pod-a", context=node_a)[0] == 200
    assert call(apiserver, "GET", "/api/v1/namespaces/default/pods/pod-b", context=node_a)[0] == 403
    own = "/api/v1/pods?fieldSelector=spec.nodeName%3Dedge-a"
    status, pods = call(apiserver, "GET", own, context=node_a)
    assert status == 200
    assert [p["metadata"]["name"] for p in pods["items"]] == ["pod-a"]
    assert call(apiserver, "GET", "/api/v1/pods", context=node_a)[0] == 403
    assert call(apiserver, "GET", "/api/v1/namespaces/default/configmaps/for-a", context=node_a)[0] == 200
    assert call(apiserver, "GET", "/api/v1/namespaces/default/configmaps/not-for-a", context=node_a)[0] == 403
    assert call(apiserver, "GET", "/api/v1/namespaces/default/secrets", context=node_a)[0] == 403
    patch = json.dumps({"status": {"phase": "Running"}}).encode()
    merge = "application/merge-patch+json"
    path_a = "/api/v1/namespaces/default/pods/pod-a/status"
    path_b = "/api/v1/namespaces/default/pods/pod-b/status"
    assert call(apiserver, "PATCH", path_a, patch, content_type=merge, context=node_a)[0] == 200
    assert call(apiserver, "PATCH", path_b, patch, content_type=merge, context=node_a)[0] == 403


def test_node_creates_only_its_own_node_and_lease(apiserver: RunningApiServer, node_a: Any) -> None:
    other = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "edge-z"}}
    assert _post(apiserver, "/api/v1/nodes", other, context=node_a)[0] == 403
    lease = {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": "edge-a"},
        "spec": {"holderIdentity": "edge-a", "leaseDurationSeconds": 40},
    }
    path = "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases"
    assert _post(apiserver, path, lease, context=node_a)[0] == 201
    lease["metadata"]["name"] = "edge-b"
    assert _post(apiserver, path, lease, context=node_a)[0] == 403


def test_certificate_from_another_ca_is_refused(apiserver: RunningApiServer, tmp_path: Path) -> None:
    import ssl
    import subprocess

    key, crt = tmp_path / "k.pem", tmp_path / "c.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
         "-keyout", str(key), "-out", str(crt), "-days", "1", "-subj", "/CN=system:node:edge-a/O=system:masters"],
        check=True, capture_output=True,
    )  # fmt: skip
    ctx = ssl.create_default_context(cafile=str(apiserver.data_dir / "pki" / "ca.crt"))
    ctx.load_cert_chain(str(crt), str(key))
    with pytest.raises(OSError, match=r"certificate|alert|EOF|reset|closed"):  # the TLS handshake fails
        call(apiserver, "GET", "/api/v1/nodes", context=ctx)
