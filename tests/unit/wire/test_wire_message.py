"""The beehive message model: constructors, content rules and the names of spec §1.3-1.4."""

from __future__ import annotations

import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.errors import ProtocolError
from kubeedge.wire import message
from kubeedge.wire.message import Group, Header, Message, Module, MsgID, Operation, Route, Source


def request() -> Message:
    return Message(
        header=Header(msg_id=message.new_msg_id(), timestamp=1_718_000_000_000, type="channel", resource_version="7"),
        route=Route(
            source="edged", destination="somewhere", group="meta", operation="query", resource="default/configmap/cm"
        ),
        content={"x": 1},
    )


def test_new_message_has_a_fresh_uuid4_and_the_given_fields() -> None:
    msg = message.new_message(
        source=Module.EDGECONTROLLER,
        group=Group.RESOURCE,
        operation=Operation.INSERT,
        resource="default/pod/nginx",
        content={"kind": "Pod"},
        now_ms=1_718_000_000_123,
        resource_version="834512",
    )
    assert uuid.UUID(msg.msg_id).version == 4
    assert str(uuid.UUID(msg.msg_id)) == msg.msg_id  # canonical text form
    assert msg.header == Header(msg_id=msg.msg_id, timestamp=1_718_000_000_123, resource_version="834512")
    assert msg.route == Route(
        source="edgecontroller", group="resource", operation="insert", resource="default/pod/nginx"
    )
    assert msg.content == {"kind": "Pod"}
    assert msg.parent_msg_id == message.NO_PARENT == ""


def test_new_message_ids_differ() -> None:
    ids = {message.new_message(operation="insert", resource="r", now_ms=0).msg_id for _ in range(100)}
    assert len(ids) == 100


def test_new_message_with_parent_and_destination() -> None:
    msg = message.new_message(operation="response", resource="r", now_ms=5, parent_msg_id=MsgID("p"), destination="d")
    assert msg.parent_msg_id == "p"
    assert msg.route.destination == "d"


def test_response_keeps_the_requests_source_group_resource_and_type() -> None:
    req = request()
    resp = message.response_to(req, message.OK, now_ms=1_718_000_000_456)
    assert resp.msg_id != req.msg_id
    assert resp.parent_msg_id == req.msg_id
    assert resp.header.timestamp == 1_718_000_000_456
    assert resp.header.type == "channel"
    assert resp.header.resource_version == ""
    assert resp.header.sync is False
    assert resp.route == Route(source="edged", group="meta", operation="response", resource="default/configmap/cm")
    assert resp.content == "OK"


def test_response_may_carry_a_resource_version() -> None:
    resp = message.response_to(request(), {"Object": None, "Err": None}, now_ms=0, resource_version="834600")
    assert resp.resource_version == "834600"


def test_error_answers_the_request_with_empty_source_and_group() -> None:
    req = request()
    err = message.error_to(req, "not connected", now_ms=9)
    assert err.parent_msg_id == req.msg_id
    assert err.route == Route(operation="error", resource="default/configmap/cm")
    assert err.content == "not connected"
    assert err.header.type == ""
    assert err.header.timestamp == 9


def test_error_may_name_its_source_and_group() -> None:
    err = message.error_to(request(), "boom", now_ms=0, source=Module.METAMANAGER, group=Group.META)
    assert (err.source, err.group, err.operation) == ("metamanager", "meta", "error")


def test_message_properties_read_through() -> None:
    req = request()
    assert (req.source, req.group, req.operation, req.resource) == ("edged", "meta", "query", "default/configmap/cm")
    assert req.resource_version == "7"
    assert req.content_bytes() == b'{"x":1}'
    assert req.content_json() == {"x": 1}


def test_messages_are_frozen() -> None:
    msg = request()
    with pytest.raises(AttributeError):
        msg.content = None  # type: ignore[misc]


