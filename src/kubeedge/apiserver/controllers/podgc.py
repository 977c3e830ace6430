"""The pod garbage collector (kube's PodGC): pods whose node is gone are force-deleted.

A pod bound to a node that does not exist will never be stopped or reported on by a kubelet.
Every 20 s (and when a node is deleted) the pods of missing nodes are found through the pod
index; a node must stay missing for the quarantine (40 s, as kube's, so a node that is
re-registering is not mistaken for a deleted one) before its pods are marked ``Failed`` with a
``DisruptionTarget`` condition (``DeletionByPodGC``, "PodGC: node no longer exists") and deleted
with a grace period of 0 — terminating or not. Pods being deleted that were never scheduled are
force-deleted too.

Pods on nodes that exist are never touched here, whatever the node's readiness: an edge node cut
off from the cloud keeps its pods (edge autonomy), and its kubelet reports them when it is back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import format_time, status
from kubeedge.apiserver.controllers._writes import check_uid, every, is_gone
from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._indexes import Facts, NodeCache, ResourceIndex
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["PodGCController"]

logger = logging.getLogger(__name__)

CHECK_PERIOD = 20.0
QUARANTINE = 40.0


class PodGCController:
    """Force-deletes pods bound to nodes that no longer exist."""

    name = "pod-garbage-collector"

    def __init__(
        self,
        client: InternalClient,
        *,
        pods: ResourceIndex,
        nodes: NodeCache,
        period: float = CHECK_PERIOD,
        quarantine: float = QUARANTINE,
    ) -> None:
        self.client = client
        self.pods = pods
        self.nodes = nodes
        self.period = period
        self.quarantine = quarantine
        self._missing_since: dict[str, float] = {}
        self._wake = asyncio.Event()

    def start(self) -> None:
        self.pods.start()
        self.nodes.start()
        self.nodes.subscribe(self._on_node)

    def _on_node(self, name: str) -> None:
        if name not in self.nodes:
            self._wake.set()  # a node was deleted: start its quarantine now

    async def run(self) -> None:
        loop = asyncio.get_running_loop()
        timer: asyncio.TimerHandle | None = None
        try:
            async with asyncio.TaskGroup() as tasks:
                tasks.create_task(every(self.period, self._wake.set, what="pod GC tick"))
                while True:
                    await self._wake.wait()
                    self._wake.clear()
                    try:
                        delay = await self.collect()
                    except Exception:
                        logger.exception("Pod garbage collection failed; trying again in %.0fs", self.period)
                        continue
                    if delay is not None:
                        if timer is not None:
                            timer.cancel()
                        timer = loop.call_later(delay, self._wake.set)
        finally:
            if timer is not None:
                timer.cancel()

    async def collect(self) -> float | None:
        """One pass; returns when the next quarantine ends, if one is running."""
        loop_now = asyncio.get_running_loop().time()
        missing = [node for node in self.pods.nodes() if node not in self.nodes]
        self._missing_since = {node: self._missing_since.get(node, loop_now) for node in missing}
        next_due: float | None = None
        for node, since in self._missing_since.items():
            due = since + self.quarantine - loop_now
            if due > 0:
                next_due = due if next_due is None else min(next_due, due)
                continue
            for facts in list(self.pods.on_node(node)):
                await self._fail_and_delete(facts)
        for facts in list(self.pods.facts.values()):
            if facts.deleting and not facts.node:
                await self.client.delete(self.pods.resource, facts.namespace, facts.name, uid=facts.uid, grace_period=0)
        return next_due

    async def _fail_and_delete(self, facts: Facts) -> None:
        stamp = format_time(self.client.now())
        resource = self.pods.resource

        def mark(pod: dict[str, Any]) -> dict[str, Any]:
            check_uid(resource, pod, facts.uid)
            pod_status = pod.setdefault("status", {})
            if status(pod).get("phase") not in ("Succeeded", "Failed"):
                pod_status["phase"] = "Failed"
            conditions = [c for c in pod_status.get("conditions") or [] if c.get("type") != "DisruptionTarget"]
            conditions.append(
                {
                    "type": "DisruptionTarget",
                    "status": "True",
                    "lastTransitionTime": stamp,
                    "reason": "DeletionByPodGC",
                    "message": "PodGC: node no longer exists",
                }
            )
            pod_status["conditions"] = conditions
            return pod

        try:
            await self.client.mutate(resource, facts.namespace, facts.name, mark, subresource="status")
        except StatusError as exc:
            if not is_gone(exc):
                raise
            return
        await self.client.delete(resource, facts.namespace, facts.name, uid=facts.uid, grace_period=0)
