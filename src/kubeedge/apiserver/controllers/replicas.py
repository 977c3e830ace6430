"""The ReplicaSet controller's sync, as a pure function (``pkg/controller/replicaset``).

``plan_replica_set(rs, pods, now=...)`` does what one ``syncReplicaSet`` does:

1. claim the active pods of the namespace (``ClaimPods``): keep the ones it controls that
   still match the selector, adopt matching orphans, release controlled pods that stopped
   matching;
2. unless the ReplicaSet is being deleted, create the missing pods from the template
   (``generateName: <rs>-``, controller reference, the template's labels) — at most ``burst``
   per pass, without kube's slow-start batches — or delete the surplus in kube's order of
   preference (``ActivePodsWithRanks``: unscheduled, then Pending < Unknown < Running, not
   ready, lower ``pod-deletion-cost``, more siblings on the same node, ready for less time
   (logarithmic buckets), more restarts, younger);
3. compute the status from the claimed pods as they were observed (kube does the same: the
   status counts what the cache showed before this pass's creates and deletes).

kube guards against acting twice on a stale cache with "expectations"; here the shell must only
call the planner again once its previous creates/deletes are visible in what it passes in.
The shell records ``SuccessfulCreate``/``SuccessfulDelete`` events ("Created pod: <name>",
"Deleted pod: <name>") once the API calls return, since only then is the pod's name known.
"""

from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import (
    Adopt,
    CreatePod,
    DeletePod,
    KubeObject,
    ObjectRef,
    RecordEvent,
    Release,
    claim,
    format_time,
    is_pod_active,
    is_pod_available,
    is_pod_ready,
    labels_of,
    map_matches,
    meta,
    new_controller_ref,
    parse_time,
    pod_from_template,
    pod_ready_condition,
    spec,
    status,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "DEFAULT_BURST",
    "Adopt",
    "CreatePod",
    "DeletePod",
    "RecordEvent",
    "Release",
    "ReplicaSetPlan",
    "UpdateReplicaSetStatus",
    "plan_replica_set",
    "pods_to_delete",
    "replica_set_status",
]

DEFAULT_BURST = 500  # kube's burstReplicas
DELETION_COST = "controller.kubernetes.io/pod-deletion-cost"
_PHASE_ORDER = {"Pending": 0, "Unknown": 1, "Running": 2}


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateReplicaSetStatus:
    """PUT ``replica_set`` (the observed object with its new status) to ``/status``."""

    replica_set: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplicaSetPlan:
    """The actions of one sync, the status computed, and when to look again (seconds)."""

    actions: tuple[Any, ...]
    status: KubeObject
    requeue_after: float | None = None


def desired_replicas(rs: Mapping[str, Any]) -> int:
    replicas = spec(rs).get("replicas")
    return 1 if replicas is None else int(replicas)


# --- which pods go first ----------------------------------------------------------------------


def _max_restarts(pod: Mapping[str, Any], key: str) -> int:
    return max((int(s.get("restartCount") or 0) for s in status(pod).get(key) or ()), default=0)


def _log_rank(moment: datetime, now: datetime) -> int:
    # logarithmicRankDiff works on Go durations: nanoseconds, log2, truncated.
    elapsed = (now - moment) // timedelta(microseconds=1) * 1000
    return int(math.log2(elapsed)) if elapsed > 0 else -1


def _compare_times(
    first: datetime | None, second: datetime | None, first_uid: str, second_uid: str, now: datetime
) -> int:
    """Newer (or unknown) first; times in the same power-of-two age bucket tie, broken by uid."""
    if first == second:
        return 0
    if first is None or second is None:
        return -1 if first is None else 1
    rank = _log_rank(first, now) - _log_rank(second, now)
    if rank == 0:
        return -1 if first_uid < second_uid else (1 if first_uid > second_uid else 0)
    return -1 if rank < 0 else 1


