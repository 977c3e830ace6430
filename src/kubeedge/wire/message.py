"""The beehive message: header, route and content, as KubeEdge's modules exchange them.

Every module in CloudCore and EdgeCore talks in these messages, and CloudHub and EdgeHub carry
them across the link one JSON object per WebSocket frame (spec §1.1). The classes here are
plain frozen values; how they look as JSON is pinned in :mod:`kubeedge.wire.codec`, and nothing
else knows the Go field names.

Content keeps the meaning it has in Go, where it is an ``interface{}``. Python's own types
already draw the three distinctions that matter (spec §1.2), so :data:`Content` is a union of
them rather than a wrapper class:

- ``str``: a Go string. Its characters are the payload (``"OK"``, a patch as JSON text, an MQTT
  payload); it is never JSON-decoded implicitly. A string that arrives over the wire is always
  kept as ``str``.
- ``bytes``: a Go ``[]byte`` (ServiceBus bodies). It travels as a base64 JSON string, so a peer
  decodes it as a ``str`` holding base64 text, exactly as Go's receivers do.
- any other JSON value (object, array, number, bool, ``None`` for null): an object the sender
  marshalled, such as a Kubernetes object or a JSON array of JSON strings.

:func:`content_bytes` is Go's ``GetContentData`` and :func:`content_json` is the decode a Go
receiver does after it. The constructors mirror beehive's ``NewMessage``, ``NewRespByMessage``
and ``NewErrorMessage``, with the time passed in so that the core stays free of clocks.
"""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, NewType, TypeAlias

import orjson

from kubeedge.errors import ProtocolError

__all__ = [
    "NO_PARENT",
    "OK",
    "Content",
    "Group",
    "Header",
    "JsonValue",
    "Message",
    "Module",
    "MsgID",
    "Operation",
    "Route",
    "Source",
    "content_bytes",
    "content_json",
    "error_to",
    "marshal",
    "new_message",
    "new_msg_id",
    "response_to",
]

MsgID = NewType("MsgID", str)
"""A message id: a UUID v4 in text form for messages we create, any string from a peer."""

NO_PARENT = MsgID("")
"""The ``parent_msg_id`` of a message that answers nothing (Go's empty string)."""

OK = "OK"
"""The content of a successful response and of every edge ack (``MessageSuccessfulContent``)."""

JsonValue: TypeAlias = dict[str, Any] | list[Any] | str | int | float | bool | None
"""A decoded JSON value; a top-level ``str`` is Go string content (see the module docstring)."""

Content: TypeAlias = JsonValue | bytes
"""What a message carries: a Go string (``str``), a Go ``[]byte`` (``bytes``) or a JSON value."""


class Operation(StrEnum):
    """Values of ``route.operation`` that KubeEdge defines (spec §1.3).

    ``route.operation`` itself stays a plain ``str``: ServiceBus puts HTTP methods there.
    """

    # beehive model/message.go
    INSERT = "insert"
    DELETE = "delete"
    QUERY = "query"
    UPDATE = "update"
    PATCH = "patch"
    UPLOAD = "upload"
    RESPONSE = "response"
    ERROR = "error"
    UNHOLD_UPGRADE = "unhold-upgrade"
    # edge message package and cloudhub model
    KEEPALIVE = "keepalive"
    CONNECT = "connect"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    MESSAGE = "message"
    PUBLISH = "publish"
    GET_RESULT = "get_result"
    START = "start"
    STOP = "stop"
    GET = "get"
    LIST = "list"
    DETAIL = "detail"
    DELTA = "delta"
    DOCUMENT = "document"
    UPDATED = "updated"
    DELETED = "deleted"
    CONNECTED = "connected"
    DISCONNECTED = "disconnected"
    # CSI (common/constants/default.go)
    CREATE_VOLUME = "createvolume"
    DELETE_VOLUME = "deletevolume"
    CONTROLLER_PUBLISH_VOLUME = "controllerpublishvolume"
    CONTROLLER_UNPUBLISH_VOLUME = "controllerunpublishvolume"
    # metaserver, node tasks
    APPLICATION_RESPONSE = "applicationResponse"
    UPDATE_NODE_ACTION_STATUS = "UpdateNodeActionStatus"
    PREPULL = "prepull"
    UPGRADE = "upgrade"
    # viaduct control messages, answered by the transport and never delivered to modules
    CONFIG = "config"
    PING = "ping"
    PONG = "pong"
    HEADER = "header"


