"""Garbage collection by ``ownerReferences``, as pure functions (``pkg/controller/garbagecollector``).

Two halves, as in kube:

- **at DELETE time** (the registry): ``deletion_finalizers(obj, propagation, ...)`` says which
  GC finalizers the object must carry — ``orphan`` for ``Orphan`` (or ``orphanDependents:
  true``), ``foregroundDeletion`` for ``Foreground``, none for ``Background`` — so that the store
  only sets ``deletionTimestamp`` while the collector works;
- **afterwards** (the collector), level-triggered over an index of live objects:
  ``plan_owner`` handles an owner being deleted — ``orphan``: strip its reference from every
  dependent, then drop the finalizer; ``foregroundDeletion``: delete the dependents, and drop
  the finalizer once no dependent with ``blockOwnerDeletion: true`` remains — and
  ``plan_dependent`` is ``attemptToDeleteItem`` for an object with owners: every owner gone (no
  live object with that *uid*, in the dependent's namespace or cluster-scoped, of that name)
  means delete it (Background, or the policy its own finalizers ask for); an owner being
  deleted in the foreground means delete it too (Foreground when it has dependents of its own,
  unblocking its references first if one of those is also deleting in the foreground, to break
  cycles); with at least one live owner, only the references to missing or foreground-deleting
  owners are removed.

``plan_collection(objects)`` runs both over everything and is what a periodic or
event-driven shell calls. The index needs ``apiVersion`` and ``kind`` on every object (list
items do not carry them; the shell adds them).
"""

from __future__ import annotations

import enum
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import KubeObject, ObjectRef, meta

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "FOREGROUND_FINALIZER",
    "ORPHAN_FINALIZER",
    "DeleteObject",
    "GCPolicy",
    "ObjectIndex",
    "Propagation",
    "RemoveFinalizer",
    "RemoveOwnerReferences",
    "UnblockOwnerReferences",
    "deletion_finalizers",
    "plan_collection",
    "plan_dependent",
    "plan_owner",
]

ORPHAN_FINALIZER = "orphan"
FOREGROUND_FINALIZER = "foregroundDeletion"


class Propagation(enum.StrEnum):
    """``metav1.DeletionPropagation``."""

    BACKGROUND = "Background"
    FOREGROUND = "Foreground"
    ORPHAN = "Orphan"


class GCPolicy(enum.StrEnum):
    """``rest.GarbageCollectionPolicy``: a resource's default when DELETE names no policy."""

    DELETE_DEPENDENTS = "DeleteDependents"  # most resources, apps/v1 workloads included
    ORPHAN_DEPENDENTS = "OrphanDependents"  # ReplicationControllers, old extensions/apps betas
    UNSUPPORTED = "Unsupported"  # resources the collector never finalizes


def deletion_finalizers(
    obj: Mapping[str, Any],
    propagation: str | None,
    *,
    orphan_dependents: bool | None = None,
    default: GCPolicy = GCPolicy.DELETE_DEPENDENTS,
) -> list[str]:
    """``deletionFinalizersForGarbageCollection``: the object's finalizers for this DELETE.

    An explicit ``orphanDependents`` wins over ``propagationPolicy``, which wins over a GC
    finalizer already on the object, which wins over the resource's default.

    Args:
        obj: the object being deleted.
        propagation: ``DeleteOptions.propagationPolicy`` (None when absent).
        orphan_dependents: the deprecated ``DeleteOptions.orphanDependents``.
        default: the resource's default policy.

    Returns:
        The finalizers to store (others kept in order, GC ones appended).
    """
    current = list(meta(obj).get("finalizers") or ())
    if default is GCPolicy.UNSUPPORTED:
        return current
    orphan = foreground = False
    if orphan_dependents is not None:
        orphan = orphan_dependents
    elif propagation is not None:
        orphan = propagation == Propagation.ORPHAN
        foreground = propagation == Propagation.FOREGROUND
    elif ORPHAN_FINALIZER in current or FOREGROUND_FINALIZER in current:
        # kube checks them in order; validation forbids having both.
        first = next(f for f in current if f in (ORPHAN_FINALIZER, FOREGROUND_FINALIZER))
        orphan, foreground = first == ORPHAN_FINALIZER, first == FOREGROUND_FINALIZER
    else:
        orphan = default is GCPolicy.ORPHAN_DEPENDENTS
    kept = [f for f in current if f not in (ORPHAN_FINALIZER, FOREGROUND_FINALIZER)]
    wanted = kept + [ORPHAN_FINALIZER] * orphan + [FOREGROUND_FINALIZER] * foreground
    return current if set(wanted) == set(current) else wanted


