"""The namespace controller: empty a terminating namespace, then release it.

Deleting a namespace only marks it (``deletionTimestamp``, phase ``Terminating``) while its
``spec.finalizers`` holds ``kubernetes``. This controller then does what kube's
``NamespacedResourcesDeleter`` does: delete every object of every namespaced resource served
(built-ins and custom resources alike, with background propagation), report progress in the
namespace's five ``NamespaceDeletion*``/``Namespace*Remaining`` conditions — the ones
``kubectl describe ns`` shows — and, once nothing is left, remove ``kubernetes`` through the
``finalize`` subresource, after which the registry deletes the namespace.

Pods bound to a node stay until their kubelet confirms they stopped, and objects with finalizers
until their controllers remove them; the namespace waits for both, as in kube. Deletions of
content in a terminating namespace enqueue it again, and a pass that still finds content also
looks again after a few seconds.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import format_time, meta, spec, status
from kubeedge.apiserver.controllers.runtime import ControllerLoop
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry.options import Propagation
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Event

__all__ = ["NamespaceController", "deletion_conditions"]

FINALIZER = "kubernetes"
RECHECK = 5.0  # seconds between passes while content remains
_PARALLEL_DELETES = 64


def _group_resource(info: ResourceInfo) -> str:
    # kube prints "<resource>.<group>", so core resources read "pods."
    return f"{info.plural}.{info.group}"


def deletion_conditions(
    current: list[dict[str, Any]], remaining: Counter[str], finalizers: Counter[str], stamp: str
) -> list[dict[str, Any]]:
    """The five conditions of a terminating namespace, keeping unchanged transition times."""
    wanted = [
        ("NamespaceDeletionDiscoveryFailure", "False", "ResourcesDiscovered", "All resources successfully discovered"),
        (
            "NamespaceDeletionGroupVersionParsingFailure",
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
        ),
        (
            "NamespaceDeletionContentFailure",
            "False",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
        ),
    ]
    if remaining:
        counts = ", ".join(f"{name} has {count} resource instances" for name, count in sorted(remaining.items()))
        wanted.append(
            ("NamespaceContentRemaining", "True", "SomeResourcesRemain", f"Some resources are remaining: {counts}")
        )
    else:
        wanted.append(("NamespaceContentRemaining", "False", "ContentRemoved", "All content successfully removed"))
    if finalizers:
        counts = ", ".join(f"{name} in {count} resource instances" for name, count in sorted(finalizers.items()))
        message = f"Some content in the namespace has finalizers remaining: {counts}"
        wanted.append(("NamespaceFinalizersRemaining", "True", "SomeFinalizersRemain", message))
    else:
        wanted.append(
            (
                "NamespaceFinalizersRemaining",
                "False",
                "ContentHasNoFinalizers",
                "All content-preserving finalizers finished",
            )
        )
    by_type = {c.get("type"): c for c in current}
    result = [c for c in current if c.get("type") not in {w[0] for w in wanted}]
    for kind, state, reason, message in wanted:
        previous = by_type.get(kind)
        since = previous.get("lastTransitionTime") if previous and previous.get("status") == state else stamp
        result.append(
            {"type": kind, "status": state, "lastTransitionTime": since, "reason": reason, "message": message}
        )
    return result


class NamespaceController:
    """Deletes the content of terminating namespaces, then finalizes them."""

    name = "namespace"

    def __init__(self, client: InternalClient, *, workers: int = 2) -> None:
        self.client = client
        self.resource = client.resource("", "namespaces")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)
        self._terminating: set[str] = set()

    def start(self) -> None:
        for ns in self.client.list(self.resource):
            self._on_namespace(EventType.ADDED, ns)
        self.client.observe(self.resource, self._on_namespace)
        self.client.registry.store.add_observer("/", self._on_content)

    async def run(self) -> None:
        await self.loop.run()

    def _on_namespace(self, kind: EventType, ns: dict[str, Any]) -> None:
        name = meta(ns).get("name", "")
        if kind is EventType.DELETED:
            self._terminating.discard(name)
        elif meta(ns).get("deletionTimestamp"):
            self._terminating.add(name)
            self.loop.enqueue(name)

    def _on_content(self, event: Event, _obj: dict[str, Any] | None) -> None:
        if event.type is not EventType.DELETED or not self._terminating:
            return
        parts = event.key.split("/")  # /<group>/<plural>/<namespace>/<name>
        if len(parts) == 5 and parts[3] in self._terminating:
            self.loop.enqueue(parts[3])

    async def reconcile(self, name: str) -> float | None:
        ns = self.client.get(self.resource, "", name)
        if ns is None or not meta(ns).get("deletionTimestamp"):
            self._terminating.discard(name)
            return None
        if FINALIZER not in (spec(ns).get("finalizers") or ()):
            return None  # not ours to finish (or already finished, waiting on other finalizers)
        remaining: Counter[str] = Counter()
        finalizers: Counter[str] = Counter()
        for info in self._namespaced_resources():
            left = await self._delete_all(info, name)
            if left:
                remaining[_group_resource(info)] += len(left)
                for obj in left:
                    finalizers.update(meta(obj).get("finalizers") or ())
        await self._report(ns, remaining, finalizers)
        if remaining:
            return RECHECK
        await self._finalize(name)
        return None

    def _namespaced_resources(self) -> list[ResourceInfo]:
        return [
            info
            for info in self.client.catalog.storage_infos()
            if info.namespaced and "delete" in info.verbs and "list" in info.verbs
        ]

    async def _delete_all(self, info: ResourceInfo, namespace: str) -> list[dict[str, Any]]:
        """Delete what is not being deleted yet; returns what still exists afterwards."""
        doomed = [obj for obj in self.client.list(info, namespace) if not meta(obj).get("deletionTimestamp")]
        for start in range(0, len(doomed), _PARALLEL_DELETES):
            chunk = doomed[start : start + _PARALLEL_DELETES]
            results = await asyncio.gather(
                *(
                    self.client.delete(
                        info, namespace, meta(obj)["name"], uid=meta(obj).get("uid"), propagation=Propagation.BACKGROUND
                    )
                    for obj in chunk
                ),
                return_exceptions=True,
            )
            for result in results:
                if isinstance(result, BaseException):
                    raise result  # NamespaceDeletionContentFailure in kube; retried with backoff
        return self.client.list(info, namespace)

    async def _report(self, ns: dict[str, Any], remaining: Counter[str], finalizers: Counter[str]) -> None:
        current = list(status(ns).get("conditions") or [])
        wanted = deletion_conditions(current, remaining, finalizers, format_time(self.client.now()))
        if wanted == current:
            return
        uid = meta(ns).get("uid")

        def change(obj: dict[str, Any]) -> dict[str, Any]:
            if meta(obj).get("uid") != uid:
                raise StatusError.conflict("namespaces", "", meta(obj).get("name", ""), "replaced")
            obj.setdefault("status", {})["conditions"] = wanted
            return obj

        await self.client.mutate(self.resource, "", meta(ns)["name"], change, subresource="status")

    async def _finalize(self, name: str) -> None:
        def change(obj: dict[str, Any]) -> dict[str, Any]:
            kept = [f for f in spec(obj).get("finalizers") or () if f != FINALIZER]
            if kept:
                obj["spec"]["finalizers"] = kept
            else:
                obj.setdefault("spec", {}).pop("finalizers", None)
            return obj

        try:
            await self.client.mutate(self.resource, "", name, change, subresource="finalize")
        except StatusError as exc:
            if exc.code != 404:
                raise
