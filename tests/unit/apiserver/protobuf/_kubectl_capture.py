"""Capture the request bodies real kubectl sends, to prove the decoder against Go-encoded bytes.

A tiny HTTP server on ``127.0.0.1:0`` (stdlib, one thread) records the first request that carries
a body and answers it with a 400 Status, so kubectl stops there. kubectl is pointed at it with
``--server http://...``; its ``--dry-run=client -o json`` output of the same command is what the
decoded body must equal.

Run as a script to regenerate ``fixtures/`` (``<name>.bin``, ``<name>.json``) and print which
commands send protobuf::

    .venv/bin/python tests/unit/apiserver/protobuf/_kubectl_capture.py
"""

from __future__ import annotations

import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["COMMANDS", "DEBUG_COPY", "OTHER_COMMANDS", "Captured", "capture", "dry_run", "kubectl_path", "materialize"]

FIXTURES = Path(__file__).parent / "fixtures"

# Deterministic inputs that some commands read from files (written by ``materialize``).
_BINARY = bytes(range(256))
_FILES = {"blob.bin": _BINARY, "config.yaml": b"key: value\nlist:\n  - 1\n"}

# Built-in kinds we serve: name -> kubectl arguments. "{dir}" is the directory of the input files.
COMMANDS: dict[str, list[str]] = {
    "configmap": ["create", "configmap", "cm1", "--from-literal=a=b", "--from-literal=empty="],
    "configmap-binary": ["create", "configmap", "cm2", "--from-file={dir}/blob.bin", "--from-file={dir}/config.yaml"],
    "secret-generic": ["create", "secret", "generic", "s1", "--from-literal=user=admin", "--type=Opaque"],
    "secret-binary": ["create", "secret", "generic", "s2", "--from-file={dir}/blob.bin"],
    "secret-docker-registry": [
        "create",
        "secret",
        "docker-registry",
        "reg",
        "--docker-server=registry.example",
        "--docker-username=u",
        "--docker-password=p",
    ],
    "deployment": ["create", "deployment", "web", "--image=nginx:1.27", "--replicas=3", "--port=8080"],
    "deployment-multi": ["create", "deployment", "two", "--image=busybox", "--image=redis:7"],
    "deployment-command": ["create", "deployment", "cmd", "--image=busybox", "--", "sleep", "3600"],
    "namespace": ["create", "namespace", "ns1"],
    "service-clusterip": ["create", "service", "clusterip", "svc1", "--tcp=80:8080", "--tcp=443:https"],
    "service-headless": ["create", "service", "clusterip", "svc2", "--clusterip=None"],
    "service-nodeport": ["create", "service", "nodeport", "svc3", "--tcp=80:8080", "--node-port=30080"],
    "service-loadbalancer": ["create", "service", "loadbalancer", "svc4", "--tcp=5678:8080"],
    "service-externalname": ["create", "service", "externalname", "svc5", "--external-name=example.com"],
    "serviceaccount": ["create", "serviceaccount", "sa1"],
}

# Copies pod "p" (fixtures/debug-copy-source.json, served to kubectl) to "p2" plus a container.
DEBUG_COPY = ["debug", "pod/p", "--copy-to=p2", "--image=busybox", "--container=dbg"]

# Commands whose request we only classify for the report (kinds we do not serve, or no body).
OTHER_COMMANDS: dict[str, list[str]] = {
    "run (pod)": [
        "run",
        "pod1",
        "--image=busybox",
        "--restart=Never",
        "--labels=app=x,tier=y",
        "--env=A=1",
        "--env=B=",
        "--port=8080",
        "--annotations=note=yes",
    ],
    "create priorityclass": ["create", "priorityclass", "high", "--value=1000"],
    "create role": ["create", "role", "r", "--verb=get", "--resource=pods"],
    "create job": ["create", "job", "j", "--image=busybox"],
    "create cronjob": ["create", "cronjob", "c", "--image=busybox", "--schedule=*/1 * * * *"],
    "create quota": ["create", "quota", "q", "--hard=pods=2"],
    "create poddisruptionbudget": ["create", "poddisruptionbudget", "p", "--selector=a=b", "--min-available=1"],
    "create ingress": ["create", "ingress", "i", "--rule=foo.com/=svc:80"],
    "create token": ["create", "token", "sa1"],
    "auth can-i": ["auth", "can-i", "get", "pods"],
    "create -f (configmap)": ["create", "-f", "{dir}/cm.json", "--validate=false"],
    "apply -f (configmap)": ["apply", "-f", "{dir}/cm.json", "--validate=false"],
    "delete configmap": ["delete", "configmap", "cm1"],
}


def _resource(name: str, kind: str, *, namespaced: bool = True) -> dict[str, Any]:
    verbs = ["create", "delete", "get", "list", "patch", "update", "watch"]
    return {"name": name, "singularName": kind.lower(), "namespaced": namespaced, "kind": kind, "verbs": verbs}


