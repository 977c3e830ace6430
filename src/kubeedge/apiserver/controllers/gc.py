"""The garbage collector's shell: an ownership graph kept from the store, and per-object passes.

kube's collector keeps a graph of every object's owner references (its "uid → node" map fed by
informers of every resource) and processes items whose ownership may have changed. Here one
store observer on every key keeps the same graph — uid → (storage key, owner uids, deletion
state) and owner uid → dependent uids — and enqueues, by uid:

- an object that appears with owners or whose owners change (are they alive?);
- an object that starts being deleted with a GC finalizer (``orphan``/``foregroundDeletion``);
- the dependents of an object that goes away (collect them, or trim their references);
- the owners of a changed dependent that are deleting in the foreground (maybe unblocked now).

A pass reads the item, its owners, its dependents and theirs (everything
:func:`garbage.plan_owner`/:func:`garbage.plan_dependent` look at) from the store, plans, and
executes: DELETE with a uid precondition and the planned propagation, or a read-modify-write of
``ownerReferences``/``finalizers`` guarded by the uid. Removing the last finalizer of an object
being deleted lets the registry finish the deletion.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.controllers import garbage
from kubeedge.apiserver.controllers._objects import meta
from kubeedge.apiserver.controllers._writes import check_uid, is_gone, resource_for
from kubeedge.apiserver.controllers.runtime import ControllerLoop
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry.options import Propagation
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.controllers._objects import ObjectRef
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.storage.mvcc import Event

__all__ = ["GarbageCollector"]

logger = logging.getLogger(__name__)

_GC_FINALIZERS = (garbage.ORPHAN_FINALIZER, garbage.FOREGROUND_FINALIZER)


@dataclass(frozen=True, slots=True)
class _Vertex:
    key: str  # storage key
    owners: tuple[str, ...]  # owner uids
    deleting: bool
    gc_finalizers: tuple[str, ...]


def _vertex(key: str, obj: dict[str, Any]) -> _Vertex:
    metadata = meta(obj)
    return _Vertex(
        key=key,
        owners=tuple(ref.get("uid", "") for ref in metadata.get("ownerReferences") or ()),
        deleting=bool(metadata.get("deletionTimestamp")),
        gc_finalizers=tuple(f for f in metadata.get("finalizers") or () if f in _GC_FINALIZERS),
    )


class GarbageCollector:
    """Deletes dependents whose owners are gone, and runs foreground and orphan deletion."""

    name = "garbagecollector"

    def __init__(self, client: InternalClient, *, workers: int = 4) -> None:
        self.client = client
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)
        self._graph: dict[str, _Vertex] = {}
        self._dependents: defaultdict[str, set[str]] = defaultdict(set)

    def start(self) -> None:
        store = self.client.registry.store
        for info in self.client.catalog.storage_infos():
            for entry in store.list_prefix(info.storage_prefix()):
                self._on_event_obj(EventType.ADDED, entry.key, orjson.loads(entry.value))
        store.add_observer("/", self._on_event)

    async def run(self) -> None:
        await self.loop.run()

    # --- the graph ------------------------------------------------------------------------------

    def _on_event(self, event: Event, obj: dict[str, Any] | None) -> None:
        self._on_event_obj(event.type, event.key, obj if obj is not None else orjson.loads(event.value))

    def _on_event_obj(self, kind: EventType, key: str, obj: dict[str, Any]) -> None:
        uid = meta(obj).get("uid")
        if not uid:
            return
        old = self._graph.get(uid)
        if kind is EventType.DELETED:
            if old is None:
                return
            self._unlink(uid, old)
            del self._graph[uid]
            self.loop.enqueue_all(self._dependents.get(uid, ()))
            self._enqueue_foreground_owners(old)
            return
        new = _vertex(key, obj)
        if old == new:
            return
        if old is not None:
            self._unlink(uid, old)
        self._graph[uid] = new
        for owner in new.owners:
            self._dependents[owner].add(uid)
        if new.owners and (old is None or old.owners != new.owners):
            self.loop.enqueue(uid)
        if new.deleting and new.gc_finalizers:
            self.loop.enqueue(uid)
        if old is not None:
            self._enqueue_foreground_owners(old)
        self._enqueue_foreground_owners(new)

    def _unlink(self, uid: str, vertex: _Vertex) -> None:
        for owner in vertex.owners:
            dependents = self._dependents.get(owner)
            if dependents is not None:
                dependents.discard(uid)
                if not dependents:
                    del self._dependents[owner]

    def _is_foreground(self, uid: str) -> bool:
        found = self._graph.get(uid)
        return found is not None and found.deleting and garbage.FOREGROUND_FINALIZER in found.gc_finalizers

    def _enqueue_foreground_owners(self, vertex: _Vertex) -> None:
        for owner in vertex.owners:
            if self._is_foreground(owner):
                self.loop.enqueue(owner)

    # --- the pass -------------------------------------------------------------------------------

    def _read(self, uid: str) -> dict[str, Any] | None:
        vertex = self._graph.get(uid)
        if vertex is None:
            return None
        entry = self.client.registry.store.get(vertex.key)
        return None if entry is None else orjson.loads(entry.value)

    def _neighbourhood(self, uid: str) -> list[dict[str, Any]]:
        """The item, its owners, its dependents, and their owners and dependents."""
        wanted = {uid}
        vertex = self._graph.get(uid)
        if vertex is not None:
            wanted.update(vertex.owners)
            if not vertex.deleting and not any(self._is_foreground(owner) for owner in vertex.owners):
                # Only a deletion in progress looks at dependents; a live object needs its owners.
                return [obj for obj in map(self._read, sorted(wanted)) if obj is not None]
        for dependent in tuple(self._dependents.get(uid, ())):
            wanted.add(dependent)
            found = self._graph.get(dependent)
            if found is not None:
                wanted.update(found.owners)
            wanted.update(self._dependents.get(dependent, ()))
        return [obj for obj in map(self._read, sorted(wanted)) if obj is not None]

    async def reconcile(self, uid: str) -> float | None:
        obj = self._read(uid)
        if obj is None:
            return None
        index = garbage.ObjectIndex(self._neighbourhood(uid))
        metadata = meta(obj)
        if metadata.get("deletionTimestamp") and garbage.ORPHAN_FINALIZER in (metadata.get("finalizers") or ()):
            actions = garbage.plan_owner(obj, index)
        else:
            actions = garbage.plan_dependent(obj, index)
        for action in actions:
            await self._execute(action)
        return None

    async def _execute(self, action: Any) -> None:
        if isinstance(action, garbage.DeleteObject):
            target = action.target
            resource = resource_for(self.client, target.api_version, target.kind)
            if resource is not None:
                await self.client.delete(
                    resource,
                    target.namespace,
                    target.name,
                    uid=target.uid,
                    propagation=Propagation(action.propagation.value),
                )
        elif isinstance(action, garbage.RemoveOwnerReferences):
            gone = set(action.owner_uids)
            await self._change(action.target, lambda refs: [r for r in refs if r.get("uid") not in gone], None)
        elif isinstance(action, garbage.UnblockOwnerReferences):
            await self._change(
                action.target,
                lambda refs: [{**r, "blockOwnerDeletion": False} if r.get("blockOwnerDeletion") else r for r in refs],
                None,
            )
        elif isinstance(action, garbage.RemoveFinalizer):
            await self._change(action.target, None, action.finalizer)

    async def _change(
        self,
        target: ObjectRef,
        references: Callable[[list[dict[str, Any]]], list[dict[str, Any]]] | None,
        finalizer: str | None,
    ) -> None:
        resource = resource_for(self.client, target.api_version, target.kind)
        if resource is None:
            return

        def change(obj: dict[str, Any]) -> dict[str, Any]:
            check_uid(resource, obj, target.uid)
            metadata = obj["metadata"]
            if references is not None:
                refs = references(list(metadata.get("ownerReferences") or []))
                if refs:
                    metadata["ownerReferences"] = refs
                else:
                    metadata.pop("ownerReferences", None)
            if finalizer is not None:
                remaining = [f for f in metadata.get("finalizers") or [] if f != finalizer]
                if remaining:
                    metadata["finalizers"] = remaining
                else:
                    metadata.pop("finalizers", None)
            return obj

        try:
            await self.client.mutate(resource, target.namespace, target.name, change)
        except StatusError as exc:
            if not is_gone(exc):
                raise
