"""Where a message goes when it crosses the link: the pure routing decisions of spec §2.4.

EdgeHub and CloudHub each look at every message that arrives from the other side and pick
one local destination. Those choices are written here as functions from a message to a small
frozen value saying what to do; the hubs perform it (a beehive send, a session update, a log
line). Nothing here sends anything, so every rule is a line in a table test.

- :func:`edge_inbound`: EdgeHub, a message from the cloud (``messagehandler``; first match wins).
- :func:`cloud_upstream`: CloudHub, a message from edge ``node`` (``DispatchUpstream``); the
  resource is rewritten to the cloud form using the node of the *connection*.
- :func:`downstream_node` and :func:`for_edge`: CloudHub, a message from a cloud module: which
  node's queue it joins, and the copy that is written to that node.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TypeAlias

from kubeedge.wire import resource as res
from kubeedge.wire.message import Group, Message, Module, MsgID, Operation, Route, Source, new_message

__all__ = [
    "Ack",
    "AnswerK8sCA",
    "CloudRoute",
    "EdgeRoute",
    "ErrorReport",
    "Keepalive",
    "SendResp",
    "ToGroup",
    "ToModule",
    "Unroutable",
    "cloud_upstream",
    "downstream_node",
    "edge_inbound",
    "for_edge",
    "k8s_ca_response",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class SendResp:
    """Deliver ``message`` as a response: wake the request whose ``msg_id`` is its parent."""

    message: Message


@dataclass(frozen=True, slots=True, kw_only=True)
class ToGroup:
    """Send a copy of ``message`` to every module of ``group``."""

    group: str
    message: Message


@dataclass(frozen=True, slots=True, kw_only=True)
class ToModule:
    """Send ``message`` to the one module ``module``."""

    module: str
    message: Message


@dataclass(frozen=True, slots=True, kw_only=True)
class Unroutable:
    """No local module takes ``message``; count it and log ``reason`` once."""

    message: Message
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Keepalive:
    """The edge is alive: restart the session's keepalive timer. Nothing is delivered."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Ack:
    """The edge acknowledged the downstream message ``parent_msg_id``."""

    parent_msg_id: MsgID


@dataclass(frozen=True, slots=True, kw_only=True)
class ErrorReport:
    """The edge reports that it failed to handle a message; the cloud only logs it (and retries)."""

    message: Message


@dataclass(frozen=True, slots=True, kw_only=True)
class AnswerK8sCA:
    """The edge asks for the Kubernetes CA; answer at once with :func:`k8s_ca_response`."""

    request: Message


EdgeRoute: TypeAlias = SendResp | ToGroup | ToModule | Unroutable
CloudRoute: TypeAlias = Keepalive | SendResp | Ack | ErrorReport | ToModule | ToGroup | AnswerK8sCA

# CloudHub's IsVolumeResource; Go's \w is ASCII-only, and MatchString is anchored only by ^.
_VOLUME_RESOURCE = re.compile(r"^\w[-\w.+]*/volume/\w[-\w.+]*", re.ASCII)
_TASK_OPERATIONS = frozenset({Operation.PREPULL, Operation.UPGRADE, Operation.UPDATE_NODE_ACTION_STATUS})


def edge_inbound(message: Message) -> EdgeRoute:
    """Where EdgeHub delivers a message from the cloud (spec §2.4, first match wins).

    1. group ``resource`` or ``func``: a response (non-empty parent id) wakes its request,
       anything else goes to group ``meta``;
    2. group ``twin``: to group ``twin``, parent id or not (DeviceTwin reads it as a confirm);
    3. group ``user``: a response wakes its request; source ``router_eventbus`` goes to module
       ``eventbus``, ``router_servicebus`` to ``servicebus``, anything else is dropped;
    4. group ``taskmanager``: to module ``taskmanager``;
    5. anything else: no handler.
    """
    group = message.route.group
    if group in (Group.RESOURCE, Group.FUNC):
        if message.header.parent_msg_id:
            return SendResp(message=message)
        return ToGroup(group=Group.META, message=message)
    if group == Group.TWIN:
        return ToGroup(group=Group.TWIN, message=message)
    if group == Group.USER:
        if message.header.parent_msg_id:
            return SendResp(message=message)
        source = message.route.source
        if source == Source.ROUTER_EVENTBUS:
            return ToModule(module=Module.EVENTBUS, message=message)
        if source == Source.ROUTER_SERVICEBUS:
            return ToModule(module=Module.SERVICEBUS, message=message)
        return Unroutable(message=message, reason=f"unsupported bus message source {source!r}, message dropped")
    if group == Group.TASKMANAGER:
        return ToModule(module=Module.TASKMANAGER, message=message)
    return Unroutable(message=message, reason=f"no handler found for the message, message group: {group!r}")


