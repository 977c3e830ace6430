"""The routing decisions of spec §2.4: EdgeHub inbound, CloudHub upstream and downstream."""

from __future__ import annotations

import pytest

from kubeedge.wire import routing
from kubeedge.wire.message import Header, Message, MsgID, Route


def msg(source: str = "", group: str = "", operation: str = "", resource: str = "", parent: str = "") -> Message:
    return Message(
        header=Header(msg_id=MsgID("m1"), parent_msg_id=MsgID(parent), timestamp=1),
        route=Route(source=source, group=group, operation=operation, resource=resource),
        content="c",
    )


@pytest.mark.parametrize(
    ("message", "kind", "target"),
    [
        # 1. group resource / func: a response wakes its request, the rest goes to group meta
        (msg("edgecontroller", "resource", "insert", "default/pod/p"), routing.ToGroup, "meta"),
        (msg("edgecontroller", "resource", "response", "default/pod/p", parent="r"), routing.SendResp, None),
        (msg("edgecontroller", "resource", "insert", "default/pod/p", parent="r"), routing.SendResp, None),
        (msg("x", "func", "action", "f"), routing.ToGroup, "meta"),
        (msg("x", "func", "response", "f", parent="r"), routing.SendResp, None),
        # 2. group twin: to group twin, parent id or not
        (msg("devicecontroller", "twin", "update", "membership"), routing.ToGroup, "twin"),
        (msg("devicecontroller", "twin", "response", "twin", parent="r"), routing.ToGroup, "twin"),
        # 3. group user
        (msg("router_eventbus", "user", "publish", "topic", parent="r"), routing.SendResp, None),
        (msg("router_eventbus", "user", "publish", "topic"), routing.ToModule, "eventbus"),
        (msg("router_eventbus", "user", "subscribe", "default/topic"), routing.ToModule, "eventbus"),
        (msg("router_servicebus", "user", "GET", "8080:/path"), routing.ToModule, "servicebus"),
        (msg("router_servicebus", "user", "start", "http://x"), routing.ToModule, "servicebus"),
        (msg("somebody", "user", "publish", "topic"), routing.Unroutable, None),
        # 4. group taskmanager
        (
            msg("taskmanager", "taskmanager", "prepull", "v1alpha1/imageprepulljob/j/node/n1"),
            routing.ToModule,
            "taskmanager",
        ),
        # 5. nothing else
        (msg("edgecontroller", "meta", "insert", "default/pod/p"), routing.Unroutable, None),
        (msg("edgecontroller", "", "insert", "default/pod/p"), routing.Unroutable, None),
        (msg("edgecontroller", "Resource", "insert", "default/pod/p"), routing.Unroutable, None),
    ],
)
def test_edge_inbound(message: Message, kind: type, target: str | None) -> None:
    route = routing.edge_inbound(message)
    assert type(route) is kind
    if isinstance(route, routing.ToGroup):
        assert route.group == target
    elif isinstance(route, routing.ToModule):
        assert route.module == target
    if not isinstance(route, routing.Unroutable):
        assert route.message is message


def test_edge_inbound_reasons() -> None:
    no_handler = routing.edge_inbound(msg("s", "nope", "insert", "r"))
    assert isinstance(no_handler, routing.Unroutable)
    assert "no handler found" in no_handler.reason
    assert "'nope'" in no_handler.reason
    dropped = routing.edge_inbound(msg("stranger", "user", "publish", "t"))
    assert isinstance(dropped, routing.Unroutable)
    assert "'stranger'" in dropped.reason


