"""The message JSON of spec §1.1 and §3.9: golden frames, omitempty, Go's decoding tolerance, errors."""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.errors import ProtocolError
from kubeedge.wire import codec, message
from kubeedge.wire.message import Header, Message, MsgID, Route

POD = (
    '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"nginx","namespace":"default",'
    '"uid":"1b4c7f0e-2a1d-4e57-9a0c-3f6d2b8e9c10","resourceVersion":"834512"},'
    '"spec":{"containers":[{"name":"nginx","image":"nginx:1.25"}]},"status":{"phase":"Pending"}}'
)

# The example frames of spec §3.9, with the elided parts filled in.
GOLDEN = {
    "pod insert": (
        '{"header":{"msg_id":"4f1c7d3e-9a0b-4c2d-8e5f-6a7b8c9d0e1f","timestamp":1718000000123,'
        '"resourceversion":"834512"},"route":{"source":"edgecontroller","group":"resource",'
        '"operation":"insert","resource":"default/pod/nginx"},"content":' + POD + "}"
    ),
    "ack": (
        '{"header":{"msg_id":"9a77e0c2-5b1f-4c3a-9d2e-7f8a9b0c1d2e","parent_msg_id":'
        '"4f1c7d3e-9a0b-4c2d-8e5f-6a7b8c9d0e1f","timestamp":1718000000456},"route":'
        '{"source":"edgecontroller","group":"resource","operation":"response","resource":"default/pod/nginx"},'
        '"content":"OK"}'
    ),
    "keepalive": (
        '{"header":{"msg_id":"c0de0000-0000-4000-8000-000000000000","timestamp":1718000001000},'
        '"route":{"source":"websocket","group":"resource","operation":"keepalive","resource":"node"},"content":"ping"}'
    ),
    "pod status patch": (
        '{"header":{"msg_id":"p1","timestamp":1718000002000},"route":{"source":"edged","group":"meta",'
        '"operation":"patch","resource":"default/podpatch/nginx"},'
        '"content":"{\\"metadata\\":{\\"uid\\":\\"u1\\"},\\"status\\":{\\"phase\\":\\"Running\\"}}"}'
    ),
    "patch reply": (
        '{"header":{"msg_id":"r1","parent_msg_id":"p1","timestamp":1718000002100,"resourceversion":"834600"},'
        '"route":{"source":"edgecontroller","group":"resource","operation":"response",'
        '"resource":"default/podpatch/nginx"},"content":{"Object":' + POD + ',"Err":null}}'
    ),
}


@pytest.mark.parametrize("frame", GOLDEN.values(), ids=GOLDEN.keys())
def test_golden_frames_decode_and_encode_to_the_same_json(frame: str) -> None:
    msg = codec.decode(frame)
    assert json.loads(codec.encode(msg)) == json.loads(frame)
    assert codec.decode(frame.encode()) == msg  # binary frames too


def test_golden_pod_insert_fields() -> None:
    msg = codec.decode(GOLDEN["pod insert"])
    assert msg.header == Header(
        msg_id=MsgID("4f1c7d3e-9a0b-4c2d-8e5f-6a7b8c9d0e1f"), timestamp=1718000000123, resource_version="834512"
    )
    assert msg.route == Route(
        source="edgecontroller", group="resource", operation="insert", resource="default/pod/nginx"
    )
    assert isinstance(msg.content, dict)
    assert msg.content["metadata"]["uid"] == "1b4c7f0e-2a1d-4e57-9a0c-3f6d2b8e9c10"


def test_golden_ack_and_keepalive_omit_empty_keys() -> None:
    ack = orjson.loads(codec.encode(codec.decode(GOLDEN["ack"])))
    assert list(ack["header"]) == ["msg_id", "parent_msg_id", "timestamp"]
    keepalive = orjson.loads(codec.encode(codec.decode(GOLDEN["keepalive"])))
    assert list(keepalive["header"]) == ["msg_id", "timestamp"]
    assert list(keepalive["route"]) == ["source", "group", "operation", "resource"]
    assert keepalive["content"] == "ping"


def test_string_content_stays_a_string() -> None:
    msg = codec.decode(GOLDEN["pod status patch"])
    assert msg.content == '{"metadata":{"uid":"u1"},"status":{"phase":"Running"}}'
    assert msg.content_bytes() == b'{"metadata":{"uid":"u1"},"status":{"phase":"Running"}}'


def test_object_response_in_the_patch_reply() -> None:
    reply = codec.parse_object_resp(codec.decode(GOLDEN["patch reply"]).content)
    assert reply is not None
    assert reply.err is None
    assert isinstance(reply.object, dict)
    assert reply.object["kind"] == "Pod"