# --- content (spec §1.2) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "data"),
    [
        (b"\x00raw\xff", b"\x00raw\xff"),  # []byte: as it is
        ("OK", b"OK"),  # string: its UTF-8 bytes, unquoted
        ('{"a": 1}', b'{"a": 1}'),  # a string holding JSON is not decoded or re-encoded
        ("h\u00e9", "h\u00e9".encode()),
        ({"a": [1, "b"]}, b'{"a":[1,"b"]}'),  # anything else: JSON
        (["{}", "{}"], b'["{}","{}"]'),  # the edge DB's query answer: an array of JSON strings
        (None, b"null"),
        (1, b"1"),
        (1.5, b"1.5"),
        (True, b"true"),
        ({"body": b"hi"}, b'{"body":"aGk="}'),  # nested []byte: base64
    ],
)
def test_content_bytes_follows_gos_get_content_data(content: message.Content, data: bytes) -> None:
    assert message.content_bytes(content) == data


@pytest.mark.parametrize(
    ("content", "value"),
    [
        ('{"a": 1}', {"a": 1}),
        (b"[1, 2]", [1, 2]),
        ('"quoted"', "quoted"),
        ({"a": 1}, {"a": 1}),
        (None, None),
        (3, 3),
    ],
)
def test_content_json(content: message.Content, value: message.JsonValue) -> None:
    assert message.content_json(content) == value


@pytest.mark.parametrize("content", ["OK", "", b"\xff", "{"])
def test_content_json_of_non_json_text_is_a_protocol_error(content: message.Content) -> None:
    with pytest.raises(ProtocolError, match="content is not JSON"):
        message.content_json(content)


@pytest.mark.parametrize("content", [{1: "int key"}, {"n": 2**64}, {"o": object()}, "\ud800"])
def test_unencodable_content_is_a_protocol_error(content: object) -> None:
    with pytest.raises(ProtocolError):
        message.content_bytes(content)  # type: ignore[arg-type]


def test_marshal_encodes_bytes_as_standard_base64_with_padding() -> None:
    assert message.marshal(b"\xfb\xff") == b'"+/8="'


@given(st.text())
def test_string_content_bytes_are_its_utf8(text: str) -> None:
    try:
        expected = text.encode()
    except UnicodeEncodeError:
        with pytest.raises(ProtocolError):
            message.content_bytes(text)
    else:
        assert message.content_bytes(text) == expected


# --- names (spec §1.3, §1.4) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (Operation.INSERT, "insert"),
        (Operation.DELETE, "delete"),
        (Operation.QUERY, "query"),
        (Operation.UPDATE, "update"),
        (Operation.PATCH, "patch"),
        (Operation.UPLOAD, "upload"),
        (Operation.RESPONSE, "response"),
        (Operation.ERROR, "error"),
        (Operation.UNHOLD_UPGRADE, "unhold-upgrade"),
        (Operation.KEEPALIVE, "keepalive"),
        (Operation.CONNECT, "connect"),
        (Operation.GET_RESULT, "get_result"),
        (Operation.CREATE_VOLUME, "createvolume"),
        (Operation.CONTROLLER_UNPUBLISH_VOLUME, "controllerunpublishvolume"),
        (Operation.APPLICATION_RESPONSE, "applicationResponse"),
        (Operation.UPDATE_NODE_ACTION_STATUS, "UpdateNodeActionStatus"),
        (Module.EDGEHUB, "websocket"),
        (Module.METAMANAGER, "metamanager"),
        (Module.TWIN, "twin"),
        (Module.CLOUDSTREAM, "cloudStream"),
        (Module.NODEUPGRADEJOBCONTROLLER, "nodeupgradejobcontroller"),
        (Group.HUB, "hub"),
        (Group.META, "meta"),
        (Group.BUS, "bus"),
        (Group.RESOURCE, "resource"),
        (Group.USER, "user"),
        (Group.FUNC, "func"),
        (Source.EDGEHUB, "edgehub"),
        (Source.ROUTER_EVENTBUS, "router_eventbus"),
        (Source.METASERVER, "metaserver"),
    ],
)
def test_names_match_kubeedge(member: str, value: str) -> None:
    assert member == value
    assert str(member) == value
