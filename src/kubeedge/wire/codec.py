"""The JSON form of a beehive message, exactly as Go's ``encoding/json`` reads and writes it.

This is the one module that knows the Go field names (spec §1.1, §3.4). A WebSocket frame
holds one object with three keys::

    {"header": {"msg_id", "parent_msg_id"?, "timestamp", "resourceversion"?, "sync"?, "type"?},
     "route":  {"source"?, "destination"?, "group"?, "operation"?, "resource"?},
     "content": <any JSON>}

Keys marked ``?`` are ``omitempty`` and are left out when empty or false; ``msg_id`` and
``timestamp`` are always written, ``header`` and ``route`` always (Go's ``omitempty`` has no
effect on a struct), and ``content`` always (``null`` when there is none). Keys are written in
Go's struct order, so our frames look like Go's.

Decoding accepts what Go's ``json.Unmarshal`` accepts, so that a Go peer never sees a frame
refused here that its own side would read:

- unknown keys are ignored at every level;
- a key that is not an exact field name matches one case-insensitively, with Go's folding
  (``"MSG_ID"``, and even the Kelvin sign for ``k``); when several keys land on one field the
  last wins, and ``null`` leaves a header or route field as it was;
- invalid UTF-8 inside strings becomes U+FFFD instead of failing the frame.

It refuses, with a :class:`~kubeedge.errors.ProtocolError` naming the problem, what Go would
refuse (not JSON, a field of the wrong type, a timestamp that is not an int64) and, as our own
rule, a frame without a ``header`` or ``route`` object, which no KubeEdge peer ever sends.

Encoding and decoding use orjson; ``bench/wire_codec.py`` measures both. The helpers at the
end build and read the content shapes of spec §1.2: the cloud's ``ObjectResp``
(``{"Object": ..., "Err": ...}``) and the JSON forms of Go ``error`` values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from kubeedge.errors import ProtocolError
from kubeedge.wire.message import Content, Header, JsonValue, Message, MsgID, Route, marshal

__all__ = [
    "ObjectResp",
    "decode",
    "encode",
    "error_status",
    "is_go_error",
    "object_resp",
    "parse_object_resp",
    "plain_error",
    "status_error",
]

_INT64_MIN = -(2**63)
_INT64_MAX = 2**63 - 1

_HEADER_KEYS = frozenset({"msg_id", "parent_msg_id", "timestamp", "resourceversion", "sync", "type"})
_ROUTE_KEYS = frozenset({"source", "destination", "group", "operation", "resource"})
_TOP_KEYS = frozenset({"header", "route", "content"})

# Go (1.21+) folds a key rune by rune to upper(lower(r)). Only these non-ASCII runes fold to an
# ASCII letter, so only they can match one of our (ASCII) field names without being ASCII.
_NON_ASCII_FOLD = {"\u017f": "S", "\u212a": "K", "\u0131": "I", "\u0130": "I"}


def _fold(key: str) -> str:
    if key.isascii():
        return key.upper()
    return "".join(c.upper() if c.isascii() else _NON_ASCII_FOLD.get(c, c) for c in key)


_HEADER_FOLDED = {_fold(k): k for k in _HEADER_KEYS}
_ROUTE_FOLDED = {_fold(k): k for k in _ROUTE_KEYS}
_TOP_FOLDED = {_fold(k): k for k in _TOP_KEYS}


def encode(message: Message) -> bytes:
    """The JSON text of ``message``, as Go's ``json.Marshal`` writes it.

    ``sync`` is written as it is in the header; Go's WebSocket writer clears it before
    sending, and so should the session that owns the link.

    Raises:
        ProtocolError: The content holds something JSON cannot represent.
    """
    h = message.header
    header: dict[str, object] = {"msg_id": h.msg_id}
    if h.parent_msg_id:
        header["parent_msg_id"] = h.parent_msg_id
    header["timestamp"] = h.timestamp
    if h.resource_version:
        header["resourceversion"] = h.resource_version
    if h.sync:
        header["sync"] = True
    if h.type:
        header["type"] = h.type
    r = message.route
    route: dict[str, str] = {}
    if r.source:
        route["source"] = r.source
    if r.destination:
        route["destination"] = r.destination
    if r.group:
        route["group"] = r.group
    if r.operation:
        route["operation"] = r.operation
    if r.resource:
        route["resource"] = r.resource
    return marshal({"header": header, "route": route, "content": message.content})


def decode(data: bytes | str) -> Message:
    """The message in one frame's JSON text.

    Args:
        data: The frame payload (a text frame's ``str`` or a binary frame's ``bytes``).

    Raises:
        ProtocolError: The frame is not a message; the text says why.
    """
    try:
        top = orjson.loads(data)
    except orjson.JSONDecodeError as exc:
        top = _loads_replacing_invalid_utf8(data, exc)
    if type(top) is not dict:
        raise ProtocolError(f"frame is not a JSON object but {_kind(top)}")
    if top.keys() <= _TOP_KEYS:
        header_obj = top.get("header")
        route_obj = top.get("route")
        content = top.get("content")
    else:
        header_obj, route_obj, content = _match_top(top)
    if header_obj is None:
        raise ProtocolError("message has no header")
    if route_obj is None:
        raise ProtocolError("message has no route")
    return Message(header=_header(header_obj), route=_route(route_obj), content=content)


def _loads_replacing_invalid_utf8(data: bytes | str, exc: orjson.JSONDecodeError) -> Any:
    # Go replaces invalid UTF-8 with U+FFFD while decoding strings; orjson refuses the text.
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            try:
                return orjson.loads(bytes(data).decode("utf-8", "replace"))
            except orjson.JSONDecodeError as retry_exc:
                raise ProtocolError(f"frame is not JSON: {retry_exc}") from retry_exc
    elif isinstance(data, str):
        try:
            data.encode("utf-8")
        except UnicodeEncodeError:
            raise ProtocolError("frame text holds lone surrogates and is not JSON") from exc
    raise ProtocolError(f"frame is not JSON: {exc}") from exc


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _match_top(top: dict[str, Any]) -> tuple[Any, Any, Any]:
    # Go decodes each matching key in document order into the same struct, so a second
    # "Header" object merges into the first, and null leaves a struct as it was.
    header: dict[str, Any] | None = None
    route: dict[str, Any] | None = None
    content: Any = None
    for key, value in top.items():
        name = key if key in _TOP_KEYS else _TOP_FOLDED.get(_fold(key))
        if name == "content":
            content = value
        elif name == "header" and value is not None:
            header = _merge(header, _fields(value, "header", _HEADER_KEYS, _HEADER_FOLDED))
        elif name == "route" and value is not None:
            route = _merge(route, _fields(value, "route", _ROUTE_KEYS, _ROUTE_FOLDED))
    return header, route, content


def _merge(earlier: dict[str, Any] | None, later: dict[str, Any]) -> dict[str, Any]:
    if earlier is None:
        return later
    return {**earlier, **{k: v for k, v in later.items() if v is not None}}


def _fields(obj: Any, where: str, exact: frozenset[str], folded: dict[str, str]) -> dict[str, Any]:
    if type(obj) is not dict:
        raise ProtocolError(f"message {where} is not a JSON object but {_kind(obj)}")
    if obj.keys() <= exact:
        return obj
    fields: dict[str, Any] = {}
    for key, value in obj.items():
        name = key if key in exact else folded.get(_fold(key))
        if name is not None and value is not None:
            fields[name] = value
    return fields


def _string(value: Any, where: str) -> str:
    # The slow path of a string field: null (or absent) is Go's zero value, anything else is wrong.
    if value is None:
        return ""
    if type(value) is not str:
        raise ProtocolError(f"{where} must be a string, got {_kind(value)}")
    return value


def _header(obj: Any) -> Header:
    fields = _fields(obj, "header", _HEADER_KEYS, _HEADER_FOLDED)
    get = fields.get
    msg_id = get("msg_id", "")
    parent = get("parent_msg_id", "")
    resource_version = get("resourceversion", "")
    context_type = get("type", "")
    if not (
        type(msg_id) is str and type(parent) is str and type(resource_version) is str and type(context_type) is str
    ):
        msg_id = _string(get("msg_id"), "header.msg_id")
        parent = _string(get("parent_msg_id"), "header.parent_msg_id")
        resource_version = _string(get("resourceversion"), "header.resourceversion")
        context_type = _string(get("type"), "header.type")
    timestamp = get("timestamp", 0)
    if type(timestamp) is not int or not _INT64_MIN <= timestamp <= _INT64_MAX:
        if timestamp is None:
            timestamp = 0
        elif type(timestamp) is not int:
            raise ProtocolError(f"header.timestamp must be an integer (milliseconds), got {_kind(timestamp)}")
        else:
            raise ProtocolError(f"header.timestamp {timestamp} does not fit in an int64")
    sync = get("sync", False)
    if type(sync) is not bool:
        if sync is not None:
            raise ProtocolError(f"header.sync must be a boolean, got {_kind(sync)}")
        sync = False
    return Header(
        msg_id=MsgID(msg_id),
        parent_msg_id=MsgID(parent),
        timestamp=timestamp,
        resource_version=resource_version,
        sync=sync,
        type=context_type,
    )


def _route(obj: Any) -> Route:
    fields = _fields(obj, "route", _ROUTE_KEYS, _ROUTE_FOLDED)
    get = fields.get
    source = get("source", "")
    destination = get("destination", "")
    group = get("group", "")
    operation = get("operation", "")
    resource = get("resource", "")
    if not (
        type(source) is str
        and type(destination) is str
        and type(group) is str
        and type(operation) is str
        and type(resource) is str
    ):
        source = _string(get("source"), "route.source")
        destination = _string(get("destination"), "route.destination")
        group = _string(get("group"), "route.group")
        operation = _string(get("operation"), "route.operation")
        resource = _string(get("resource"), "route.resource")
    return Route(source=source, destination=destination, group=group, operation=operation, resource=resource)


# --- content shapes (spec §1.2) ------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ObjectResp:
    """The cloud's answer to an edge request (Go ``ObjectResp``, no JSON tags).

    Attributes:
        object: The Kubernetes object, or ``None``.
        err: The Go error as JSON (see :func:`status_error`, :func:`plain_error`), or ``None``.
    """

    object: JsonValue
    err: JsonValue


def object_resp(obj: JsonValue, err: JsonValue = None) -> dict[str, JsonValue]:
    """Content ``{"Object": obj, "Err": err}``, as the cloud answers node, pod, lease and patch requests."""
    return {"Object": obj, "Err": err}


def parse_object_resp(content: Content) -> ObjectResp | None:
    """The ``ObjectResp`` in ``content``, or ``None`` when it is not one.

    The edge recognises one by the presence of both keys ``Object`` and ``Err`` in an object.
    """
    if type(content) is dict and "Object" in content and "Err" in content:
        return ObjectResp(object=content["Object"], err=content["Err"])
    return None


def status_error(status: dict[str, Any]) -> dict[str, Any]:
    """How Go marshals a Kubernetes ``*StatusError``: ``{"ErrStatus": <metav1.Status>}``."""
    return {"ErrStatus": status}


def plain_error() -> dict[str, Any]:
    """How Go marshals any other ``error`` value: ``{}`` (its text is lost)."""
    return {}


def is_go_error(content: Content) -> bool:
    """Whether ``content`` has the JSON shape of a marshalled Go error (``{}`` or ``{"ErrStatus": ...}``)."""
    return type(content) is dict and (not content or content.keys() == {"ErrStatus"})


def error_status(err: JsonValue) -> dict[str, Any] | None:
    """The ``metav1.Status`` inside a marshalled ``*StatusError``, or ``None``."""
    if type(err) is dict:
        status = err.get("ErrStatus")
        if type(status) is dict:
            return status
    return None
