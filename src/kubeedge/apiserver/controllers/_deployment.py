"""``deploymentutil`` for the rollout planner: fenceposts, annotations, ReplicaSet arithmetic.

The surge/unavailable arithmetic (``ResolveFenceposts``), the ``deployment.kubernetes.io/*``
annotations, template comparison ignoring ``pod-template-hash``, how many replicas a new
ReplicaSet may get, proportional shares when a Deployment is resized mid-rollout, and which old
ReplicaSets history pruning may delete. The status and conditions live in ``_progress``; the
sequence of steps of ``syncDeployment`` in ``rollout``.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import EMPTY, meta, parse_time, spec, status

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "DESIRED_REPLICAS",
    "HASH_LABEL",
    "MAX_REPLICAS",
    "REVISION",
    "REVISION_HISTORY",
    "DeploymentSpec",
    "by_creation",
    "copyable_annotations",
    "equal_ignore_hash",
    "is_saturated",
    "new_rs_replicas",
    "proportion",
    "prunable",
    "replicas_of",
    "revision_of",
    "scaled_value",
]

REVISION = "deployment.kubernetes.io/revision"
REVISION_HISTORY = "deployment.kubernetes.io/revision-history"
DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas"
MAX_REPLICAS = "deployment.kubernetes.io/max-replicas"
HASH_LABEL = "pod-template-hash"
_NOT_COPIED = {
    "kubectl.kubernetes.io/last-applied-configuration",
    REVISION,
    REVISION_HISTORY,
    DESIRED_REPLICAS,
    MAX_REPLICAS,
    "deprecated.deployment.rollback.to",
}
_NO_DEADLINE = 2**31 - 1  # math.MaxInt32 means "no progress deadline"
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def scaled_value(value: int | str | None, total: int, *, round_up: bool) -> int:
    """``intstr.GetScaledValueFromIntOrPercent``: an int as is, ``"25%"`` of ``total``."""
    if value is None:
        return 0
    if isinstance(value, int):
        return value
    if value.endswith("%"):
        scaled = int(value[:-1]) * total / 100
        return math.ceil(scaled) if round_up else math.floor(scaled)
    return int(value)


@dataclass(frozen=True, slots=True, kw_only=True)
class DeploymentSpec:
    """The fields the controller reads, with the API's defaults filled in."""

    replicas: int
    recreate: bool
    max_surge: int
    max_unavailable: int
    revision_history_limit: int | None
    progress_deadline: int | None
    paused: bool
    min_ready_seconds: int

    @classmethod
    def of(cls, deployment: Mapping[str, Any]) -> DeploymentSpec:
        d_spec = spec(deployment)
        replicas = 1 if d_spec.get("replicas") is None else int(d_spec["replicas"])
        strategy = d_spec.get("strategy") or EMPTY
        recreate = strategy.get("type") == "Recreate"
        surge = unavailable = 0
        if not recreate:
            rolling = strategy.get("rollingUpdate") or EMPTY
            # ResolveFenceposts: surge rounds up, unavailable down; both zero means one unavailable.
            surge = scaled_value(rolling.get("maxSurge", "25%"), replicas, round_up=True)
            unavailable = scaled_value(rolling.get("maxUnavailable", "25%"), replicas, round_up=False)
            if surge == 0 and unavailable == 0:
                unavailable = 1
            # MaxUnavailable: zero replicas tolerate nothing; never more than the replicas.
            unavailable = 0 if replicas == 0 else min(unavailable, replicas)
        deadline = d_spec.get("progressDeadlineSeconds", 600)
        history = d_spec.get("revisionHistoryLimit", 10)
        return cls(
            replicas=replicas,
            recreate=recreate,
            max_surge=surge,
            max_unavailable=unavailable,
            revision_history_limit=None if history is None else int(history),
            progress_deadline=None if deadline in (None, _NO_DEADLINE) else int(deadline),
            paused=bool(d_spec.get("paused")),
            min_ready_seconds=int(d_spec.get("minReadySeconds") or 0),
        )


# --- replica sets -----------------------------------------------------------------------------


def replicas_of(rs: Mapping[str, Any] | None) -> int:
    if rs is None:
        return 0
    replicas = spec(rs).get("replicas")
    return 1 if replicas is None else int(replicas)


def revision_of(rs: Mapping[str, Any]) -> int:
    try:
        return int((meta(rs).get("annotations") or EMPTY).get(REVISION, 0))
    except ValueError:
        return 0


