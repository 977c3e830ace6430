"""kube-scheduler's shell: queue pending pods, decide with :func:`scheduling.schedule`, bind.

Keys are ``namespace/name`` of pods that need a node (unbound, ``default-scheduler``, alive). One
worker schedules one pod at a time, so every decision sees the bindings before it: a binding
awaits its commit, and the store the next decision reads from already shows it.

The planner reads every node and what the pods bound to each take from it; the node list comes
from the shared :class:`NodeCache`, and the per-node totals (:class:`scheduling.NodeUsage`) are
kept here, pod by pod, from the store's change stream — each bound pod counted once, from a
*slim* copy holding only what the filters and scores read — so a decision neither parses nor
recounts pods, whatever their number.

A decision binds through the same logic as ``pods/binding`` (``spec.nodeName`` plus
``PodScheduled=True``; refused if the pod is already bound or being deleted) and records the
``Scheduled`` event; a failure writes ``PodScheduled=False`` with the planner's reason and message
(kept unchanged when it is the same) and a ``FailedScheduling`` warning. Unschedulable pods are
tried again when a node appears or changes in a way that matters (labels, taints,
unschedulable, allocatable), when a bound pod goes away, and every 30 s.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import orjson

from kubeedge.apiserver.controllers import scheduling
from kubeedge.apiserver.controllers._objects import (
    ObjectRef,
    controller_ref,
    format_time,
    is_pod_terminal,
    meta,
    spec,
    status,
)
from kubeedge.apiserver.controllers._writes import check_uid
from kubeedge.apiserver.controllers.runtime import ControllerLoop, object_key_of, split_key
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from collections.abc import Mapping

    from kubeedge.apiserver.controllers._indexes import NodeCache
    from kubeedge.apiserver.controllers._recorder import EventRecorder
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["UNSCHEDULABLE_RETRY", "Scheduler"]

logger = logging.getLogger(__name__)

COMPONENT = scheduling.DEFAULT_SCHEDULER
UNSCHEDULABLE_RETRY = 30.0


def _node_signature(node: Mapping[str, Any]) -> bytes:
    """What can turn a node from unfit into fit for some pod."""
    return orjson.dumps(
        [
            meta(node).get("labels"),
            spec(node).get("taints"),
            spec(node).get("unschedulable"),
            status(node).get("allocatable"),
        ],
        option=orjson.OPT_SORT_KEYS,
    )


class Scheduler:
    """Assigns pending pods to nodes (the default profile, without preemption)."""

    name = "scheduler"

    def __init__(self, client: InternalClient, *, nodes: NodeCache, recorder: EventRecorder) -> None:
        self.client = client
        self.nodes = nodes
        self.recorder = recorder
        self.resource = client.resource("", "pods")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=1)
        self._usage: dict[str, scheduling.NodeUsage] = {}
        self._counted: dict[str, tuple[str, scheduling.PodShare]] = {}  # pod key → (node, its share)
        self._unschedulable: set[str] = set()
        self._node_signatures: dict[str, bytes] = {}

    def start(self) -> None:
        self.nodes.start()
        for name in self.nodes.names():
            node = self.nodes.get(name)
            if node is not None:
                self._node_signatures[name] = _node_signature(node)
        for pod in self.client.list(self.resource):
            self._on_pod(EventType.ADDED, pod)
        self.client.observe(self.resource, self._on_pod)
        self.nodes.subscribe(self._on_node)

    async def run(self) -> None:
        await self.loop.run()

    # --- routing ------------------------------------------------------------------------------

    def _on_pod(self, kind: EventType, pod: dict[str, Any]) -> None:
        key = object_key_of(pod)
        node = spec(pod).get("nodeName")
        if kind is EventType.MODIFIED and self._still_counted(key, node, pod):
            return  # a status or label change of a bound pod: its share of the node is unchanged
        if self._uncount(key) and (kind is EventType.DELETED or is_pod_terminal(pod)):
            self._retry_unschedulable()  # its resources are free again
        if kind is not EventType.DELETED and node and not is_pod_terminal(pod):
            share = scheduling.PodShare.of(pod)
            if share is not None:
                self._usage.setdefault(node, scheduling.NodeUsage()).apply(share)
                self._counted[key] = (node, share)
        if kind is EventType.DELETED:
            self._unschedulable.discard(key)
        elif scheduling.needs_scheduling(pod):
            self.loop.enqueue(key)

    def _still_counted(self, key: str, node: str | None, pod: dict[str, Any]) -> bool:
        """Whether the share counted for ``key`` still describes ``pod`` (requests are immutable)."""
        counted = self._counted.get(key)
        if counted is None or counted[0] != node or is_pod_terminal(pod):
            return False
        ref = controller_ref(pod)
        return counted[1].owner == (str(ref.get("uid")) if ref is not None else "")

    def _uncount(self, key: str) -> bool:
        counted = self._counted.pop(key, None)
        if counted is None:
            return False
        node, share = counted
        usage = self._usage[node]
        usage.apply(share, sign=-1)
        if usage.pods <= 0:
            del self._usage[node]
        return True

    def _on_node(self, name: str) -> None:
        node = self.nodes.get(name)
        if node is None:
            self._node_signatures.pop(name, None)
            return
        signature = _node_signature(node)
        if self._node_signatures.get(name) != signature:
            self._node_signatures[name] = signature
            self._retry_unschedulable()

    def _retry_unschedulable(self) -> None:
        self.loop.enqueue_all(self._unschedulable)

    # --- the pass -----------------------------------------------------------------------------

    async def reconcile(self, key: str) -> float | None:
        namespace, name = split_key(key)
        pod = self.client.get(self.resource, namespace, name)
        if pod is None or not scheduling.needs_scheduling(pod):
            self._unschedulable.discard(key)
            return None
        result = scheduling.schedule(pod, self.nodes.all(), {}, usages=self._usage)
        ref = ObjectRef.of(pod, api_version="v1", kind="Pod")
        if result.node_name is not None:
            if not result.already_assigned:
                await self._bind(pod, result.node_name)
                message = f"Successfully assigned {namespace}/{name} to {result.node_name}"
                await self.recorder.record(ref, "Normal", "Scheduled", message)
            self._unschedulable.discard(key)
            return None
        await self._mark_unschedulable(pod, result)
        if result.reason != "Unschedulable":
            return None  # gated: a change of the pod brings it back
        await self.recorder.record(ref, "Warning", "FailedScheduling", result.message)
        self._unschedulable.add(key)
        return UNSCHEDULABLE_RETRY

    async def _bind(self, pod: dict[str, Any], node_name: str) -> None:
        uid, name = meta(pod)["uid"], meta(pod)["name"]
        stamp = format_time(self.client.now())

        def bind(current: dict[str, Any]) -> dict[str, Any]:
            check_uid(self.resource, current, uid)
            if current["metadata"].get("deletionTimestamp"):
                raise StatusError.conflict(
                    "pods/binding", "", name, f"pod {name} is being deleted, cannot be assigned to a host"
                )
            pod_spec = current.setdefault("spec", {})
            if pod_spec.get("nodeName"):
                raise StatusError.conflict(
                    "pods/binding", "", name, f'pod {name} is already assigned to node "{pod_spec["nodeName"]}"'
                )
            pod_spec["nodeName"] = node_name
            pod_status = current.setdefault("status", {})
            conditions = [c for c in pod_status.get("conditions") or [] if c.get("type") != "PodScheduled"]
            conditions.append(
                {"type": "PodScheduled", "status": "True", "lastProbeTime": None, "lastTransitionTime": stamp}
            )
            pod_status["conditions"] = conditions
            return current

        await self.client.mutate(self.resource, meta(pod)["namespace"], name, bind, subresource="binding")

    async def _mark_unschedulable(self, pod: dict[str, Any], result: scheduling.ScheduleResult) -> None:
        wanted = result.condition(pod, now=self.client.now())
        current = next((c for c in status(pod).get("conditions") or () if c.get("type") == "PodScheduled"), None)
        if current is not None and all(current.get(k) == wanted[k] for k in ("status", "reason", "message")):
            return
        uid = meta(pod)["uid"]

        def mark(obj: dict[str, Any]) -> dict[str, Any]:
            check_uid(self.resource, obj, uid)
            pod_status = obj.setdefault("status", {})
            conditions = [c for c in pod_status.get("conditions") or [] if c.get("type") != "PodScheduled"]
            pod_status["conditions"] = [*conditions, wanted]
            return obj

        await self.client.mutate(self.resource, meta(pod)["namespace"], meta(pod)["name"], mark, subresource="status")
