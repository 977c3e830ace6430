"""ConfigMaps, Secrets and ServiceAccounts (core validation).

ConfigMap and Secret keys are ``[-._a-zA-Z0-9]+`` (not ``.``/``..``), the payload totals at most
1 MiB, and a ConfigMap key may not appear in both ``data`` and ``binaryData``. Typed secrets need
their keys (``tls.crt``/``tls.key`` for ``kubernetes.io/tls``, a JSON object under
``.dockerconfigjson``...). Objects marked ``immutable`` reject payload changes; a Secret's type
never changes.

Secret ``data`` and ConfigMap ``binaryData`` hold base64 text on the wire. kube's decoder rejects
malformed base64 with a 400 before validation; should such a value reach us we report it as
``Invalid`` with Go's decoder message rather than store it.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, encoding, names, rules
from kubeedge.apiserver.validation.meta import validate_object_meta, validate_object_meta_update
from kubeedge.apiserver.validation.paths import key

__all__ = [
    "MAX_SECRET_SIZE",
    "validate_config_map",
    "validate_config_map_update",
    "validate_secret",
    "validate_secret_update",
    "validate_service_account",
    "validate_service_account_update",
]

MAX_SECRET_SIZE = 1024 * 1024
_REDACTED = "<secret contents redacted>"
_IMMUTABLE = "field is immutable when `immutable` is set"


def _binary(raw: Any, path: str, errs: list[FieldError]) -> dict[str, bytes]:
    """Decode a base64 map, reporting undecodable values."""
    decoded: dict[str, bytes] = {}
    for name, value in access.mapping(raw).items():
        text = access.text(value)
        problem = encoding.base64_error(text)
        if problem is not None:
            errs.append(FieldError.invalid(key(path, name), _REDACTED, problem))
            continue
        decoded[name] = encoding.decode_base64(text) or b""
    return decoded


def _keys(values: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for name in values:
        errs += rules.invalid_each(key(path, name), name, names.is_config_map_key(name))
    return errs


def validate_config_map(obj: Any) -> list[FieldError]:
    cm = access.mapping(obj)
    errs = validate_object_meta(cm.get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain)
    data = access.string_map(cm.get("data"))
    binary_raw = access.mapping(cm.get("binaryData"))
    total = 0
    for name, value in data.items():
        errs += rules.invalid_each(key("data", name), name, names.is_config_map_key(name))
        if name in binary_raw:
            errs.append(FieldError.invalid(key("data", name), name, "duplicate of key present in binaryData"))
        total += len(value.encode())
    errs += _keys(binary_raw, "binaryData")
    binary = _binary(binary_raw, "binaryData", errs)
    total += sum(len(v) for v in binary.values())
    if total > MAX_SECRET_SIZE:
        # kube reports the size against the whole object (an empty path).
        errs.append(FieldError.too_long("", "", MAX_SECRET_SIZE))
    return errs


def _immutable_payload(new: dict[str, Any], old: dict[str, Any], fields: tuple[str, ...]) -> list[FieldError]:
    if old.get("immutable") is not True:
        return []
    errs: list[FieldError] = []
    if new.get("immutable") is not True:
        errs.append(FieldError.forbidden("immutable", _IMMUTABLE))
    for field in fields:
        if access.mapping(new.get(field)) != access.mapping(old.get(field)):
            errs.append(FieldError.forbidden(field, _IMMUTABLE))
    return errs


def validate_config_map_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _immutable_payload(n, o, ("data", "binaryData"))
    return errs + validate_config_map(n)


def _docker_config(data: dict[str, bytes], name: str) -> list[FieldError]:
    if name not in data:
        return [FieldError.required(key("data", name))]
    problem = encoding.json_object_error(data[name])
    if problem is not None:
        return [FieldError.invalid(key("data", name), _REDACTED, problem)]
    return []


def _typed_secret(secret: dict[str, Any], data: dict[str, bytes], data_raw: dict[str, Any]) -> list[FieldError]:
    kind = access.text(secret.get("type"))
    if kind == "kubernetes.io/service-account-token":
        annotations = access.string_map(access.mapping(secret.get("metadata")).get("annotations"))
        if not annotations.get("kubernetes.io/service-account.name"):
            return [FieldError.required(key("metadata.annotations", "kubernetes.io/service-account.name"))]
    elif kind == "kubernetes.io/dockercfg":
        return _docker_config(data, ".dockercfg")
    elif kind == "kubernetes.io/dockerconfigjson":
        return _docker_config(data, ".dockerconfigjson")
    elif kind == "kubernetes.io/basic-auth":
        if "username" not in data_raw and "password" not in data_raw:
            return [
                FieldError.required(key("data", "username")),
                FieldError.required(key("data", "password")),
            ]
    elif kind == "kubernetes.io/ssh-auth":
        if not data.get("ssh-privatekey"):
            return [FieldError.required(key("data", "ssh-privatekey"))]
    elif kind == "kubernetes.io/tls":
        return [FieldError.required(key("data", name)) for name in ("tls.crt", "tls.key") if name not in data_raw]
    return []


def validate_secret(obj: Any) -> list[FieldError]:
    """Validate a Secret; ``stringData`` must already be folded into ``data`` (see defaults)."""
    secret = access.mapping(obj)
    errs = validate_object_meta(secret.get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain)
    data_raw = access.mapping(secret.get("data"))
    errs += _keys(data_raw, "data")
    data = _binary(data_raw, "data", errs)
    if sum(len(v) for v in data.values()) > MAX_SECRET_SIZE:
        errs.append(FieldError.too_long("data", "", MAX_SECRET_SIZE))
    return errs + _typed_secret(secret, data, data_raw)


def validate_secret_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += rules.immutable(access.text(n.get("type")), access.text(o.get("type")), "type")
    errs += _immutable_payload(n, o, ("data",))
    return errs + validate_secret(n)


def validate_service_account(obj: Any) -> list[FieldError]:
    return validate_object_meta(
        access.mapping(obj).get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain
    )


def validate_service_account_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    return validate_object_meta_update(n.get("metadata"), o.get("metadata")) + validate_service_account(n)
