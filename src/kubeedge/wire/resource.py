"""Resource strings: what ``route.resource`` holds, parsed once into a value (spec §2.1-2.2).

KubeEdge names the object a message is about with a ``/``-separated string whose shape
depends on where the message is:

- cloud-internal, what cloud modules build and CloudHub dispatches on:
  ``node/<node>/<namespace>/<type>[/<name>]`` (``BuildResource``), and the device form
  ``node/<node>/<type>[/<id>]`` (``node/n1/membership``);
- on the wire, cloud to edge: CloudHub drops the first two tokens of anything starting with
  ``node`` (``TrimMessage``), so the edge sees ``<namespace>/<type>/<name>``, ``membership``...;
- on the wire, edge to cloud: the short form; CloudHub prepends ``node/<node>/``, the node
  being the connection's ``node_id`` header, never something the edge claims in the string.

Cluster-scoped objects use the literal namespace ``null``. Go re-splits these strings in every
module that touches them; here :class:`Resource` is parsed once, at the edge of a module, by
:func:`parse_cloud` or :func:`parse_edge`, and rendered with :meth:`Resource.cloud` or
:meth:`Resource.edge`. The two string-to-string functions :func:`to_edge_wire` and
:func:`from_edge_wire` do exactly what CloudHub does, quirks included, because they sit on
the wire path.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NewType

from kubeedge.errors import ProtocolError

__all__ = [
    "NODE",
    "NULL_NAMESPACE",
    "SEPARATOR",
    "NodeName",
    "Resource",
    "ResourceType",
    "device_id",
    "device_resource",
    "from_edge_wire",
    "namespace_or_null",
    "node_of",
    "node_task_resource",
    "parse_cloud",
    "parse_edge",
    "to_edge_wire",
]

NodeName = NewType("NodeName", str)
"""An edge node's name, which is also its ``node_id`` on the link."""

SEPARATOR = "/"
NODE = "node"
"""The first token of every cloud-internal resource string."""
NULL_NAMESPACE = "null"
"""The namespace token of cluster-scoped objects (Node, PersistentVolume...)."""


class ResourceType(StrEnum):
    """Resource types KubeEdge names in resource strings (spec §2.2).

    The dynamiccontroller also forwards any other kind under its lower-cased kind name, so a
    resource's ``type`` stays a plain ``str``.
    """

    POD = "pod"
    POD_LIST = "podlist"
    POD_STATUS = "podstatus"
    POD_PATCH = "podpatch"
    EVENT = "event"
    CONFIGMAP = "configmap"
    SECRET = "secret"
    SERVICE_ACCOUNT_TOKEN = "serviceaccounttoken"
    SERVICE_ACCOUNT_ACCESS = "serviceaccountaccess"
    NODE = "node"
    NODE_STATUS = "nodestatus"
    NODE_PATCH = "nodepatch"
    LEASE = "lease"
    CERTIFICATE_SIGNING_REQUEST = "certificatesigningrequest"
    RULE = "rule"
    RULE_ENDPOINT = "ruleendpoint"
    RULE_STATUS = "rulestatus"
    K8S_CA = "k8s/ca.crt"
    SERVICE = "service"
    ENDPOINTS = "endpoints"
    PERSISTENT_VOLUME = "persistentvolume"
    PERSISTENT_VOLUME_CLAIM = "persistentvolumeclaim"
    VOLUME_ATTACHMENT = "volumeattachment"
    VOLUME = "volume"  # CSI
    DEVICE = "device"
    DEVICE_MODEL = "devicemodel"
    DEVICE_MAPPER = "devicemapper"
    MEMBERSHIP = "membership"
    MEMBERSHIP_DETAIL = "membership/detail"
    TWIN = "twin"
    TWIN_EDGE_UPDATED = "twin/edge_updated"
    TWIN_CLOUD_UPDATED = "twin/cloud_updated"
    STATE_UPDATE = "state/update"
    NODE_CONNECTION = "node/connection"  # edge internal
    APPLICATION = "Application"  # metaserver to dynamiccontroller
    WATCHAPP_SYNC = "watchapp/sync"


def namespace_or_null(namespace: str | None) -> str:
    """The namespace token for an object: its namespace, or ``null`` when it has none."""
    return namespace or NULL_NAMESPACE


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """A parsed object resource: ``<namespace>/<type>[/<name>]``, and the node it is for.

    Attributes:
        namespace: The namespace token; :data:`NULL_NAMESPACE` for cluster-scoped objects.
        type: The resource type, usually a :class:`ResourceType`.
        name: The object's name; empty for "all objects of this type" (a list query).
        node: The node, known on the cloud side; empty in the edge's view.
    """

    namespace: str
    type: str
    name: str = ""
    node: str = ""

    @property
    def is_cluster_scoped(self) -> bool:
        return self.namespace == NULL_NAMESPACE

    @property
    def is_list(self) -> bool:
        return not self.name

    def edge(self) -> str:
        """The short form the edge uses: ``<namespace>/<type>[/<name>]``."""
        if self.name:
            return f"{self.namespace}/{self.type}/{self.name}"
        return f"{self.namespace}/{self.type}"

    def cloud(self, node: str | None = None) -> str:
        """The cloud-internal form ``node/<node>/<namespace>/<type>[/<name>]`` (``BuildResource``).

        Args:
            node: The node; defaults to :attr:`node`.

        Raises:
            ProtocolError: The node, namespace or type is empty (Go refuses these too).
        """
        node = node or self.node
        if not (node and self.namespace and self.type):
            raise ProtocolError(f"resource needs a node, a namespace and a type, got {self!r} for node {node!r}")
        if self.name:
            return f"node/{node}/{self.namespace}/{self.type}/{self.name}"
        return f"node/{node}/{self.namespace}/{self.type}"