class Module(StrEnum):
    """Module names, which are what ``route.source`` carries and what ``send`` addresses (§1.4)."""

    # edge
    EDGEHUB = "websocket"  # the name is historic; it is EdgeHub
    METAMANAGER = "metamanager"
    EDGED = "edged"
    TWIN = "twin"
    EVENTBUS = "eventbus"
    SERVICEBUS = "servicebus"
    EDGESTREAM = "edgestream"
    TASKMANAGER = "taskmanager"  # an edge module and a cloud module of the same name
    # cloud
    CLOUDHUB = "cloudhub"
    EDGECONTROLLER = "edgecontroller"
    DEVICECONTROLLER = "devicecontroller"
    SYNCCONTROLLER = "synccontroller"
    DYNAMICCONTROLLER = "dynamiccontroller"
    POLICYCONTROLLER = "policycontroller"
    NODEUPGRADEJOBCONTROLLER = "nodeupgradejobcontroller"
    ROUTER = "router"
    CLOUDSTREAM = "cloudStream"


class Group(StrEnum):
    """Group names: what ``route.group`` carries and what ``send_to_group`` addresses (§1.4)."""

    # edge
    HUB = "hub"
    META = "meta"
    EDGED = "edged"
    TWIN = "twin"
    BUS = "bus"
    EDGESTREAM = "edgestream"
    TASKMANAGER = "taskmanager"
    # route groups used on the wire
    RESOURCE = "resource"
    FUNC = "func"
    USER = "user"
    # cloud: every cloud module is also a group of the same name
    CLOUDHUB = "cloudhub"
    EDGECONTROLLER = "edgecontroller"
    DEVICECONTROLLER = "devicecontroller"
    SYNCCONTROLLER = "synccontroller"
    DYNAMICCONTROLLER = "dynamiccontroller"
    POLICYCONTROLLER = "policycontroller"
    NODEUPGRADEJOBCONTROLLER = "nodeupgradejobcontroller"
    ROUTER = "router"
    CLOUDSTREAM = "cloudStream"


class Source(StrEnum):
    """``route.source`` values that are not module names (§1.4, §2.3)."""

    EDGEHUB = "edgehub"  # the internal cloud_connected / cloud_disconnected broadcast
    BUS = "bus"  # MQTT to DeviceTwin
    META = "meta"  # MetaManager forwarding device objects to DeviceTwin
    METASERVER = "metaserver"  # edge MetaServer to the cloud's dynamiccontroller
    ROUTER_EVENTBUS = "router_eventbus"
    ROUTER_SERVICEBUS = "router_servicebus"


@dataclass(frozen=True, slots=True, kw_only=True)
class Header:
    """The message header (Go ``MessageHeader``).

    Attributes:
        msg_id: Unique id; a request's id is what its response names as parent.
        parent_msg_id: For a response, the ``msg_id`` it answers; :data:`NO_PARENT` otherwise.
        timestamp: Creation time in milliseconds since the Unix epoch.
        resource_version: The Kubernetes resourceVersion of the object in the content, if any.
        sync: Set by a synchronous send; Go's WebSocket writer clears it before sending.
        type: Beehive context type (``""``, ``"channel"``, ``"unixpacket"``); normally empty.
    """

    msg_id: MsgID
    parent_msg_id: MsgID = NO_PARENT
    timestamp: int = 0
    resource_version: str = ""
    sync: bool = False
    type: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """Where a message comes from and what it is about (Go ``MessageRoute``)."""

    source: str = ""
    destination: str = ""
    group: str = ""
    operation: str = ""
    resource: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """A beehive message. Build one with :func:`new_message`, :func:`response_to` or :func:`error_to`."""

    header: Header
    route: Route
    content: Content = None

    @property
    def msg_id(self) -> MsgID:
        return self.header.msg_id

    @property
    def parent_msg_id(self) -> MsgID:
        return self.header.parent_msg_id

    @property
    def resource_version(self) -> str:
        return self.header.resource_version

    @property
    def source(self) -> str:
        return self.route.source

    @property
    def group(self) -> str:
        return self.route.group

    @property
    def operation(self) -> str:
        return self.route.operation

    @property
    def resource(self) -> str:
        return self.route.resource

    def content_bytes(self) -> bytes:
        """This message's content as bytes; see :func:`content_bytes`."""
        return content_bytes(self.content)

    def content_json(self) -> JsonValue:
        """This message's content as a JSON value; see :func:`content_json`."""
        return content_json(self.content)


def new_msg_id() -> MsgID:
    """A fresh message id: a random UUID v4 in text form, as Go's ``uuid.New().String()``."""
    return MsgID(str(uuid.uuid4()))