# --- encoding ---------------------------------------------------------------------------------


def test_an_empty_message_keeps_msg_id_timestamp_route_and_content() -> None:
    msg = Message(header=Header(msg_id=MsgID("")), route=Route())
    assert codec.encode(msg) == b'{"header":{"msg_id":"","timestamp":0},"route":{},"content":null}'


def test_every_field_set_in_go_struct_order() -> None:
    msg = Message(
        header=Header(
            msg_id=MsgID("m"), parent_msg_id=MsgID("p"), timestamp=3, resource_version="9", sync=True, type="channel"
        ),
        route=Route(source="s", destination="d", group="g", operation="o", resource="r"),
        content=[1],
    )
    assert codec.encode(msg) == (
        b'{"header":{"msg_id":"m","parent_msg_id":"p","timestamp":3,"resourceversion":"9","sync":true,'
        b'"type":"channel"},"route":{"source":"s","destination":"d","group":"g","operation":"o","resource":"r"},'
        b'"content":[1]}'
    )


@pytest.mark.parametrize(
    ("header", "absent"),
    [
        (Header(msg_id=MsgID("m")), {"parent_msg_id", "resourceversion", "sync", "type"}),
        (Header(msg_id=MsgID("m"), sync=False, type=""), {"sync", "type"}),
        (Header(msg_id=MsgID("m"), parent_msg_id=MsgID("")), {"parent_msg_id"}),
    ],
)
def test_omitempty_header_keys(header: Header, absent: set[str]) -> None:
    encoded = orjson.loads(codec.encode(Message(header=header, route=Route())))
    assert not absent & encoded["header"].keys()
    assert {"msg_id", "timestamp"} <= encoded["header"].keys()


def test_bytes_content_goes_as_base64_and_comes_back_as_a_string() -> None:
    msg = message.new_message(operation="upload", resource="http://x", content=b"\x00\x01body", now_ms=1)
    assert orjson.loads(codec.encode(msg))["content"] == "AAFib2R5"
    assert codec.decode(codec.encode(msg)).content == "AAFib2R5"


def test_enum_route_values_encode_as_their_strings() -> None:
    msg = message.new_message(
        source=message.Module.EDGEHUB, group=message.Group.RESOURCE, operation=message.Operation.KEEPALIVE,
        resource="node", content="ping", now_ms=1,
    )  # fmt: skip
    assert orjson.loads(codec.encode(msg))["route"] == {
        "source": "websocket",
        "group": "resource",
        "operation": "keepalive",
        "resource": "node",
    }


def test_unencodable_content_is_a_protocol_error() -> None:
    msg = Message(header=Header(msg_id=MsgID("m")), route=Route(), content={"k": {1, 2}})
    with pytest.raises(ProtocolError, match="cannot be encoded"):
        codec.encode(msg)


# --- Go's decoding tolerance ------------------------------------------------------------------


def frame(header: object = None, route: object = None, **extra: Any) -> str:
    body: dict[str, Any] = {"header": {"msg_id": "m", "timestamp": 1} if header is None else header}
    body["route"] = {} if route is None else route
    return json.dumps(body | extra)


