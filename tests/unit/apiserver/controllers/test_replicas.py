"""ReplicaSet controller core: create/delete counts, kube's deletion order, claims, status."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kubeedge.apiserver.controllers import replicas
from kubeedge.apiserver.controllers._objects import format_time

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
RS_UID = "rs-uid"


def rs(want: int = 3, **spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": "web-abc", "namespace": "default", "uid": RS_UID, "generation": 2},
        "spec": {
            "replicas": want,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {
                "metadata": {"labels": {"app": "web", "tier": "fe"}, "annotations": {"a": "b"}},
                "spec": {"containers": [{"name": "c", "image": "nginx"}]},
            },
            **spec,
        },
    }


def pod(
    name: str,
    *,
    owner: str | None = RS_UID,
    labels: dict[str, str] | None = None,
    node: str | None = "n1",
    phase: str = "Running",
    ready_since: datetime | None = NOW - timedelta(hours=1),
    created: datetime = NOW - timedelta(hours=2),
    restarts: int = 0,
    cost: int | None = None,
    deleting: bool = False,
) -> dict[str, Any]:
    metadata: dict[str, Any] = {
        "name": name,
        "namespace": "default",
        "uid": f"uid-{name}",
        "labels": {"app": "web", "tier": "fe"} if labels is None else labels,
        "creationTimestamp": format_time(created),
    }
    if owner:
        metadata["ownerReferences"] = [
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "x", "uid": owner, "controller": True}
        ]
    if cost is not None:
        metadata["annotations"] = {"controller.kubernetes.io/pod-deletion-cost": str(cost)}
    if deleting:
        metadata["deletionTimestamp"] = format_time(NOW)
    status: dict[str, Any] = {"phase": phase, "containerStatuses": [{"name": "c", "restartCount": restarts}]}
    if ready_since is not None:
        status["conditions"] = [{"type": "Ready", "status": "True", "lastTransitionTime": format_time(ready_since)}]
    spec: dict[str, Any] = {"containers": [{"name": "c"}]}
    if node:
        spec["nodeName"] = node
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": spec, "status": status}


def of_type(plan: replicas.ReplicaSetPlan, kind: type) -> list[Any]:
    return [a for a in plan.actions if isinstance(a, kind)]


def test_missing_pods_are_created_from_the_template() -> None:
    plan = replicas.plan_replica_set(rs(3), [pod("a")], now=NOW)
    creates = of_type(plan, replicas.CreatePod)
    assert len(creates) == 2
    assert creates[0].pod == {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "generateName": "web-abc-",
            "namespace": "default",
            "labels": {"app": "web", "tier": "fe"},
            "annotations": {"a": "b"},
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "ReplicaSet",
                    "name": "web-abc",
                    "uid": RS_UID,
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        },
        "spec": {"containers": [{"name": "c", "image": "nginx"}]},
    }


def test_creation_is_bounded_by_burst() -> None:
    plan = replicas.plan_replica_set(rs(10), [], now=NOW, burst=4)
    assert len(of_type(plan, replicas.CreatePod)) == 4


def test_replicas_default_to_one() -> None:
    body = rs()
    del body["spec"]["replicas"]
    assert len(of_type(replicas.plan_replica_set(body, [], now=NOW), replicas.CreatePod)) == 1


def test_a_replica_set_being_deleted_creates_nothing() -> None:
    body = rs(3)
    body["metadata"]["deletionTimestamp"] = format_time(NOW)
    plan = replicas.plan_replica_set(body, [], now=NOW)
    assert not of_type(plan, replicas.CreatePod)


@pytest.mark.parametrize(
    ("doomed", "kept", "why"),
    [
        (pod("x", node=None, phase="Pending", ready_since=None), pod("y"), "unscheduled before scheduled"),
        (
            pod("x", phase="Pending", ready_since=None),
            pod("y", phase="Running", ready_since=None),
            "pending first",
        ),
        (
            pod("x", phase="Unknown", ready_since=None),
            pod("y", phase="Running", ready_since=None),
            "unknown first",
        ),
        (pod("x", ready_since=None), pod("y"), "not ready before ready"),
        (pod("x", cost=-5), pod("y", cost=10), "lower deletion cost first"),
        (
            pod("x", ready_since=NOW - timedelta(minutes=1)),
            pod("y", ready_since=NOW - timedelta(days=1)),
            "recently ready",
        ),
        (pod("x", restarts=7), pod("y", restarts=1), "more restarts first"),
        (
            pod("x", created=NOW - timedelta(minutes=1)),
            pod("y", created=NOW - timedelta(days=3)),
            "younger first",
        ),
    ],
)
def test_surplus_pods_are_deleted_in_kube_order(doomed: dict[str, Any], kept: dict[str, Any], why: str) -> None:
    for order in ([doomed, kept], [kept, doomed]):
        assert replicas.pods_to_delete(order, 1, now=NOW) == [doomed], why


def test_pods_doubled_up_on_a_node_go_first() -> None:
    lonely = pod("lonely", node="n1")
    crowded = pod("crowded", node="n2")
    sibling = pod("sibling", node="n2", owner="other-rs")
    victims = replicas.pods_to_delete([lonely, crowded], 1, related_pods=[lonely, crowded, sibling], now=NOW)
    assert victims == [crowded]


def test_ages_in_the_same_power_of_two_bucket_tie_and_fall_back_to_uid() -> None:
    a = pod("a", created=NOW - timedelta(seconds=1000))
    b = pod("b", created=NOW - timedelta(seconds=1100))  # same log2 bucket of nanoseconds
    assert replicas.pods_to_delete([b, a], 1, now=NOW) == [a]  # uid-a < uid-b


def test_deletion_order_is_a_total_order() -> None:
    pods = [
        pod(f"p{i}", phase=random.Random(i).choice(["Pending", "Running"]), restarts=i % 3, node=f"n{i % 2}")
        for i in range(12)
    ]
    first = replicas.pods_to_delete(pods, 5, now=NOW)
    for seed in range(5):
        shuffled = pods[:]
        random.Random(seed).shuffle(shuffled)
        assert replicas.pods_to_delete(shuffled, 5, now=NOW) == first


def test_scale_down_deletes_the_right_number() -> None:
    pods = [pod("a"), pod("b", ready_since=None), pod("c")]
    plan = replicas.plan_replica_set(rs(1), pods, now=NOW)
    assert next(a.target.name for a in of_type(plan, replicas.DeletePod)) == "b"
    assert len(of_type(plan, replicas.DeletePod)) == 2
    assert of_type(plan, replicas.DeletePod)[0].target.uid == "uid-b"


def test_claims_adopt_orphans_release_mismatches_and_ignore_others() -> None:
    pods = [
        pod("orphan", owner=None),
        pod("relabelled", labels={"app": "other"}),
        pod("foreign", owner="someone-else"),
        pod("orphan-other-labels", owner=None, labels={"app": "x"}),
        pod("orphan-deleting", owner=None, deleting=True),
    ]
    plan = replicas.plan_replica_set(rs(1), pods, now=NOW)
    assert [a.target.name for a in of_type(plan, replicas.Adopt)] == ["orphan"]
    assert of_type(plan, replicas.Adopt)[0].owner_reference["uid"] == RS_UID
    assert [(a.target.name, a.owner_uid) for a in of_type(plan, replicas.Release)] == [("relabelled", RS_UID)]
    assert not of_type(plan, replicas.CreatePod)  # the adopted orphan counts
    assert plan.status["replicas"] == 1


def test_inactive_pods_do_not_count() -> None:
    pods = [pod("done", phase="Succeeded"), pod("failed", phase="Failed"), pod("going", deleting=True)]
    plan = replicas.plan_replica_set(rs(1), pods, now=NOW)
    assert len(of_type(plan, replicas.CreatePod)) == 1
    assert plan.status == {"replicas": 0, "observedGeneration": 2}


def test_status_counts_with_min_ready_seconds() -> None:
    pods = [
        pod("available", ready_since=NOW - timedelta(seconds=30)),
        pod("just-ready", ready_since=NOW - timedelta(seconds=5)),
        pod("starting", ready_since=None, phase="Pending"),
        pod("partly-labelled", labels={"app": "web"}, ready_since=None),
    ]
    plan = replicas.plan_replica_set(rs(4, minReadySeconds=10), pods, now=NOW)
    assert plan.status == {
        "replicas": 4,
        "fullyLabeledReplicas": 3,
        "readyReplicas": 2,
        "availableReplicas": 1,
        "observedGeneration": 2,
    }
    assert plan.requeue_after == pytest.approx(6.0)
    update = of_type(plan, replicas.UpdateReplicaSetStatus)[0]
    assert update.replica_set["status"] == plan.status
    assert update.replica_set["metadata"] == rs()["metadata"]


def test_unchanged_status_is_not_written() -> None:
    body = rs(1)
    body["status"] = {
        "replicas": 1,
        "fullyLabeledReplicas": 1,
        "readyReplicas": 1,
        "availableReplicas": 1,
        "observedGeneration": 2,
    }
    plan = replicas.plan_replica_set(body, [pod("a")], now=NOW)
    assert plan.actions == ()


def test_replica_failure_condition() -> None:
    status = replicas.replica_set_status(rs(2), [], now=NOW, failure=("FailedCreate", 'pods "x" is forbidden'))
    assert status["conditions"] == [
        {
            "type": "ReplicaFailure",
            "status": "True",
            "lastTransitionTime": "2024-05-01T12:00:00Z",
            "reason": "FailedCreate",
            "message": 'pods "x" is forbidden',
        }
    ]
    body = rs(2)
    body["status"] = status
    assert "conditions" not in replicas.replica_set_status(body, [], now=NOW)
