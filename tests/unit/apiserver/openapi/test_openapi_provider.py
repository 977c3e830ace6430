"""OpenAPIProvider: what /openapi/v2 and /openapi/v3 answer, ETags, caching and rebuilds on CRD changes."""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import orjson
import pytest

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.openapi import OpenAPIProvider
from kubeedge.apiserver.openapi.proto_v2 import decode_document
from kubeedge.apiserver.openapi.provider import V2_PROTOBUF
from kubeedge.apiserver.registry.builtin import builtin_resources
from kubeedge.apiserver.registry.catalog import Catalog
from kubeedge.apiserver.registry.crds import resources_from_crd
from kubeedge.apiserver.schema.model import REF_PREFIX, SchemaSet

if TYPE_CHECKING:
    from collections.abc import Iterator

JSON = "application/json"
PB_CLIENT_GO = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf"


def _etag(body: bytes) -> str:
    return hashlib.sha512(body).hexdigest().upper()


def _serve(provider: OpenAPIProvider, path: str, accept: str = JSON, **query: str) -> tuple[bytes, str, str]:
    found = provider.serve(path, query, accept)
    assert found is not None, path
    return found


@pytest.fixture
def provider(catalog: Catalog, schemas: SchemaSet) -> OpenAPIProvider:
    return OpenAPIProvider(catalog, schemas, version="v1.32.0+test")


def test_v2_json(provider: OpenAPIProvider) -> None:
    body, content_type, etag = _serve(provider, "/openapi/v2")
    assert content_type == JSON
    assert etag == _etag(body)
    document = orjson.loads(body)
    assert document["swagger"] == "2.0"
    assert document["info"]["version"] == "v1.32.0+test"
    assert provider.model().placeholders == frozenset()


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", JSON),
        ("*/*", JSON),
        ("application/*", JSON),
        (JSON, JSON),
        (PB_CLIENT_GO, V2_PROTOBUF),
        (V2_PROTOBUF, V2_PROTOBUF),
        (f"{JSON};q=0.5, {PB_CLIENT_GO}", V2_PROTOBUF),
        (f"{PB_CLIENT_GO};q=0.1, {JSON}", JSON),
        (f"text/html, {PB_CLIENT_GO};q=0.9", V2_PROTOBUF),
        ("text/html", None),
        ("application/yaml", None),
    ],
)
def test_v2_negotiation(provider: OpenAPIProvider, accept: str, expected: str | None) -> None:
    if expected is None:
        with pytest.raises(StatusError) as raised:
            provider.serve("/openapi/v2", {}, accept)
        assert raised.value.code == 406
        return
    _, content_type, _ = _serve(provider, "/openapi/v2", accept)
    assert content_type == expected


def test_v2_protobuf_is_the_json_document(provider: OpenAPIProvider) -> None:
    json_body, _, json_etag = _serve(provider, "/openapi/v2")
    body, content_type, etag = _serve(provider, "/openapi/v2", PB_CLIENT_GO)
    assert content_type == V2_PROTOBUF
    assert etag == json_etag  # kube-openapi tags both forms with the JSON's hash
    decoded = decode_document(body)
    document = orjson.loads(json_body)
    assert decoded["swagger"] == "2.0"
    assert list(decoded["paths"]) == list(document["paths"])
    assert list(decoded["definitions"]) == list(document["definitions"])


def _index(provider: OpenAPIProvider) -> dict[str, str]:
    body, content_type, etag = _serve(provider, "/openapi/v3")
    assert content_type == JSON
    assert etag == _etag(body)
    return {gv: entry["serverRelativeURL"] for gv, entry in orjson.loads(body)["paths"].items()}


def test_v3_index_points_at_each_document(provider: OpenAPIProvider) -> None:
    index = _index(provider)
    assert set(index) == {
        "api/v1",
        "apis/apps/v1",
        "apis/coordination.k8s.io/v1",
        "apis/apiextensions.k8s.io/v1",
        "apis/authorization.k8s.io/v1",
        "apis/authentication.k8s.io/v1",
    }
    for gv, url in index.items():
        parts = urlsplit(url)
        assert parts.path == f"/openapi/v3/{gv}"
        [wanted] = parse_qs(parts.query)["hash"]
        body, content_type, etag = _serve(provider, parts.path, hash=wanted)
        assert content_type == JSON
        assert etag == wanted == _etag(body)
        assert orjson.loads(body)["openapi"] == "3.0.0"


def test_a_stale_hash_still_gets_the_current_document(provider: OpenAPIProvider) -> None:
    body, _, etag = _serve(provider, "/openapi/v3/api/v1", hash="0" * 128)
    assert etag == _etag(body)


@pytest.mark.parametrize(
    "path", ["/openapi/v3/apis/nope/v1", "/openapi/v3/api/v2", "/openapi/v4", "/openapi/v2/x", "/openapi"]
)
def test_unknown_paths(provider: OpenAPIProvider, path: str) -> None:
    assert provider.serve(path, {}, JSON) is None