def _compare(a: tuple[Mapping[str, Any], int], b: tuple[Mapping[str, Any], int], now: datetime) -> int:
    pod_a, rank_a = a
    pod_b, rank_b = b
    node_a, node_b = spec(pod_a).get("nodeName") or "", spec(pod_b).get("nodeName") or ""
    if node_a != node_b and (not node_a or not node_b):
        return -1 if not node_a else 1
    phase_a = _PHASE_ORDER.get(status(pod_a).get("phase", ""), 0)
    phase_b = _PHASE_ORDER.get(status(pod_b).get("phase", ""), 0)
    if phase_a != phase_b:
        return -1 if phase_a < phase_b else 1
    ready_a, ready_b = is_pod_ready(pod_a), is_pod_ready(pod_b)
    if ready_a != ready_b:
        return -1 if not ready_a else 1
    cost_a, cost_b = _deletion_cost(pod_a), _deletion_cost(pod_b)
    if cost_a != cost_b:
        return -1 if cost_a < cost_b else 1
    if rank_a != rank_b:
        return -1 if rank_a > rank_b else 1
    uid_a, uid_b = meta(pod_a).get("uid", ""), meta(pod_b).get("uid", "")
    if ready_a and ready_b:
        since_a = parse_time((pod_ready_condition(pod_a) or {}).get("lastTransitionTime"))
        since_b = parse_time((pod_ready_condition(pod_b) or {}).get("lastTransitionTime"))
        if (order := _compare_times(since_a, since_b, uid_a, uid_b, now)) != 0:
            return order  # the most recently ready goes first
    for key in ("containerStatuses", "initContainerStatuses"):
        restarts_a, restarts_b = _max_restarts(pod_a, key), _max_restarts(pod_b, key)
        if restarts_a != restarts_b:
            return -1 if restarts_a > restarts_b else 1
    created_a = parse_time(meta(pod_a).get("creationTimestamp"))
    created_b = parse_time(meta(pod_b).get("creationTimestamp"))
    if (order := _compare_times(created_a, created_b, uid_a, uid_b, now)) != 0:
        return order
    # kube leaves full ties to an unstable sort; the uid makes ours independent of input order.
    return -1 if uid_a < uid_b else (1 if uid_a > uid_b else 0)


def _deletion_cost(pod: Mapping[str, Any]) -> int:
    try:
        return int((meta(pod).get("annotations") or {}).get(DELETION_COST, 0))
    except ValueError:
        return 0


def pods_to_delete(
    pods: Sequence[Mapping[str, Any]],
    count: int,
    *,
    related_pods: Iterable[Mapping[str, Any]] | None = None,
    now: datetime,
) -> list[Mapping[str, Any]]:
    """``getPodsToDelete``: the ``count`` pods kube would delete first.

    Args:
        pods: the active pods the ReplicaSet owns.
        count: how many to delete.
        related_pods: pods of sibling ReplicaSets (same Deployment); more co-located siblings
            make a pod a better victim. Defaults to ``pods``.
        now: the current time.
    """
    if count >= len(pods):
        return list(pods)
    per_node = Counter(
        spec(pod).get("nodeName") or ""
        for pod in (pods if related_pods is None else related_pods)
        if is_pod_active(pod)
    )
    ranked = [(pod, per_node[spec(pod).get("nodeName") or ""]) for pod in pods]
    ranked.sort(key=functools.cmp_to_key(functools.partial(_compare, now=now)))
    return [pod for pod, _ in ranked[:count]]


# --- status -----------------------------------------------------------------------------------


