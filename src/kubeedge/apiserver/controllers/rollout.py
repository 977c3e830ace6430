"""The Deployment controller's sync, as a pure function (``pkg/controller/deployment``).

``plan_rollout(deployment, replica_sets, pods=..., now=...)`` performs one ``syncDeployment``:

- claim the namespace's ReplicaSets (adopt matching orphans, release mismatches);
- a Deployment being deleted only gets its status refreshed; an empty selector only gets a
  ``SelectingAll`` warning;
- pausing/resuming flips the Progressing condition to ``DeploymentPaused``/``DeploymentResumed``;
- paused Deployments and scaling events (``desired-replicas`` annotation differs from
  ``spec.replicas``) are scaled proportionally across the active ReplicaSets (``sync``), never
  rolled;
- otherwise ``Recreate`` (scale every old ReplicaSet to zero, wait for their pods to go, then
  create/scale the new one) or ``RollingUpdate`` (create the new ReplicaSet, scale it up within
  ``maxSurge``, clean up unhealthy old replicas, scale old ones down within ``maxUnavailable``),
  pruning old ReplicaSets beyond ``revisionHistoryLimit`` once the rollout is complete;
- the status ``kubectl rollout status`` reads, with kube's Available/Progressing conditions.

The new ReplicaSet is ``<deployment>-<pod-template-hash>`` (see ``hashing``), labelled and
selected by ``pod-template-hash``, annotated with ``deployment.kubernetes.io/revision``,
``desired-replicas`` and ``max-replicas`` and the Deployment's own annotations. A name taken by a
ReplicaSet with another template bumps ``status.collisionCount`` (the next pass hashes again).

Each ReplicaSet gets at most one write per pass (create, scale or update, carrying the whole
object with its observed ``resourceVersion``), and the Deployment one ``UpdateDeploymentStatus``
— which also carries its ``deployment.kubernetes.io/revision`` annotation: kube writes it through
the status subresource, whose strategy keeps metadata changes other than labels.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import hashing
from kubeedge.apiserver.controllers._deployment import (
    DESIRED_REPLICAS,
    HASH_LABEL,
    MAX_REPLICAS,
    REVISION,
    REVISION_HISTORY,
    DeploymentSpec,
    by_creation,
    copyable_annotations,
    equal_ignore_hash,
    is_saturated,
    new_rs_replicas,
    proportion,
    prunable,
    replicas_of,
    revision_of,
)
from kubeedge.apiserver.controllers._objects import (
    Adopt,
    KubeObject,
    ObjectRef,
    RecordEvent,
    Release,
    claim,
    controller_ref,
    meta,
    new_controller_ref,
    spec,
    status,
)
from kubeedge.apiserver.controllers._progress import (
    calculate_status,
    get_condition,
    is_complete,
    new_condition,
    rollout_status,
    set_condition,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

__all__ = [
    "Adopt",
    "CreateReplicaSet",
    "DeleteReplicaSet",
    "RecordEvent",
    "Release",
    "RolloutPlan",
    "ScaleReplicaSet",
    "UpdateDeploymentStatus",
    "UpdateReplicaSet",
    "plan_rollout",
    "pod_template_hash",
]

_MAX_HISTORY_CHARS = 2000  # maxRevHistoryLengthInChars


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateReplicaSet:
    """POST ``replica_set``."""

    replica_set: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleReplicaSet:
    """PUT ``replica_set``: ``spec.replicas`` changed (and the replica annotations with it)."""

    replica_set: KubeObject
    old_replicas: int
    new_replicas: int


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateReplicaSet:
    """PUT ``replica_set``: annotations or ``minReadySeconds`` changed, not the size."""

    replica_set: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteReplicaSet:
    """DELETE an old ReplicaSet beyond ``revisionHistoryLimit`` (uid precondition)."""

    target: ObjectRef


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateDeploymentStatus:
    """PUT ``deployment`` to ``/status`` (status and the revision annotation)."""

    deployment: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class RolloutPlan:
    """The pass's actions, the status computed, and when to check the deadline again."""

    actions: tuple[Any, ...]
    status: KubeObject
    requeue_after: float | None = None


def pod_template_hash(deployment: Mapping[str, Any]) -> str:
    """The ``pod-template-hash`` of the Deployment's current template and collision count."""
    return hashing.compute_hash(spec(deployment).get("template") or {}, status(deployment).get("collisionCount"))


class _Stop(Exception):
    """A hash collision: kube returns the create error and requeues with the bumped count."""


