"""Errors are Kubernetes Status objects with kube's codes and reasons; bad input never hurts the server."""

from __future__ import annotations

import json
import ssl
from typing import TYPE_CHECKING, Any

import pytest

from kubeedge.testing.apiserver import api_call

if TYPE_CHECKING:
    from kubeedge.testing.apiserver import RunningApiServer


call = api_call


def anonymous(server: RunningApiServer) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(server.data_dir / "pki" / "ca.crt"))


def assert_status(result: tuple[int, Any], code: int, reason: str) -> dict[str, Any]:
    status, body = result
    assert status == code, body
    assert body["kind"] == "Status"
    assert body["code"] == code
    assert body["reason"] == reason, body
    return body  # type: ignore[no-any-return]


CM = "/api/v1/namespaces/default/configmaps"


def test_malformed_json_is_400(apiserver: RunningApiServer) -> None:
    assert_status(call(apiserver, "POST", CM, b'{"metadata": {'), 400, "BadRequest")


def test_wrong_kind_is_400(apiserver: RunningApiServer) -> None:
    body = json.dumps({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "x"}}).encode()
    assert_status(call(apiserver, "POST", CM, body), 400, "BadRequest")


def test_unauthenticated_and_anonymous(apiserver: RunningApiServer) -> None:
    status, body = call(apiserver, "GET", "/healthz", context=anonymous(apiserver))
    assert (status, body) == (200, "ok")
    status, version = call(apiserver, "GET", "/version", context=anonymous(apiserver))
    assert status == 200
    assert version["major"] == "1"
    assert_status(call(apiserver, "GET", CM, context=anonymous(apiserver)), 403, "Forbidden")
    bad_token = {"Authorization": "Bearer not-a-token"}
    assert_status(call(apiserver, "GET", CM, context=anonymous(apiserver), headers=bad_token), 401, "Unauthorized")


def test_not_found_paths_and_objects(apiserver: RunningApiServer) -> None:
    body = assert_status(call(apiserver, "GET", CM + "/nope"), 404, "NotFound")
    assert body["message"] == 'configmaps "nope" not found'
    assert_status(call(apiserver, "GET", "/api/v1/nothings"), 404, "NotFound")
    assert_status(call(apiserver, "GET", "/apis/nogroup/v1"), 404, "NotFound")


def test_method_not_allowed(apiserver: RunningApiServer) -> None:
    assert_status(call(apiserver, "DELETE", "/api/v1/namespaces"), 405, "MethodNotAllowed")


def test_already_exists_and_conflict(apiserver: RunningApiServer) -> None:
    body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "dup"}}).encode()
    status, created = call(apiserver, "POST", CM, body)
    assert status == 201
    assert_status(call(apiserver, "POST", CM, body), 409, "AlreadyExists")
    stale = dict(created, data={"a": "b"})
    stale["metadata"] = dict(created["metadata"], resourceVersion="1")
    assert_status(call(apiserver, "PUT", CM + "/dup", json.dumps(stale).encode()), 409, "Conflict")


def test_unsupported_media_type(apiserver: RunningApiServer) -> None:
    assert_status(call(apiserver, "POST", CM, b"<xml/>", content_type="application/xml"), 415, "UnsupportedMediaType")
    patch = b'{"data": {"a": "b"}}'
    assert_status(call(apiserver, "PATCH", CM + "/dup", patch, content_type="text/plain"), 415, "UnsupportedMediaType")


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        ({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "Bad_Name"}}, "metadata.name"),
        (
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": {"name": "nocontainers"},
                "spec": {"containers": []},
            },
            "spec.containers",
        ),
    ],
)
def test_invalid_objects_are_422_with_causes(apiserver: RunningApiServer, obj: dict[str, Any], field: str) -> None:
    plural = "configmaps" if obj["kind"] == "ConfigMap" else "pods"
    body = assert_status(
        call(apiserver, "POST", f"/api/v1/namespaces/default/{plural}", json.dumps(obj).encode()),
        422,
        "Invalid",
    )
    assert field in [c["field"] for c in body["details"]["causes"]]


def test_garbage_never_breaks_the_server(apiserver: RunningApiServer) -> None:
    for junk in (b"\x00\xff" * 100, b"[]", b"null", b'"str"', b"{" * 10000, b'{"metadata": []}'):
        status, _ = call(apiserver, "POST", CM, junk)
        assert 400 <= status < 500
    status, body = call(apiserver, "GET", "/healthz")
    assert (status, body) == (200, "ok")
