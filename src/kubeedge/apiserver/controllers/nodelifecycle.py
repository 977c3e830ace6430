"""The node lifecycle controller's shell: heartbeats in, conditions and taints out.

Keys are node names. Every node is checked every 5 s (``--node-monitor-period``), when it or its
Lease in ``kube-node-lease`` changes, and right after its grace period would run out (the planner
says when). A check runs :func:`nodehealth.plan_node_health` on the node and its Lease and
applies the plan: the silenced conditions through ``/status``, the taints on the node itself,
both guarded by the ``resourceVersion`` the plan was made from (a kubelet heartbeat in between
wins; the next check plans again). When Ready leaves ``True`` the node's pods get ``Ready=False``
(``MarkPodsNotReady``) so Services stop routing to them, and a ``NodeNotReady`` event is recorded.

Pods on unreachable or not-ready nodes are never evicted: KubeEdge's edge autonomy keeps them
running on a node that lost the cloud, and the unreachable taint only keeps new pods away.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import nodehealth
from kubeedge.apiserver.controllers._objects import format_time, meta
from kubeedge.apiserver.controllers._writes import check_uid, every, is_gone
from kubeedge.apiserver.controllers.runtime import ControllerLoop
from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from datetime import datetime

    from kubeedge.apiserver.controllers._indexes import NodeCache, ResourceIndex
    from kubeedge.apiserver.controllers._objects import ObjectRef
    from kubeedge.apiserver.controllers._recorder import EventRecorder
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.storage.mvcc import EventType

__all__ = ["MONITOR_PERIOD", "NodeLifecycleController"]

MONITOR_PERIOD = 5.0
LEASE_NAMESPACE = "kube-node-lease"


class NodeLifecycleController:
    """Marks silent nodes Unknown and keeps condition taints in line (never evicts)."""

    name = "node-lifecycle"

    def __init__(
        self,
        client: InternalClient,
        *,
        nodes: NodeCache,
        pods: ResourceIndex,
        recorder: EventRecorder,
        grace_period: float = nodehealth.DEFAULT_GRACE_PERIOD,
        startup_grace_period: float = nodehealth.DEFAULT_STARTUP_GRACE_PERIOD,
        period: float = MONITOR_PERIOD,
    ) -> None:
        self.client = client
        self.nodes = nodes
        self.pods = pods
        self.recorder = recorder
        self.grace_period = grace_period
        self.startup_grace_period = startup_grace_period
        self.period = period
        self.resource = nodes.resource
        self.leases = client.resource("coordination.k8s.io", "leases")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=2)

    def start(self) -> None:
        self.nodes.start()
        self.pods.start()
        self.nodes.subscribe(self.loop.enqueue)
        self.client.observe(self.leases, self._on_lease)
        self.loop.enqueue_all(self.nodes.names())

    async def run(self) -> None:
        async with asyncio.TaskGroup() as tasks:
            tasks.create_task(self.loop.run())
            tasks.create_task(every(self.period, self._monitor, what="node monitor"))

    def _monitor(self) -> None:
        self.loop.enqueue_all(self.nodes.names())

    def _on_lease(self, _kind: EventType, lease: dict[str, Any]) -> None:
        if meta(lease).get("namespace") == LEASE_NAMESPACE:
            self.loop.enqueue(meta(lease).get("name", ""))

    async def reconcile(self, name: str) -> float | None:
        node = self.client.get(self.resource, "", name)
        if node is None:
            return None
        lease = self.client.get(self.leases, LEASE_NAMESPACE, name)
        now = self.client.now()
        plan = self._plan(node, lease, now, pods=None)
        if any(isinstance(a, nodehealth.RecordEvent) and a.reason == "NodeNotReady" for a in plan.actions):
            # Ready just left True: plan again with the node's pods, to mark them not ready.
            plan = self._plan(node, lease, now, pods=self.pods.objects(list(self.pods.on_node(name))))
        version = meta(node).get("resourceVersion")
        for action in plan.actions:
            if isinstance(action, nodehealth.UpdateNodeConditions):
                conditions = [dict(c) for c in action.conditions]
                written = await self._write(action.target, version, ("status", "conditions", conditions))
                version = meta(written).get("resourceVersion")
            elif isinstance(action, nodehealth.UpdateNodeTaints):
                taints = [dict(t) for t in action.taints]
                written = await self._write(action.target, version, ("spec", "taints", taints))
                version = meta(written).get("resourceVersion")
            elif isinstance(action, nodehealth.MarkPodNotReady):
                await self._mark_pod_not_ready(action.target, format_time(now))
            elif isinstance(action, nodehealth.RecordEvent):
                await self.recorder.record(action.regarding, action.type, action.reason, action.message)
        return plan.next_check_after

    def _plan(
        self,
        node: dict[str, Any],
        lease: dict[str, Any] | None,
        now: datetime,
        *,
        pods: list[dict[str, Any]] | None,
    ) -> nodehealth.NodeHealthPlan:
        return nodehealth.plan_node_health(
            node,
            lease,
            now=now,
            grace_period=self.grace_period,
            startup_grace_period=self.startup_grace_period,
            pods=pods,
        )

    async def _write(
        self, target: ObjectRef, version: str | None, setting: tuple[str, str, list[dict[str, Any]]]
    ) -> dict[str, Any]:
        """Set ``status.conditions`` (through ``/status``) or ``spec.taints``, if still at ``version``."""
        part, field, value = setting
        resource = self.resource

        def guarded(obj: dict[str, Any]) -> dict[str, Any]:
            check_uid(resource, obj, target.uid)
            if version is not None and meta(obj).get("resourceVersion") != version:
                raise StatusError.conflict(resource.plural, resource.group, target.name, "changed since the check")
            section = obj.setdefault(part, {})
            if value:
                section[field] = value
            else:
                section.pop(field, None)
            return obj

        subresource = "status" if part == "status" else ""
        return await self.client.mutate(resource, target.namespace, target.name, guarded, subresource=subresource)

    async def _mark_pod_not_ready(self, target: ObjectRef, stamp: str) -> None:
        resource = self.pods.resource

        def change(pod: dict[str, Any]) -> dict[str, Any]:
            check_uid(resource, pod, target.uid)
            for condition in (pod.get("status") or {}).get("conditions") or []:
                if condition.get("type") == "Ready" and condition.get("status") != "False":
                    condition.update(status="False", lastTransitionTime=stamp)
            return pod

        try:
            await self.client.mutate(resource, target.namespace, target.name, change, subresource="status")
        except StatusError as exc:
            if not is_gone(exc):
                raise