def new_message(
    *,
    source: str = "",
    group: str = "",
    operation: str,
    resource: str,
    content: Content = None,
    now_ms: int,
    parent_msg_id: MsgID = NO_PARENT,
    resource_version: str = "",
    destination: str = "",
) -> Message:
    """A new message with a fresh id (beehive ``NewMessage(...).BuildRouter(...).FillBody(...)``).

    Args:
        source: The sending module (``route.source``).
        group: The target group (``route.group``).
        operation: The verb (``route.operation``), usually an :class:`Operation`.
        resource: The resource string (``route.resource``, see :mod:`kubeedge.wire.resource`).
        content: The payload.
        now_ms: The creation time in milliseconds since the Unix epoch.
        parent_msg_id: The id of the message this one answers, if any.
        resource_version: The resourceVersion of the object in ``content``, if any.
        destination: ``route.destination``; KubeEdge's own modules leave it empty.

    Returns:
        The message.
    """
    return Message(
        header=Header(
            msg_id=new_msg_id(),
            parent_msg_id=parent_msg_id,
            timestamp=now_ms,
            resource_version=resource_version,
        ),
        route=Route(source=source, destination=destination, group=group, operation=operation, resource=resource),
        content=content,
    )


def response_to(request: Message, content: Content, *, now_ms: int, resource_version: str = "") -> Message:
    """The response to ``request`` (beehive ``NewRespByMessage``).

    The response keeps the *request's* source, group and resource (not the responder's name),
    takes operation ``response`` and the request's context type, and names the request as its
    parent: that parent id is the only thing that matches a response to its request.

    Args:
        request: The message being answered.
        content: The payload, for example :data:`OK`.
        now_ms: The creation time in milliseconds since the Unix epoch.
        resource_version: The resourceVersion to put in the header (the cloud sets it on answers).

    Returns:
        The response.
    """
    return Message(
        header=Header(
            msg_id=new_msg_id(),
            parent_msg_id=request.header.msg_id,
            timestamp=now_ms,
            resource_version=resource_version,
            type=request.header.type,
        ),
        route=Route(
            source=request.route.source,
            group=request.route.group,
            operation=Operation.RESPONSE,
            resource=request.route.resource,
        ),
        content=content,
    )


def error_to(request: Message, text: str, *, now_ms: int, source: str = "", group: str = "") -> Message:
    """An error answer to ``request`` (beehive ``NewErrorMessage``).

    Operation ``error``, the request's resource, the error text as string content, and an empty
    source and group unless given (KubeEdge's callers set them afterwards, MetaManager to
    ``metamanager`` and the request's group).

    The parent is the request's ``msg_id``, as spec §1.1 states. Go's ``NewErrorMessage`` in
    fact copies the request's *parent* id (usually empty), so a Go caller waiting on the
    request is never woken and times out instead. Naming the request is what a waiter needs;
    Go's CloudHub only logs ``error`` messages from the edge, and a Go EdgeHub hands one with a
    parent id to the request waiting for it.

    Args:
        request: The message that failed.
        text: The error text.
        now_ms: The creation time in milliseconds since the Unix epoch.
        source: ``route.source`` for the error message.
        group: ``route.group`` for the error message.

    Returns:
        The error message.
    """
    return Message(
        header=Header(msg_id=new_msg_id(), parent_msg_id=request.header.msg_id, timestamp=now_ms),
        route=Route(source=source, group=group, operation=Operation.ERROR, resource=request.route.resource),
        content=text,
    )


def _go_json_default(value: object) -> str:
    # Go marshals []byte as standard base64 with padding, wherever it sits in the value.
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"type {type(value).__name__} is not JSON serializable")


def marshal(value: object) -> bytes:
    """Encode ``value`` as JSON the way Go's ``json.Marshal`` does for message content.

    ``bytes`` anywhere in the value become base64 strings. Key order is kept; HTML characters
    are not escaped (Go escapes them, which changes the bytes but not the JSON value).

    Raises:
        ProtocolError: The value holds something JSON cannot represent (a non-string key,
            an integer beyond 64 bits, a string with lone surrogates, an arbitrary object).
    """
    try:
        return orjson.dumps(value, default=_go_json_default)
    except TypeError as exc:  # orjson.JSONEncodeError is a TypeError
        raise ProtocolError(f"content cannot be encoded as JSON: {exc}") from exc


def content_bytes(content: Content) -> bytes:
    """The content as bytes, by Go's ``GetContentData`` rule (spec §1.2).

    ``bytes`` are returned as they are, a string as its UTF-8 bytes (not JSON-decoded, not
    quoted), and anything else re-marshalled as JSON.

    Raises:
        ProtocolError: The content cannot be encoded.
    """
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        try:
            return content.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ProtocolError(f"string content is not valid Unicode: {exc}") from exc
    return marshal(content)


def content_json(content: Content) -> JsonValue:
    """The content as a decoded JSON value: what a Go receiver gets by unmarshalling its content data.

    A string or ``bytes`` is parsed as JSON text (a patch, a ``DeviceMsg``); any other value
    is already decoded and is returned as it is.

    Raises:
        ProtocolError: The string or bytes are not JSON.
    """
    if isinstance(content, str | bytes):
        try:
            value: JsonValue = orjson.loads(content)
        except orjson.JSONDecodeError as exc:
            raise ProtocolError(f"content is not JSON: {exc}") from exc
        return value
    return content