@pytest.mark.parametrize(
    ("text", "header", "route"),
    [
        # keys match case-insensitively
        (
            '{"HEADER":{"MSG_ID":"a","Timestamp":2,"ResourceVersion":"5","SYNC":true,"Type":"t"},'
            '"Route":{"Source":"s","GROUP":"g","operation":"o","RESOURCE":"r","Destination":"d"},"Content":1}',
            Header(msg_id=MsgID("a"), timestamp=2, resource_version="5", sync=True, type="t"),
            Route(source="s", destination="d", group="g", operation="o", resource="r"),
        ),
        # Go's folding: long s folds to S, dotless i and dotted capital I to I
        (
            '{"header":{"msg_\u0131d":"a","\u017fync":true},"route":{"\u017fource":"s","re\u017fource":"r"}}',
            Header(msg_id=MsgID("a"), sync=True),
            Route(source="s", resource="r"),
        ),
        ('{"header":{"MSG_\u0130D":"a"},"route":{}}', Header(msg_id=MsgID("a")), Route()),
        # other non-ASCII letters do not fold to ASCII
        ('{"header":{"msg_\u00edd":"a"},"route":{"sourc\u00e9":"s"}}', Header(msg_id=MsgID("")), Route()),
        # unknown keys are ignored at every level
        (
            '{"header":{"msg_id":"a","extra":[1]},"route":{"source":"s","x":{}},"content":null,"other":1}',
            Header(msg_id=MsgID("a")),
            Route(source="s"),
        ),
        # several keys for one field: the last wins, whichever is the exact name
        ('{"header":{"msg_id":"a","MSG_ID":"b"},"route":{}}', Header(msg_id=MsgID("b")), Route()),
        ('{"header":{"MSG_ID":"b","msg_id":"a"},"route":{}}', Header(msg_id=MsgID("a")), Route()),
        # null leaves a field as it was (its zero value if nothing came before)
        ('{"header":{"msg_id":"a","Msg_Id":null},"route":{}}', Header(msg_id=MsgID("a")), Route()),
        (
            '{"header":{"msg_id":null,"timestamp":null,"sync":null,"type":null},"route":{"source":null}}',
            Header(msg_id=MsgID("")),
            Route(),
        ),
        (
            '{"header":{"msg_id":"a","type":null},"route":{"source":"s","group":null}}',
            Header(msg_id=MsgID("a")),
            Route(source="s"),
        ),
        # missing header fields take their zero values
        ('{"header":{},"route":{}}', Header(msg_id=MsgID("")), Route()),
        # a second header object merges into the first, as Go decodes into the same struct
        (
            '{"header":{"msg_id":"a","timestamp":5},"Header":{"timestamp":6,"msg_id":null},"route":{}}',
            Header(msg_id=MsgID("a"), timestamp=6),
            Route(),
        ),
        (
            '{"route":{"source":"s"},"header":{"msg_id":"a"},"ROUTE":{"group":"g"}}',
            Header(msg_id=MsgID("a")),
            Route(source="s", group="g"),
        ),
        # int64 bounds
        (
            '{"header":{"timestamp":-9223372036854775808},"route":{}}',
            Header(msg_id=MsgID(""), timestamp=-(2**63)),
            Route(),
        ),
        (
            '{"header":{"timestamp":9223372036854775807},"route":{}}',
            Header(msg_id=MsgID(""), timestamp=2**63 - 1),
            Route(),
        ),
    ],
)
def test_decoding_is_as_tolerant_as_go(text: str, header: Header, route: Route) -> None:
    msg = codec.decode(text)
    assert msg.header == header
    assert msg.route == route


def test_missing_content_is_null() -> None:
    assert codec.decode('{"header":{},"route":{}}').content is None


def test_content_key_case_and_last_wins() -> None:
    assert codec.decode('{"header":{},"route":{},"content":1,"CONTENT":null}').content is None
    assert codec.decode('{"header":{},"route":{},"Content":"x"}').content == "x"


def test_invalid_utf8_in_a_string_becomes_replacement_characters() -> None:
    msg = codec.decode(b'{"header":{"msg_id":"a\xffb"},"route":{},"content":"\xc3"}')
    assert msg.msg_id == "a\ufffdb"
    assert msg.content == "\ufffd"


def test_trailing_whitespace_is_accepted() -> None:
    # Go's encoder ends each frame with a newline
    assert codec.decode(GOLDEN["ack"] + "\n") == codec.decode(GOLDEN["ack"])


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "not JSON"),
        (b"not json", "not JSON"),
        (b'{"header":', "not JSON"),
        (b"\xff\xfe{}", "not JSON"),
        ('{"header":"\ud800"}', "not JSON"),
        (b"[]", "not a JSON object but an array"),
        (b'"x"', "not a JSON object but a string"),
        (b"null", "not a JSON object but null"),
        (b"12", "not a JSON object but the number 12"),
        (b"true", "not a JSON object but a boolean"),
        (b"{}", "no header"),
        (b'{"header":null,"route":{}}', "no header"),
        (b'{"header":{}}', "no route"),
        (b'{"header":{},"route":null}', "no route"),
        (b'{"header":[],"route":{}}', "header is not a JSON object but an array"),
        (b'{"header":{},"route":"r"}', "route is not a JSON object but a string"),
        (b'{"Header":1,"route":{}}', "header is not a JSON object"),
        (b'{"header":{"msg_id":5},"route":{}}', "header.msg_id must be a string, got the number 5"),
        (b'{"header":{"parent_msg_id":{}},"route":{}}', "header.parent_msg_id must be a string"),
        (b'{"header":{"resourceversion":834512},"route":{}}', "header.resourceversion must be a string"),
        (b'{"header":{"type":true},"route":{}}', "header.type must be a string"),
        (b'{"header":{"timestamp":1.5},"route":{}}', "header.timestamp must be an integer"),
        (b'{"header":{"timestamp":1e3},"route":{}}', "header.timestamp must be an integer"),
        (b'{"header":{"timestamp":"1718000000123"},"route":{}}', "header.timestamp must be an integer"),
        (b'{"header":{"timestamp":true},"route":{}}', "header.timestamp must be an integer"),
        (b'{"header":{"timestamp":9223372036854775808},"route":{}}', "does not fit in an int64"),
        (b'{"header":{"timestamp":-9223372036854775809},"route":{}}', "header.timestamp must be an integer"),
        (b'{"header":{"sync":"true"},"route":{}}', "header.sync must be a boolean"),
        (b'{"header":{"sync":1},"route":{}}', "header.sync must be a boolean"),
        (b'{"header":{},"route":{"source":1}}', "route.source must be a string"),
        (b'{"header":{},"route":{"RESOURCE":["a"]}}', "route.resource must be a string, got an array"),
        (b'{"header":{},"route":{}}x', "not JSON"),
    ],
)
def test_malformed_frames_are_protocol_errors_that_name_the_problem(data: bytes | str, problem: str) -> None:
    with pytest.raises(ProtocolError, match=problem):
        codec.decode(data)