def replica_set_status(
    rs: Mapping[str, Any],
    pods: Iterable[Mapping[str, Any]],
    *,
    now: datetime,
    failure: tuple[str, str] | None = None,
) -> KubeObject:
    """``calculateStatus`` plus ``observedGeneration``, with the API's ``omitempty`` shape.

    Args:
        rs: the ReplicaSet.
        pods: the active pods it owns.
        now: the current time (availability needs ``minReadySeconds``).
        failure: ``(reason, message)`` of a failed create/delete (``FailedCreate``), which sets
            the ``ReplicaFailure`` condition; ``None`` clears it.
    """
    pods = list(pods)
    template_labels = (spec(rs).get("template") or {}).get("metadata", {}).get("labels") or {}
    min_ready = int(spec(rs).get("minReadySeconds") or 0)
    ready = [pod for pod in pods if is_pod_ready(pod)]
    counts = {
        "fullyLabeledReplicas": sum(1 for pod in pods if map_matches(template_labels, labels_of(pod))),
        "readyReplicas": len(ready),
        "availableReplicas": sum(1 for pod in ready if is_pod_available(pod, min_ready, now)),
        "observedGeneration": int(meta(rs).get("generation") or 0),
    }
    new_status: KubeObject = {"replicas": len(pods)}
    new_status.update({key: value for key, value in counts.items() if value})
    conditions = [c for c in status(rs).get("conditions") or () if c.get("type") != "ReplicaFailure"]
    current = next((c for c in status(rs).get("conditions") or () if c.get("type") == "ReplicaFailure"), None)
    if failure is not None:
        # kube keeps an existing failure condition untouched and only adds a missing one.
        conditions.append(
            dict(current)
            if current is not None
            else {
                "type": "ReplicaFailure",
                "status": "True",
                "lastTransitionTime": format_time(now),
                "reason": failure[0],
                "message": failure[1],
            }
        )
    if conditions:
        new_status["conditions"] = conditions
    return new_status


def _requeue_after(rs: Mapping[str, Any], pods: Iterable[Mapping[str, Any]], now: datetime) -> float | None:
    """When the next ready pod turns available (kube resyncs after ``minReadySeconds``)."""
    min_ready = int(spec(rs).get("minReadySeconds") or 0)
    if min_ready == 0:
        return None
    waits = []
    for pod in pods:
        if is_pod_ready(pod) and not is_pod_available(pod, min_ready, now):
            since = parse_time((pod_ready_condition(pod) or {}).get("lastTransitionTime")) or now
            waits.append((since + timedelta(seconds=min_ready) - now).total_seconds() + 1)
    return max(min(waits), 0.0) if waits else None


# --- the sync ---------------------------------------------------------------------------------


def plan_replica_set(
    rs: Mapping[str, Any],
    pods: Iterable[Mapping[str, Any]],
    *,
    now: datetime,
    burst: int = DEFAULT_BURST,
    related_pods: Iterable[Mapping[str, Any]] | None = None,
) -> ReplicaSetPlan:
    """One ``syncReplicaSet`` pass.

    Args:
        rs: the ReplicaSet as served.
        pods: the pods of its namespace (any owner; inactive ones are ignored).
        now: the current time.
        burst: the most pods created or deleted in one pass.
        related_pods: pods of ReplicaSets sharing this one's owner, for the deletion ranking.

    Returns:
        Adopt/Release, CreatePod or DeletePod, and UpdateReplicaSetStatus when it changed.
    """
    owner_ref = new_controller_ref(rs, api_version="apps/v1", kind="ReplicaSet")
    claimed = claim(
        rs,
        spec(rs).get("selector"),
        (pod for pod in pods if is_pod_active(pod)),
        owner_ref=owner_ref,
        target_kind="Pod",
        target_api_version="v1",
    )
    actions: list[Any] = [*claimed.adopt, *claimed.release]
    owned = claimed.owned
    if not meta(rs).get("deletionTimestamp"):
        diff = len(owned) - desired_replicas(rs)
        if diff < 0:
            template = spec(rs).get("template") or {}
            for _ in range(min(-diff, burst)):
                actions.append(CreatePod(pod=pod_from_template(template, owner=rs, owner_ref=owner_ref)))
        elif diff > 0:
            for pod in pods_to_delete(owned, min(diff, burst), related_pods=related_pods, now=now):
                actions.append(DeletePod(target=ObjectRef.of(pod, api_version="v1", kind="Pod")))
    new_status = replica_set_status(rs, owned, now=now)
    if new_status != dict(status(rs)):
        actions.append(UpdateReplicaSetStatus(replica_set={**rs, "status": new_status}))
    return ReplicaSetPlan(actions=tuple(actions), status=new_status, requeue_after=_requeue_after(rs, owned, now))