def test_v3_protobuf_only_is_not_acceptable(provider: OpenAPIProvider) -> None:
    with pytest.raises(StatusError) as raised:
        provider.serve("/openapi/v3/api/v1", {}, "application/com.github.proto-openapi.spec.v3@v1.0+protobuf")
    assert raised.value.code == 406
    _serve(provider, "/openapi/v3/api/v1", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf, */*;q=0.1")


def test_documents_are_cached_until_the_catalog_changes(provider: OpenAPIProvider) -> None:
    first = _serve(provider, "/openapi/v2")[0]
    assert _serve(provider, "/openapi/v2")[0] is first
    proto = _serve(provider, "/openapi/v2", PB_CLIENT_GO)[0]
    assert _serve(provider, "/openapi/v2", PB_CLIENT_GO)[0] is proto
    v3 = _serve(provider, "/openapi/v3/api/v1")[0]
    assert _serve(provider, "/openapi/v3/api/v1")[0] is v3


def test_crd_changes_rebuild_the_documents(
    provider: OpenAPIProvider, catalog: Catalog, device_crd: dict[str, Any]
) -> None:
    name = device_crd["metadata"]["name"]
    index_before = _serve(provider, "/openapi/v3")
    v2_before = _serve(provider, "/openapi/v2")
    apps_before = _serve(provider, "/openapi/v3/apis/apps/v1")

    catalog.set_custom(name, resources_from_crd(device_crd))
    index = _index(provider)
    assert {"apis/devices.kubeedge.io/v1beta1", "apis/devices.kubeedge.io/v1alpha1"} <= set(index)
    v2 = _serve(provider, "/openapi/v2")
    assert v2[2] != v2_before[2]
    assert "io.kubeedge.devices.v1beta1.Device" in orjson.loads(v2[0])["definitions"]
    assert _serve(provider, "/openapi/v3/apis/apps/v1")[2] == apps_before[2]  # untouched group versions keep their hash
    device_etag = _serve(provider, "/openapi/v3/apis/devices.kubeedge.io/v1beta1")[2]

    # a schema change shows in that group version's hash
    device_crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["properties"]["extra2"] = {
        "type": "string"
    }
    catalog.set_custom(name, resources_from_crd(device_crd))
    assert _serve(provider, "/openapi/v3/apis/devices.kubeedge.io/v1beta1")[2] != device_etag

    # removing the CRD gives back the very same documents
    catalog.set_custom(name, [])
    assert _serve(provider, "/openapi/v3") == index_before
    assert _serve(provider, "/openapi/v2")[2] == v2_before[2]
    assert provider.serve("/openapi/v3/apis/devices.kubeedge.io/v1beta1", {}, JSON) is None


def test_building_on_first_request_is_fast(catalog_with_crd: Catalog, schemas: SchemaSet) -> None:
    provider = OpenAPIProvider(catalog_with_crd, schemas)
    started = time.perf_counter()
    _serve(provider, "/openapi/v3")
    _serve(provider, "/openapi/v2")
    _serve(provider, "/openapi/v2", PB_CLIENT_GO)
    assert time.perf_counter() - started < 2.0  # about 0.15 s here; kube builds lazily too


def test_builtin_schemas_default_to_the_resources_own(catalog: Catalog, schemas: SchemaSet) -> None:
    with_set = _serve(OpenAPIProvider(catalog, schemas), "/openapi/v2")
    without = _serve(OpenAPIProvider(catalog, None), "/openapi/v2")
    assert with_set == without


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_a_small_schema_set_still_gives_consistent_documents(device_crd: dict[str, Any]) -> None:
    """With only a few built-in definitions, missing ones become placeholders and every reference resolves."""
    meta = "io.k8s.apimachinery.pkg.apis.meta.v1."
    small = SchemaSet(
        {
            meta + "ObjectMeta": {"type": "object", "properties": {"name": {"type": "string"}}},
            "io.k8s.api.core.v1.Pod": {
                "type": "object",
                "properties": {
                    "metadata": {"$ref": REF_PREFIX + meta + "ObjectMeta"},
                    "spec": {"$ref": REF_PREFIX + "io.k8s.api.core.v1.PodSpec"},
                },
                "x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}],
            },
        }
    )
    catalog = Catalog(builtin_resources(small))
    catalog.set_custom(device_crd["metadata"]["name"], resources_from_crd(device_crd))
    provider = OpenAPIProvider(catalog, small)
    assert {
        "io.k8s.api.core.v1.PodSpec",
        "io.k8s.api.apps.v1.Deployment",
        meta + "Status",
    } <= provider.model().placeholders
    v2 = orjson.loads(_serve(provider, "/openapi/v2")[0])
    for ref in _refs(v2):
        assert ref.removeprefix("#/definitions/") in v2["definitions"], ref
    for url in _index(provider).values():
        document = orjson.loads(_serve(provider, urlsplit(url).path)[0])
        for ref in _refs(document):
            assert ref.removeprefix(REF_PREFIX) in document["components"]["schemas"], ref
    decode_document(_serve(provider, "/openapi/v2", PB_CLIENT_GO)[0])
