"""Garbage collector core: finalizers at DELETE, orphaning, foreground and background collection."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.controllers import garbage
from kubeedge.apiserver.controllers.garbage import GCPolicy, Propagation


def obj(
    kind: str,
    name: str,
    *,
    owners: list[dict[str, Any]] | None = None,
    finalizers: list[str] | None = None,
    deleting: bool = False,
    namespace: str = "default",
) -> dict[str, Any]:
    metadata: dict[str, Any] = {"name": name, "uid": f"{kind}-{name}", "resourceVersion": "1"}
    if namespace:
        metadata["namespace"] = namespace
    if owners:
        metadata["ownerReferences"] = owners
    if finalizers:
        metadata["finalizers"] = finalizers
    if deleting:
        metadata["deletionTimestamp"] = "2024-05-01T12:00:00Z"
    api = {"Pod": "v1", "Namespace": "v1", "Node": "v1"}.get(kind, "apps/v1")
    return {"apiVersion": api, "kind": kind, "metadata": metadata}


def ref(owner: dict[str, Any], *, block: bool = True, controller: bool = True) -> dict[str, Any]:
    return {
        "apiVersion": owner["apiVersion"],
        "kind": owner["kind"],
        "name": owner["metadata"]["name"],
        "uid": owner["metadata"]["uid"],
        "controller": controller,
        "blockOwnerDeletion": block,
    }


class Store:
    """Objects by uid, with DELETE honouring GC finalizers as the registry must."""

    def __init__(self, *objects: dict[str, Any]) -> None:
        self.objects = {o["metadata"]["uid"]: copy.deepcopy(o) for o in objects}

    def delete(self, uid: str, propagation: str | None) -> None:
        target = self.objects[uid]
        finalizers = garbage.deletion_finalizers(target, propagation)
        if finalizers:
            target["metadata"]["finalizers"] = finalizers
            target["metadata"]["deletionTimestamp"] = "2024-05-01T12:00:00Z"
        else:
            del self.objects[uid]

    def apply(self, actions: list[Any]) -> None:
        for a in actions:
            target = self.objects.get(a.target.uid)
            if target is None:
                continue
            if isinstance(a, garbage.DeleteObject):
                if not target["metadata"].get("deletionTimestamp"):
                    self.delete(a.target.uid, a.propagation)
            elif isinstance(a, garbage.RemoveOwnerReferences):
                target["metadata"]["ownerReferences"] = list(a.remaining)
            elif isinstance(a, garbage.UnblockOwnerReferences):
                target["metadata"]["ownerReferences"] = list(a.references)
            elif isinstance(a, garbage.RemoveFinalizer):
                target["metadata"]["finalizers"] = list(a.remaining)
                if not a.remaining and target["metadata"].get("deletionTimestamp"):
                    del self.objects[a.target.uid]
            else:  # pragma: no cover
                raise AssertionError(a)

    def collect(self) -> list[list[Any]]:
        rounds: list[list[Any]] = []
        for _ in range(20):
            actions = garbage.plan_collection(self.objects.values())
            if not actions:
                return rounds
            rounds.append(actions)
            self.apply(actions)
        raise AssertionError("collector did not settle")

    def names(self) -> set[str]:
        return {o["metadata"]["name"] for o in self.objects.values()}


def workload() -> Store:
    deploy = obj("Deployment", "web")
    rs = obj("ReplicaSet", "web-1", owners=[ref(deploy)])
    pods = [obj("Pod", f"web-1-{i}", owners=[ref(rs)]) for i in range(2)]
    return Store(deploy, rs, *pods)


@pytest.mark.parametrize(
    ("finalizers", "propagation", "orphan_dependents", "default", "expected"),
    [
        ([], None, None, GCPolicy.DELETE_DEPENDENTS, []),
        ([], "Background", None, GCPolicy.DELETE_DEPENDENTS, []),
        ([], "Foreground", None, GCPolicy.DELETE_DEPENDENTS, ["foregroundDeletion"]),
        ([], "Orphan", None, GCPolicy.DELETE_DEPENDENTS, ["orphan"]),
        ([], None, True, GCPolicy.DELETE_DEPENDENTS, ["orphan"]),
        ([], "Foreground", False, GCPolicy.DELETE_DEPENDENTS, []),  # orphanDependents wins
        ([], None, None, GCPolicy.ORPHAN_DEPENDENTS, ["orphan"]),
        (["orphan"], "Background", None, GCPolicy.DELETE_DEPENDENTS, []),
        (["example.com/x", "orphan"], None, None, GCPolicy.DELETE_DEPENDENTS, ["example.com/x", "orphan"]),
        (
            ["example.com/x"],
            "Foreground",
            None,
            GCPolicy.DELETE_DEPENDENTS,
            ["example.com/x", "foregroundDeletion"],
        ),
        (["foregroundDeletion"], "Orphan", None, GCPolicy.DELETE_DEPENDENTS, ["orphan"]),
        ([], "Foreground", None, GCPolicy.UNSUPPORTED, []),
    ],
)
def test_deletion_finalizers(
    finalizers: list[str],
    propagation: str | None,
    orphan_dependents: bool | None,
    default: GCPolicy,
    expected: list[str],
) -> None:
    target = obj("Deployment", "d", finalizers=finalizers)
    assert (
        garbage.deletion_finalizers(target, propagation, orphan_dependents=orphan_dependents, default=default)
        == expected
    )


def test_background_deletion_collects_the_whole_chain() -> None:
    store = workload()
    store.delete("Deployment-web", "Background")
    rounds = store.collect()
    assert store.names() == set()
    assert [[(a.target.kind, a.propagation) for a in r] for r in rounds] == [
        [("ReplicaSet", Propagation.BACKGROUND)],
        [("Pod", Propagation.BACKGROUND), ("Pod", Propagation.BACKGROUND)],
    ]


def test_foreground_deletion_removes_dependents_before_the_owner() -> None:
    store = workload()
    store.delete("Deployment-web", "Foreground")
    assert store.objects["Deployment-web"]["metadata"]["finalizers"] == ["foregroundDeletion"]
    first = garbage.plan_collection(store.objects.values())
    # The ReplicaSet has dependents of its own, so it goes in the foreground too.
    assert [(a.target.name, a.propagation) for a in first] == [("web-1", Propagation.FOREGROUND)]
    store.apply(first)
    for _ in range(10):
        actions = garbage.plan_collection(store.objects.values())
        if not actions:
            break
        store.apply(actions)
        names = store.names()
        # Owners outlive their blocking dependents.
        if any(n.startswith("web-1-") for n in names):
            assert {"web", "web-1"} <= names
        if "web-1" in names:
            assert "web" in names
    assert store.names() == set()


def test_orphan_deletion_strips_references_then_its_finalizer() -> None:
    store = workload()
    store.delete("ReplicaSet-web-1", "Orphan")
    actions = garbage.plan_collection(store.objects.values())
    assert [type(a).__name__ for a in actions] == [
        "RemoveOwnerReferences",
        "RemoveOwnerReferences",
        "RemoveFinalizer",
    ]
    first = actions[0]
    assert first.merge_patch() == {"metadata": {"ownerReferences": [], "uid": first.target.uid, "resourceVersion": "1"}}
    store.collect()
    assert store.names() == {"web", "web-1-0", "web-1-1"}
    assert all(
        "ownerReferences" not in o["metadata"] or not o["metadata"]["ownerReferences"]
        for o in store.objects.values()
        if o["kind"] == "Pod"
    )


def test_owner_must_match_uid_name_kind_and_namespace() -> None:
    owner = obj("ReplicaSet", "rs")
    stale = {**ref(owner), "uid": "ReplicaSet-rs-old"}
    renamed = {**ref(owner), "name": "other"}
    other_ns = obj("ReplicaSet", "rs2", namespace="elsewhere")
    index = garbage.ObjectIndex([owner, other_ns])
    dependent = obj("Pod", "p")
    assert index.owner(dependent, ref(owner)) is owner
    assert index.owner(dependent, stale) is None
    assert index.owner(dependent, renamed) is None
    assert index.owner(dependent, ref(other_ns)) is None
    cluster_owner = obj("Node", "n1", namespace="")
    assert garbage.ObjectIndex([cluster_owner]).owner(dependent, ref(cluster_owner)) is cluster_owner


def test_dangling_reference_with_a_live_owner_is_trimmed_not_collected() -> None:
    alive = obj("ReplicaSet", "alive")
    pod = obj(
        "Pod",
        "p",
        owners=[ref(alive, controller=False), {**ref(obj("ReplicaSet", "gone")), "controller": False}],
    )
    actions = garbage.plan_collection([alive, pod])
    assert len(actions) == 1
    assert isinstance(actions[0], garbage.RemoveOwnerReferences)
    assert actions[0].owner_uids == ("ReplicaSet-gone",)
    assert [r["uid"] for r in actions[0].remaining] == ["ReplicaSet-alive"]


def test_orphaned_objects_keep_their_own_finalizer_policy() -> None:
    pod = obj("Pod", "p", owners=[ref(obj("ReplicaSet", "gone"))], finalizers=["orphan"])
    actions = garbage.plan_collection([pod])
    assert [(a.target.name, a.propagation) for a in actions] == [("p", Propagation.ORPHAN)]


def test_foreground_owner_without_blocking_dependents_is_released_at_once() -> None:
    owner = obj("Deployment", "d", finalizers=["foregroundDeletion"], deleting=True)
    loose = obj("ReplicaSet", "rs", owners=[ref(owner, block=False)])
    actions = garbage.plan_owner(owner, garbage.ObjectIndex([owner, loose]))
    assert [type(a).__name__ for a in actions] == ["RemoveFinalizer"]
    # The loose dependent is still collected on its own.
    assert [type(a).__name__ for a in garbage.plan_dependent(loose, garbage.ObjectIndex([owner, loose]))] == [
        "DeleteObject"
    ]


def test_a_second_owner_keeps_the_dependent_but_the_foreground_reference_goes() -> None:
    going = obj("Deployment", "going", finalizers=["foregroundDeletion"], deleting=True)
    staying = obj("Deployment", "staying")
    shared = obj("ReplicaSet", "shared", owners=[ref(going), ref(staying, controller=False)])
    actions = garbage.plan_collection([going, staying, shared])
    assert len(actions) == 1
    assert isinstance(actions[0], garbage.RemoveOwnerReferences)
    assert actions[0].owner_uids == ("Deployment-going",)


def test_foreground_cycle_is_broken_by_unblocking() -> None:
    top = obj("Deployment", "top", finalizers=["foregroundDeletion"], deleting=True)
    middle = obj("ReplicaSet", "middle", owners=[ref(top)])
    bottom = obj("Pod", "bottom", owners=[ref(middle)], finalizers=["foregroundDeletion"], deleting=True)
    actions = garbage.plan_dependent(middle, garbage.ObjectIndex([top, middle, bottom]))
    assert [type(a).__name__ for a in actions] == ["UnblockOwnerReferences", "DeleteObject"]
    assert actions[0].references[0]["blockOwnerDeletion"] is False
    assert actions[1].propagation is Propagation.FOREGROUND


def test_objects_being_deleted_without_gc_finalizers_are_left_alone() -> None:
    pod = obj("Pod", "p", owners=[ref(obj("ReplicaSet", "gone"))], deleting=True, finalizers=["example.com/x"])
    assert garbage.plan_collection([pod]) == []
    assert garbage.plan_owner(obj("ReplicaSet", "live"), garbage.ObjectIndex([])) == []
