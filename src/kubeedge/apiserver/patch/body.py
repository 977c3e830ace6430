"""PATCH request bodies: which patch a ``Content-Type`` names, and decoding its body.

kube-apiserver picks the patch type from the ``Content-Type`` header alone: parameters after
``;`` are dropped and the rest must equal one of the accepted media types exactly (case and all);
anything else is ``415`` listing what is accepted. Custom resources accept no strategic merge
patch, so the accepted set is the caller's to give.

Bodies decode as the Go code decodes them:

- JSON (json-patch, merge-patch, strategic-merge-patch) with orjson. A syntax error is ``400``;
  for merge patches it is ``400 Invalid JSON Patch``, evanphx's only word for it;
- ``application/apply-patch+yaml`` as YAML the way sigs.k8s.io/yaml (go-yaml v2) reads it: a
  JSON body takes the fast path; otherwise YAML 1.1 scalars without timestamps (``2024-01-01``
  stays a string), ``y``/``n``/``on``/``off`` are booleans, no sexagesimal numbers, keys become
  strings, and only the first document counts. A body that is not a mapping is ``400``.

A body that nests deeper than the patch algorithms accept is ``400`` here already. The body's
size limit is the HTTP layer's business. A ``null`` or empty YAML body decodes to ``None``.
"""

from __future__ import annotations

import base64
import datetime
import enum
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import orjson
import yaml

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch import _status, _values

__all__ = ["ALL_PATCH_TYPES", "PatchType", "parse_patch_body"]


class PatchType(enum.StrEnum):
    """The patch media types kube-apiserver serves (CBOR apply is not supported here)."""

    JSON = "application/json-patch+json"
    MERGE = "application/merge-patch+json"
    STRATEGIC = "application/strategic-merge-patch+json"
    APPLY_YAML = "application/apply-patch+yaml"


# Built-in resources accept all of these, in this order (it is the order of kube's 415 message).
ALL_PATCH_TYPES: tuple[PatchType, ...] = tuple(PatchType)


def parse_patch_body(
    content_type: str, body: bytes, *, accepted: Iterable[PatchType] = ALL_PATCH_TYPES
) -> tuple[PatchType, Any]:
    """Resolve the patch type of a request and decode its body.

    Args:
        content_type: the request's ``Content-Type`` header, as sent ("" if absent).
        body: the raw request body (already size-limited by the caller).
        accepted: the patch types the resource serves; custom resources leave out STRATEGIC.

    Returns:
        The patch type and the decoded body (``None`` for a ``null`` body).

    Raises:
        StatusError: 415 for a content type not accepted, 400 for a body that does not decode.
    """
    allowed = list(accepted)
    media_type = content_type
    if (cut := media_type.find(";")) > 0:
        media_type = media_type[:cut]
    if media_type not in {str(t) for t in allowed}:
        raise _unsupported(content_type, allowed)
    patch_type = PatchType(media_type)
    value = _decode_yaml(body) if patch_type is PatchType.APPLY_YAML else _decode_json(body, patch_type)
    if _values.is_too_deep(value):
        raise _status.too_deep()
    return patch_type, value


def _unsupported(content_type: str, accepted: list[PatchType]) -> StatusError:
    names = [str(t) for t in accepted]
    if content_type:
        return StatusError.unsupported_media_type(content_type, names)
    # kube lists the accepted types even when the header is missing.
    message = "the body of the request was in an unknown format - accepted media types include: " + ", ".join(names)
    return StatusError(415, "UnsupportedMediaType", message)


def _decode_json(body: bytes, patch_type: PatchType) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if patch_type is PatchType.MERGE:
            raise _status.bad_request("Invalid JSON Patch") from exc
        if not body.strip() or str(exc).startswith("unexpected end of data"):
            raise _status.bad_request("unexpected end of JSON input") from exc
        raise _status.bad_request(f"invalid JSON: {exc}") from exc


# --- YAML, as go-yaml v2 resolves plain scalars ---------------------------------------------


class _GoYamlLoader(yaml.SafeLoader):
    """SafeLoader with go-yaml v2's implicit types instead of PyYAML's YAML 1.1 set."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # Keys become JSON strings as they are read: Python would merge the keys 1 and true.
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _key(self.construct_object(key_node, deep=deep))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


_GoYamlLoader.yaml_implicit_resolvers = {}
_RESOLVERS = [
    (
        "tag:yaml.org,2002:bool",
        r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
        "yYnNtTfFoO",
    ),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "tag:yaml.org,2002:int",
        r"^[-+]?(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$",
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9_]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:merge", r"^(?:<<)$", ["<"]),
]
for _tag, _pattern, _first in _RESOLVERS:
    _GoYamlLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))

_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}


def _construct_bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return loader.construct_scalar(node) in _TRUE


def _construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node)).replace("_", "")
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
        return sign * int(digits, 8)  # go-yaml keeps YAML 1.1's leading-zero octal
    return sign * int(digits, 0)


def _construct_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    text = str(loader.construct_scalar(node)).replace("_", "")
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if lowered.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


_GoYamlLoader.add_constructor("tag:yaml.org,2002:bool", _construct_bool)
_GoYamlLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_GoYamlLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)


def _yaml_error(problem: str) -> StatusError:
    return _status.bad_request(f"error decoding YAML: error converting YAML to JSON: {problem}")


def _decode_yaml(body: bytes) -> Any:
    try:
        value = orjson.loads(body)  # kubectl and the client libraries send JSON
    except orjson.JSONDecodeError:
        try:
            documents = yaml.load_all(body, Loader=_GoYamlLoader)  # a SafeLoader: no Python objects
            value = next(iter(documents), None)
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 0
            raise _yaml_error(f"yaml: line {line}: {exc.problem}") from exc
        except (yaml.YAMLError, RecursionError, ValueError) as exc:
            raise _yaml_error(f"yaml: {exc}") from exc
        if _values.is_too_deep(value):
            raise _status.too_deep() from None
        value = _jsonable(value)
    if value is not None and not isinstance(value, Mapping):
        kind = _values.go_json_kind(value)
        raise _status.bad_request(
            "error decoding YAML: error unmarshaling JSON: while decoding JSON: "
            f"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}"
        )
    return value


def _key(key: Any) -> str:
    """How sigs.k8s.io/yaml turns a YAML mapping key into a JSON object key."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return {"+Inf": ".inf", "-Inf": "-.inf", "NaN": ".nan"}.get(_values.go_float(key), _values.go_float(key))
    raise _yaml_error(f"unsupported map key of type: {type(key).__name__}, key: {key!r}")


def _jsonable(value: Any) -> Any:
    """Decoded YAML as the JSON it converts to: string keys, finite numbers, no Python types."""
    if isinstance(value, Mapping):
        return {_key(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        raise _yaml_error(f"json: unsupported value: {_values.go_float(value)}")
    if isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**64:
        return float(value)  # beyond int64/uint64 go-yaml falls back to a float
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")  # !!binary: JSON carries []byte as base64
    if isinstance(value, datetime.date):
        return value.isoformat()  # only an explicit !!timestamp tag gets here
    if isinstance(value, set):
        return {_key(k): None for k in value}
    return value