# --- actions ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteObject:
    """DELETE ``target`` with ``propagationPolicy`` and a uid precondition."""

    target: ObjectRef
    propagation: Propagation


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveOwnerReferences:
    """Drop the references to ``owner_uids``; ``remaining`` is what stays."""

    target: ObjectRef
    owner_uids: tuple[str, ...]
    remaining: tuple[KubeObject, ...]
    resource_version: str = ""

    def merge_patch(self) -> KubeObject:
        """A JSON merge patch guarded by uid and resourceVersion (kube's fallback form)."""
        return _guarded(self.target, self.resource_version, ownerReferences=list(self.remaining))


@dataclass(frozen=True, slots=True, kw_only=True)
class UnblockOwnerReferences:
    """Set ``blockOwnerDeletion: false`` on every reference (breaks foreground cycles)."""

    target: ObjectRef
    references: tuple[KubeObject, ...]
    resource_version: str = ""

    def merge_patch(self) -> KubeObject:
        return _guarded(self.target, self.resource_version, ownerReferences=list(self.references))


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveFinalizer:
    """Drop one GC finalizer; ``remaining`` is the resulting list."""

    target: ObjectRef
    finalizer: str
    remaining: tuple[str, ...]
    resource_version: str = ""

    def merge_patch(self) -> KubeObject:
        return _guarded(self.target, self.resource_version, finalizers=list(self.remaining))


def _guarded(target: ObjectRef, resource_version: str, **fields: Any) -> KubeObject:
    metadata: KubeObject = {**fields, "uid": target.uid}
    if resource_version:
        metadata["resourceVersion"] = resource_version
    return {"metadata": metadata}


# --- the graph --------------------------------------------------------------------------------


class ObjectIndex:
    """Live objects by uid, and the dependents of each owner uid."""

    def __init__(self, objects: Iterable[Mapping[str, Any]]) -> None:
        self.by_uid: dict[str, Mapping[str, Any]] = {}
        self.dependents: defaultdict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for obj in objects:
            uid = meta(obj).get("uid")
            if uid:
                self.by_uid[uid] = obj
            for ref in meta(obj).get("ownerReferences") or ():
                self.dependents[ref.get("uid", "")].append(obj)

    def dependents_of(self, owner: Mapping[str, Any]) -> list[Mapping[str, Any]]:
        return self.dependents.get(meta(owner).get("uid", ""), [])

    def owner(self, dependent: Mapping[str, Any], ref: Mapping[str, Any]) -> Mapping[str, Any] | None:
        """The live owner a reference points at, or None when it is dangling."""
        owner = self.by_uid.get(ref.get("uid", ""))
        if owner is None or meta(owner).get("name") != ref.get("name") or owner.get("kind") != ref.get("kind"):
            return None
        owner_namespace = meta(owner).get("namespace") or ""
        if owner_namespace and owner_namespace != (meta(dependent).get("namespace") or ""):
            return None  # owners are looked up in the dependent's namespace
        return owner


def _ref(obj: Mapping[str, Any]) -> ObjectRef:
    return ObjectRef.of(obj)


def _finalizers(obj: Mapping[str, Any]) -> list[str]:
    return list(meta(obj).get("finalizers") or ())


def _deleting(obj: Mapping[str, Any]) -> bool:
    return bool(meta(obj).get("deletionTimestamp"))


def _deleting_dependents(obj: Mapping[str, Any]) -> bool:
    return _deleting(obj) and FOREGROUND_FINALIZER in _finalizers(obj)


def _remove_finalizer(obj: Mapping[str, Any], finalizer: str) -> RemoveFinalizer:
    remaining = tuple(f for f in _finalizers(obj) if f != finalizer)
    rv = meta(obj).get("resourceVersion", "")
    return RemoveFinalizer(target=_ref(obj), finalizer=finalizer, remaining=remaining, resource_version=rv)


