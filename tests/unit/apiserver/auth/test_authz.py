"""The fixed policy: masters, anonymous, other users, node dispatch, and kube's 403 wording."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.auth.authn import ANONYMOUS, UserInfo
from kubeedge.apiserver.auth.authz import Authorizer, Decision, RequestAttributes, forbidden_error
from kubeedge.apiserver.auth.nodegraph import PodReferenceIndex

MASTER = UserInfo(name="kubernetes-admin", groups=("system:masters", "system:authenticated"))
ALICE = UserInfo(name="alice", groups=("dev", "system:authenticated"))
NODE = UserInfo(name="system:node:edge-1", groups=("system:nodes", "system:authenticated"))
FAKE_NODE = UserInfo(name="system:node:edge-1", groups=("system:authenticated",))
MASTER_NODE = UserInfo(name="system:node:edge-1", groups=("system:nodes", "system:masters"))


def _graph() -> PodReferenceIndex:
    index = PodReferenceIndex()
    index.upsert(
        {
            "metadata": {"name": "p1", "namespace": "ns"},
            "spec": {"nodeName": "edge-1", "volumes": [{"name": "v", "configMap": {"name": "cm1"}}]},
        }
    )
    return index


AUTHORIZER = Authorizer(graph=_graph())


def _res(
    user: UserInfo,
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
        user=user,
        verb=verb,
        is_resource_request=True,
        group=group,
        resource=resource,
        subresource=subresource,
        namespace=namespace,
        name=name,
        field_selector=fs,
    )


def _path(user: UserInfo, path: str, verb: str = "get") -> RequestAttributes:
    return RequestAttributes(user=user, verb=verb, is_resource_request=False, path=path)


@pytest.mark.parametrize(
    ("attrs", "allowed"),
    [
        # system:masters: everything
        (_res(MASTER, "delete", "secrets", namespace="kube-system", name="x"), True),
        (_res(MASTER, "deletecollection", "nodes"), True),
        (_res(MASTER, "create", "customresourcedefinitions", group="apiextensions.k8s.io"), True),
        (_path(MASTER, "/metrics"), True),
        (_path(MASTER, "/anything", verb="post"), True),
        (_res(MASTER_NODE, "delete", "nodes", name="edge-2"), True),
        # anonymous: health and version only
        (_path(ANONYMOUS, "/healthz"), True),
        (_path(ANONYMOUS, "/livez"), True),
        (_path(ANONYMOUS, "/readyz"), True),
        (_path(ANONYMOUS, "/readyz/ping"), True),
        (_path(ANONYMOUS, "/version"), True),
        (_path(ANONYMOUS, "/version/"), True),
        (_path(ANONYMOUS, "/healthzx"), False),
        (_path(ANONYMOUS, "/healthz", verb="post"), False),
        (_path(ANONYMOUS, "/healthz/../api/v1"), False),
        (_path(ANONYMOUS, "/api"), False),
        (_path(ANONYMOUS, "/apis"), False),
        (_path(ANONYMOUS, "/openapi/v2"), False),
        (_path(ANONYMOUS, "/metrics"), False),
        (_path(ANONYMOUS, ""), False),
        (_res(ANONYMOUS, "get", "namespaces", name="default"), False),
        (_res(ANONYMOUS, "list", "pods", fs="spec.nodeName=edge-1"), False),
        # any other authenticated user: discovery, no resources (no RBAC)
        (_path(ALICE, "/api"), True),
        (_path(ALICE, "/api/v1"), True),
        (_path(ALICE, "/apis"), True),
        (_path(ALICE, "/apis/apps/v1"), True),
        (_path(ALICE, "/openapi/v2"), True),
        (_path(ALICE, "/openapi/v3/apis/apps/v1"), True),
        (_path(ALICE, "/version"), True),
        (_path(ALICE, "/healthz"), True),
        (_path(ALICE, "/apis/./x"), False),
        (_path(ALICE, "/metrics"), False),
        (_path(ALICE, "/logs/"), False),
        (_path(ALICE, "/api", verb="post"), False),
        (_res(ALICE, "list", "namespaces"), False),
        (_res(ALICE, "get", "configmaps", namespace="ns", name="cm1"), False),
        # a node name without the system:nodes group is just another user
        (_res(FAKE_NODE, "get", "nodes", name="edge-1"), False),
        (_path(FAKE_NODE, "/api"), True),
        # node identities: the node rules, plus discovery
        (_res(NODE, "get", "nodes", name="edge-1"), True),
        (_res(NODE, "get", "configmaps", namespace="ns", name="cm1"), True),
        (_res(NODE, "get", "configmaps", namespace="ns", name="cm2"), False),
        (_res(NODE, "get", "pods", namespace="ns", name="p1"), True),
        (_path(NODE, "/apis"), True),
        (_path(NODE, "/metrics"), False),
    ],
)
def test_authorize(attrs: RequestAttributes, allowed: bool) -> None:
    assert AUTHORIZER.authorize(attrs).allowed is allowed


def test_node_denial_carries_the_node_reason() -> None:
    decision = AUTHORIZER.authorize(_res(NODE, "get", "pods", namespace="ns", name="x"))
    assert decision == Decision.deny("no relationship found between node 'edge-1' and this object")


@pytest.mark.parametrize(
    ("attrs", "reason", "message", "details"),
    [
        (
            _res(UserInfo(name="system:node:a"), "get", "pods", namespace="ns", name="x"),
            "no relationship found between node 'a' and this object",
            'pods "x" is forbidden: User "system:node:a" cannot get resource "pods" in API group "" '
            "in the namespace \"ns\": no relationship found between node 'a' and this object",
            {"name": "x", "kind": "pods"},
        ),
        (
            _res(ALICE, "list", "pods", namespace="default"),
            "",
            'pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"',
            {"kind": "pods"},
        ),
        (
            _res(ALICE, "list", "nodes"),
            "",
            'nodes is forbidden: User "alice" cannot list resource "nodes" in API group "" at the cluster scope',
            {"kind": "nodes"},
        ),
        (
            _res(NODE, "update", "leases", group="coordination.k8s.io", namespace="kube-node-lease", name="b"),
            "can only access node lease with the same name as the requesting node",
            'leases.coordination.k8s.io "b" is forbidden: User "system:node:edge-1" cannot update resource '
            '"leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": '
            "can only access node lease with the same name as the requesting node",
            {"name": "b", "group": "coordination.k8s.io", "kind": "leases"},
        ),
        (
            _res(ALICE, "patch", "pods", namespace="ns", name="p", subresource="status"),
            "",
            'pods "p" is forbidden: User "alice" cannot patch resource "pods/status" in API group "" '
            'in the namespace "ns"',
            {"name": "p", "kind": "pods"},
        ),
        (
            _res(ALICE, "watch", "configmaps", namespace="ns", fs="metadata.name=cm"),
            "",
            'configmaps "cm" is forbidden: User "alice" cannot watch resource "configmaps" in API group "" '
            'in the namespace "ns"',
            {"name": "cm", "kind": "configmaps"},
        ),
        (
            _path(ANONYMOUS, "/api"),
            "",
            'forbidden: User "system:anonymous" cannot get path "/api"',
            None,
        ),
    ],
)
def test_forbidden_error(attrs: RequestAttributes, reason: str, message: str, details: dict[str, Any] | None) -> None:
    error = forbidden_error(attrs, reason)
    assert error.code == 403
    assert error.reason == "Forbidden"
    assert error.message == message
    assert error.details == details
    status = error.to_status()
    assert status["reason"] == "Forbidden"
    assert status["message"] == message


@pytest.mark.parametrize(
    ("attrs", "obj", "allowed"),
    [
        (_res(MASTER, "create", "pods", namespace="ns"), {"metadata": {"name": "x"}}, True),
        (_res(ALICE, "create", "pods", namespace="ns"), {"metadata": {"name": "x"}}, True),
        (_res(NODE, "create", "pods", namespace="ns"), {"metadata": {"name": "x"}}, False),
        (_res(NODE, "create", "nodes"), {"metadata": {"name": "edge-1"}}, True),
        (_res(NODE, "create", "nodes"), {"metadata": {"name": "edge-2"}}, False),
        (_res(NODE, "update", "nodes", name="edge-1"), {"metadata": {"name": "edge-1"}}, True),
        (_res(MASTER_NODE, "create", "nodes"), {"metadata": {"name": "edge-2"}}, True),
    ],
)
def test_admit_create(attrs: RequestAttributes, obj: dict[str, Any], allowed: bool) -> None:
    assert AUTHORIZER.admit_create(attrs, obj).allowed is allowed