# Legacy (un-aggregated) discovery, enough for the commands that map kinds to resources first.
_DISCOVERY: dict[str, dict[str, Any]] = {
    "/api": {"kind": "APIVersions", "versions": ["v1"], "serverAddressByClientCIDRs": []},
    "/apis": {
        "kind": "APIGroupList",
        "apiVersion": "v1",
        "groups": [
            {
                "name": "apps",
                "versions": [{"groupVersion": "apps/v1", "version": "v1"}],
                "preferredVersion": {"groupVersion": "apps/v1", "version": "v1"},
            }
        ],
    },
    "/api/v1": {
        "kind": "APIResourceList",
        "groupVersion": "v1",
        "resources": [
            _resource("pods", "Pod"),
            _resource("configmaps", "ConfigMap"),
            _resource("secrets", "Secret"),
            _resource("services", "Service"),
            _resource("serviceaccounts", "ServiceAccount"),
            _resource("namespaces", "Namespace", namespaced=False),
        ],
    },
    "/apis/apps/v1": {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": "apps/v1",
        "resources": [_resource("deployments", "Deployment")],
    },
}


@dataclass(frozen=True, slots=True)
class Captured:
    """The first request with a body that kubectl sent."""

    method: str
    path: str
    content_type: str
    body: bytes


def kubectl_path() -> str | None:
    return shutil.which("kubectl")


def materialize(directory: Path) -> None:
    """Write the input files the commands read."""
    for name, data in _FILES.items():
        (directory / name).write_bytes(data)
    manifest = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cm1"}, "data": {"a": "b"}}
    (directory / "cm.json").write_text(json.dumps(manifest))


def _expand(args: list[str], directory: Path) -> list[str]:
    return [arg.replace("{dir}", str(directory)) for arg in args]


class _Recorder(BaseHTTPRequestHandler):
    captured: list[Captured]
    objects: dict[str, dict[str, Any]]

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _answer(self, code: int, reason: str, message: str) -> None:
        status = {"kind": "Status", "apiVersion": "v1", "status": "Failure", "message": message, "reason": reason}
        self._send(code, {**status, "code": code})

    def _send(self, code: int, document: dict[str, Any]) -> None:
        payload = json.dumps(document).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _record(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path = self.path.split("?")[0]
        discovery = _DISCOVERY.get(path) or self.objects.get(path)
        if self.command == "GET" and discovery is not None:
            self._send(200, discovery)
        elif body:
            content_type = self.headers.get("Content-Type") or ""
            self.captured.append(Captured(self.command, self.path, content_type, body))
            self._answer(400, "BadRequest", "captured by the test server")
        else:
            self._answer(404, "NotFound", "the server could not find the requested resource")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _record


@contextlib.contextmanager
def _recording_server(objects: dict[str, dict[str, Any]] | None = None) -> Iterator[tuple[str, list[Captured]]]:
    """A recording server for the duration of the block: its URL and the requests it captured.

    ``objects`` are served to GET requests by path (for commands that read an object first).
    """
    captured: list[Captured] = []
    handler = type("Recorder", (_Recorder,), {"captured": captured, "objects": objects or {}})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", captured
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _run(kubectl: str, url: str, args: list[str], directory: Path, *, extra: tuple[str, ...] = ()) -> str:
    command = [kubectl, f"--server={url}", "--token=x", "--namespace=default", "--request-timeout=20s"]
    command += _expand(args, directory)
    # Extra flags go before a "--" that starts a container command.
    split = command.index("--") if "--" in command else len(command)
    command[split:split] = extra
    result = subprocess.run(
        command, capture_output=True, timeout=60, check=False, env={"HOME": str(directory)}, text=True
    )
    return result.stdout


def capture(
    args: list[str],
    directory: Path,
    *,
    kubectl: str = "kubectl",
    objects: dict[str, dict[str, Any]] | None = None,
) -> Captured | None:
    """Run kubectl against a recording server; return the first request body it sent, if any."""
    with _recording_server(objects) as (url, captured):
        _run(kubectl, url, args, directory)
    return captured[0] if captured else None


def dry_run(args: list[str], directory: Path, *, kubectl: str = "kubectl") -> dict[str, Any]:
    """The object kubectl builds for ``args``, as it prints it with ``--dry-run=client -o json``."""
    with _recording_server() as (url, _):
        output = _run(kubectl, url, args, directory, extra=("--dry-run=client", "-o", "json"))
    parsed: dict[str, Any] = json.loads(output)
    return parsed


def main() -> int:
    kubectl = kubectl_path()
    if kubectl is None:
        print("kubectl is not installed", file=sys.stderr)
        return 1
    FIXTURES.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        directory = Path(temp)
        materialize(directory)
        for name, args in COMMANDS.items():
            got = capture(args, directory, kubectl=kubectl)
            assert got is not None, name
            (FIXTURES / f"{name}.bin").write_bytes(got.body)
            expected = dry_run(args, directory, kubectl=kubectl)
            (FIXTURES / f"{name}.json").write_text(json.dumps(expected, indent=2) + "\n")
            print(f"{name:28} {got.method} {got.path.split('?')[0]:45} {got.content_type}")
        # kubectl debug --copy-to reads a rich Pod and creates its copy with a typed client: a
        # Go-encoded PodSpec with every kind of field.
        source = json.loads((FIXTURES / "debug-copy-source.json").read_text())
        objects = {"/api/v1/namespaces/default/pods/p": source}
        got = capture(DEBUG_COPY, directory, kubectl=kubectl, objects=objects)
        assert got is not None
        (FIXTURES / "debug-copy.bin").write_bytes(got.body)
        print(f"{'debug --copy-to':28} {got.method} {got.path.split('?')[0]:45} {got.content_type}")
        for name, args in OTHER_COMMANDS.items():
            got = capture(args, directory, kubectl=kubectl)
            summary = f"{got.method} {got.path.split('?')[0]:45} {got.content_type}" if got else "(no request body)"
            print(f"{name:28} {summary}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
