"""Pod references and the in-memory node graph fed by pod events."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.auth.nodegraph import NodeGraph, PodReferenceIndex, ReferenceKind, pod_references

CM, SECRET = ReferenceKind.CONFIGMAP, ReferenceKind.SECRET


def _pod(
    name: str,
    *,
    node: str = "",
    namespace: str = "ns",
    uid: str = "",
    spec: dict[str, Any] | None = None,
) -> dict[str, Any]:
    body = dict(spec or {})
    if node:
        body["nodeName"] = node
    metadata = {"name": name, "namespace": namespace}
    if uid:
        metadata["uid"] = uid
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": body}


@pytest.mark.parametrize(
    ("spec", "secrets", "configmaps"),
    [
        ({}, set(), set()),
        ({"imagePullSecrets": [{"name": "pull"}, {}]}, {"pull"}, set()),
        (
            {
                "containers": [
                    {
                        "env": [
                            {"name": "A", "valueFrom": {"secretKeyRef": {"name": "s-env", "key": "k"}}},
                            {"name": "B", "valueFrom": {"configMapKeyRef": {"name": "c-env", "key": "k"}}},
                            {"name": "C", "value": "plain"},
                            {"name": "D", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}},
                        ],
                        "envFrom": [{"secretRef": {"name": "s-from"}}, {"configMapRef": {"name": "c-from"}}],
                    }
                ]
            },
            {"s-env", "s-from"},
            {"c-env", "c-from"},
        ),
        (
            {
                "initContainers": [{"envFrom": [{"secretRef": {"name": "s-init"}}]}],
                "ephemeralContainers": [{"envFrom": [{"configMapRef": {"name": "c-eph"}}]}],
            },
            {"s-init"},
            {"c-eph"},
        ),
        (
            {
                "volumes": [
                    {"name": "v1", "secret": {"secretName": "s-vol"}},
                    {"name": "v2", "configMap": {"name": "c-vol"}},
                    {
                        "name": "v3",
                        "projected": {
                            "sources": [
                                {"secret": {"name": "s-proj"}},
                                {"configMap": {"name": "c-proj"}},
                                {"serviceAccountToken": {"path": "token"}},
                            ]
                        },
                    },
                    {"name": "v4", "azureFile": {"secretName": "s-azure", "shareName": "x"}},
                    {"name": "v5", "csi": {"driver": "d", "nodePublishSecretRef": {"name": "s-csi"}}},
                    {"name": "v6", "cephfs": {"monitors": [], "secretRef": {"name": "s-ceph"}}},
                    {"name": "v7", "rbd": {"secretRef": {"name": "s-rbd"}}},
                    {"name": "v8", "iscsi": {"secretRef": {"name": "s-iscsi"}}},
                    {"name": "v9", "flexVolume": {"driver": "f", "secretRef": {"name": "s-flex"}}},
                    {"name": "v10", "cinder": {"secretRef": {"name": "s-cinder"}}},
                    {"name": "v11", "scaleIO": {"secretRef": {"name": "s-scaleio"}}},
                    {"name": "v12", "storageos": {"secretRef": {"name": "s-storageos"}}},
                    {"name": "v13", "emptyDir": {}},
                    {"name": "v14", "persistentVolumeClaim": {"claimName": "pvc"}},
                ]
            },
            {
                "s-vol",
                "s-proj",
                "s-azure",
                "s-csi",
                "s-ceph",
                "s-rbd",
                "s-iscsi",
                "s-flex",
                "s-cinder",
                "s-scaleio",
                "s-storageos",
            },
            {"c-vol", "c-proj"},
        ),
        # Malformed shapes are ignored, not fatal: the index must survive any stored object.
        ({"containers": "nope", "volumes": [None, 3, {"secret": "x"}], "imagePullSecrets": {}}, set(), set()),
    ],
)
def test_pod_references(spec: dict[str, Any], secrets: set[str], configmaps: set[str]) -> None:
    references = pod_references(_pod("p", spec=spec))
    assert references.secrets == secrets
    assert references.configmaps == configmaps


CM_SPEC = {"volumes": [{"name": "v", "configMap": {"name": "shared"}}]}


def test_index_implements_node_graph() -> None:
    graph: NodeGraph = PodReferenceIndex()
    assert graph.pod_node("ns", "p") is None


def test_unscheduled_pod_is_not_indexed_until_bound() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("p", spec=CM_SPEC))
    assert len(index) == 0
    assert index.pod_node("ns", "p") is None
    index.upsert(_pod("p", node="edge-1", spec=CM_SPEC))
    assert index.pod_node("ns", "p") == "edge-1"
    assert index.node_references("edge-1", CM, "ns", "shared")
    assert index.pods_on_node("edge-1") == {("ns", "p")}


def test_references_are_per_node_and_namespace() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("p", node="edge-1", spec=CM_SPEC))
    assert not index.node_references("edge-2", CM, "ns", "shared")
    assert not index.node_references("edge-1", CM, "other", "shared")
    assert not index.node_references("edge-1", SECRET, "ns", "shared")


def test_reference_survives_until_the_last_pod_goes() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("a", node="edge-1", spec=CM_SPEC))
    index.upsert(_pod("b", node="edge-1", spec=CM_SPEC))
    index.remove(_pod("a"))
    assert index.node_references("edge-1", CM, "ns", "shared")
    index.discard("ns", "b")
    assert not index.node_references("edge-1", CM, "ns", "shared")
    assert index.pods_on_node("edge-1") == frozenset()


def test_update_drops_old_references() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("p", node="edge-1", spec=CM_SPEC))
    index.upsert(_pod("p", node="edge-1", spec={"imagePullSecrets": [{"name": "pull"}]}))
    assert not index.node_references("edge-1", CM, "ns", "shared")
    assert index.node_references("edge-1", SECRET, "ns", "pull")


def test_recreated_pod_on_another_node_moves() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("p", node="edge-1", uid="u1", spec=CM_SPEC))
    index.upsert(_pod("p", node="edge-2", uid="u2", spec=CM_SPEC))
    assert index.pod_node("ns", "p") == "edge-2"
    assert not index.node_references("edge-1", CM, "ns", "shared")
    assert index.pods_on_node("edge-1") == frozenset()


def test_stale_delete_of_an_older_pod_is_ignored() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("p", node="edge-2", uid="u2"))
    index.remove(_pod("p", node="edge-1", uid="u1"))
    assert index.pod_node("ns", "p") == "edge-2"
    index.remove(_pod("p", node="edge-2", uid="u2"))
    assert index.pod_node("ns", "p") is None


def test_replace_rebuilds_from_a_relist() -> None:
    index = PodReferenceIndex()
    index.upsert(_pod("gone", node="edge-1", spec=CM_SPEC))
    index.replace([_pod("kept", node="edge-2")])
    assert index.pod_node("ns", "gone") is None
    assert not index.node_references("edge-1", CM, "ns", "shared")
    assert index.pod_node("ns", "kept") == "edge-2"


_names = st.sampled_from(["a", "b", "c"])
_nodes = st.sampled_from(["", "edge-1", "edge-2"])
_refs = st.lists(st.sampled_from(["x", "y"]), max_size=2)


@st.composite
def _pods(draw: st.DrawFn) -> dict[str, Any]:
    volumes = [{"name": f"c{i}", "configMap": {"name": n}} for i, n in enumerate(draw(_refs))]
    pulls = [{"name": n} for n in draw(_refs)]
    return _pod(
        draw(_names),
        node=draw(_nodes),
        namespace=draw(st.sampled_from(["ns", "other"])),
        spec={"volumes": volumes, "imagePullSecrets": pulls},
    )


@given(st.lists(st.tuples(st.booleans(), _pods()), max_size=25))
def test_incremental_updates_match_a_rebuild(events: list[tuple[bool, dict[str, Any]]]) -> None:
    incremental = PodReferenceIndex()
    current: dict[tuple[str, str], dict[str, Any]] = {}
    for is_delete, pod in events:
        key = (pod["metadata"]["namespace"], pod["metadata"]["name"])
        if is_delete:
            incremental.remove(pod)
            current.pop(key, None)
        else:
            incremental.upsert(pod)
            current[key] = pod
    rebuilt = PodReferenceIndex()
    rebuilt.replace(current.values())
    assert len(incremental) == len(rebuilt)
    for node in ("edge-1", "edge-2"):
        assert incremental.pods_on_node(node) == rebuilt.pods_on_node(node)
        for kind in ReferenceKind:
            for namespace in ("ns", "other"):
                for name in ("x", "y"):
                    assert incremental.node_references(node, kind, namespace, name) == rebuilt.node_references(
                        node, kind, namespace, name
                    )
    for namespace, name in current:
        assert incremental.pod_node(namespace, name) == rebuilt.pod_node(namespace, name)
