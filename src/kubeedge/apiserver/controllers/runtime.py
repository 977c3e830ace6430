"""The imperative shell of the built-in controllers: an in-process client and a reconcile loop.

Controllers run in the apiserver's process and event loop, so they need no informers: the store
*is* the cache (committed state in memory), and store observers tell them synchronously what
changed, which they turn into keys in a de-duplicating work queue. Writes go through the same
registry as HTTP requests — validation, admission, managedFields, optimistic concurrency — under
the controller's own field manager. Decisions are made by the pure planning modules next to this
one; reconcilers only read, call a planner, and carry out its actions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge._aio.workqueue import WorkQueue
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry import meta as m
from kubeedge.apiserver.registry.options import DeleteOptions, Propagation, WriteOptions

if TYPE_CHECKING:
    from datetime import datetime

    from kubeedge.apiserver.registry.catalog import Catalog
    from kubeedge.apiserver.registry.objects import ObjectRegistry
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Event, EventType

__all__ = ["ControllerLoop", "InternalClient", "Reconcile", "object_key_of", "split_key"]

logger = logging.getLogger(__name__)

Reconcile = Callable[[str], Awaitable[float | None]]


def split_key(key: str) -> tuple[str, str]:
    """``ns/name`` → (ns, name); ``name`` → ("", name)."""
    namespace, _, name = key.rpartition("/")
    return namespace, name


def object_key_of(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    namespace = meta.get("namespace") or ""
    return f"{namespace}/{meta.get('name', '')}" if namespace else str(meta.get("name", ""))


@dataclass(frozen=True, slots=True)
class InternalClient:
    """Registry access for one controller, acting as ``manager`` (a system:masters identity)."""

    registry: ObjectRegistry
    catalog: Catalog
    manager: str

    @property
    def options(self) -> WriteOptions:
        return WriteOptions(user=f"system:{self.manager}", groups=("system:masters",), field_manager=self.manager)

    def resource(self, group: str, plural: str) -> ResourceInfo:
        for info in self.catalog.all():
            if info.group == group and info.plural == plural:
                return info
        raise LookupError(f"resource {plural}.{group} is not served")

    def now(self) -> datetime:
        return self.registry.current_time()

    # --- reads (committed state, in memory) -------------------------------------------------

    def get(self, resource: ResourceInfo, namespace: str, name: str) -> dict[str, Any] | None:
        entry = self.registry.store.get(m.object_key(resource, namespace, name))
        return None if entry is None else orjson.loads(entry.value)

    def list(self, resource: ResourceInfo, namespace: str = "") -> list[dict[str, Any]]:
        prefix = resource.storage_prefix()
        key_prefix = f"{prefix}{namespace}/" if namespace and resource.namespaced else prefix
        return [orjson.loads(e.value) for e in self.registry.store.list_prefix(prefix, key_prefix)]

    def count(self, resource: ResourceInfo) -> int:
        return self.registry.store.count(resource.storage_prefix())

    def observe(self, resource: ResourceInfo, callback: Callable[[EventType, dict[str, Any]], None]) -> None:
        """Call ``callback(type, obj)`` for every committed change of ``resource``."""

        def observer(event: Event, obj: dict[str, Any] | None) -> None:
            callback(event.type, obj if obj is not None else orjson.loads(event.value))

        self.registry.store.add_observer(resource.storage_prefix(), observer)

    # --- writes -----------------------------------------------------------------------------

    async def create(self, resource: ResourceInfo, namespace: str, obj: dict[str, Any]) -> dict[str, Any]:
        return (await self.registry.create(resource, namespace, obj, self.options)).obj

    async def mutate(
        self,
        resource: ResourceInfo,
        namespace: str,
        name: str,
        change: Callable[[dict[str, Any]], dict[str, Any]],
        *,
        subresource: str = "",
    ) -> dict[str, Any]:
        outcome = await self.registry.read_modify_write(
            resource, namespace, name, change, self.options, subresource=subresource
        )
        return outcome.obj

    async def update(self, resource: ResourceInfo, obj: dict[str, Any], *, subresource: str = "") -> dict[str, Any]:
        meta = obj["metadata"]
        outcome = await self.registry.update(
            resource, meta.get("namespace", ""), meta["name"], obj, self.options, subresource=subresource
        )
        return outcome.obj

    async def delete(
        self,
        resource: ResourceInfo,
        namespace: str,
        name: str,
        *,
        uid: str | None = None,
        propagation: Propagation | None = None,
        grace_period: int | None = None,
    ) -> bool:
        """Delete; False if it was already gone (or replaced by an object with another uid)."""
        try:
            await self.registry.delete(
                resource,
                namespace,
                name,
                DeleteOptions(propagation=propagation, precondition_uid=uid, grace_period=grace_period),
            )
        except StatusError as exc:
            if exc.code in (404, 409):
                return False
            raise
        return True


class ControllerLoop:
    """Workers taking keys from a queue and reconciling them, with backoff on failure."""

    def __init__(self, name: str, reconcile: Reconcile, *, workers: int = 1) -> None:
        self.name = name
        self.queue: WorkQueue[str] = WorkQueue()
        self._reconcile = reconcile
        self._workers = workers

    def enqueue(self, key: str) -> None:
        self.queue.add(key)

    def enqueue_all(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.queue.add(key)

    async def run(self) -> None:
        try:
            async with asyncio.TaskGroup() as tasks:
                for index in range(self._workers):
                    tasks.create_task(self._work(), name=f"{self.name}-{index}")
        finally:
            self.queue.close()

    async def _work(self) -> None:
        while True:
            key = await self.queue.get()
            try:
                after = await self._reconcile(key)
            except StatusError as exc:
                delay = self.queue.retry(key)
                level = logging.DEBUG if exc.code == 409 else logging.WARNING
                logger.log(level, "%s: reconciling %s failed (%s); retrying in %.2fs", self.name, key, exc, delay)
            except Exception:
                delay = self.queue.retry(key)
                logger.exception("%s: reconciling %s failed; retrying in %.2fs", self.name, key, delay)
            else:
                self.queue.forget(key)
                if after is not None:
                    self.queue.add_after(key, after)
            finally:
                self.queue.done(key)
