"""Ack classification and ack-queue admission of spec §3.6, entry by entry; ObjectSync names (§16)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.errors import ProtocolError
from kubeedge.wire import delivery
from kubeedge.wire.delivery import Admit, AdmitReason, Drop, DropReason
from kubeedge.wire.message import Content, Header, Message, MsgID, Route

UID = "1b4c7f0e-2a1d-4e57-9a0c-3f6d2b8e9c10"


def pod(uid: str = UID, **metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "p", "namespace": "default", "uid": uid, **metadata},
    }


def msg(
    source: str = "edgecontroller",
    group: str = "resource",
    operation: str = "insert",
    resource: str = "node/n1/default/pod/p",
    content: Content = None,
    rv: str = "",
) -> Message:
    return Message(
        header=Header(msg_id=MsgID("m"), timestamp=1, resource_version=rv),
        route=Route(source=source, group=group, operation=operation, resource=resource),
        content=content,
    )


NO_ACK = {
    # 1. resource contains ...
    "podlist": msg(resource="node/n1/default/podlist"),
    "membership": msg("devicecontroller", "twin", "update", "node/n1/membership"),
    "membership/detail": msg("devicecontroller", "twin", "response", "node/n1/membership/detail"),
    "twin/cloud_updated": msg("devicecontroller", "twin", "update", "node/n1/device/d1/twin/cloud_updated"),
    "serviceaccounttoken": msg(operation="response", resource="node/n1/default/serviceaccounttoken/sa", rv="5"),
    "k8s/ca.crt": msg("cloudhub", "resource", "response", "node/n1/k8s/ca.crt", "PEM"),
    "Go quirk: podlist inside a pod name": msg(resource="node/n1/default/pod/my-podlist-pod", content=pod(), rv="5"),
    # 2. operations
    "createvolume": msg(operation="createvolume", resource="node/n1/default/volume/v"),
    "deletevolume": msg(operation="deletevolume", resource="node/n1/default/volume/v"),
    "controllerpublishvolume": msg(operation="controllerpublishvolume", resource="node/n1/default/volume/v"),
    "controllerunpublishvolume": msg(operation="controllerunpublishvolume", resource="node/n1/default/volume/v"),
    "applicationResponse": msg("dynamiccontroller", "meta", "applicationResponse", "node/n1/null"),
    # 3. group user
    "group user": msg("router_eventbus", "user", "publish", "node/n1/topic"),
    # 4. sources
    "source taskmanager": msg("taskmanager", "taskmanager", "prepull", "v1alpha1/imageprepulljob/j/node/n1"),
    "source nodeupgradejobcontroller": msg("nodeupgradejobcontroller", "taskmanager", "upgrade", "task/t/node/n1"),
    # 5. responses that are "OK" or a Go error
    "response OK": msg("dynamiccontroller", operation="response", content="OK", rv="5"),
    "response plain error": msg("dynamiccontroller", operation="response", content={}),
    "response status error": msg("dynamiccontroller", operation="response", content={"ErrStatus": {"code": 404}}),
    # 6. edgecontroller by resource type
    "node insert": msg(operation="insert", resource="node/n1/null/node/n1", content={}, rv="5"),
    "node delete": msg(operation="delete", resource="node/n1/null/node/n1"),
    "node response": msg(operation="response", resource="node/n1/null/node/n1", content={"Object": {}, "Err": None}),
    "lease": msg(operation="response", resource="node/n1/kube-node-lease/lease/n1", rv="5"),
    "nodepatch": msg(operation="response", resource="node/n1/null/nodepatch/n1", rv="5"),
    "podpatch": msg(operation="response", resource="node/n1/default/podpatch/p", rv="5"),
    "podstatus": msg(operation="response", resource="node/n1/default/podstatus/p", rv="5"),
    "certificatesigningrequest": msg(operation="response", resource="node/n1/default/certificatesigningrequest/c"),
    "pod response": msg(operation="response", resource="node/n1/default/pod/p", content={"Object": pod(), "Err": None}),
}

NEEDS_ACK = {
    "pod insert": msg(content=pod(), rv="5"),
    "pod update": msg(operation="update", content=pod(), rv="6"),
    "pod delete": msg(operation="delete", content=pod()),
    "configmap": msg(resource="node/n1/default/configmap/cm", content={"metadata": {"uid": "u"}}, rv="5"),
    "secret update": msg(operation="update", resource="node/n1/default/secret/s", rv="5"),
    "node update": msg(operation="update", resource="node/n1/null/node/n1", content={}, rv="5"),
    "configmap query answer": msg(operation="response", resource="node/n1/default/configmap/cm", rv="5"),
    "device": msg("devicecontroller", operation="insert", resource="node/n1/default/device/d1", rv="5"),
    "devicemodel": msg("devicecontroller", operation="update", resource="node/n1/default/devicemodel/m", rv="5"),
    "dynamiccontroller object": msg("dynamiccontroller", operation="insert", resource="node/n1/default/deployment/d"),
    "policycontroller": msg("policycontroller", operation="insert", resource="node/n1/default/serviceaccountaccess/a"),
    "lease from elsewhere": msg("dynamiccontroller", operation="update", resource="node/n1/kube-node-lease/lease/n1"),
    "response with other content": msg("dynamiccontroller", operation="response", content="fine"),
    "edgecontroller, short resource": msg(operation="update", resource="node/n1"),
}


@pytest.mark.parametrize("message", NO_ACK.values(), ids=NO_ACK.keys())
def test_no_ack_list(message: Message) -> None:
    assert delivery.needs_ack(message) is False


@pytest.mark.parametrize("message", NEEDS_ACK.values(), ids=NEEDS_ACK.keys())
def test_everything_else_needs_an_ack(message: Message) -> None:
    assert delivery.needs_ack(message) is True


@pytest.mark.parametrize(
    ("message", "deleting"),
    [
        (msg(operation="delete"), True),
        (msg(operation="update", content=pod(deletionTimestamp="2024-06-10T06:13:20Z")), True),
        (msg(operation="update", content=pod(deletionTimestamp=None)), False),
        (msg(operation="update", content=pod(deletionTimestamp="")), False),
        (msg(operation="update", content=pod()), False),
        (msg(operation="update", content="OK"), False),
        (msg(operation="update", content={"metadata": "x"}), False),
        (msg(operation="deleted"), False),
    ],
)
def test_is_delete(message: Message, deleting: bool) -> None:
    assert delivery.is_delete(message) is deleting


@pytest.mark.parametrize(
    ("message", "key"),
    [
        (msg(content=pod()), UID),
        (msg(group="twin", content=pod()), None),
        (msg(content=pod(uid="")), None),
        (msg(content={"metadata": {"uid": 5}}), None),
        (msg(content={"metadata": {}}), None),
        (msg(content={"Object": pod(), "Err": None}), None),
        (msg(content="OK"), None),
        (msg(content=None), None),
    ],
)
def test_ack_key_is_the_object_uid_in_group_resource(message: Message, key: str | None) -> None:
    assert delivery.ack_key(message) == key


@pytest.mark.parametrize(
    ("a", "b", "order"),
    [("2", "10", -1), ("10", "2", 1), ("7", "7", 0), ("007", "7", 0), ("0", "18446744073709551615", -1)],
)
def test_resource_versions_compare_as_numbers(a: str, b: str, order: int) -> None:
    assert delivery.compare_resource_versions(a, b) == order


@pytest.mark.parametrize("bad", ["", "-1", "+1", "1.0", "abc", " 1", "18446744073709551616", "\u0661"])
def test_resource_versions_must_be_uint64(bad: str) -> None:
    with pytest.raises(ProtocolError, match="resourceVersion"):
        delivery.compare_resource_versions(bad, "1")
    with pytest.raises(ProtocolError, match="resourceVersion"):
        delivery.compare_resource_versions("1", bad)


def update(rv: str, **metadata: Any) -> Message:
    return msg(operation="update", content=pod(**metadata), rv=rv)


DELETE = msg(operation="delete", content={"metadata": {"name": "p", "namespace": "default", "uid": UID}})

ADMISSION = [
    # resourceversion required unless a delete
    ("no rv", update(""), None, None, DropReason.NO_RESOURCE_VERSION),
    ("delete without rv", DELETE, None, None, AdmitReason.DELETE),
    ("deleting without rv", update("", deletionTimestamp="2024-01-01T00:00:00Z"), None, None, AdmitReason.DELETE),
    # a key is required
    ("not group resource", msg(group="twin", operation="update", content=pod(), rv="5"), None, None, DropReason.NO_KEY),
    ("no uid", update("5", uid=""), None, None, DropReason.NO_KEY),
    ("delete without uid", msg(operation="delete", content=None), None, None, DropReason.NO_KEY),
    # deletes and responses always join
    ("delete over newer pending", DELETE, update("9"), "9", AdmitReason.DELETE),
    (
        "response over newer pending",
        msg(operation="response", content=pod(), rv="3"),
        update("9"),
        "9",
        AdmitReason.RESPONSE,
    ),
    ("response with odd rv", msg(operation="response", content=pod(), rv="x"), None, None, AdmitReason.RESPONSE),
    # numeric rv
    ("bad rv", update("12a"), None, None, DropReason.BAD_RESOURCE_VERSION),
    # against the pending message
    ("newer than pending", update("10"), update("9"), "20", AdmitReason.NEWER_THAN_PENDING),
    ("numerically newer than pending", update("10"), update("9"), None, AdmitReason.NEWER_THAN_PENDING),
    ("same as pending", update("9"), update("9"), None, DropReason.NOT_NEWER_THAN_PENDING),
    ("older than pending", update("8"), update("9"), "1", DropReason.NOT_NEWER_THAN_PENDING),
    ("pending delete", update("99"), DELETE, None, DropReason.PENDING_DELETE),
    ("pending deleting", update("99"), update("9", deletionTimestamp="t"), None, DropReason.PENDING_DELETE),
    (
        "unreadable pending rv",
        update("1"),
        msg(operation="response", content=pod(), rv="x"),
        None,
        AdmitReason.NEWER_THAN_PENDING,
    ),
    # against the acknowledged version
    ("no ObjectSync", update("5"), None, None, AdmitReason.FIRST_SEEN),
    ("newer than synced", update("10"), None, "9", AdmitReason.NEWER_THAN_SYNCED),
    ("numerically newer than synced", update("10"), None, "9", AdmitReason.NEWER_THAN_SYNCED),
    ("same as synced", update("9"), None, "9", DropReason.NOT_NEWER_THAN_SYNCED),
    ("older than synced", update("9"), None, "10", DropReason.NOT_NEWER_THAN_SYNCED),
    ("synced 0", update("1"), None, "0", AdmitReason.NEWER_THAN_SYNCED),
    ("synced status empty", update("1"), None, "", AdmitReason.NEWER_THAN_SYNCED),  # Go drops: a bug
]


@pytest.mark.parametrize(
    ("message", "pending", "synced_rv", "outcome"),
    [case[1:] for case in ADMISSION],
    ids=[case[0] for case in ADMISSION],
)
def test_admission(
    message: Message, pending: Message | None, synced_rv: str | None, outcome: AdmitReason | DropReason
) -> None:
    decision = delivery.admission(message, pending=pending, synced_rv=synced_rv)
    if isinstance(outcome, AdmitReason):
        assert decision == Admit(key=UID, reason=outcome)
        assert decision.creates_object_sync is (outcome is AdmitReason.FIRST_SEEN)
    else:
        assert decision == Drop(reason=outcome)


@given(
    st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=40), st.integers(min_value=0, max_value=50)
)
def test_the_queue_only_moves_forward(versions: list[int], acked: int) -> None:
    """Whatever order updates arrive in, the pending version only grows and ends at the newest admitted."""
    pending: Message | None = None
    for version in versions:
        decision = delivery.admission(update(str(version)), pending=pending, synced_rv=str(acked))
        if isinstance(decision, Admit):
            assert pending is None or version > int(pending.resource_version)
            assert version > acked
            pending = update(str(version))
    newer = [v for v in versions if v > acked]
    assert (pending is None) == (not newer)
    if pending is not None:
        assert int(pending.resource_version) == max(newer)


def test_object_sync_names() -> None:
    assert delivery.object_sync_name("edge-1", UID) == f"edge-1.{UID}"
    assert delivery.parse_object_sync_name(f"edge.1.{UID}") == ("edge.1", UID)
    with pytest.raises(ProtocolError, match=r"not <node>\.<uid>"):
        delivery.parse_object_sync_name("no-dot")


@given(st.text(min_size=1), st.text(alphabet="0123456789abcdef-", min_size=1))
def test_object_sync_name_round_trip(node: str, uid: str) -> None:
    assert delivery.parse_object_sync_name(delivery.object_sync_name(node, uid)) == (node, uid)
