"""Deployment status and conditions: what ``kubectl rollout status`` and ``describe`` read.

``calculate_status`` sums the ReplicaSets' counters and sets Available
(``MinimumReplicasAvailable``/``MinimumReplicasUnavailable``); ``rollout_status`` adds what
``syncRolloutStatus`` decides about Progressing (``NewReplicaSetAvailable`` once complete,
``ReplicaSetUpdated`` on any progress, ``ProgressDeadlineExceeded`` after
``progressDeadlineSeconds`` without any), mirrors a ReplicaSet's ``ReplicaFailure``, and says
when to look again for the deadline. Conditions follow ``SetDeploymentCondition``: same status
and reason is a no-op, same status keeps ``lastTransitionTime``, a changed condition moves to the
end of the list — which is why a settled Deployment lists Available before Progressing.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._deployment import DeploymentSpec, replicas_of
from kubeedge.apiserver.controllers._objects import KubeObject, format_time, meta, parse_time, status

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, MutableMapping, Sequence
    from datetime import datetime

__all__ = [
    "calculate_status",
    "get_condition",
    "is_complete",
    "is_progressing",
    "is_timed_out",
    "new_condition",
    "remove_condition",
    "rollout_status",
    "set_condition",
]

_STATUS_ORDER = (
    "observedGeneration",
    "replicas",
    "updatedReplicas",
    "readyReplicas",
    "availableReplicas",
    "unavailableReplicas",
)


# --- conditions -------------------------------------------------------------------------------


def new_condition(kind: str, state: str, reason: str, message: str, now: datetime) -> KubeObject:
    stamp = format_time(now)
    return {
        "type": kind,
        "status": state,
        "lastUpdateTime": stamp,
        "lastTransitionTime": stamp,
        "reason": reason,
        "message": message,
    }


def get_condition(d_status: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    for condition in d_status.get("conditions") or ():
        if condition.get("type") == kind:
            return condition  # type: ignore[no-any-return]
    return None


def set_condition(d_status: MutableMapping[str, Any], condition: KubeObject) -> None:
    """``SetDeploymentCondition``: same status and reason is a no-op; same status keeps the
    transition time; the condition moves to the end of the list.
    """
    current = get_condition(d_status, condition["type"])
    if current is not None and current.get("status") == condition["status"]:
        if current.get("reason") == condition["reason"]:
            return
        condition["lastTransitionTime"] = current.get("lastTransitionTime")
    remove_condition(d_status, condition["type"])
    d_status["conditions"] = [*(d_status.get("conditions") or ()), condition]


def remove_condition(d_status: MutableMapping[str, Any], kind: str) -> None:
    kept = [c for c in d_status.get("conditions") or () if c.get("type") != kind]
    if kept:
        d_status["conditions"] = kept
    else:
        d_status.pop("conditions", None)


# --- status -----------------------------------------------------------------------------------


def _total(rss: Iterable[Mapping[str, Any] | None], key: str) -> int:
    return sum(int(status(rs).get(key) or 0) for rs in rss if rs is not None)


def calculate_status(
    deployment: Mapping[str, Any],
    d_spec: DeploymentSpec,
    all_rss: Sequence[Mapping[str, Any]],
    new_rs: Mapping[str, Any] | None,
    now: datetime,
) -> KubeObject:
    """``calculateStatus``: counters summed over the ReplicaSets, the Available condition."""
    available = _total(all_rss, "availableReplicas")
    unavailable = max(sum(replicas_of(rs) for rs in all_rss) - available, 0)
    values = {
        "observedGeneration": int(meta(deployment).get("generation") or 0),
        "replicas": _total(all_rss, "replicas"),
        "updatedReplicas": _total([new_rs], "replicas"),
        "readyReplicas": _total(all_rss, "readyReplicas"),
        "availableReplicas": available,
        "unavailableReplicas": unavailable,
    }
    new_status: KubeObject = {key: values[key] for key in _STATUS_ORDER if values[key]}
    current = status(deployment)
    if current.get("conditions"):
        new_status["conditions"] = [dict(c) for c in current["conditions"]]
    if current.get("collisionCount") is not None:
        new_status["collisionCount"] = current["collisionCount"]
    if available >= d_spec.replicas - d_spec.max_unavailable:
        condition = new_condition(
            "Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.", now
        )
    else:
        condition = new_condition(
            "Available",
            "False",
            "MinimumReplicasUnavailable",
            "Deployment does not have minimum availability.",
            now,
        )
    set_condition(new_status, condition)
    return new_status


def _count(d_status: Mapping[str, Any], key: str) -> int:
    return int(d_status.get(key) or 0)


def is_complete(deployment: Mapping[str, Any], d_spec: DeploymentSpec, d_status: Mapping[str, Any]) -> bool:
    """``DeploymentComplete``: every replica updated and available, the spec observed."""
    return (
        _count(d_status, "updatedReplicas") == d_spec.replicas
        and _count(d_status, "replicas") == d_spec.replicas
        and _count(d_status, "availableReplicas") == d_spec.replicas
        and _count(d_status, "observedGeneration") >= int(meta(deployment).get("generation") or 0)
    )


def is_progressing(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """``DeploymentProgressing``: more updated/ready/available, or fewer old replicas."""
    old_olds = _count(old, "replicas") - _count(old, "updatedReplicas")
    new_olds = _count(new, "replicas") - _count(new, "updatedReplicas")
    return (
        _count(new, "updatedReplicas") > _count(old, "updatedReplicas")
        or new_olds < old_olds
        or _count(new, "readyReplicas") > _count(old, "readyReplicas")
        or _count(new, "availableReplicas") > _count(old, "availableReplicas")
    )


def is_timed_out(d_spec: DeploymentSpec, d_status: Mapping[str, Any], now: datetime) -> bool:
    """``DeploymentTimedOut``: no progress reported for ``progressDeadlineSeconds``."""
    if d_spec.progress_deadline is None:
        return False
    condition = get_condition(d_status, "Progressing")
    if condition is None or condition.get("reason") == "NewReplicaSetAvailable":
        return False
    if condition.get("reason") == "ProgressDeadlineExceeded":
        return True
    since = parse_time(condition.get("lastUpdateTime"))
    return since is not None and since + timedelta(seconds=d_spec.progress_deadline) < now


def _replica_failure(all_rss: Sequence[Mapping[str, Any]], new: Mapping[str, Any] | None) -> KubeObject | None:
    """``getReplicaFailures``: the new ReplicaSet's ``ReplicaFailure`` first, then any other's."""
    for rs in [*([new] if new else []), *all_rss]:
        for condition in status(rs).get("conditions") or ():
            if condition.get("type") == "ReplicaFailure":
                return {
                    "type": "ReplicaFailure",
                    "status": condition.get("status"),
                    "lastUpdateTime": condition.get("lastTransitionTime"),
                    "lastTransitionTime": condition.get("lastTransitionTime"),
                    "reason": condition.get("reason"),
                    "message": condition.get("message"),
                }
    return None


def _stuck_requeue(
    deployment: Mapping[str, Any], d_spec: DeploymentSpec, new_status: Mapping[str, Any], now: datetime
) -> float | None:
    """``requeueStuckDeployment``: seconds until the progress deadline would pass."""
    current = get_condition(status(deployment), "Progressing")
    if d_spec.progress_deadline is None or current is None:
        return None
    if is_complete(deployment, d_spec, new_status) or current.get("reason") == "ProgressDeadlineExceeded":
        return None
    since = parse_time(current.get("lastUpdateTime")) or now
    return max((since + timedelta(seconds=d_spec.progress_deadline) - now).total_seconds(), 0.0) + 1.0


def rollout_status(
    deployment: Mapping[str, Any],
    d_spec: DeploymentSpec,
    all_rss: Sequence[Mapping[str, Any]],
    new: Mapping[str, Any] | None,
    now: datetime,
) -> tuple[KubeObject, float | None]:
    """``syncRolloutStatus``: the new status and when to check the progress deadline again.

    ``deployment`` carries the status as this pass has changed it so far.
    """
    new_status = calculate_status(deployment, d_spec, all_rss, new, now)
    current = get_condition(status(deployment), "Progressing")
    if new is not None:
        subject = f'ReplicaSet "{meta(new).get("name")}"'
    else:
        subject = f'Deployment "{meta(deployment).get("name")}"'
    if d_spec.progress_deadline is None:
        remove_condition(new_status, "Progressing")
    settled = (
        int(new_status.get("replicas") or 0) == int(new_status.get("updatedReplicas") or 0)
        and current is not None
        and current.get("reason") == "NewReplicaSetAvailable"
    )
    if d_spec.progress_deadline is not None and not settled:
        if is_complete(deployment, d_spec, new_status):
            message = f"{subject} has successfully progressed."
            set_condition(new_status, new_condition("Progressing", "True", "NewReplicaSetAvailable", message, now))
        elif is_progressing(status(deployment), new_status):
            message = f"{subject} is progressing."
            condition = new_condition("Progressing", "True", "ReplicaSetUpdated", message, now)
            # Same reason, fresh lastUpdateTime: progress is what the deadline measures.
            if current is not None:
                if current.get("status") == "True":
                    condition["lastTransitionTime"] = current.get("lastTransitionTime")
                remove_condition(new_status, "Progressing")
            set_condition(new_status, condition)
        elif is_timed_out(d_spec, new_status, now):
            message = f"{subject} has timed out progressing."
            reason = "ProgressDeadlineExceeded"
            set_condition(new_status, new_condition("Progressing", "False", reason, message, now))
    failure = _replica_failure(all_rss, new)
    if failure is not None:
        set_condition(new_status, failure)
    else:
        remove_condition(new_status, "ReplicaFailure")
    return new_status, _stuck_requeue(deployment, d_spec, new_status, now)
