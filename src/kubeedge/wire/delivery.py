"""Which downstream messages need an ack, and which may join a node's ack queue (spec §3.6).

CloudHub keeps two queues per node. A message that needs no ack is written once. One that
needs an ack is kept, keyed by the UID of the object it carries (so a newer version of an
object replaces the pending one), re-sent until the edge answers with a ``response`` naming
it, and then recorded in the ObjectSync ``<node>.<uid>``. These functions are KubeEdge's rules
for both decisions, as pure functions of the message and of what the hub already holds:

- :func:`needs_ack`: the no-ack list, entry by entry;
- :func:`admission`: whether a message that needs an ack is kept, given the message already
  pending for the same object (if any) and the resourceVersion the edge last acknowledged
  (if any ObjectSync exists).

KubeEdge throws a node's pending messages away when it reconnects and relies on the
SyncController to notice. Because :func:`admission` takes the pending message as an argument,
a hub that keeps pending messages across reconnects uses the same rules unchanged.

Resources here are in the cloud-internal form (``node/<node>/<ns>/<type>/<name>``): these
rules run before CloudHub trims the resource for the edge. Where KubeEdge's behaviour is a
plain bug we do better, and the docstring says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from kubeedge.errors import ProtocolError
from kubeedge.wire import codec
from kubeedge.wire.message import OK, Group, Message, Module, Operation
from kubeedge.wire.resource import SEPARATOR, ResourceType

__all__ = [
    "Admit",
    "AdmitReason",
    "Drop",
    "DropReason",
    "ack_key",
    "admission",
    "compare_resource_versions",
    "is_delete",
    "needs_ack",
    "object_sync_name",
    "parse_object_sync_name",
]

_NO_ACK_RESOURCE_PARTS = (
    ResourceType.POD_LIST,
    ResourceType.MEMBERSHIP,
    ResourceType.TWIN_CLOUD_UPDATED,
    ResourceType.SERVICE_ACCOUNT_TOKEN,
    ResourceType.K8S_CA,
)
_VOLUME_OPERATIONS = frozenset(
    {
        Operation.CREATE_VOLUME,
        Operation.DELETE_VOLUME,
        Operation.CONTROLLER_PUBLISH_VOLUME,
        Operation.CONTROLLER_UNPUBLISH_VOLUME,
    }
)
_NO_ACK_SOURCES = frozenset({Module.TASKMANAGER, Module.NODEUPGRADEJOBCONTROLLER})
_EDGECONTROLLER_NO_ACK_TYPES = frozenset(
    {
        ResourceType.LEASE,
        ResourceType.NODE_PATCH,
        ResourceType.POD_PATCH,
        ResourceType.POD_STATUS,
        ResourceType.CERTIFICATE_SIGNING_REQUEST,
    }
)


def needs_ack(message: Message) -> bool:
    """Whether the edge must acknowledge this downstream message (``noAckRequired``, negated).

    No ack is needed when any of these holds, checked in this order:

    1. the resource contains ``podlist``, ``membership``, ``twin/cloud_updated``,
       ``serviceaccounttoken`` or ``k8s/ca.crt`` (anywhere in the string, as Go checks it);
    2. the operation is a CSI volume operation or ``applicationResponse``;
    3. the group is ``user``;
    4. the source is ``taskmanager`` or ``nodeupgradejobcontroller``;
    5. the operation is ``response`` and the content is ``"OK"`` or a Go error value;
    6. the source is ``edgecontroller`` and the resource type (token 3) is ``node`` with an
       operation other than ``update``, or ``lease``, ``nodepatch``, ``podpatch``,
       ``podstatus``, ``certificatesigningrequest``, or ``pod`` with operation ``response``.

    A Go error value has no type once it is JSON; rule 5 recognises its marshalled shapes
    (:func:`kubeedge.wire.codec.is_go_error`).
    """
    route = message.route
    resource = route.resource
    operation = route.operation
    if any(part in resource for part in _NO_ACK_RESOURCE_PARTS):
        return False
    if operation in _VOLUME_OPERATIONS or operation == Operation.APPLICATION_RESPONSE:
        return False
    if route.group == Group.USER or route.source in _NO_ACK_SOURCES:
        return False
    if operation == Operation.RESPONSE and (message.content == OK or codec.is_go_error(message.content)):
        return False
    if route.source == Module.EDGECONTROLLER:
        tokens = resource.split(SEPARATOR)
        resource_type = tokens[3] if len(tokens) > 3 else ""
        if resource_type == ResourceType.NODE:
            return operation == Operation.UPDATE
        if resource_type in _EDGECONTROLLER_NO_ACK_TYPES:
            return False
        if resource_type == ResourceType.POD and operation == Operation.RESPONSE:
            return False
    return True


def _metadata(message: Message) -> dict[str, Any] | None:
    content = message.content
    if type(content) is dict:
        metadata = content.get("metadata")
        if type(metadata) is dict:
            return metadata
    return None


def is_delete(message: Message) -> bool:
    """Whether a message deletes its object: operation ``delete``, or the object carries a
    ``metadata.deletionTimestamp`` (``isDeleteMessage``)."""
    if message.route.operation == Operation.DELETE:
        return True
    metadata = _metadata(message)
    return metadata is not None and metadata.get("deletionTimestamp") not in (None, "")


def ack_key(message: Message) -> str | None:
    """The ack-queue key of a message: the ``metadata.uid`` of its object (``AckMessageKeyFunc``).

    Only group ``resource`` messages have a key. ``None`` when there is none. (Go keys an
    object without a uid under ``""``, folding unrelated objects into one queue slot; here such
    a message has no key and is dropped, visibly.)
    """
    if message.route.group != Group.RESOURCE:
        return None
    metadata = _metadata(message)
    if metadata is None:
        return None
    uid = metadata.get("uid")
    return uid if type(uid) is str and uid else None


def _parse_resource_version(resource_version: str) -> int:
    # Go's strconv.ParseUint(s, 10, 64): ASCII digits only, no sign, at most 2**64 - 1.
    if not (resource_version.isascii() and resource_version.isdigit()):
        raise ProtocolError(f"resourceVersion {resource_version!r} is not an unsigned integer")
    value = int(resource_version)
    if value >= 2**64:
        raise ProtocolError(f"resourceVersion {resource_version!r} does not fit in 64 bits")
    return value


def compare_resource_versions(a: str, b: str) -> int:
    """Compare two resourceVersions as unsigned 64-bit integers: -1, 0 or 1 (``CompareResourceVersion``).

    Raises:
        ProtocolError: Either is not a decimal unsigned 64-bit integer.
    """
    x = _parse_resource_version(a)
    y = _parse_resource_version(b)
    return (x > y) - (x < y)


class AdmitReason(StrEnum):
    """Why a message joins the ack queue."""

    DELETE = "delete"  # deletes are always sent
    RESPONSE = "response"  # the edge asked for it
    NEWER_THAN_PENDING = "newer than the pending version"
    NEWER_THAN_SYNCED = "newer than the version the edge acknowledged"
    FIRST_SEEN = "no ObjectSync yet"  # the hub creates it with status resourceVersion "0"


class DropReason(StrEnum):
    """Why a message that needs an ack is not queued."""

    NO_RESOURCE_VERSION = "needs an ack but has no resourceversion"
    NO_KEY = "not in group resource, or its content has no metadata.uid"
    BAD_RESOURCE_VERSION = "resourceversion is not an unsigned integer"
    PENDING_DELETE = "a delete of the object is pending"
    NOT_NEWER_THAN_PENDING = "not newer than the pending version"
    NOT_NEWER_THAN_SYNCED = "not newer than the version the edge acknowledged"


@dataclass(frozen=True, slots=True, kw_only=True)
class Admit:
    """Queue the message under ``key``, replacing whatever is pending for that key."""

    key: str
    reason: AdmitReason

    @property
    def creates_object_sync(self) -> bool:
        """Whether the hub must first create the ObjectSync (status resourceVersion ``"0"``)."""
        return self.reason is AdmitReason.FIRST_SEEN


@dataclass(frozen=True, slots=True, kw_only=True)
class Drop:
    """Do not queue the message; count it under ``reason``."""

    reason: DropReason


def admission(message: Message, *, pending: Message | None, synced_rv: str | None) -> Admit | Drop:
    """Whether a message that needs an ack joins the node's ack queue (``enqueueAckMessage``).

    In order: a message without ``resourceversion`` is dropped unless it is a delete; one
    without a key is dropped; deletes and responses are always queued. Otherwise the message
    must be newer, numerically, than the message pending for the same object (and none is
    queued over a pending delete), or, with nothing pending, than the version the edge
    acknowledged; with no ObjectSync at all it is queued and the ObjectSync created.

    Two Go bugs are not copied: a non-numeric resourceversion is dropped here instead of
    queued unchecked (Go fails later, when comparing), and an ObjectSync whose status has no
    resourceVersion counts as ``"0"`` instead of blocking the object forever.

    Args:
        message: The downstream message, resource in cloud form, for which :func:`needs_ack`
            is true.
        pending: The message already queued under the same key, if any.
        synced_rv: ``status.objectResourceVersion`` of the ObjectSync ``<node>.<uid>``, or
            ``None`` if there is no such ObjectSync.

    Returns:
        :class:`Admit` with the key, or :class:`Drop` with the reason.
    """
    deleting = is_delete(message)
    resource_version = message.header.resource_version
    if not resource_version and not deleting:
        return Drop(reason=DropReason.NO_RESOURCE_VERSION)
    key = ack_key(message)
    if key is None:
        return Drop(reason=DropReason.NO_KEY)
    if deleting:
        return Admit(key=key, reason=AdmitReason.DELETE)
    if message.route.operation == Operation.RESPONSE:
        return Admit(key=key, reason=AdmitReason.RESPONSE)
    try:
        version = _parse_resource_version(resource_version)
    except ProtocolError:
        return Drop(reason=DropReason.BAD_RESOURCE_VERSION)
    if pending is not None:
        if is_delete(pending):
            return Drop(reason=DropReason.PENDING_DELETE)
        if version > _version_or_zero(pending.header.resource_version):
            return Admit(key=key, reason=AdmitReason.NEWER_THAN_PENDING)
        return Drop(reason=DropReason.NOT_NEWER_THAN_PENDING)
    if synced_rv is None:
        return Admit(key=key, reason=AdmitReason.FIRST_SEEN)
    if version > _version_or_zero(synced_rv):
        return Admit(key=key, reason=AdmitReason.NEWER_THAN_SYNCED)
    return Drop(reason=DropReason.NOT_NEWER_THAN_SYNCED)


def _version_or_zero(resource_version: str) -> int:
    # A stored version we cannot read must not block newer ones: it counts as the oldest.
    try:
        return _parse_resource_version(resource_version)
    except ProtocolError:
        return 0


def object_sync_name(node: str, uid: str) -> str:
    """The name of the ObjectSync or ClusterObjectSync for ``uid`` on ``node``: ``<node>.<uid>``."""
    return f"{node}.{uid}"


def parse_object_sync_name(name: str) -> tuple[str, str]:
    """The node and object UID in an ObjectSync name: the node is everything before the last ``.``.

    Raises:
        ProtocolError: The name has no ``.``.
    """
    node, dot, uid = name.rpartition(".")
    if not dot:
        raise ProtocolError(f"ObjectSync name {name!r} is not <node>.<uid>")
    return node, uid
