"""CustomResourceDefinitions: KubeEdge's own CRDs are served, validated, pruned, and cleaned up."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
import yaml

from kubeedge.testing.apiserver import RunningApiServer, api_call


def _shared_crds() -> Path:
    """KubeEdge's own CRD manifests live outside this repository (never copied in)."""
    candidates = [
        Path(os.environ.get("KUBEEDGE_CRDS_DIR", "/nonexistent")),
        Path(__file__).resolve().parents[4] / "shared" / "kubeedge-crds",
        Path("/work/shared/kubeedge-crds"),
    ]
    return next((c for c in candidates if c.is_dir()), candidates[-1])


SHARED_CRDS = _shared_crds()

WIDGETS = {
    "apiVersion": "apiextensions.k8s.io/v1",
    "kind": "CustomResourceDefinition",
    "metadata": {"name": "widgets.example.com"},
    "spec": {
        "group": "example.com",
        "scope": "Namespaced",
        "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
        "versions": [
            {
                "name": "v1",
                "served": True,
                "storage": True,
                "subresources": {"status": {}, "scale": {"specReplicasPath": ".spec.replicas",
                                                          "statusReplicasPath": ".status.replicas"}},
                "additionalPrinterColumns": [
                    {"name": "Size", "type": "string", "jsonPath": ".spec.size"},
                    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
                ],
                "schema": {
                    "openAPIV3Schema": {
                        "type": "object",
                        "properties": {
                            "spec": {
                                "type": "object",
                                "required": ["size"],
                                "properties": {
                                    "size": {"type": "string", "enum": ["S", "M", "L"]},
                                    "replicas": {"type": "integer", "minimum": 0, "default": 1},
                                },
                            },
                            "status": {"type": "object", "properties": {"replicas": {"type": "integer"}}},
                        },
                    }
                },
            }
        ],
    },
}  # fmt: skip


def _apply(server: RunningApiServer, tmp_path: Path, obj: dict, *extra: str) -> str:
    path = tmp_path / f"{obj['metadata']['name']}.yaml"
    path.write_text(yaml.safe_dump(obj))
    return server.kubectl("apply", *extra, "-f", str(path)).stdout


def _wait_established(server: RunningApiServer, name: str) -> None:
    server.kubectl("wait", "--for=condition=Established", f"crd/{name}", "--timeout=20s")


def test_custom_resources_are_served_validated_and_defaulted(apiserver: RunningApiServer, tmp_path: Path) -> None:
    _apply(apiserver, tmp_path, WIDGETS)
    _wait_established(apiserver, "widgets.example.com")
    widget = {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1"}, "spec": {"size": "M"}}
    _apply(apiserver, tmp_path, widget)
    got = apiserver.kubectl_json("get", "wd", "w1")
    assert got["spec"] == {"size": "M", "replicas": 1}  # defaulted
    table = apiserver.kubectl("get", "widgets").stdout.splitlines()
    assert table[0].split() == ["NAME", "SIZE", "AGE"]
    assert table[1].split()[:2] == ["w1", "M"]
    bad = dict(widget, metadata={"name": "w2"}, spec={"size": "XL", "bogus": 1})
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(bad))
    result = apiserver.kubectl("apply", "-f", str(path), check=False)
    assert result.returncode != 0
    assert "bogus" in result.stderr or "XL" in result.stderr
    relaxed = apiserver.kubectl("apply", "--validate=false", "-f", str(path), check=False)
    assert relaxed.returncode != 0
    assert 'Unsupported value: "XL"' in relaxed.stderr
    apiserver.kubectl("scale", "widget", "w1", "--replicas=3")
    assert apiserver.kubectl_json("get", "widget", "w1")["spec"]["replicas"] == 3
    status_patch = json.dumps({"status": {"replicas": 3}})
    apiserver.kubectl("patch", "widget", "w1", "--subresource=status", "--type=merge", "-p", status_patch)
    assert apiserver.kubectl_json("get", "widget", "w1")["status"] == {"replicas": 3}