def _remove_references(obj: Mapping[str, Any], owner_uids: Iterable[str]) -> RemoveOwnerReferences:
    uids = tuple(dict.fromkeys(owner_uids))
    remaining = tuple(dict(r) for r in meta(obj).get("ownerReferences") or () if r.get("uid") not in uids)
    return RemoveOwnerReferences(
        target=_ref(obj),
        owner_uids=uids,
        remaining=remaining,
        resource_version=meta(obj).get("resourceVersion", ""),
    )


def plan_owner(owner: Mapping[str, Any], index: ObjectIndex) -> list[Any]:
    """The collector's work on an owner being deleted with a GC finalizer.

    ``orphan``: remove its reference from every dependent, then the finalizer.
    ``foregroundDeletion``: once no dependent blocks (``blockOwnerDeletion: true``), remove the
    finalizer; until then, delete the dependents (``plan_dependent``).
    """
    if not _deleting(owner):
        return []
    uid = meta(owner).get("uid", "")
    finalizers = _finalizers(owner)
    if ORPHAN_FINALIZER in finalizers:
        actions: list[Any] = [_remove_references(dep, [uid]) for dep in index.dependents_of(owner)]
        return [*actions, _remove_finalizer(owner, ORPHAN_FINALIZER)]
    if FOREGROUND_FINALIZER not in finalizers:
        return []
    blocking = [
        dep
        for dep in index.dependents_of(owner)
        if any(r.get("uid") == uid and r.get("blockOwnerDeletion") for r in meta(dep).get("ownerReferences") or ())
    ]
    if not blocking:
        return [_remove_finalizer(owner, FOREGROUND_FINALIZER)]
    return [
        action
        for dep in index.dependents_of(owner)
        if not _deleting_dependents(dep)
        for action in plan_dependent(dep, index)
    ]


def plan_dependent(obj: Mapping[str, Any], index: ObjectIndex) -> list[Any]:
    """``attemptToDeleteItem`` for one object: collect it, trim its references, or leave it."""
    if _deleting_dependents(obj):
        return plan_owner(obj, index)
    if _deleting(obj):
        return []  # on its one-way trip already
    references = list(meta(obj).get("ownerReferences") or ())
    if not references:
        return []
    solid, dangling, waiting = [], [], []
    for ref in references:
        owner = index.owner(obj, ref)
        if owner is None:
            dangling.append(ref)
        elif _deleting_dependents(owner):
            waiting.append(ref)
        else:
            solid.append(ref)
    if solid:
        if not dangling and not waiting:
            return []
        # A foreground owner would wait forever for a dependent that another owner keeps.
        return [_remove_references(obj, [r.get("uid", "") for r in [*dangling, *waiting]])]
    dependents = index.dependents_of(obj)
    if waiting and dependents:
        actions: list[Any] = []
        if any(_deleting_dependents(dep) for dep in dependents):
            unblocked = tuple(
                {**r, "blockOwnerDeletion": False} if r.get("blockOwnerDeletion") else dict(r) for r in references
            )
            rv = meta(obj).get("resourceVersion", "")
            actions.append(UnblockOwnerReferences(target=_ref(obj), references=unblocked, resource_version=rv))
        return [*actions, DeleteObject(target=_ref(obj), propagation=Propagation.FOREGROUND)]
    finalizers = _finalizers(obj)
    if ORPHAN_FINALIZER in finalizers:
        propagation = Propagation.ORPHAN
    elif FOREGROUND_FINALIZER in finalizers:
        propagation = Propagation.FOREGROUND
    else:
        propagation = Propagation.BACKGROUND
    return [DeleteObject(target=_ref(obj), propagation=propagation)]


def plan_collection(objects: Iterable[Mapping[str, Any]]) -> list[Any]:
    """One level-triggered pass of the collector over every live object (duplicates removed)."""
    objects = list(objects)
    index = ObjectIndex(objects)
    actions: list[Any] = []
    for obj in objects:
        orphaning = _deleting(obj) and ORPHAN_FINALIZER in _finalizers(obj)
        planned = plan_owner(obj, index) if orphaning else plan_dependent(obj, index)
        for action in planned:
            if action not in actions:
                actions.append(action)
    return actions
