"""What a node identity may do: own Node and Lease, bound pods, referenced configmaps/secrets."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.auth.attributes import RequestAttributes
from kubeedge.apiserver.auth.authn import UserInfo
from kubeedge.apiserver.auth.nodeauthz import NodeAuthorizer, admit_node_create, node_identity
from kubeedge.apiserver.auth.nodegraph import PodReferenceIndex

NODE = UserInfo(name="system:node:edge-1", groups=("system:nodes", "system:authenticated"))
NO_RELATION = "no relationship found between node 'edge-1' and this object"


def _pod(name: str, node: str, spec: dict[str, Any]) -> dict[str, Any]:
    body = {**spec, "nodeName": node} if node else spec
    return {"metadata": {"name": name, "namespace": "ns", "uid": name}, "spec": body}


def _graph() -> PodReferenceIndex:
    index = PodReferenceIndex()
    index.upsert(
        _pod(
            "p1",
            "edge-1",
            {
                "imagePullSecrets": [{"name": "pull"}],
                "containers": [{"env": [{"name": "A", "valueFrom": {"secretKeyRef": {"name": "s1"}}}]}],
                "volumes": [{"name": "v", "configMap": {"name": "cm1"}}],
            },
        )
    )
    index.upsert(
        _pod(
            "p2",
            "edge-2",
            {
                "volumes": [
                    {"name": "v", "configMap": {"name": "cm2"}},
                    {"name": "s", "secret": {"secretName": "s2"}},
                ]
            },
        )
    )
    index.upsert(_pod("p3", "", {"volumes": [{"name": "v", "configMap": {"name": "cm3"}}]}))
    return index


AUTHORIZER = NodeAuthorizer(_graph())


def _attrs(
    verb: str,
    resource: str,
    *,
    group: str = "",
    namespace: str = "",
    name: str = "",
    subresource: str = "",
    fs: str = "",
) -> RequestAttributes:
    return RequestAttributes(
        user=NODE,
        verb=verb,
        is_resource_request=True,
        group=group,
        resource=resource,
        subresource=subresource,
        namespace=namespace,
        name=name,
        field_selector=fs,
    )


LEASES = "coordination.k8s.io"
LEASE_NS = "kube-node-lease"

CASES: list[tuple[RequestAttributes, bool, str]] = [
    # --- nodes: its own only
    (_attrs("get", "nodes", name="edge-1"), True, ""),
    (
        _attrs("get", "nodes", name="edge-2"),
        False,
        "node 'edge-1' cannot read 'edge-2', only its own Node object",
    ),
    (_attrs("list", "nodes"), False, "node 'edge-1' cannot read all nodes, only its own Node object"),
    (_attrs("list", "nodes", fs="metadata.name=edge-1"), True, ""),
    (_attrs("watch", "nodes", fs="metadata.name=edge-1"), True, ""),
    (_attrs("watch", "nodes", fs="metadata.name=edge-2"), False, "cannot read 'edge-2'"),
    (_attrs("watch", "nodes", fs="metadata.name!=edge-1"), False, "cannot read all nodes"),
    (_attrs("create", "nodes"), True, ""),
    (_attrs("create", "nodes", name="edge-2"), False, "cannot modify 'edge-2'"),
    (_attrs("update", "nodes", name="edge-1"), True, ""),
    (_attrs("patch", "nodes", name="edge-1"), True, ""),
    (_attrs("patch", "nodes", name="edge-2"), False, "cannot modify 'edge-2', only its own Node object"),
    (_attrs("patch", "nodes", name="edge-1", subresource="status"), True, ""),
    (_attrs("update", "nodes", name="edge-1", subresource="status"), True, ""),
    (_attrs("patch", "nodes", name="edge-2", subresource="status"), False, "status of its own Node"),
    (_attrs("get", "nodes", name="edge-1", subresource="status"), False, "status of its own Node"),
    (_attrs("get", "nodes", name="edge-1", subresource="proxy"), False, "proxy subresource"),
    (_attrs("delete", "nodes", name="edge-1"), False, "its own Node"),
    (_attrs("deletecollection", "nodes"), False, "its own Node"),
    # --- leases: kube-node-lease, named after the node
    (_attrs("get", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1"), True, ""),
    (_attrs("create", "leases", group=LEASES, namespace=LEASE_NS), True, ""),
    (_attrs("create", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1"), True, ""),
    (_attrs("update", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1"), True, ""),
    (_attrs("patch", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1"), True, ""),
    (_attrs("delete", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1"), True, ""),
    (_attrs("update", "leases", group=LEASES, namespace=LEASE_NS, name="edge-2"), False, "same name"),
    (_attrs("create", "leases", group=LEASES, namespace=LEASE_NS, name="edge-2"), False, "same name"),
    (_attrs("get", "leases", group=LEASES, namespace="default", name="edge-1"), False, '"kube-node-lease"'),
    (_attrs("list", "leases", group=LEASES, namespace=LEASE_NS), False, "can only get, create"),
    (
        _attrs("watch", "leases", group=LEASES, namespace=LEASE_NS, fs="metadata.name=edge-1"),
        False,
        "can only",
    ),
    (_attrs("get", "leases", group=LEASES, namespace=LEASE_NS, name="edge-1", subresource="x"), False, "sub"),
    (_attrs("get", "leases", group="other.io", namespace=LEASE_NS, name="edge-1"), False, "a node may only"),
    # --- pods: bound to the node
    (_attrs("get", "pods", namespace="ns", name="p1"), True, ""),
    (_attrs("get", "pods", namespace="ns", name="p2"), False, NO_RELATION),
    (_attrs("get", "pods", namespace="ns", name="p3"), False, NO_RELATION),
    (_attrs("get", "pods", namespace="ns", name="missing"), False, NO_RELATION),
    (_attrs("get", "pods", namespace="other", name="p1"), False, NO_RELATION),
    (_attrs("list", "pods", fs="spec.nodeName=edge-1"), True, ""),
    (_attrs("watch", "pods", fs="spec.nodeName=edge-1,status.phase!=Failed"), True, ""),
    (_attrs("list", "pods", namespace="ns", fs="spec.nodeName==edge-1"), True, ""),
    (_attrs("list", "pods", fs="spec.nodeName=edge-2"), False, "spec.nodeName field selector"),
    (_attrs("list", "pods", fs="spec.nodeName!=edge-1"), False, "spec.nodeName field selector"),
    (_attrs("list", "pods"), False, "can only list/watch pods with spec.nodeName field selector"),
    (_attrs("watch", "pods", namespace="ns", fs="metadata.name=p1"), True, ""),
    (_attrs("watch", "pods", namespace="ns", fs="metadata.name=p2"), False, NO_RELATION),
    (_attrs("patch", "pods", namespace="ns", name="p1", subresource="status"), True, ""),
    (_attrs("update", "pods", namespace="ns", name="p1", subresource="status"), True, ""),
    (_attrs("patch", "pods", namespace="ns", name="p2", subresource="status"), False, NO_RELATION),
    (_attrs("get", "pods", namespace="ns", name="p1", subresource="status"), False, "status of pods"),
    (_attrs("update", "pods", namespace="ns", name="p1"), False, "bound to it"),
    (_attrs("patch", "pods", namespace="ns", name="p1"), False, "bound to it"),
    (_attrs("create", "pods", namespace="ns"), True, ""),
    (_attrs("delete", "pods", namespace="ns", name="p1"), True, ""),
    (_attrs("delete", "pods", namespace="ns", name="p2"), False, NO_RELATION),
    (_attrs("deletecollection", "pods", namespace="ns"), False, "bound to it"),
    (_attrs("create", "pods", namespace="ns", name="p1", subresource="eviction"), False, "eviction"),
    (_attrs("get", "pods", namespace="ns", name="p1", subresource="log"), False, "log subresource"),
    # --- configmaps and secrets: referenced by a bound pod
    (_attrs("get", "configmaps", namespace="ns", name="cm1"), True, ""),
    (_attrs("list", "configmaps", namespace="ns", fs="metadata.name=cm1"), True, ""),
    (_attrs("watch", "configmaps", namespace="ns", fs="metadata.name=cm1"), True, ""),
    (_attrs("get", "configmaps", namespace="ns", name="cm2"), False, NO_RELATION),
    (_attrs("get", "configmaps", namespace="ns", name="cm3"), False, NO_RELATION),
    (_attrs("get", "configmaps", namespace="other", name="cm1"), False, NO_RELATION),
    (_attrs("list", "configmaps", namespace="ns"), False, "No Object name found"),
    (_attrs("list", "configmaps"), False, "can only read namespaced object of this type"),
    (
        _attrs("update", "configmaps", namespace="ns", name="cm1"),
        False,
        "can only read resources of this type",
    ),
    (
        _attrs("get", "configmaps", namespace="ns", name="cm1", subresource="x"),
        False,
        "cannot read subresource",
    ),
    (_attrs("get", "secrets", namespace="ns", name="s1"), True, ""),
    (_attrs("get", "secrets", namespace="ns", name="pull"), True, ""),
    (_attrs("watch", "secrets", namespace="ns", fs="metadata.name=s1"), True, ""),
    (_attrs("get", "secrets", namespace="ns", name="s2"), False, NO_RELATION),
    (_attrs("get", "secrets", namespace="ns", name="cm1"), False, NO_RELATION),
    (_attrs("get", "configmaps", namespace="ns", name="s1"), False, NO_RELATION),
    (_attrs("delete", "secrets", namespace="ns", name="s1"), False, "can only read"),
    (_attrs("list", "secrets", namespace="ns"), False, "No Object name found"),
    # --- events: write anywhere, read nowhere
    (_attrs("create", "events", namespace="ns"), True, ""),
    (_attrs("patch", "events", namespace="kube-system", name="e"), True, ""),
    (_attrs("update", "events", group="events.k8s.io", namespace="ns", name="e"), True, ""),
    (_attrs("list", "events", namespace="ns"), False, "can only create, update or patch events"),
    (_attrs("delete", "events", namespace="ns", name="e"), False, "can only create"),
    # --- nothing else gets in
    (_attrs("get", "services", namespace="ns", name="svc"), False, "a node may only access its own Node"),
    (_attrs("list", "endpoints", namespace="ns"), False, "a node may only"),
    (_attrs("create", "serviceaccounts", namespace="ns", name="default", subresource="token"), False, "only"),
    (_attrs("get", "persistentvolumeclaims", namespace="ns", name="c"), False, "a node may only"),
    (_attrs("create", "certificatesigningrequests", group="certificates.k8s.io"), False, "a node may only"),
    (_attrs("list", "namespaces"), False, "a node may only"),
    (_attrs("get", "deployments", group="apps", namespace="ns", name="d"), False, "a node may only"),
    (_attrs("list", "pods", group="metrics.k8s.io", fs="spec.nodeName=edge-1"), False, "a node may only"),
]


@pytest.mark.parametrize(("attrs", "allowed", "reason"), CASES)
def test_node_rules(attrs: RequestAttributes, allowed: bool, reason: str) -> None:
    decision = AUTHORIZER.authorize("edge-1", attrs)
    assert decision.allowed is allowed
    if not allowed:
        assert reason in decision.reason


def test_other_node_sees_its_own_objects() -> None:
    attrs = RequestAttributes(
        user=UserInfo(name="system:node:edge-2", groups=("system:nodes",)),
        verb="get",
        is_resource_request=True,
        resource="secrets",
        namespace="ns",
        name="s2",
    )
    assert AUTHORIZER.authorize("edge-2", attrs).allowed
    assert not AUTHORIZER.authorize("edge-1", attrs).allowed


def test_unnamed_node_is_denied() -> None:
    decision = AUTHORIZER.authorize("", _attrs("get", "nodes", name=""))
    assert not decision.allowed
    assert decision.reason == 'unknown node for user "system:node:edge-1"'


def test_graph_changes_are_seen_at_once() -> None:
    graph = PodReferenceIndex()
    authorizer = NodeAuthorizer(graph)
    attrs = _attrs("get", "configmaps", namespace="ns", name="late")
    assert not authorizer.authorize("edge-1", attrs).allowed
    graph.upsert(_pod("new", "edge-1", {"volumes": [{"name": "v", "configMap": {"name": "late"}}]}))
    assert authorizer.authorize("edge-1", attrs).allowed
    graph.remove(_pod("new", "edge-1", {}))
    assert not authorizer.authorize("edge-1", attrs).allowed


@pytest.mark.parametrize(
    ("user", "identity"),
    [
        (NODE, "edge-1"),
        (UserInfo(name="system:node:", groups=("system:nodes",)), ""),
        (UserInfo(name="system:node:edge-1", groups=("system:authenticated",)), None),
        (UserInfo(name="edge-1", groups=("system:nodes",)), None),
        (UserInfo(name="system:nodes:x", groups=("system:nodes",)), None),
    ],
)
def test_node_identity(user: UserInfo, identity: str | None) -> None:
    assert node_identity(user) == identity


# --- admission of creates -----------------------------------------------------------------------

MIRROR = {"kubernetes.io/config.mirror": "hash"}


def _mirror(**spec: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "static-web-edge-1", "namespace": "ns", "annotations": MIRROR},
        "spec": {"nodeName": "edge-1", "containers": [{"name": "c", "image": "nginx"}], **spec},
    }


POD_CREATE = _attrs("create", "pods", namespace="ns")
LEASE_CREATE = _attrs("create", "leases", group=LEASES, namespace=LEASE_NS)
NODE_CREATE = _attrs("create", "nodes")


@pytest.mark.parametrize(
    ("attrs", "obj", "reason"),
    [
        (NODE_CREATE, {"metadata": {"name": "edge-1"}}, None),
        (
            NODE_CREATE,
            {"metadata": {"name": "edge-2"}},
            'node "edge-1" is not allowed to modify node "edge-2"',
        ),
        (NODE_CREATE, {}, 'is not allowed to modify node "None"'),
        (LEASE_CREATE, {"metadata": {"name": "edge-1"}}, None),
        (LEASE_CREATE, {"metadata": {"name": "edge-9"}}, "same name"),
        (POD_CREATE, _mirror(), None),
        (
            POD_CREATE,
            {"metadata": {"name": "x"}, "spec": {"nodeName": "edge-1"}},
            'pod does not have "kubernetes.io/config.mirror" annotation, node "edge-1" can only create mirror pods',
        ),
        (
            POD_CREATE,
            _mirror(nodeName="edge-2"),
            'node "edge-1" can only create pods with spec.nodeName set to itself',
        ),
        (
            POD_CREATE,
            _mirror(volumes=[{"name": "v", "secret": {"secretName": "s"}}]),
            "can not create pods that reference secrets",
        ),
        (
            POD_CREATE,
            _mirror(volumes=[{"name": "v", "configMap": {"name": "c"}}]),
            "can not create pods that reference configmaps",
        ),
        (
            POD_CREATE,
            _mirror(volumes=[{"name": "v", "persistentVolumeClaim": {"claimName": "c"}}]),
            "can not create pods that reference persistentvolumeclaims",
        ),
        (POD_CREATE, _mirror(serviceAccountName="sa"), "can not create pods that reference serviceaccounts"),
        (_attrs("create", "events", namespace="ns"), {"metadata": {"name": "e"}}, None),
    ],
)
def test_admit_node_create(attrs: RequestAttributes, obj: dict[str, Any], reason: str | None) -> None:
    decision = admit_node_create("edge-1", attrs, obj)
    if reason is None:
        assert decision.allowed
    else:
        assert not decision.allowed
        assert reason in decision.reason
