"""The CRD controllers' shell: status (names, Established, stored versions) and cleanup.

Keys are CRD names. A live CRD gets the status :func:`crd_status.crd_status` computes, written
through ``/status``, and carries the ``customresourcecleanup.apiextensions.k8s.io`` finalizer from
its creation on. (kube's CRD storage adds that finalizer when the CRD is *deleted*; our registry
has no such hook, so it is added up front — the deletion behaves the same.) Any change to a CRD
enqueues the other CRDs of its group, whose name conflicts may be resolved by it.

A CRD being deleted gets ``Terminating=True``/``InstanceDeletionInProgress``; every custom
resource it serves is deleted; once none is left (custom resources with finalizers wait for their
controllers) the condition becomes ``InstanceDeletionCompleted`` and the finalizer is removed, so
the registry can drop the CRD and the catalog stops serving it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import crd_status
from kubeedge.apiserver.controllers._objects import format_time, meta, spec, status
from kubeedge.apiserver.controllers._writes import check_uid
from kubeedge.apiserver.controllers.runtime import ControllerLoop
from kubeedge.apiserver.registry.crds import CRD_FINALIZER
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["CRDController"]

RECHECK = 2.0  # seconds between checks while custom resources remain


class CRDController:
    """Maintains CRD status and deletes a CRD's custom resources before the CRD goes."""

    name = "crd"

    def __init__(self, client: InternalClient) -> None:
        self.client = client
        self.resource = client.resource("apiextensions.k8s.io", "customresourcedefinitions")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=1)
        self._groups: dict[str, str] = {}  # CRD name → group

    def start(self) -> None:
        for crd in self.client.list(self.resource):
            self._groups[meta(crd)["name"]] = spec(crd).get("group", "")
        self.client.observe(self.resource, self._on_crd)
        self.loop.enqueue_all(list(self._groups))

    async def run(self) -> None:
        await self.loop.run()

    def _on_crd(self, kind: EventType, crd: dict[str, Any]) -> None:
        name = meta(crd).get("name", "")
        group = spec(crd).get("group", "")
        if kind is EventType.DELETED:
            self._groups.pop(name, None)
        else:
            self._groups[name] = group
            self.loop.enqueue(name)
        # Names this CRD held or requested may free or block the others of its group.
        self.loop.enqueue_all(other for other, g in self._groups.items() if g == group and other != name)

    async def reconcile(self, name: str) -> float | None:
        crd = self.client.get(self.resource, "", name)
        if crd is None:
            return None
        if meta(crd).get("deletionTimestamp"):
            return await self._clean_up(crd)
        if CRD_FINALIZER not in (meta(crd).get("finalizers") or ()):
            await self._change(crd, lambda obj: _with_finalizer(obj, add=True))
        group = spec(crd).get("group", "")
        others = [c for c in self.client.list(self.resource) if spec(c).get("group") == group]
        wanted = crd_status.crd_status(crd, others, stamp=format_time(self.client.now()))
        if wanted != status(crd):
            await self._change(crd, lambda obj: {**obj, "status": wanted}, subresource="status")
        return None

    async def _clean_up(self, crd: dict[str, Any]) -> float | None:
        if CRD_FINALIZER not in (meta(crd).get("finalizers") or ()):
            return None
        stamp = format_time(self.client.now())
        await self._terminating(
            crd, "True", "InstanceDeletionInProgress", "CustomResource deletion is in progress", stamp
        )
        served = self.client.catalog.custom_for(meta(crd)["name"])
        if served:
            info = served[0]  # every version shares one storage prefix
            for obj in self.client.list(info):
                if not meta(obj).get("deletionTimestamp"):
                    await self.client.delete(
                        info, meta(obj).get("namespace", ""), meta(obj)["name"], uid=meta(obj).get("uid")
                    )
            if self.client.count(info):
                return RECHECK  # custom resources with finalizers: their controllers decide
        current = self.client.get(self.resource, "", meta(crd)["name"])
        if current is None:
            return None
        await self._terminating(current, "False", "InstanceDeletionCompleted", "removed all instances", stamp)
        current = self.client.get(self.resource, "", meta(crd)["name"])
        if current is not None:
            await self._change(current, lambda obj: _with_finalizer(obj, add=False))
        return None

    async def _terminating(self, crd: dict[str, Any], state: str, reason: str, message: str, stamp: str) -> None:
        condition = {
            "type": "Terminating",
            "status": state,
            "reason": reason,
            "message": message,
            "lastTransitionTime": stamp,
        }
        conditions = crd_status.set_condition(list(status(crd).get("conditions") or []), condition)
        if conditions != list(status(crd).get("conditions") or []):
            await self._change(
                crd, lambda obj: {**obj, "status": {**status(obj), "conditions": conditions}}, subresource="status"
            )

    async def _change(
        self, crd: dict[str, Any], change: Callable[[dict[str, Any]], dict[str, Any]], *, subresource: str = ""
    ) -> None:
        uid = meta(crd)["uid"]

        def guarded(obj: dict[str, Any]) -> dict[str, Any]:
            check_uid(self.resource, obj, uid)
            return change(obj)

        await self.client.mutate(self.resource, "", meta(crd)["name"], guarded, subresource=subresource)


def _with_finalizer(crd: dict[str, Any], *, add: bool) -> dict[str, Any]:
    finalizers = [f for f in crd["metadata"].get("finalizers") or [] if f != CRD_FINALIZER]
    if add:
        finalizers.append(CRD_FINALIZER)
    if finalizers:
        crd["metadata"]["finalizers"] = finalizers
    else:
        crd["metadata"].pop("finalizers", None)
    return crd