class _Sync:
    """The mutable working state of one pass; methods mirror the controller's functions."""

    def __init__(
        self,
        deployment: Mapping[str, Any],
        replica_sets: list[Mapping[str, Any]],
        pods: list[Mapping[str, Any]],
        now: datetime,
    ) -> None:
        self.original = deployment
        self.d: KubeObject = copy.deepcopy(dict(deployment))
        self.d.setdefault("metadata", {})
        self.d["status"] = dict(self.d.get("status") or {})
        self.spec = DeploymentSpec.of(deployment)
        self.now = now
        self.name = meta(deployment).get("name", "")
        self.ref = ObjectRef.of(deployment, api_version="apps/v1", kind="Deployment")
        self.owner_ref = new_controller_ref(deployment, api_version="apps/v1", kind="Deployment")
        self.namespace_rss = replica_sets
        claimed = claim(
            deployment,
            spec(deployment).get("selector"),
            replica_sets,
            owner_ref=self.owner_ref,
            target_kind="ReplicaSet",
            target_api_version="apps/v1",
        )
        self.head: list[Any] = [*claimed.adopt, *claimed.release]
        self.originals = {meta(rs).get("uid"): rs for rs in claimed.owned}
        self.rss: list[KubeObject] = [copy.deepcopy(dict(rs)) for rs in claimed.owned]
        self.created: list[KubeObject] = []
        self.deleted: list[ObjectRef] = []
        self.events: list[RecordEvent] = []
        self.pods = pods
        self.requeue: float | None = None

    @property
    def status(self) -> KubeObject:
        return self.d["status"]  # type: ignore[no-any-return]

    def event(self, kind: str, reason: str, message: str) -> None:
        self.events.append(RecordEvent(regarding=self.ref, type=kind, reason=reason, message=message))

    # --- the new ReplicaSet and the revision ---------------------------------------------------

    def new_and_old(self, *, create: bool) -> tuple[KubeObject | None, list[KubeObject]]:
        """``getAllReplicaSetsAndSyncRevision``."""
        template = spec(self.d).get("template") or {}
        new = next(
            (
                rs
                for rs in sorted(self.rss, key=by_creation)
                if equal_ignore_hash(spec(rs).get("template") or {}, template)
            ),
            None,
        )
        olds = [rs for rs in self.rss if rs is not new]
        revision = str(max((revision_of(rs) for rs in olds), default=0) + 1)
        if new is not None:
            self.sync_existing(new, revision)
        elif create:
            new = self.create_new(olds, revision)
        return new, olds

    def set_revision(self, revision: str) -> None:
        annotations = self.d["metadata"].setdefault("annotations", {})
        annotations[REVISION] = revision

    def annotate(self, rs: KubeObject, revision: str, *, exists: bool) -> bool:
        """``SetNewReplicaSetAnnotations``; returns whether anything changed."""
        annotations: dict[str, str] = rs.setdefault("metadata", {}).setdefault("annotations", {})
        changed = False
        for key, value in copyable_annotations(self.d).items():
            if annotations.get(key) != value:
                annotations[key] = value
                changed = True
        old_text = annotations.get(REVISION, "")
        try:
            old = int(old_text or 0)
        except ValueError:
            return changed
        if old < int(revision):
            annotations[REVISION] = revision
            changed = True
            if old_text:
                # A ReplicaSet brought back by a rollback keeps the revisions it had.
                history = [r for r in annotations.get(REVISION_HISTORY, "").split(",") if r]
                while history and len(",".join([*history, old_text])) > _MAX_HISTORY_CHARS:
                    history.pop(0)
                annotations[REVISION_HISTORY] = ",".join([*history, old_text])
        if not exists:
            changed = self.set_replica_annotations(rs) or changed
        return changed

    def set_replica_annotations(self, rs: KubeObject) -> bool:
        annotations = rs.setdefault("metadata", {}).setdefault("annotations", {})
        wanted = {
            DESIRED_REPLICAS: str(self.spec.replicas),
            MAX_REPLICAS: str(self.spec.replicas + self.spec.max_surge),
        }
        changed = any(annotations.get(key) != value for key, value in wanted.items())
        annotations.update(wanted)
        return changed

    def sync_existing(self, rs: KubeObject, revision: str) -> None:
        changed = self.annotate(rs, revision, exists=True)
        if changed or int(spec(rs).get("minReadySeconds") or 0) != self.spec.min_ready_seconds:
            rs_spec = rs.setdefault("spec", {})
            if self.spec.min_ready_seconds:
                rs_spec["minReadySeconds"] = self.spec.min_ready_seconds
            else:
                rs_spec.pop("minReadySeconds", None)
            return  # kube writes the ReplicaSet and syncs the revision on the next pass
        self.set_revision((meta(rs).get("annotations") or {}).get(REVISION, revision))
        if self.spec.progress_deadline is not None and get_condition(self.status, "Progressing") is None:
            message = f'Found new replica set "{meta(rs).get("name")}"'
            set_condition(self.status, new_condition("Progressing", "True", "FoundNewReplicaSet", message, self.now))

    def create_new(self, olds: list[KubeObject], revision: str) -> KubeObject:
        template = copy.deepcopy(spec(self.d).get("template") or {})
        template_hash = hashing.compute_hash(template, self.status.get("collisionCount"))
        template_meta = template.setdefault("metadata", {})
        template_meta["labels"] = {**(template_meta.get("labels") or {}), HASH_LABEL: template_hash}
        selector = copy.deepcopy(spec(self.d).get("selector") or {})
        selector["matchLabels"] = {**(selector.get("matchLabels") or {}), HASH_LABEL: template_hash}
        name = f"{self.name}-{template_hash}"
        rs_spec: KubeObject = {"replicas": 0, "selector": selector, "template": template}
        if self.spec.min_ready_seconds:
            rs_spec["minReadySeconds"] = self.spec.min_ready_seconds
        rs: KubeObject = {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "metadata": {
                "name": name,
                "namespace": meta(self.d).get("namespace", ""),
                "labels": dict(template_meta["labels"]),
                "ownerReferences": [dict(self.owner_ref)],
            },
            "spec": rs_spec,
        }
        rs_spec["replicas"] = new_rs_replicas(self.spec, [*olds, rs], rs)
        self.annotate(rs, revision, exists=False)
        taken = next((x for x in self.namespace_rss if meta(x).get("name") == name), None)
        if taken is not None:
            owner = controller_ref(taken)
            same = equal_ignore_hash(spec(taken).get("template") or {}, spec(self.d).get("template") or {})
            if owner is not None and owner.get("uid") == meta(self.d).get("uid") and same:
                existing = next((x for x in self.rss if meta(x).get("uid") == meta(taken).get("uid")), None)
                if existing is None:
                    existing = copy.deepcopy(dict(taken))
                    self.originals[meta(taken).get("uid")] = taken
                    self.rss.append(existing)
                self.set_revision(revision)
                return existing
            self.status["collisionCount"] = int(self.status.get("collisionCount") or 0) + 1
            raise _Stop
        self.rss.append(rs)
        self.created.append(rs)
        if rs_spec["replicas"] > 0:
            self.event("Normal", "ScalingReplicaSet", f"Scaled up replica set {name} from 0 to {rs_spec['replicas']}")
        self.set_revision(revision)
        if self.spec.progress_deadline is not None:
            message = f'Created new replica set "{name}"'
            set_condition(self.status, new_condition("Progressing", "True", "NewReplicaSetCreated", message, self.now))
        return rs

    # --- scaling -------------------------------------------------------------------------------

    def scale(self, rs: KubeObject, replicas: int, operation: str) -> bool:
        """``scaleReplicaSet``: size and replica annotations in one write; event on resize."""
        old = replicas_of(rs)
        self.set_replica_annotations(rs)  # written with the size, or alone when only they differ
        if old == replicas:
            return False
        rs.setdefault("spec", {})["replicas"] = replicas
        message = f"Scaled {operation} replica set {meta(rs).get('name')} from {old} to {replicas}"
        self.event("Normal", "ScalingReplicaSet", message)
        return True

    def scale_to(self, rs: KubeObject, replicas: int) -> bool:
        """``scaleReplicaSetAndRecordEvent``."""
        if replicas_of(rs) == replicas:
            return False
        return self.scale(rs, replicas, "up" if replicas > replicas_of(rs) else "down")

    def proportional_scale(self, new: KubeObject | None, olds: list[KubeObject]) -> None:
        """``scale``: the whole size to the only active ReplicaSet, else spread the difference."""
        active = [rs for rs in [*olds, *([new] if new else [])] if replicas_of(rs) > 0]
        if len(active) <= 1:
            target = active[0] if active else new or max(olds, key=by_creation, default=None)
            if target is not None:
                self.scale_to(target, self.spec.replicas)
            return
        if new is not None and is_saturated(new, self.spec):
            for rs in olds:
                if replicas_of(rs) > 0:
                    self.scale_to(rs, 0)
            return
        if self.spec.recreate:
            return
        allowed = self.spec.replicas + self.spec.max_surge if self.spec.replicas > 0 else 0
        to_add = allowed - sum(replicas_of(rs) for rs in active)
        operation = "up" if to_add > 0 else ("down" if to_add < 0 else "")
        # Larger first; ties: newer first when growing, older first when shrinking.
        active.sort(key=by_creation, reverse=to_add > 0)
        active.sort(key=replicas_of, reverse=True)
        sizes, added = [], 0
        for rs in active:
            share = proportion(rs, self.spec, int(status(self.d).get("replicas") or 0), to_add, added)
            sizes.append(replicas_of(rs) + share)
            added += share
        if to_add:
            sizes[0] = max(sizes[0] + to_add - added, 0)  # leftovers go to the largest
        for rs, size in zip(active, sizes, strict=True):
            self.scale(rs, size, operation)

    # --- rolling update ------------------------------------------------------------------------

    def reconcile_new(self, all_rss: list[KubeObject], new: KubeObject) -> bool:
        if replicas_of(new) == self.spec.replicas:
            return False
        if replicas_of(new) > self.spec.replicas:
            return self.scale_to(new, self.spec.replicas)
        return self.scale_to(new, new_rs_replicas(self.spec, all_rss, new))

    def reconcile_old(self, all_rss: list[KubeObject], olds: list[KubeObject], new: KubeObject) -> bool:
        if sum(replicas_of(rs) for rs in olds) == 0:
            return False
        minimum = self.spec.replicas - self.spec.max_unavailable
        new_unavailable = replicas_of(new) - int(status(new).get("availableReplicas") or 0)
        budget = sum(replicas_of(rs) for rs in all_rss) - minimum - new_unavailable
        if budget <= 0:
            return False
        # Unhealthy old replicas go first so that they cannot block the rollout (kube #16737).
        cleaned = 0
        for rs in sorted(olds, key=by_creation):
            if cleaned >= budget:
                break
            available = int(status(rs).get("availableReplicas") or 0)
            if replicas_of(rs) == 0 or replicas_of(rs) == available:
                continue
            down = min(budget - cleaned, replicas_of(rs) - available)
            self.scale_to(rs, replicas_of(rs) - down)
            cleaned += down
        available = sum(int(status(rs).get("availableReplicas") or 0) for rs in [*olds, new])
        scaled = 0
        if available > minimum:
            for rs in sorted(olds, key=by_creation):
                if scaled >= available - minimum:
                    break
                if replicas_of(rs) == 0:
                    continue
                down = min(replicas_of(rs), available - minimum - scaled)
                self.scale_to(rs, replicas_of(rs) - down)
                scaled += down
        return cleaned + scaled > 0

    def rolling(self) -> None:
        new, olds = self.new_and_old(create=True)
        assert new is not None  # create=True either finds, creates or stops
        all_rss = [*olds, new]
        if self.reconcile_new(all_rss, new):
            return self.rollout_status(all_rss, new)
        if self.reconcile_old(all_rss, [rs for rs in olds if replicas_of(rs) > 0], new):
            return self.rollout_status(all_rss, new)
        if is_complete(self.d, self.spec, self.status):
            self.cleanup(olds)
        return self.rollout_status(all_rss, new)

    def recreate(self) -> None:
        new, olds = self.new_and_old(create=False)
        all_rss = [*olds, *([new] if new else [])]
        scaled = False
        for rs in olds:
            if replicas_of(rs) > 0:
                scaled = self.scale_to(rs, 0) or scaled
        if scaled or self.old_pods_running(new, olds):
            return self.rollout_status(all_rss, new)
        if new is None:
            new, olds = self.new_and_old(create=True)
            assert new is not None
            all_rss = [*olds, new]
        self.scale_to(new, self.spec.replicas)
        if is_complete(self.d, self.spec, self.status):
            self.cleanup(olds)
        return self.rollout_status(all_rss, new)

    def old_pods_running(self, new: KubeObject | None, olds: list[KubeObject]) -> bool:
        if sum(int(status(rs).get("replicas") or 0) for rs in olds) > 0:
            return True
        old_uids = {meta(rs).get("uid") for rs in olds} - {None, meta(new).get("uid") if new else None}
        for pod in self.pods:
            ref = controller_ref(pod)
            if (
                ref is not None
                and ref.get("uid") in old_uids
                and status(pod).get("phase") not in ("Failed", "Succeeded")
            ):
                return True
        return False

    def cleanup(self, olds: list[KubeObject]) -> None:
        """``cleanupDeployment``: delete the oldest idle ReplicaSets beyond the history limit."""
        for rs in prunable(olds, self.spec.revision_history_limit):
            self.deleted.append(ObjectRef.of(rs, api_version="apps/v1", kind="ReplicaSet"))

    # --- status --------------------------------------------------------------------------------

    def deployment_status(self, all_rss: list[KubeObject | None], new: KubeObject | None) -> None:
        """``syncDeploymentStatus``: counters and Available only."""
        present = [rs for rs in all_rss if rs is not None]
        self.d["status"] = calculate_status(self.d, self.spec, present, new, self.now)

    def rollout_status(self, all_rss: list[KubeObject], new: KubeObject | None) -> None:
        """``syncRolloutStatus``: also the Progressing condition and ReplicaSet failures."""
        self.d["status"], self.requeue = rollout_status(self.d, self.spec, all_rss, new, self.now)

    # --- the pass ------------------------------------------------------------------------------

    def paused_conditions(self) -> None:
        if self.spec.progress_deadline is None:
            return
        condition = get_condition(self.status, "Progressing")
        if condition is not None and condition.get("reason") == "ProgressDeadlineExceeded":
            return
        paused_recorded = condition is not None and condition.get("reason") == "DeploymentPaused"
        if self.spec.paused and not paused_recorded:
            reason, message = "DeploymentPaused", "Deployment is paused"
        elif not self.spec.paused and paused_recorded:
            reason, message = "DeploymentResumed", "Deployment is resumed"
        else:
            return
        set_condition(self.status, new_condition("Progressing", "Unknown", reason, message, self.now))

    def is_scaling_event(self) -> bool:
        new, olds = self.new_and_old(create=False)
        for rs in [*olds, *([new] if new else [])]:
            desired = (meta(rs).get("annotations") or {}).get(DESIRED_REPLICAS, "")
            if replicas_of(rs) > 0 and desired.isdigit() and int(desired) != self.spec.replicas:
                return True
        return False

    def run(self) -> None:
        if meta(self.d).get("deletionTimestamp"):
            new, olds = self.new_and_old(create=False)
            return self.deployment_status([*olds, new], new)
        if spec(self.d).get("selector") == {}:
            message = "This deployment is selecting all pods. A non-empty selector is required."
            self.event("Warning", "SelectingAll", message)
            generation = int(meta(self.d).get("generation") or 0)
            if int(self.status.get("observedGeneration") or 0) < generation:
                self.status["observedGeneration"] = generation
            return None
        self.paused_conditions()
        if self.spec.paused or self.is_scaling_event():
            new, olds = self.new_and_old(create=False)
            self.proportional_scale(new, olds)
            if self.spec.paused:
                self.cleanup(olds)
            return self.deployment_status([*olds, new], new)
        return self.recreate() if self.spec.recreate else self.rolling()

    def plan(self) -> RolloutPlan:
        try:
            self.run()
        except _Stop:
            pass
        actions = list(self.head)
        for rs in self.rss:
            if any(rs is created for created in self.created):
                actions.append(CreateReplicaSet(replica_set=rs))
                continue
            original = self.originals[meta(rs).get("uid")]
            if rs == original:
                continue
            if replicas_of(rs) != replicas_of(original):
                actions.append(
                    ScaleReplicaSet(replica_set=rs, old_replicas=replicas_of(original), new_replicas=replicas_of(rs))
                )
            else:
                actions.append(UpdateReplicaSet(replica_set=rs))
        actions.extend(DeleteReplicaSet(target=target) for target in self.deleted)
        actions.extend(self.events)
        original_annotations = meta(self.original).get("annotations") or {}
        if self.status != dict(status(self.original)) or meta(self.d).get("annotations", {}) != original_annotations:
            actions.append(UpdateDeploymentStatus(deployment=self.d))
        return RolloutPlan(actions=tuple(actions), status=self.status, requeue_after=self.requeue)


def plan_rollout(
    deployment: Mapping[str, Any],
    replica_sets: Iterable[Mapping[str, Any]],
    *,
    pods: Iterable[Mapping[str, Any]] = (),
    now: datetime,
) -> RolloutPlan:
    """One ``syncDeployment`` pass.

    Args:
        deployment: the Deployment as served.
        replica_sets: the ReplicaSets of its namespace (any owner; they are claimed here).
        pods: the pods of its namespace; only ``Recreate`` needs them (it waits for old pods).
        now: the current time (conditions' timestamps, the progress deadline).

    Returns:
        Adopt/Release, CreateReplicaSet, ScaleReplicaSet, UpdateReplicaSet, DeleteReplicaSet,
        RecordEvent and UpdateDeploymentStatus actions, in the order to perform them.
    """
    return _Sync(deployment, list(replica_sets), list(pods), now).plan()