def parse_cloud(resource: str) -> Resource:
    """Parse the cloud-internal form ``node/<node>/<namespace>/<type>[/<name>]``.

    Stricter than Go's index lookups (``GetNodeID``, ``GetNamespace``... read token 1, 2, 3
    and 4 of whatever string they get): the first token must be ``node``, there must be four
    or five tokens, and none may be empty, so that rendering the result gives the input back.

    Raises:
        ProtocolError: The string does not have that shape.
    """
    tokens = resource.split(SEPARATOR)
    if len(tokens) not in (4, 5) or tokens[0] != NODE or not all(tokens):
        raise ProtocolError(f"resource {resource!r} is not node/<node>/<namespace>/<type>[/<name>]")
    return Resource(node=tokens[1], namespace=tokens[2], type=tokens[3], name=tokens[4] if len(tokens) == 5 else "")


def parse_edge(resource: str, operation: str) -> Resource:
    """Parse the edge form by the edge's rule (``ParseResourceEdge``).

    Three tokens are namespace, type and name. Two tokens are namespace and type, meaning
    "every object of that type", and are allowed only for ``query`` and ``response``. (Go's
    version, through an operator-precedence slip, also takes the first two tokens of any
    longer ``query`` resource and panics on a one-token query; the spec's rule is kept.)
    Tokens may not be empty.

    Raises:
        ProtocolError: Any other shape.
    """
    tokens = resource.split(SEPARATOR)
    if all(tokens):
        if len(tokens) == 3:
            return Resource(namespace=tokens[0], type=tokens[1], name=tokens[2])
        if len(tokens) == 2 and operation in ("query", "response"):
            return Resource(namespace=tokens[0], type=tokens[1])
    raise ProtocolError(
        f"resource {resource!r} is not <namespace>/<type>/<name>"
        f" (or <namespace>/<type> for query and response; operation is {operation!r})"
    )


def device_resource(node: str, resource_type: str, resource_id: str = "") -> str:
    """The device form ``node/<node>/<type>[/<id>]`` (``BuildResourceForDevice``).

    Raises:
        ProtocolError: The node or type is empty.
    """
    if not (node and resource_type):
        raise ProtocolError(f"device resource needs a node and a type, got {node!r}, {resource_type!r}")
    if resource_id:
        return f"node/{node}/{resource_type}/{resource_id}"
    return f"node/{node}/{resource_type}"


def device_id(resource: str) -> str | None:
    """The device id in an upstream device resource (``GetDeviceID``), or ``None``.

    Upstream twin messages arrive as ``node/<node>/device/<id>/...``: token 2 must be
    ``device`` and token 3 is the id.
    """
    tokens = resource.split(SEPARATOR)
    if len(tokens) >= 4 and tokens[2] == ResourceType.DEVICE:
        return tokens[3]
    return None


def node_task_resource(api_version: str, resource_type: str, job_name: str, node: str) -> str:
    """The node-task form ``<apiVersion>/<resourceType>/<jobName>/node/<node>``."""
    return f"{api_version}/{resource_type}/{job_name}/node/{node}"


def to_edge_wire(resource: str) -> str:
    """What CloudHub sends the edge for a cloud-internal resource (``TrimMessage``).

    A resource that *starts with* ``node`` (a string prefix, as Go checks it) and has at least
    three tokens loses its first two; anything else is sent unchanged.
    """
    if resource.startswith(NODE):
        tokens = resource.split(SEPARATOR, 2)
        if len(tokens) == 3:
            return tokens[2]
    return resource


def from_edge_wire(resource: str, node: str) -> str:
    """What CloudHub makes of a resource an edge sent: ``node/<node>/<resource>``.

    Args:
        resource: The resource as received.
        node: The connection's ``node_id`` (authenticated by its certificate), not anything
            from the message.
    """
    return f"node/{node}/{resource}"


def node_of(resource: str) -> NodeName | None:
    """The node a downstream message is for (CloudHub ``GetNodeID``), or ``None``.

    The token after the first ``node`` token that is followed by a non-empty token; this also
    finds the node in node-task resources (``v1alpha1/nodeupgradejob/j1/node/n1``).
    """
    tokens = resource.split(SEPARATOR)
    for index in range(len(tokens) - 1):
        if tokens[index] == NODE and tokens[index + 1]:
            return NodeName(tokens[index + 1])
    return None