@pytest.mark.parametrize(
    ("message", "kind", "target", "resource"),
    [
        # 1. keepalive, whatever else the message says
        (msg("websocket", "resource", "keepalive", "node"), routing.Keepalive, None, None),
        (msg("edged", "user", "keepalive", "default/volume/v1"), routing.Keepalive, None, None),
        # 2. CSI replies
        (
            msg("edged", "meta", "response", "default/volume/pvc-1", parent="r"),
            routing.SendResp,
            None,
            "default/volume/pvc-1",
        ),
        (msg("edged", "meta", "insert", "a.b+c/volume/x-y.z"), routing.SendResp, None, "a.b+c/volume/x-y.z"),
        # 3. response: an ack
        (msg("edgecontroller", "resource", "response", "default/pod/p", parent="sent-1"), routing.Ack, "sent-1", None),
        # 4. error: logged only
        (msg("metamanager", "resource", "error", "default/pod/p", parent="sent-1"), routing.ErrorReport, None, None),
        # 5. upload in group user: to the router, in cloud form
        (msg("bus", "user", "upload", "topic/a"), routing.ToModule, "router", "node/n1/topic/a"),
        (msg("bus", "bus", "upload", "topic/a"), routing.ToGroup, "edgecontroller", "node/n1/topic/a"),
        # 6. node tasks
        (
            msg("edged", "taskmanager", "prepull", "v1alpha1/imageprepulljob/j"),
            routing.ToGroup,
            "taskmanager",
            "v1alpha1/imageprepulljob/j",
        ),
        (msg("edged", "taskmanager", "upgrade", "t"), routing.ToGroup, "taskmanager", "t"),
        (msg("edged", "taskmanager", "UpdateNodeActionStatus", "t"), routing.ToGroup, "taskmanager", "t"),
        # 7. the Kubernetes CA
        (msg("metamanager", "meta", "query", "k8s/ca.crt"), routing.AnswerK8sCA, None, None),
        # 8. the rest, in cloud form, by source
        (msg("metaserver", "dynamiccontroller", "null", "null"), routing.ToModule, "dynamiccontroller", "node/n1/null"),
        (
            msg("twin", "resource", "update", "device/default/d1/twin/edge_updated"),
            routing.ToGroup,
            "devicecontroller",
            "node/n1/device/default/d1/twin/edge_updated",
        ),
        (
            msg("twin", "resource", "get", "membership/detail"),
            routing.ToGroup,
            "devicecontroller",
            "node/n1/membership/detail",
        ),
        (msg("edged", "meta", "insert", "null/node/n1"), routing.ToGroup, "edgecontroller", "node/n1/null/node/n1"),
        (
            msg("edged", "meta", "patch", "default/podpatch/p"),
            routing.ToGroup,
            "edgecontroller",
            "node/n1/default/podpatch/p",
        ),
        (msg("edged", "meta", "query", "k8s/ca.crt/x"), routing.ToGroup, "edgecontroller", "node/n1/k8s/ca.crt/x"),
        (
            msg("edged", "meta", "insert", "xvolume/volume/"),
            routing.ToGroup,
            "edgecontroller",
            "node/n1/xvolume/volume/",
        ),
    ],
)
def test_cloud_upstream(message: Message, kind: type, target: str | None, resource: str | None) -> None:
    route = routing.cloud_upstream(message, "n1")
    assert type(route) is kind
    if isinstance(route, routing.ToGroup):
        assert route.group == target
    elif isinstance(route, routing.ToModule):
        assert route.module == target
    elif isinstance(route, routing.Ack):
        assert route.parent_msg_id == target
    if isinstance(route, routing.ToGroup | routing.ToModule | routing.SendResp):
        assert route.message.resource == resource
        # only the resource is rewritten
        assert route.message.header == message.header
        assert route.message.content == message.content
        assert (route.message.source, route.message.operation) == (message.source, message.operation)


def test_volume_pattern_is_ascii_only() -> None:
    # Go's \w does not match non-ASCII letters
    route = routing.cloud_upstream(msg("edged", "meta", "insert", "é/volume/x"), "n1")
    assert isinstance(route, routing.ToGroup)


def test_k8s_ca_response() -> None:
    request = msg("metamanager", "meta", "query", "k8s/ca.crt")
    answer = routing.AnswerK8sCA(request=request)
    reply = routing.k8s_ca_response(answer.request, "n1", "-----BEGIN CERTIFICATE-----\n", now_ms=42)
    assert reply.parent_msg_id == "m1"
    assert reply.route == Route(
        source="cloudhub", group="resource", operation="response", resource="node/n1/k8s/ca.crt"
    )
    assert reply.content == "-----BEGIN CERTIFICATE-----\n"
    assert reply.header.timestamp == 42
    assert routing.downstream_node(reply) == "n1"
    assert routing.for_edge(reply).resource == "k8s/ca.crt"


@pytest.mark.parametrize(
    ("resource", "node"),
    [
        ("node/n1/default/pod/p", "n1"),
        ("node/n2/membership", "n2"),
        ("v1alpha1/nodeupgradejob/j/node/n3", "n3"),
        ("rule/r1", None),
        ("", None),
    ],
)
def test_downstream_node(resource: str, node: str | None) -> None:
    assert routing.downstream_node(msg("edgecontroller", "resource", "insert", resource)) == node


def test_for_edge_trims_only_the_resource() -> None:
    down = msg("edgecontroller", "resource", "insert", "node/n1/default/pod/p")
    out = routing.for_edge(down)
    assert out.resource == "default/pod/p"
    assert out.header == down.header
    assert (out.source, out.group, out.operation, out.content) == ("edgecontroller", "resource", "insert", "c")
    untouched = msg("router_eventbus", "user", "publish", "topic/a")
    assert routing.for_edge(untouched) is untouched
