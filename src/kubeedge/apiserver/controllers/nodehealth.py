"""Node lifecycle: notice silent nodes, and mirror node conditions into taints.

``plan_node_health(node, lease, now=...)`` does for one node what kube's ``nodelifecycle``
controller does in ``monitorNodeHealth`` and its tainting passes:

- **silence**: when neither the node's Lease (``kube-node-lease``) ``renewTime`` nor its Ready
  condition's ``lastHeartbeatTime`` is within the grace period (40 s by default; 60 s from
  creation for a node that never posted a Ready condition), the Ready, MemoryPressure,
  DiskPressure and PIDPressure conditions become ``Unknown`` with reason ``NodeStatusUnknown``
  and message "Kubelet stopped posting node status." (``NodeStatusNeverUpdated`` / "Kubelet never
  posted node status." for conditions that were never posted), keeping ``lastHeartbeatTime``;
  a ``NodeNotReady`` event is recorded when Ready leaves ``True``;
- **NoExecute taints**: ``node.kubernetes.io/unreachable`` when Ready is ``Unknown``,
  ``node.kubernetes.io/not-ready`` when it is ``False`` (the two are exclusive), neither when it
  is ``True``;
- **NoSchedule taints** (``TaintNodesByCondition``): ``not-ready``/``unreachable`` from Ready,
  ``memory-pressure``, ``disk-pressure``, ``pid-pressure`` and ``network-unavailable`` from their
  conditions, ``unschedulable`` from ``spec.unschedulable``;
- added taints carry ``timeAdded`` (``SwapNodeControllerTaint``); existing ones are kept as is.

**Pods on unreachable nodes are not evicted.** kube's taint manager deletes pods once their
toleration of the NoExecute taint expires (300 s by default); KubeEdge's edge autonomy is the
opposite promise — an edge node that loses the cloud keeps running its pods, and they are
reconciled when it comes back — so nothing here evicts. What kube does do, and we offer, is
``MarkPodsNotReady``: when a node goes ``Unknown`` its pods' Ready condition turns ``False`` so
that Services stop routing to them (pass ``pods`` to get those actions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import (
    EMPTY,
    KubeObject,
    ObjectRef,
    RecordEvent,
    format_time,
    meta,
    parse_time,
    spec,
    status,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

__all__ = [
    "DEFAULT_GRACE_PERIOD",
    "DEFAULT_STARTUP_GRACE_PERIOD",
    "MarkPodNotReady",
    "NodeHealthPlan",
    "RecordEvent",
    "UpdateNodeConditions",
    "UpdateNodeTaints",
    "desired_taints",
    "mark_pods_not_ready",
    "plan_node_health",
]

DEFAULT_GRACE_PERIOD = 40.0  # --node-monitor-grace-period
DEFAULT_STARTUP_GRACE_PERIOD = 60.0  # --node-startup-grace-period
UNREACHABLE = "node.kubernetes.io/unreachable"
NOT_READY = "node.kubernetes.io/not-ready"
_SILENCED = ("Ready", "MemoryPressure", "DiskPressure", "PIDPressure")  # not NetworkUnavailable
_CONDITION_TAINTS = {
    ("Ready", "False"): NOT_READY,
    ("Ready", "Unknown"): UNREACHABLE,
    ("MemoryPressure", "True"): "node.kubernetes.io/memory-pressure",
    ("DiskPressure", "True"): "node.kubernetes.io/disk-pressure",
    ("NetworkUnavailable", "True"): "node.kubernetes.io/network-unavailable",
    ("PIDPressure", "True"): "node.kubernetes.io/pid-pressure",
}
_UNSCHEDULABLE = "node.kubernetes.io/unschedulable"
_MANAGED_NO_SCHEDULE = {*_CONDITION_TAINTS.values(), _UNSCHEDULABLE}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateNodeConditions:
    """Replace the node's ``status.conditions`` (through ``/status``)."""

    target: ObjectRef
    conditions: tuple[KubeObject, ...]

    def merge_patch(self) -> KubeObject:
        return {"status": {"conditions": list(self.conditions)}}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateNodeTaints:
    """Replace the node's ``spec.taints``."""

    target: ObjectRef
    taints: tuple[KubeObject, ...]

    def merge_patch(self) -> KubeObject:
        return {"spec": {"taints": list(self.taints)}}


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkPodNotReady:
    """Replace a pod's ``status.conditions`` with Ready turned ``False`` (through ``/status``)."""

    target: ObjectRef
    conditions: tuple[KubeObject, ...]

    def merge_patch(self) -> KubeObject:
        return {"status": {"conditions": list(self.conditions)}}


@dataclass(frozen=True, slots=True, kw_only=True)
class NodeHealthPlan:
    """The actions, the Ready status after them, and when the node should be checked again."""

    actions: tuple[Any, ...]
    ready: str
    next_check_after: float | None = None