def cloud_upstream(message: Message, node: str) -> CloudRoute:
    """Where CloudHub sends a message that arrived on ``node``'s connection (spec §2.4, in order).

    1. operation ``keepalive``: refresh the session;
    2. a CSI volume resource (``<ns>/volume/<name>``): a response to a waiting request;
    3. operation ``response``: an ack of the downstream message named by its parent id;
    4. operation ``error``: logged only;
    5. operation ``upload`` in group ``user``: to module ``router``, resource in cloud form;
    6. operation ``prepull``, ``upgrade`` or ``UpdateNodeActionStatus``: to group ``taskmanager``;
    7. resource ``k8s/ca.crt``: answered by CloudHub itself;
    8. anything else, resource in cloud form, by source: ``metaserver`` to module
       ``dynamiccontroller``, ``twin`` to group ``devicecontroller``, the rest to group
       ``edgecontroller``.

    Args:
        message: The message as received.
        node: The connection's node id, taken from its authenticated handshake.
    """
    route = message.route
    operation = route.operation
    if operation == Operation.KEEPALIVE:
        return Keepalive()
    if _VOLUME_RESOURCE.match(route.resource):
        return SendResp(message=message)
    if operation == Operation.RESPONSE:
        return Ack(parent_msg_id=message.header.parent_msg_id)
    if operation == Operation.ERROR:
        return ErrorReport(message=message)
    if operation == Operation.UPLOAD and route.group == Group.USER:
        return ToModule(module=Module.ROUTER, message=_with_resource(message, res.from_edge_wire(route.resource, node)))
    if operation in _TASK_OPERATIONS:
        return ToGroup(group=Group.TASKMANAGER, message=message)
    if route.resource == res.ResourceType.K8S_CA:
        return AnswerK8sCA(request=message)
    upstream = _with_resource(message, res.from_edge_wire(route.resource, node))
    if route.source == Source.METASERVER:
        return ToModule(module=Module.DYNAMICCONTROLLER, message=upstream)
    if route.source == Module.TWIN:
        return ToGroup(group=Group.DEVICECONTROLLER, message=upstream)
    return ToGroup(group=Group.EDGECONTROLLER, message=upstream)


def k8s_ca_response(request: Message, node: str, ca_pem: str, *, now_ms: int) -> Message:
    """CloudHub's answer to a ``k8s/ca.crt`` query: the Kubernetes CA (PEM) as string content.

    Source ``cloudhub``, group ``resource``, resource ``node/<node>/k8s/ca.crt``, operation
    ``response``, parent the request. It goes down the normal downstream path (no ack needed),
    which trims the resource back to ``k8s/ca.crt``.
    """
    return new_message(
        source=Module.CLOUDHUB,
        group=Group.RESOURCE,
        operation=Operation.RESPONSE,
        resource=res.from_edge_wire(res.ResourceType.K8S_CA, node),
        content=ca_pem,
        now_ms=now_ms,
        parent_msg_id=request.header.msg_id,
    )


def downstream_node(message: Message) -> res.NodeName | None:
    """The node whose queue a cloud module's message joins (``DispatchDownstream``), or ``None``.

    ``None`` means the resource names no node; CloudHub drops such a message with a warning.
    """
    return res.node_of(message.route.resource)


def for_edge(message: Message) -> Message:
    """The copy of a downstream message that is written to the edge: its resource trimmed
    (``TrimMessage``, :func:`kubeedge.wire.resource.to_edge_wire`), everything else unchanged."""
    trimmed = res.to_edge_wire(message.route.resource)
    if trimmed == message.route.resource:
        return message
    return _with_resource(message, trimmed)


def _with_resource(message: Message, resource: str) -> Message:
    route: Route = dataclasses.replace(message.route, resource=resource)
    return dataclasses.replace(message, route=route)
