"""Node lifecycle core: heartbeat grace, the exact conditions and taints, pods marked not ready."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kubeedge.apiserver.controllers import nodehealth
from kubeedge.apiserver.controllers._objects import format_time

T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def node(
    *,
    ready: str | None = "True",
    heartbeat: datetime = T0,
    taints: list[dict[str, Any]] | None = None,
    extra_conditions: list[dict[str, Any]] | None = None,
    unschedulable: bool = False,
) -> dict[str, Any]:
    conditions = []
    if ready is not None:
        for kind, state in (
            ("MemoryPressure", "False"),
            ("DiskPressure", "False"),
            ("PIDPressure", "False"),
            ("Ready", ready),
        ):
            conditions.append(
                {
                    "type": kind,
                    "status": state,
                    "lastHeartbeatTime": format_time(heartbeat),
                    "lastTransitionTime": "2024-05-01T10:00:00Z",
                    "reason": "KubeletReady" if kind == "Ready" else f"KubeletHasNo{kind}",
                    "message": "kubelet is posting ready status" if kind == "Ready" else "fine",
                }
            )
    conditions += extra_conditions or []
    spec: dict[str, Any] = {}
    if taints:
        spec["taints"] = taints
    if unschedulable:
        spec["unschedulable"] = True
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": "edge-1", "uid": "node-uid", "creationTimestamp": "2024-05-01T09:00:00Z"},
        "spec": spec,
        "status": {"conditions": conditions},
    }


def lease(renewed: datetime) -> dict[str, Any]:
    return {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": "edge-1", "namespace": "kube-node-lease"},
        "spec": {
            "holderIdentity": "edge-1",
            "leaseDurationSeconds": 40,
            "renewTime": renewed.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        },  # MicroTime
    }


def of_type(plan: nodehealth.NodeHealthPlan, kind: type) -> list[Any]:
    return [a for a in plan.actions if isinstance(a, kind)]


def test_lease_expiry_marks_the_node_unknown_with_kube_taints() -> None:
    now = T0 + timedelta(seconds=41)
    pods = [
        {
            "metadata": {"name": "p", "namespace": "default", "uid": "pod-uid"},
            "spec": {"nodeName": "edge-1"},
            "status": {
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": "2024-05-01T11:00:00Z"}]
            },
        }
    ]
    plan = nodehealth.plan_node_health(node(), lease(T0), now=now, pods=pods)
    assert plan.ready == "Unknown"
    conditions = {c["type"]: c for c in of_type(plan, nodehealth.UpdateNodeConditions)[0].conditions}
    assert conditions["Ready"] == {
        "type": "Ready",
        "status": "Unknown",
        "lastHeartbeatTime": "2024-05-01T12:00:00Z",
        "lastTransitionTime": "2024-05-01T12:00:41Z",
        "reason": "NodeStatusUnknown",
        "message": "Kubelet stopped posting node status.",
    }
    assert {kind: c["status"] for kind, c in conditions.items()} == dict.fromkeys(
        ("MemoryPressure", "DiskPressure", "PIDPressure", "Ready"), "Unknown"
    )
    taints = of_type(plan, nodehealth.UpdateNodeTaints)[0]
    assert list(taints.taints) == [
        {
            "key": "node.kubernetes.io/unreachable",
            "effect": "NoSchedule",
            "timeAdded": "2024-05-01T12:00:41Z",
        },
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2024-05-01T12:00:41Z"},
    ]
    assert taints.merge_patch() == {"spec": {"taints": list(taints.taints)}}
    events = [(e.regarding.kind, e.reason, e.message) for e in of_type(plan, nodehealth.RecordEvent)]
    assert events == [
        ("Node", "NodeNotReady", "Node edge-1 status is now: NodeNotReady"),
        ("Pod", "NodeNotReady", "Node is not ready"),
    ]
    marked = of_type(plan, nodehealth.MarkPodNotReady)[0]
    assert marked.target.name == "p"
    assert marked.conditions == ({"type": "Ready", "status": "False", "lastTransitionTime": "2024-05-01T12:00:41Z"},)


@pytest.mark.parametrize(
    ("heartbeat", "renewed", "silent"),
    [
        (T0, T0, False),  # exactly 40s later is still within grace
        (T0 - timedelta(seconds=1), T0 - timedelta(seconds=1), True),
        (T0 - timedelta(minutes=10), T0, False),  # the lease alone keeps the node alive
        (T0, T0 - timedelta(minutes=10), False),  # and so does the condition's heartbeat
    ],
)
def test_grace_period(heartbeat: datetime, renewed: datetime, silent: bool) -> None:
    plan = nodehealth.plan_node_health(node(heartbeat=heartbeat), lease(renewed), now=T0 + timedelta(seconds=40))
    assert (plan.ready == "Unknown") is silent
    assert bool(of_type(plan, nodehealth.UpdateNodeConditions)) is silent
    if not silent:
        assert plan.actions == ()
        assert plan.next_check_after is not None
        assert plan.next_check_after > 0


def test_healthy_node_schedules_its_next_check() -> None:
    plan = nodehealth.plan_node_health(node(), lease(T0), now=T0 + timedelta(seconds=10))
    assert plan.next_check_after == pytest.approx(31.0)
    assert nodehealth.plan_node_health(node(), None, now=T0, grace_period=5).next_check_after == pytest.approx(6.0)


def test_an_unknown_node_is_not_rewritten_again() -> None:
    first = nodehealth.plan_node_health(node(), lease(T0), now=T0 + timedelta(minutes=5))
    silenced = node()
    silenced["status"]["conditions"] = list(of_type(first, nodehealth.UpdateNodeConditions)[0].conditions)
    silenced["spec"]["taints"] = list(of_type(first, nodehealth.UpdateNodeTaints)[0].taints)
    again = nodehealth.plan_node_health(silenced, lease(T0), now=T0 + timedelta(minutes=10))
    assert again.actions == ()
    assert again.ready == "Unknown"


def test_ready_false_gets_not_ready_taints_and_replaces_unreachable() -> None:
    old = [
        {
            "key": "node.kubernetes.io/unreachable",
            "effect": "NoSchedule",
            "timeAdded": "2024-05-01T11:00:00Z",
        },
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2024-05-01T11:00:00Z"},
        {"key": "dedicated", "value": "edge", "effect": "NoSchedule"},
    ]
    plan = nodehealth.plan_node_health(node(ready="False", taints=old), lease(T0), now=T0)
    assert list(of_type(plan, nodehealth.UpdateNodeTaints)[0].taints) == [
        {"key": "dedicated", "value": "edge", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule", "timeAdded": "2024-05-01T12:00:00Z"},
        {"key": "node.kubernetes.io/not-ready", "effect": "NoExecute", "timeAdded": "2024-05-01T12:00:00Z"},
    ]
    assert not of_type(plan, nodehealth.UpdateNodeConditions)  # kubelet's own report is kept


def test_ready_again_removes_the_taints() -> None:
    old = [
        {
            "key": "node.kubernetes.io/unreachable",
            "effect": "NoSchedule",
            "timeAdded": "2024-05-01T11:00:00Z",
        },
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2024-05-01T11:00:00Z"},
    ]
    plan = nodehealth.plan_node_health(node(taints=old), lease(T0), now=T0)
    assert of_type(plan, nodehealth.UpdateNodeTaints)[0].taints == ()


def test_pressure_conditions_and_cordon_become_no_schedule_taints() -> None:
    pressured = node(unschedulable=True)
    pressured["status"]["conditions"][0]["status"] = "True"  # MemoryPressure
    plan = nodehealth.plan_node_health(pressured, lease(T0), now=T0)
    keys = [(t["key"], t["effect"]) for t in of_type(plan, nodehealth.UpdateNodeTaints)[0].taints]
    assert keys == [
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    ]


def test_existing_taints_keep_their_time_added() -> None:
    kept = {
        "key": "node.kubernetes.io/unschedulable",
        "effect": "NoSchedule",
        "timeAdded": "2024-01-01T00:00:00Z",
    }
    plan = nodehealth.plan_node_health(node(unschedulable=True, taints=[kept]), lease(T0), now=T0)
    assert plan.actions == ()


def test_node_that_never_posted_status_uses_the_startup_grace() -> None:
    fresh = node(ready=None)
    assert nodehealth.plan_node_health(fresh, None, now=datetime(2024, 5, 1, 9, 1, 0, tzinfo=UTC)).actions == ()
    plan = nodehealth.plan_node_health(fresh, None, now=datetime(2024, 5, 1, 9, 1, 1, tzinfo=UTC))
    ready = next(c for c in of_type(plan, nodehealth.UpdateNodeConditions)[0].conditions if c["type"] == "Ready")
    assert ready == {
        "type": "Ready",
        "status": "Unknown",
        "lastHeartbeatTime": "2024-05-01T09:00:00Z",
        "lastTransitionTime": "2024-05-01T09:01:01Z",
        "reason": "NodeStatusNeverUpdated",
        "message": "Kubelet never posted node status.",
    }
    assert not of_type(plan, nodehealth.RecordEvent)  # it was never Ready


def test_mark_pods_not_ready_skips_other_nodes_and_unready_pods() -> None:
    pods: list[dict[str, Any]] = [
        {
            "metadata": {"name": "elsewhere"},
            "spec": {"nodeName": "edge-2"},
            "status": {"conditions": [{"type": "Ready", "status": "True"}]},
        },
        {
            "metadata": {"name": "already"},
            "spec": {"nodeName": "edge-1"},
            "status": {"conditions": [{"type": "Ready", "status": "False"}]},
        },
        {"metadata": {"name": "no-conditions"}, "spec": {"nodeName": "edge-1"}, "status": {}},
    ]
    assert nodehealth.mark_pods_not_ready("edge-1", pods, T0) == []