def test_deleting_a_crd_deletes_its_objects(apiserver: RunningApiServer, tmp_path: Path) -> None:
    crd = json.loads(json.dumps(WIDGETS))
    crd["metadata"]["name"] = "gadgets.example.com"
    crd["spec"]["names"] = {"plural": "gadgets", "singular": "gadget", "kind": "Gadget"}
    _apply(apiserver, tmp_path, crd)
    _wait_established(apiserver, "gadgets.example.com")
    gadget = {"apiVersion": "example.com/v1", "kind": "Gadget", "metadata": {"name": "g1"}, "spec": {"size": "S"}}
    _apply(apiserver, tmp_path, gadget)
    apiserver.kubectl("delete", "crd", "gadgets.example.com", "--timeout=30s")
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if "gadgets" not in apiserver.kubectl("api-resources", "-o", "name").stdout:
            break
        time.sleep(0.2)
    assert apiserver.kubectl("get", "gadgets", check=False).returncode != 0


@pytest.mark.skipif(not SHARED_CRDS.is_dir(), reason="KubeEdge's CRD manifests are not next to this checkout")
def test_kubeedge_crds_are_served(apiserver: RunningApiServer) -> None:
    for manifest in sorted(SHARED_CRDS.rglob("*.yaml")):
        apiserver.kubectl("apply", "--server-side", "-f", str(manifest))
    for name in (
        "devices.devices.kubeedge.io",
        "devicemodels.devices.kubeedge.io",
        "objectsyncs.reliablesyncs.kubeedge.io",
    ):
        _wait_established(apiserver, name)
    resources = apiserver.kubectl("api-resources", "--api-group=devices.kubeedge.io", "-o", "name").stdout.split()
    assert "devices.devices.kubeedge.io" in resources
    model = {
        "apiVersion": "devices.kubeedge.io/v1beta1",
        "kind": "DeviceModel",
        "metadata": {"name": "thermometer", "namespace": "default"},
        "spec": {
            "protocol": "modbus",
            "properties": [{"name": "temperature", "type": "FLOAT", "accessMode": "ReadWrite"}],
        },
    }
    apiserver.kubectl("apply", "-f", "-", input=json.dumps(model))
    assert apiserver.kubectl_json("get", "devicemodels", "thermometer")["spec"]["protocol"] == "modbus"


def test_cluster_scoped_custom_resources_schema_rules(apiserver: RunningApiServer, tmp_path: Path) -> None:
    crd = json.loads(json.dumps(WIDGETS))
    crd["metadata"]["name"] = "sites.example.com"
    crd["spec"]["scope"] = "Cluster"
    crd["spec"]["names"] = {"plural": "sites", "singular": "site", "kind": "Site", "shortNames": ["st"]}
    _apply(apiserver, tmp_path, crd)
    _wait_established(apiserver, "sites.example.com")
    base = "/apis/example.com/v1/sites"

    def post(obj: dict, query: str = "") -> tuple[int, dict]:
        return api_call(apiserver, "POST", base + query, json.dumps(obj).encode())

    site = {"apiVersion": "example.com/v1", "kind": "Site", "metadata": {"name": "s1"}, "spec": {"size": "L"}}
    status, created = post(dict(site, spec={"size": "L", "extra": True}), "?fieldValidation=Ignore")
    assert status == 201, created
    assert created["spec"] == {"size": "L", "replicas": 1}  # unknown field pruned, default applied
    assert "namespace" not in created["metadata"]
    status, body = post(dict(site, metadata={"name": "s2"}, spec={"size": "M", "replicas": "three"}))
    assert status == 422
    assert any(c["field"] == "spec.replicas" for c in body["details"]["causes"])
    status, body = post(dict(site, metadata={"name": "s3"}, spec={}))
    assert status == 422
    assert any(c["field"] == "spec.size" and c["reason"] == "FieldValueRequired" for c in body["details"]["causes"])
    status, body = post(dict(site, metadata={"name": "s4"}, spec={"size": "S", "x": 1}), "?fieldValidation=Strict")
    assert status == 400
    assert 'unknown field "spec.x"' in body["message"]
    assert apiserver.kubectl("get", "st", "-o", "name").stdout.split() == ["site.example.com/s1"]