def _condition(node_status: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    return next((c for c in node_status.get("conditions") or () if c.get("type") == kind), None)


def _silenced_conditions(node: Mapping[str, Any], now: datetime) -> list[KubeObject]:
    stamp = format_time(now)
    conditions = [dict(c) for c in status(node).get("conditions") or ()]
    for kind in _SILENCED:
        current = next((c for c in conditions if c.get("type") == kind), None)
        if current is None:
            conditions.append(
                {
                    "type": kind,
                    "status": "Unknown",
                    "lastHeartbeatTime": meta(node).get("creationTimestamp"),
                    "lastTransitionTime": stamp,
                    "reason": "NodeStatusNeverUpdated",
                    "message": "Kubelet never posted node status.",
                }
            )
        elif current.get("status") != "Unknown":
            current.update(
                status="Unknown",
                reason="NodeStatusUnknown",
                message="Kubelet stopped posting node status.",
                lastTransitionTime=stamp,
            )
    return conditions


def desired_taints(node: Mapping[str, Any], conditions: Iterable[Mapping[str, Any]], now: datetime) -> list[KubeObject]:
    """The node's taints with the controller-managed ones brought in line with ``conditions``."""
    by_type = {c.get("type"): c.get("status") for c in conditions}
    wanted_no_schedule = [key for (kind, state), key in _CONDITION_TAINTS.items() if by_type.get(kind) == state]
    if spec(node).get("unschedulable"):
        wanted_no_schedule.append(_UNSCHEDULABLE)
    ready = by_type.get("Ready")
    wanted_no_execute = {"False": [NOT_READY], "Unknown": [UNREACHABLE]}.get(str(ready), [])
    wanted = [(key, "NoSchedule") for key in wanted_no_schedule] + [(key, "NoExecute") for key in wanted_no_execute]
    kept: list[KubeObject] = []
    for taint in spec(node).get("taints") or ():
        key, effect = taint.get("key"), taint.get("effect")
        managed = (effect == "NoSchedule" and key in _MANAGED_NO_SCHEDULE) or (
            effect == "NoExecute" and key in (NOT_READY, UNREACHABLE)
        )
        if managed and (key, effect) not in wanted:
            continue
        kept.append(dict(taint))
    present = {(t.get("key"), t.get("effect")) for t in kept}
    for key, effect in wanted:
        if (key, effect) not in present:
            kept.append({"key": key, "effect": effect, "timeAdded": format_time(now)})
    return kept


def mark_pods_not_ready(node_name: str, pods: Iterable[Mapping[str, Any]], now: datetime) -> list[Any]:
    """``MarkPodsNotReady``: Ready→False (new transition time) for the node's pods, with a
    ``NodeNotReady`` warning on each pod changed.
    """
    actions: list[Any] = []
    for pod in pods:
        if spec(pod).get("nodeName") != node_name:
            continue
        conditions = [dict(c) for c in status(pod).get("conditions") or ()]
        ready = next((c for c in conditions if c.get("type") == "Ready"), None)
        if ready is None or ready.get("status") == "False":
            continue
        ready.update(status="False", lastTransitionTime=format_time(now))
        target = ObjectRef.of(pod, api_version="v1", kind="Pod")
        actions.append(MarkPodNotReady(target=target, conditions=tuple(conditions)))
        actions.append(
            RecordEvent(regarding=target, type="Warning", reason="NodeNotReady", message="Node is not ready")
        )
    return actions


def plan_node_health(
    node: Mapping[str, Any],
    lease: Mapping[str, Any] | None,
    *,
    now: datetime,
    grace_period: float = DEFAULT_GRACE_PERIOD,
    startup_grace_period: float = DEFAULT_STARTUP_GRACE_PERIOD,
    pods: Iterable[Mapping[str, Any]] | None = None,
) -> NodeHealthPlan:
    """Check one node's heartbeats and taints.

    Args:
        node: the Node as served.
        lease: its Lease in ``kube-node-lease``, if any.
        now: the current time.
        grace_period: seconds of silence before the node is ``Unknown``.
        startup_grace_period: the same for a node that never posted a Ready condition.
        pods: the pods bound to the node, to mark them not ready when it goes ``Unknown``.

    Returns:
        UpdateNodeConditions, UpdateNodeTaints, RecordEvent and MarkPodNotReady actions.
    """
    node_status = status(node)
    ready = _condition(node_status, "Ready")
    heartbeats = [parse_time((lease or EMPTY).get("spec", EMPTY).get("renewTime"))]
    if ready is None:
        grace = startup_grace_period
        heartbeats.append(parse_time(meta(node).get("creationTimestamp")))
    else:
        grace = grace_period
        heartbeats.append(parse_time(ready.get("lastHeartbeatTime")))
    last = max((moment for moment in heartbeats if moment is not None), default=None)
    target = ObjectRef.of(node, api_version="v1", kind="Node")
    actions: list[Any] = []
    conditions = [dict(c) for c in node_status.get("conditions") or ()]
    expires = None if last is None else last + timedelta(seconds=grace)
    if expires is None or now > expires:
        silenced = _silenced_conditions(node, now)
        if silenced != conditions:
            conditions = silenced
            actions.append(UpdateNodeConditions(target=target, conditions=tuple(conditions)))
            if ready is not None and ready.get("status") == "True":
                message = f"Node {meta(node).get('name', '')} status is now: NodeNotReady"
                actions.append(RecordEvent(regarding=target, type="Normal", reason="NodeNotReady", message=message))
                if pods is not None:
                    actions += mark_pods_not_ready(meta(node).get("name", ""), pods, now)
    taints = desired_taints(node, conditions, now)
    if taints != [dict(t) for t in spec(node).get("taints") or ()]:
        actions.append(UpdateNodeTaints(target=target, taints=tuple(taints)))
    ready_now = next((c.get("status", "Unknown") for c in conditions if c.get("type") == "Ready"), "Unknown")
    next_check = None
    if expires is not None and now <= expires:
        next_check = (expires - now).total_seconds() + 1.0  # "after" the grace period, strictly
    return NodeHealthPlan(actions=tuple(actions), ready=str(ready_now), next_check_after=next_check)