def by_creation(rs: Mapping[str, Any]) -> tuple[bool, datetime, str]:
    """``ReplicaSetsByCreationTimestamp``; objects not yet created sort as the newest."""
    created = parse_time(meta(rs).get("creationTimestamp"))
    return created is None, created or _EPOCH, meta(rs).get("name", "")


def _without_hash(template: Mapping[str, Any]) -> Any:
    stripped = copy.deepcopy(dict(template))
    labels = (stripped.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(HASH_LABEL, None)
    return _prune(stripped)


def _prune(value: Any) -> Any:
    # Semantic.DeepEqual treats nil and empty maps/slices alike.
    if isinstance(value, dict):
        pruned = {key: _prune(item) for key, item in value.items()}
        return {key: item for key, item in pruned.items() if item not in (None, {}, [])}
    if isinstance(value, list):
        return [_prune(item) for item in value]
    return value


def equal_ignore_hash(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    """``EqualIgnoreHash``: templates equal once ``pod-template-hash`` is removed."""
    return bool(_without_hash(first) == _without_hash(second))


def copyable_annotations(deployment: Mapping[str, Any]) -> dict[str, str]:
    """The Deployment annotations a ReplicaSet inherits (``kubernetes.io/change-cause``…)."""
    annotations = meta(deployment).get("annotations") or EMPTY
    return {key: value for key, value in annotations.items() if key not in _NOT_COPIED}


def new_rs_replicas(d_spec: DeploymentSpec, all_rss: Iterable[Mapping[str, Any]], new: Mapping[str, Any]) -> int:
    """``NewRSNewReplicas``: Recreate goes straight to the target, rolling stays within surge."""
    if d_spec.recreate:
        return d_spec.replicas
    current = sum(replicas_of(rs) for rs in all_rss)
    ceiling = d_spec.replicas + d_spec.max_surge
    if current >= ceiling:
        return replicas_of(new)
    return replicas_of(new) + min(ceiling - current, d_spec.replicas - replicas_of(new))


def is_saturated(rs: Mapping[str, Any], d_spec: DeploymentSpec) -> bool:
    """``IsSaturated``: the ReplicaSet was sized for, has, and serves the full replica count."""
    desired = (meta(rs).get("annotations") or EMPTY).get(DESIRED_REPLICAS, "")
    return (
        desired.isdigit()
        and int(desired) == d_spec.replicas
        and replicas_of(rs) == d_spec.replicas
        and int(status(rs).get("availableReplicas") or 0) == d_spec.replicas
    )


def proportion(rs: Mapping[str, Any], d_spec: DeploymentSpec, observed: int, to_add: int, added: int) -> int:
    """``GetReplicaSetProportion``: this ReplicaSet's share of ``to_add``, by its size against
    the ``max-replicas`` it was annotated with (or ``observed``, the Deployment's replicas).
    """
    if replicas_of(rs) == 0 or to_add == 0 or to_add == added:
        return 0
    if d_spec.replicas == 0:
        fraction = -replicas_of(rs)
    else:
        annotated = (meta(rs).get("annotations") or EMPTY).get(MAX_REPLICAS, "")
        before = int(annotated) if annotated.isdigit() else observed
        if before == 0:
            fraction = 0
        else:
            estimate = replicas_of(rs) * (d_spec.replicas + d_spec.max_surge) / before
            # integer.RoundToInt32: half away from zero
            fraction = (int(estimate + 0.5) if estimate >= 0 else int(estimate - 0.5)) - replicas_of(rs)
    allowed = to_add - added
    return min(fraction, allowed) if to_add > 0 else max(fraction, allowed)


def prunable(olds: Iterable[Mapping[str, Any]], limit: int | None) -> list[Mapping[str, Any]]:
    """``cleanupDeployment``: the oldest idle, fully observed ReplicaSets beyond the limit."""
    if limit is None or limit == _NO_DEADLINE:
        return []
    alive = [rs for rs in olds if not meta(rs).get("deletionTimestamp")]
    excess = len(alive) - limit
    if excess <= 0:
        return []
    doomed = []
    for rs in sorted(alive, key=lambda rs: (revision_of(rs), by_creation(rs)))[:excess]:
        busy = int(status(rs).get("replicas") or 0) != 0 or replicas_of(rs) != 0
        unobserved = int(meta(rs).get("generation") or 0) > int(status(rs).get("observedGeneration") or 0)
        if not busy and not unobserved:
            doomed.append(rs)
    return doomed
