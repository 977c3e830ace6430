"""What an edge node may do: kube's Node authorizer, narrowed to what our edge needs.

A node identity is a user ``system:node:<name>`` in the group ``system:nodes`` (kube's
``nodeidentifier``). Such a user may only read and write its own Node and Lease, the pods bound to
it and their status, and read the configmaps and secrets those pods reference. Nothing else gets
in. Resource by resource (kube's rules, ``plugin/pkg/auth/authorizer/node``, where not noted):

- ``nodes``: get/list/watch of its own name only (a list/watch must carry
  ``fieldSelector=metadata.name=<self>``); create; update/patch of its own name; update/patch of
  its own ``status``. Stricter than kube, which leaves update/patch to admission; delete is denied.
- ``leases.coordination.k8s.io`` in ``kube-node-lease``, named after the node: get, create,
  update, patch, delete.
- ``pods``: get of a pod bound to it; list/watch with ``fieldSelector=spec.nodeName=<self>``, or of
  a single bound pod; update/patch of ``status`` of a bound pod; create (mirror pods; see
  :func:`admit_node_create`) and delete of a bound pod. Stricter than kube: delete and status
  writes are checked against the graph here, and ``eviction`` is denied (our edge does not evict
  through the API).
- ``configmaps``, ``secrets``: get, or list/watch of one named object, in a namespace, when a pod
  bound to the node references it.
- ``events`` (core and ``events.k8s.io``): create/update/patch in any namespace. This is the one
  grant that is not about the node's own objects; the ``system:node`` role has it because a
  kubelet reports pod and node events into the pods' namespaces, and events grant no read access.

Denied on purpose, although kube's ``system:node`` role allows them: services and endpoints (edge
service discovery comes through cloudcore, not the API), persistent volumes and claims,
``serviceaccounts/token``, CSR creation, runtime classes, token/subject access reviews.

Some creates carry the object's name only in the body, which authorization does not see; for them
the create handler calls :func:`admit_node_create` with the decoded object (kube's
NodeRestriction admission plugin, for the cases above).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.auth.attributes import Decision, RequestAttributes, Verb
from kubeedge.apiserver.auth.nodegraph import NodeGraph, ReferenceKind, pod_references

if TYPE_CHECKING:
    from kubeedge.apiserver.auth.authn import UserInfo

__all__ = [
    "MIRROR_POD_ANNOTATION",
    "NODES_GROUP",
    "NODE_LEASE_NAMESPACE",
    "NODE_USER_PREFIX",
    "NodeAuthorizer",
    "admit_node_create",
    "node_identity",
]

NODE_USER_PREFIX = "system:node:"
NODES_GROUP = "system:nodes"
NODE_LEASE_NAMESPACE = "kube-node-lease"
MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror"

_COORDINATION = "coordination.k8s.io"
_EVENTS_GROUPS = frozenset({"", "events.k8s.io"})
_NOTHING_ELSE = (
    "a node may only access its own Node and Lease, pods bound to it, "
    "and the configmaps and secrets those pods reference"
)


def node_identity(user: UserInfo) -> str | None:
    """The node name of a node identity, ``""`` for a node we cannot name, ``None`` for a non-node."""
    if not user.name.startswith(NODE_USER_PREFIX) or not user.in_group(NODES_GROUP):
        return None
    return user.name.removeprefix(NODE_USER_PREFIX)


def _no_relationship(node: str) -> Decision:
    return Decision.deny(f"no relationship found between node '{node}' and this object")


class NodeAuthorizer:
    """Decides resource requests of node identities against a :class:`NodeGraph`."""

    def __init__(self, graph: NodeGraph) -> None:
        self._graph = graph

    def authorize(self, node: str, attrs: RequestAttributes) -> Decision:
        """Decide a resource request made by node ``node`` (see the module docstring)."""
        if not node:
            return Decision.deny(f'unknown node for user "{attrs.user.name}"')
        key = (attrs.group, attrs.resource)
        if key == ("", "nodes"):
            return self._node(node, attrs)
        if key == (_COORDINATION, "leases"):
            return self._lease(node, attrs)
        if key == ("", "pods"):
            return self._pod(node, attrs)
        if key == ("", "configmaps"):
            return self._read_referenced(node, ReferenceKind.CONFIGMAP, attrs)
        if key == ("", "secrets"):
            return self._read_referenced(node, ReferenceKind.SECRET, attrs)
        if attrs.resource == "events" and attrs.group in _EVENTS_GROUPS:
            if attrs.verb in (Verb.CREATE, Verb.UPDATE, Verb.PATCH) and not attrs.subresource:
                return Decision.allow()
            return Decision.deny("can only create, update or patch events")
        return Decision.deny(_NOTHING_ELSE)

    def _node(self, node: str, attrs: RequestAttributes) -> Decision:
        verb, name = attrs.verb, attrs.effective_name
        if attrs.subresource == "status":
            if verb in (Verb.UPDATE, Verb.PATCH) and name == node:
                return Decision.allow()
            return Decision.deny(f"node '{node}' can only update or patch the status of its own Node object")
        if attrs.subresource:
            return Decision.deny(f"node '{node}' cannot access the {attrs.subresource} subresource of nodes")
        if verb in (Verb.GET, Verb.LIST, Verb.WATCH):
            if name == node:
                return Decision.allow()
            if not name:
                return Decision.deny(f"node '{node}' cannot read all nodes, only its own Node object")
            return Decision.deny(f"node '{node}' cannot read '{name}', only its own Node object")
        if verb == Verb.CREATE and name in ("", node):
            return Decision.allow()  # a nameless create is checked by admit_node_create
        if verb in (Verb.CREATE, Verb.UPDATE, Verb.PATCH):
            if name == node:
                return Decision.allow()
            return Decision.deny(f"node '{node}' cannot modify '{name}', only its own Node object")
        return Decision.deny(f"node '{node}' can only get, list, watch, create, update or patch its own Node")

    def _lease(self, node: str, attrs: RequestAttributes) -> Decision:
        if attrs.verb not in (Verb.GET, Verb.CREATE, Verb.UPDATE, Verb.PATCH, Verb.DELETE):
            return Decision.deny("can only get, create, update, patch, or delete a node lease")
        if attrs.namespace != NODE_LEASE_NAMESPACE:
            return Decision.deny(f'can only access leases in the "{NODE_LEASE_NAMESPACE}" system namespace')
        if attrs.subresource:
            return Decision.deny("cannot access lease subresources")
        # A collection create has no name yet; admit_node_create checks the body's name.
        if attrs.name != node and not (attrs.verb == Verb.CREATE and not attrs.name):
            return Decision.deny("can only access node lease with the same name as the requesting node")
        return Decision.allow()

    def _is_bound(self, node: str, attrs: RequestAttributes) -> bool:
        name = attrs.effective_name
        return bool(name) and self._graph.pod_node(attrs.namespace, name) == node

    def _pod(self, node: str, attrs: RequestAttributes) -> Decision:
        verb = attrs.verb
        if attrs.subresource == "status":
            if verb not in (Verb.UPDATE, Verb.PATCH):
                return Decision.deny("can only update or patch the status of pods")
            return Decision.allow() if self._is_bound(node, attrs) else _no_relationship(node)
        if attrs.subresource:
            return Decision.deny(f"node '{node}' cannot access the {attrs.subresource} subresource of pods")
        if verb in (Verb.LIST, Verb.WATCH):
            if attrs.field_equals("spec.nodeName") == node:
                return Decision.allow()
            if not attrs.effective_name:
                return Decision.deny("can only list/watch pods with spec.nodeName field selector")
            return Decision.allow() if self._is_bound(node, attrs) else _no_relationship(node)
        if verb in (Verb.GET, Verb.DELETE):
            if not attrs.name:
                return Decision.deny("No Object name found")
            return Decision.allow() if self._is_bound(node, attrs) else _no_relationship(node)
        if verb == Verb.CREATE:
            return Decision.allow()  # mirror pods only: admit_node_create checks the body
        return Decision.deny(f"node '{node}' can only get, list, watch, create and delete pods bound to it")

    def _read_referenced(self, node: str, kind: ReferenceKind, attrs: RequestAttributes) -> Decision:
        if attrs.verb not in (Verb.GET, Verb.LIST, Verb.WATCH):
            return Decision.deny("can only read resources of this type")
        if attrs.subresource:
            return Decision.deny("cannot read subresource")
        if not attrs.namespace:
            return Decision.deny("can only read namespaced object of this type")
        name = attrs.effective_name
        if not name:
            return Decision.deny("No Object name found")
        if self._graph.node_references(node, kind, attrs.namespace, name):
            return Decision.allow()
        return _no_relationship(node)


def _metadata(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    metadata = obj.get("metadata")
    return metadata if isinstance(metadata, Mapping) else {}


def _admit_pod_create(node: str, obj: Mapping[str, Any]) -> Decision:
    annotations = _metadata(obj).get("annotations")
    if not isinstance(annotations, Mapping) or MIRROR_POD_ANNOTATION not in annotations:
        return Decision.deny(
            f'pod does not have "{MIRROR_POD_ANNOTATION}" annotation, node "{node}" can only create mirror pods'
        )
    spec = obj.get("spec")
    spec = spec if isinstance(spec, Mapping) else {}
    if spec.get("nodeName") != node:
        return Decision.deny(f'node "{node}" can only create pods with spec.nodeName set to itself')
    # A mirror pod must not be a way to read objects the node has no relationship with.
    references = pod_references(obj)
    if references.secrets:
        return Decision.deny(f'node "{node}" can not create pods that reference secrets')
    if references.configmaps:
        return Decision.deny(f'node "{node}" can not create pods that reference configmaps')
    volumes = spec.get("volumes")
    for volume in volumes if isinstance(volumes, list) else ():
        if isinstance(volume, Mapping) and "persistentVolumeClaim" in volume:
            return Decision.deny(f'node "{node}" can not create pods that reference persistentvolumeclaims')
    if spec.get("serviceAccountName"):
        return Decision.deny(f'node "{node}" can not create pods that reference serviceaccounts')
    return Decision.allow()


def admit_node_create(node: str, attrs: RequestAttributes, obj: Mapping[str, Any]) -> Decision:
    """Check the body of a create a node was authorized to make (kube's NodeRestriction, in part).

    Args:
        node: the requesting node's name (from :func:`node_identity`).
        attrs: the request, already allowed by :meth:`NodeAuthorizer.authorize`.
        obj: the decoded object to be created.

    Returns:
        Deny when a node creates a Node or Lease not named after itself, or a pod that is not a
        mirror pod bound to itself or that references secrets, configmaps, claims or a service
        account. Allow for everything else.
    """
    name = _metadata(obj).get("name")
    if (attrs.group, attrs.resource) == ("", "nodes") and not attrs.subresource and name != node:
        return Decision.deny(f'node "{node}" is not allowed to modify node "{name}"')
    if (attrs.group, attrs.resource) == (_COORDINATION, "leases") and name != node:
        return Decision.deny("can only access node lease with the same name as the requesting node")
    if (attrs.group, attrs.resource) == ("", "pods") and not attrs.subresource:
        return _admit_pod_create(node, obj)
    return Decision.allow()