# --- properties -------------------------------------------------------------------------------

valid_text = st.text(alphabet=st.characters(codec="utf-8"))  # no lone surrogates
json_scalars = (
    st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**64 - 1) | valid_text
    | st.floats(allow_nan=False, allow_infinity=False)
)  # fmt: skip
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(valid_text, inner, max_size=4),
    max_leaves=12,
)

messages = st.builds(
    Message,
    header=st.builds(
        Header,
        msg_id=valid_text.map(MsgID),
        parent_msg_id=valid_text.map(MsgID),
        timestamp=st.integers(min_value=-(2**63), max_value=2**63 - 1),
        resource_version=valid_text,
        sync=st.booleans(),
        type=valid_text,
    ),
    route=st.builds(
        Route, source=valid_text, destination=valid_text, group=valid_text, operation=valid_text, resource=valid_text
    ),
    content=json_values,
)


@given(messages)
def test_decode_inverts_encode(msg: Message) -> None:
    data = codec.encode(msg)
    assert codec.decode(data) == msg
    assert codec.decode(data.decode()) == msg


@given(st.binary())
def test_decode_raises_only_protocol_errors_on_arbitrary_bytes(data: bytes) -> None:
    try:
        codec.decode(data)
    except ProtocolError:
        pass


frame_like = st.dictionaries(
    st.sampled_from(["header", "route", "content", "Header", "ROUTE", "x"]),
    st.dictionaries(
        st.sampled_from(["msg_id", "MSG_ID", "parent_msg_id", "timestamp", "resourceversion", "sync", "type",
                         "source", "Group", "operation", "resource", "destination", "junk"]),
        json_values,
        max_size=8,
    ) | json_values,
    max_size=5,
)  # fmt: skip


@given(frame_like)
def test_encode_of_decode_is_stable(value: dict[str, Any]) -> None:
    data = orjson.dumps(value)
    try:
        first = codec.encode(codec.decode(data))
    except ProtocolError:
        return
    assert codec.encode(codec.decode(first)) == first


# --- content helpers (spec §1.2) --------------------------------------------------------------


def test_object_resp_helpers() -> None:
    status = {"kind": "Status", "status": "Failure", "reason": "NotFound", "code": 404}
    content = codec.object_resp(None, codec.status_error(status))
    assert content == {"Object": None, "Err": {"ErrStatus": status}}
    parsed = codec.parse_object_resp(content)
    assert parsed == codec.ObjectResp(object=None, err={"ErrStatus": status})
    assert codec.error_status(parsed.err) == status
    assert codec.object_resp({"kind": "Node"}) == {"Object": {"kind": "Node"}, "Err": None}


@pytest.mark.parametrize("content", ["OK", None, [], {"Object": {}}, {"Err": None}, {"object": 1, "err": 2}])
def test_not_object_responses(content: message.Content) -> None:
    assert codec.parse_object_resp(content) is None


@pytest.mark.parametrize(
    ("content", "is_error"),
    [
        ({}, True),  # a plain Go error
        (codec.plain_error(), True),
        ({"ErrStatus": {"code": 500}}, True),
        ({"ErrStatus": {}, "x": 1}, False),
        ("OK", False),
        ({"kind": "Pod"}, False),
        (None, False),
        ([], False),
    ],
)
def test_go_error_shapes(content: message.Content, is_error: bool) -> None:
    assert codec.is_go_error(content) is is_error


@pytest.mark.parametrize("err", [None, {}, {"ErrStatus": "x"}, "text"])
def test_error_status_absent(err: message.JsonValue) -> None:
    assert codec.error_status(err) is None
