"""ConfigMaps, Secrets and ServiceAccounts."""

from __future__ import annotations

import base64
import copy
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.validation import config, names

KEY_MSG = names.is_config_map_key("a/b")[0]
REDACTED = "<secret contents redacted>"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def cm(**fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "app", "namespace": "default"},
        **fields,
    }


def secret(**fields: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "app", "namespace": "default"},
        **fields,
    }


CONFIG_MAP_CASES: list[tuple[str, dict[str, Any], list[FieldError]]] = [
    ("valid", cm(data={"app.properties": "x=1", "KEY_2": "y"}, binaryData={"blob.bin": b64("\x00\x01")}), []),
    ("bad key", cm(data={"a/b": "x"}), [FieldError.invalid("data[a/b]", "a/b", KEY_MSG)]),
    ("dot key", cm(data={"..": "x"}), [FieldError.invalid("data[..]", "..", "must not be '..'")]),
    (
        "key in both maps",
        cm(data={"k": "x"}, binaryData={"k": b64("y")}),
        [FieldError.invalid("data[k]", "k", "duplicate of key present in binaryData")],
    ),
    (
        "binary data must be base64",
        cm(binaryData={"k": "not base64!"}),
        [FieldError.invalid("binaryData[k]", REDACTED, "illegal base64 data at input byte 3")],
    ),
    (
        "over one MiB",
        cm(data={"a": "x" * (1024 * 1024), "b": "y"}),
        [FieldError(FieldErrorType.TOO_LONG, "", detail="may not be more than 1048576 bytes")],
    ),
    (
        "name format",
        {**cm(), "metadata": {"name": "App", "namespace": "default"}},
        [FieldError.invalid("metadata.name", "App", names.is_dns1123_subdomain("App")[0])],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), [c[1:] for c in CONFIG_MAP_CASES], ids=[c[0] for c in CONFIG_MAP_CASES])
def test_config_map(obj: dict[str, Any], expected: list[FieldError]) -> None:
    assert config.validate_config_map(obj) == expected


def _stored(obj: dict[str, Any]) -> dict[str, Any]:
    obj["metadata"].update(uid="u", resourceVersion="3")
    return obj


def test_immutable_config_map() -> None:
    old = _stored(cm(data={"k": "v"}, immutable=True))
    new = copy.deepcopy(old)
    new["data"]["k"] = "changed"
    new["immutable"] = False
    assert config.validate_config_map_update(new, old) == [
        FieldError.forbidden("immutable", "field is immutable when `immutable` is set"),
        FieldError.forbidden("data", "field is immutable when `immutable` is set"),
    ]
    unchanged = copy.deepcopy(old)
    unchanged["metadata"]["labels"] = {"a": "b"}
    assert config.validate_config_map_update(unchanged, old) == []


def test_mutable_config_map_may_become_immutable() -> None:
    old = _stored(cm(data={"k": "v"}))
    new = copy.deepcopy(old)
    new["immutable"] = True
    new["data"]["k"] = "w"
    assert config.validate_config_map_update(new, old) == []


SECRET_CASES: list[tuple[str, dict[str, Any], list[FieldError]]] = [
    ("opaque", secret(type="Opaque", data={"password": b64("s3cret")}), []),
    (
        "bad key",
        secret(type="Opaque", data={"a b": b64("x")}),
        [FieldError.invalid("data[a b]", "a b", KEY_MSG)],
    ),
    (
        "bad base64",
        secret(type="Opaque", data={"k": "abc"}),
        [FieldError.invalid("data[k]", REDACTED, "illegal base64 data at input byte 0")],
    ),
    (
        "over one MiB",
        secret(type="Opaque", data={"k": b64("x" * (1024 * 1024 + 1))}),
        [FieldError(FieldErrorType.TOO_LONG, "data", detail="may not be more than 1048576 bytes")],
    ),
    (
        "tls needs cert and key",
        secret(type="kubernetes.io/tls", data={"tls.crt": b64("c")}),
        [FieldError.required("data[tls.key]")],
    ),
    (
        "docker config json",
        secret(type="kubernetes.io/dockerconfigjson", data={".dockerconfigjson": b64("{not json")}),
        [
            FieldError.invalid(
                "data[.dockerconfigjson]",
                REDACTED,
                "invalid character 'n' looking for beginning of object key string",
            )
        ],
    ),
    (
        "docker config json must be an object",
        secret(type="kubernetes.io/dockerconfigjson", data={".dockerconfigjson": b64("[]")}),
        [
            FieldError.invalid(
                "data[.dockerconfigjson]",
                REDACTED,
                "json: cannot unmarshal array into Go value of type map[string]interface {}",
            )
        ],
    ),
    (
        "docker config json missing",
        secret(type="kubernetes.io/dockerconfigjson", data={}),
        [FieldError.required("data[.dockerconfigjson]")],
    ),
    (
        "legacy dockercfg",
        secret(type="kubernetes.io/dockercfg", data={".dockercfg": b64('{"reg": {}}')}),
        [],
    ),
    (
        "basic auth",
        secret(type="kubernetes.io/basic-auth", data={}),
        [FieldError.required("data[username]"), FieldError.required("data[password]")],
    ),
    ("basic auth with one field", secret(type="kubernetes.io/basic-auth", data={"username": ""}), []),
    (
        "ssh auth",
        secret(type="kubernetes.io/ssh-auth", data={}),
        [FieldError.required("data[ssh-privatekey]")],
    ),
    (
        "service account token",
        secret(type="kubernetes.io/service-account-token"),
        [FieldError.required("metadata.annotations[kubernetes.io/service-account.name]")],
    ),
    ("unknown type is free-form", secret(type="example.com/custom", data={"k": b64("v")}), []),
]


@pytest.mark.parametrize(("obj", "expected"), [c[1:] for c in SECRET_CASES], ids=[c[0] for c in SECRET_CASES])
def test_secret(obj: dict[str, Any], expected: list[FieldError]) -> None:
    assert config.validate_secret(obj) == expected


def test_secret_update_rules() -> None:
    old = _stored(secret(type="Opaque", data={"k": b64("v")}, immutable=True))
    new = copy.deepcopy(old)
    new["type"] = "kubernetes.io/basic-auth"
    new["data"] = {"username": b64("u")}
    assert config.validate_secret_update(new, old) == [
        FieldError.invalid("type", "kubernetes.io/basic-auth", "field is immutable"),
        FieldError.forbidden("data", "field is immutable when `immutable` is set"),
    ]


def test_service_account() -> None:
    sa = {"metadata": {"name": "builder", "namespace": "ci"}}
    assert config.validate_service_account(sa) == []
    assert config.validate_service_account({"metadata": {"name": "builder"}}) == [
        FieldError.required("metadata.namespace")
    ]
    old = copy.deepcopy(sa)
    old["metadata"].update(uid="u", resourceVersion="1")
    new = copy.deepcopy(old)
    new["metadata"]["uid"] = "v"
    assert config.validate_service_account_update(new, old) == [
        FieldError.invalid("metadata.uid", "v", "field is immutable")
    ]
