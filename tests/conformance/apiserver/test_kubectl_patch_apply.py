"""kubectl patch (every type), client-side apply, server-side apply, get -w, delete --cascade."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import yaml

from kubeedge.testing.apiserver import RunningApiServer

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "applied", "labels": {"app": "applied"}},
    "spec": {
        "replicas": 2,
        "selector": {"matchLabels": {"app": "applied"}},
        "template": {
            "metadata": {"labels": {"app": "applied"}},
            "spec": {
                "containers": [
                    {
                        "name": "web",
                        "image": "busybox:1",
                        "env": [{"name": "A", "value": "1"}],
                        "ports": [{"containerPort": 8080}],
                    }
                ]
            },
        },
    },
}


def _write(tmp_path: Path, name: str, obj: dict) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(obj))
    return path


def test_patch_types(apiserver: RunningApiServer) -> None:
    apiserver.kubectl("create", "configmap", "patched", "--from-literal=a=1")
    apiserver.kubectl("patch", "cm", "patched", "--type=merge", "-p", '{"data":{"b":"2"}}')
    apiserver.kubectl("patch", "cm", "patched", "--type=json", "-p", '[{"op":"remove","path":"/data/a"}]')
    apiserver.kubectl("patch", "cm", "patched", "-p", '{"metadata":{"labels":{"x":"y"}}}')  # strategic
    cm = apiserver.kubectl_json("get", "cm", "patched")
    assert cm["data"] == {"b": "2"}
    assert cm["metadata"]["labels"] == {"x": "y"}
    failed = apiserver.kubectl(
        "patch", "cm", "patched", "--type=json", "-p", '[{"op":"test","path":"/data/b","value":"9"}]', check=False
    )
    assert failed.returncode != 0


def test_strategic_merge_patch_merges_containers_by_name(apiserver: RunningApiServer, tmp_path: Path) -> None:
    obj = json.loads(json.dumps(DEPLOYMENT))
    obj["metadata"]["name"] = "smp"
    apiserver.kubectl("apply", "-f", str(_write(tmp_path, "d.yaml", obj)))
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "busybox:2"}]}}}}
    apiserver.kubectl("patch", "deployment", "smp", "-p", json.dumps(patch))
    containers = apiserver.kubectl_json("get", "deployment", "smp")["spec"]["template"]["spec"]["containers"]
    assert sorted(c["name"] for c in containers) == ["sidecar", "web"]
    env_patch = {
        "spec": {"template": {"spec": {"containers": [{"name": "web", "env": [{"name": "B", "value": "2"}]}]}}}
    }
    apiserver.kubectl("patch", "deployment", "smp", "-p", json.dumps(env_patch))
    web = next(
        c
        for c in apiserver.kubectl_json("get", "deployment", "smp")["spec"]["template"]["spec"]["containers"]
        if c["name"] == "web"
    )
    assert {e["name"] for e in web["env"]} == {"A", "B"}


def test_client_side_apply_create_update_unchanged(apiserver: RunningApiServer, tmp_path: Path) -> None:
    path = _write(tmp_path, "d.yaml", DEPLOYMENT)
    assert "created" in apiserver.kubectl("apply", "-f", str(path)).stdout
    assert "unchanged" in apiserver.kubectl("apply", "-f", str(path)).stdout
    changed = json.loads(json.dumps(DEPLOYMENT))
    changed["spec"]["replicas"] = 3
    del changed["spec"]["template"]["spec"]["containers"][0]["env"]
    assert "configured" in apiserver.kubectl("apply", "-f", str(_write(tmp_path, "d2.yaml", changed))).stdout
    live = apiserver.kubectl_json("get", "deployment", "applied")
    assert live["spec"]["replicas"] == 3
    assert "env" not in live["spec"]["template"]["spec"]["containers"][0]
    assert live["metadata"]["generation"] == 2


def test_server_side_apply_is_idempotent_and_detects_conflicts(apiserver: RunningApiServer, tmp_path: Path) -> None:
    obj = json.loads(json.dumps(DEPLOYMENT))
    obj["metadata"]["name"] = "ssa"
    path = _write(tmp_path, "ssa.yaml", obj)
    apiserver.kubectl("apply", "--server-side", "-f", str(path))
    first = apiserver.kubectl_json("get", "deployment", "ssa", "--show-managed-fields")
    apiserver.kubectl("apply", "--server-side", "-f", str(path))
    second = apiserver.kubectl_json("get", "deployment", "ssa", "--show-managed-fields")
    assert first["metadata"]["resourceVersion"] == second["metadata"]["resourceVersion"]
    managers = {m["manager"]: m["operation"] for m in second["metadata"]["managedFields"]}
    assert managers["kubectl"] == "Apply"
    # Another manager takes spec.replicas; a plain apply of a different value then conflicts.
    apiserver.kubectl("scale", "deployment", "ssa", "--replicas=5")
    obj["spec"]["replicas"] = 4
    path = _write(tmp_path, "ssa2.yaml", obj)
    conflict = apiserver.kubectl("apply", "--server-side", "-f", str(path), check=False)
    assert conflict.returncode != 0
    assert "conflict" in conflict.stderr.lower()
    apiserver.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(path))
    assert apiserver.kubectl_json("get", "deployment", "ssa")["spec"]["replicas"] == 4


def test_get_watch_streams_changes(apiserver: RunningApiServer) -> None:
    cmd = [
        "kubectl",
        f"--kubeconfig={apiserver.kubeconfig}",
        f"--cache-dir={apiserver.cache_dir}",
        "get",
        "configmaps",
        "-w",
        "-l",
        "watched=yes",
        "--request-timeout=20s",
    ]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as watcher:
        _read_watch(apiserver, watcher)


def _read_watch(apiserver: RunningApiServer, watcher: subprocess.Popen[str]) -> None:
    try:
        time.sleep(1.0)  # let the watch start before the change it must see
        apiserver.kubectl("create", "configmap", "watched", "--from-literal=k=v")
        apiserver.kubectl("label", "configmap", "watched", "watched=yes")
        assert watcher.stdout is not None
        header = watcher.stdout.readline().split()
        assert header == ["NAME", "DATA", "AGE"]
        row = watcher.stdout.readline().split()
        assert row[:2] == ["watched", "1"]
    finally:
        watcher.terminate()
        watcher.wait(timeout=10)


def test_scale_and_output_formats(apiserver: RunningApiServer, tmp_path: Path) -> None:
    obj = json.loads(json.dumps(DEPLOYMENT))
    obj["metadata"]["name"] = "scaled"
    apiserver.kubectl("apply", "-f", str(_write(tmp_path, "s.yaml", obj)))
    apiserver.kubectl("scale", "deployment", "scaled", "--replicas=7")
    assert apiserver.kubectl_json("get", "deploy", "scaled")["spec"]["replicas"] == 7
    wide = apiserver.kubectl("get", "deploy", "scaled", "-o", "wide").stdout.splitlines()
    assert wide[0].split()[:5] == ["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"]
    assert "CONTAINERS" in wide[0]
    as_yaml = yaml.safe_load(apiserver.kubectl("get", "deploy", "scaled", "-o", "yaml").stdout)
    assert as_yaml["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == "25%"
