"""The DaemonSet controller's sync, as a pure function (``pkg/controller/daemon``).

``plan_daemon_set(ds, nodes, pods, revisions=..., now=...)`` does one ``syncDaemonSet``:

1. history: find the ControllerRevision whose data is the current template (create it as
   ``<ds>-<hash>`` with the next revision number if missing; renumber it if older ones exist);
   its ``controller-revision-hash`` labels the pods created now;
2. claim the namespace's pods and group them by target node (``spec.nodeName`` or, for pods not
   yet scheduled, the ``metadata.name`` matchField of their required node affinity);
3. ``manage``: for every node, ``NodeShouldRunDaemonPod`` — the template's ``nodeName``,
   ``nodeSelector``/required node affinity, and the node's NoSchedule/NoExecute taints against
   the template's tolerations *plus* the ones kube adds to every daemon pod (not-ready and
   unreachable NoExecute; disk-, memory-, pid-pressure and unschedulable NoSchedule;
   network-unavailable NoSchedule for host-network pods) — decides which pods to create and
   delete: a missing pod is created pinned to its node by a required node affinity on
   ``metadata.name`` (as kube does, leaving binding to the scheduler), failed or succeeded pods
   are deleted (a ``FailedDaemonPod`` warning for the former), extra pods beyond one (or one old
   plus one new while surging) are pruned, pods on nodes that no longer qualify are deleted
   unless they tolerate the node's NoExecute taints;
4. if ``manage`` changed nothing and the strategy is RollingUpdate, replace out-of-date pods
   within ``maxUnavailable`` (rounded *up* for DaemonSets) or ``maxSurge``;
5. prune old revisions beyond ``revisionHistoryLimit`` that no pod uses;
6. the status ``kubectl rollout status ds`` reads.

Node readiness is not consulted: the node lifecycle controller expresses it as taints, which
daemon pods tolerate. kube's back-off before re-deleting failed pods is left to the shell.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import hashing
from kubeedge.apiserver.controllers._deployment import scaled_value
from kubeedge.apiserver.controllers._objects import (
    EMPTY,
    Adopt,
    CreatePod,
    DeletePod,
    KubeObject,
    ObjectRef,
    RecordEvent,
    Release,
    claim,
    is_pod_available,
    is_pod_ready,
    is_pod_terminal,
    meta,
    new_controller_ref,
    parse_time,
    pod_from_template,
    spec,
    status,
)
from kubeedge.apiserver.controllers._placement import find_untolerated_taint, required_affinity_matches

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

__all__ = [
    "HASH_LABEL",
    "TEMPLATE_GENERATION_LABEL",
    "Adopt",
    "CreateControllerRevision",
    "CreatePod",
    "DaemonSetPlan",
    "DeleteControllerRevision",
    "DeletePod",
    "RecordEvent",
    "Release",
    "UpdateControllerRevision",
    "UpdateDaemonSetStatus",
    "daemon_pod_spec",
    "node_should_run_daemon_pod",
    "plan_daemon_set",
]

HASH_LABEL = "controller-revision-hash"
TEMPLATE_GENERATION_LABEL = "pod-template-generation"
TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation"
_DAEMON_TOLERATIONS = (
    ("node.kubernetes.io/not-ready", "NoExecute"),
    ("node.kubernetes.io/unreachable", "NoExecute"),
    ("node.kubernetes.io/disk-pressure", "NoSchedule"),
    ("node.kubernetes.io/memory-pressure", "NoSchedule"),
    ("node.kubernetes.io/pid-pressure", "NoSchedule"),
    ("node.kubernetes.io/unschedulable", "NoSchedule"),
)
_NETWORK_UNAVAILABLE = ("node.kubernetes.io/network-unavailable", "NoSchedule")


@dataclass(frozen=True, slots=True, kw_only=True)
class CreateControllerRevision:
    """POST ``revision`` (the snapshot of the current template)."""

    revision: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateControllerRevision:
    """PUT ``revision``: a returning template gets the newest revision number."""

    revision: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteControllerRevision:
    """DELETE an unused old revision beyond ``revisionHistoryLimit``."""

    target: ObjectRef


@dataclass(frozen=True, slots=True, kw_only=True)
class UpdateDaemonSetStatus:
    """PUT ``daemon_set`` (the observed object with its new status) to ``/status``."""

    daemon_set: KubeObject


@dataclass(frozen=True, slots=True, kw_only=True)
class DaemonSetPlan:
    """The pass's actions, the status computed, and when to look again (seconds)."""

    actions: tuple[Any, ...]
    status: KubeObject
    requeue_after: float | None = None


# --- which nodes ------------------------------------------------------------------------------


def daemon_pod_spec(pod_spec: Mapping[str, Any]) -> KubeObject:
    """The pod spec with the tolerations kube adds to every daemon pod
    (``AddOrUpdateDaemonPodTolerations``): an identical toleration is replaced, others kept.
    """
    result = copy.deepcopy(dict(pod_spec))
    tolerations = list(result.get("tolerations") or ())
    wanted = list(_DAEMON_TOLERATIONS)
    if result.get("hostNetwork"):
        wanted.append(_NETWORK_UNAVAILABLE)
    for key, effect in wanted:
        toleration = {"key": key, "operator": "Exists", "effect": effect}
        if not any(_same_toleration(existing, toleration) for existing in tolerations):
            tolerations.append(toleration)
    result["tolerations"] = tolerations
    return result


def _same_toleration(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    return all(
        (first.get(key) or "") == (second.get(key) or "") for key in ("key", "operator", "value", "effect")
    ) and (first.get("operator") or "Equal") == (second.get("operator") or "Equal")


def node_should_run_daemon_pod(node: Mapping[str, Any], ds: Mapping[str, Any]) -> tuple[bool, bool]:
    """``NodeShouldRunDaemonPod``: (should run a new pod, may keep a running one).

    A pod may keep running on a node whose NoSchedule taints it does not tolerate, as long as
    it tolerates the node's NoExecute taints.
    """
    pod_spec = daemon_pod_spec(spec(spec(ds).get("template")))
    node_name = meta(node).get("name", "")
    if pod_spec.get("nodeName") not in (None, "", node_name):
        return False, False
    if not required_affinity_matches(pod_spec, node):
        return False, False
    taints = spec(node).get("taints") or ()
    tolerations = pod_spec.get("tolerations") or ()
    if find_untolerated_taint(taints, tolerations, ("NoSchedule", "NoExecute")) is None:
        return True, True
    return False, find_untolerated_taint(taints, tolerations, ("NoExecute",)) is None


def _target_node(pod: Mapping[str, Any]) -> str | None:
    """``util.GetTargetNodeName``: the bound node, else the pinned one in the node affinity."""
    if spec(pod).get("nodeName"):
        return str(spec(pod)["nodeName"])
    affinity = (spec(pod).get("affinity") or EMPTY).get("nodeAffinity") or EMPTY
    required = affinity.get("requiredDuringSchedulingIgnoredDuringExecution") or EMPTY
    for term in required.get("nodeSelectorTerms") or ():
        for field in term.get("matchFields") or ():
            if field.get("key") == "metadata.name" and field.get("operator") == "In":
                values: list[str] = list(field.get("values") or [])
                return values[0] if len(values) == 1 else None
    return None


def _pin(affinity: Mapping[str, Any] | None, node_name: str) -> KubeObject:
    """``ReplaceDaemonSetPodNodeNameNodeAffinity``: required terms become one pin to the node."""
    result = copy.deepcopy(dict(affinity or {}))
    node_affinity = result.setdefault("nodeAffinity", {})
    required = node_affinity.setdefault("requiredDuringSchedulingIgnoredDuringExecution", {})
    pin = {"key": "metadata.name", "operator": "In", "values": [node_name]}
    required["nodeSelectorTerms"] = [{"matchFields": [pin]}]
    return result


def _age(pod: Mapping[str, Any]) -> tuple[bool, Any, str]:
    """``podByCreationTimestampAndPhase``: scheduled first, then oldest, then by name."""
    created = parse_time(meta(pod).get("creationTimestamp"))
    return not spec(pod).get("nodeName"), created.timestamp() if created else 0.0, meta(pod).get("name", "")


# --- the sync ---------------------------------------------------------------------------------


class _Sync:
    def __init__(self, ds: Mapping[str, Any], nodes: list[Mapping[str, Any]], now: datetime) -> None:
        self.ds = ds
        self.nodes = sorted(nodes, key=lambda node: meta(node).get("name", ""))
        self.now = now
        self.ref = ObjectRef.of(ds, api_version="apps/v1", kind="DaemonSet")
        self.owner_ref = new_controller_ref(ds, api_version="apps/v1", kind="DaemonSet")
        self.min_ready = int(spec(ds).get("minReadySeconds") or 0)
        self.generation = (meta(ds).get("annotations") or EMPTY).get(TEMPLATE_GENERATION_ANNOTATION)
        self.actions: list[Any] = []
        self.collision_count = status(ds).get("collisionCount")
        self.hash = ""
        self.should_run = {meta(n).get("name", ""): node_should_run_daemon_pod(n, ds) for n in self.nodes}

    # --- history -------------------------------------------------------------------------------

    def revision_data(self) -> KubeObject:
        template = copy.deepcopy(dict(spec(self.ds).get("template") or {}))
        template["$patch"] = "replace"
        return {"spec": {"template": template}}

    def history(self, revisions: list[Mapping[str, Any]]) -> list[Mapping[str, Any]] | None:
        """``constructHistory``; returns the old revisions, or None after a name collision."""
        claimed = claim(
            self.ds,
            spec(self.ds).get("selector"),
            revisions,
            owner_ref=self.owner_ref,
            target_kind="ControllerRevision",
            target_api_version="apps/v1",
        )
        self.actions += [*claimed.adopt, *claimed.release]
        data = self.revision_data()
        current = [r for r in claimed.owned if r.get("data") == data]
        old = [r for r in claimed.owned if r.get("data") != data]
        next_number = max((int(r.get("revision") or 0) for r in old), default=0) + 1
        if current:
            current.sort(key=lambda r: int(r.get("revision") or 0))
            keep = current[-1]
            for duplicate in current[:-1]:
                self.actions.append(DeleteControllerRevision(target=self._revision_ref(duplicate)))
            if int(keep.get("revision") or 0) < next_number:
                self.actions.append(UpdateControllerRevision(revision={**keep, "revision": next_number}))
            self.hash = (meta(keep).get("labels") or EMPTY).get(HASH_LABEL) or meta(keep).get("name", "")
            return old
        self.hash = hashing.compute_hash(spec(self.ds).get("template") or {}, self.collision_count)
        name = f"{meta(self.ds).get('name', '')}-{self.hash}"
        taken = next((r for r in revisions if meta(r).get("name") == name), None)
        if taken is not None:
            if taken.get("data") == data:
                return old
            self.collision_count = int(self.collision_count or 0) + 1
            return None
        template_labels = (spec(self.ds).get("template") or EMPTY).get("metadata", {}).get("labels") or {}
        revision_meta: KubeObject = {
            "name": name,
            "namespace": meta(self.ds).get("namespace", ""),
            "labels": {**template_labels, HASH_LABEL: self.hash},
            "ownerReferences": [dict(self.owner_ref)],
        }
        if meta(self.ds).get("annotations"):
            revision_meta["annotations"] = dict(meta(self.ds)["annotations"])
        self.actions.append(
            CreateControllerRevision(
                revision={
                    "apiVersion": "apps/v1",
                    "kind": "ControllerRevision",
                    "metadata": revision_meta,
                    "data": data,
                    "revision": next_number,
                }
            )
        )
        return old

    def _revision_ref(self, revision: Mapping[str, Any]) -> ObjectRef:
        return ObjectRef.of(revision, api_version="apps/v1", kind="ControllerRevision")

    def cleanup_history(self, old: list[Mapping[str, Any]], pods: Iterable[Mapping[str, Any]]) -> None:
        limit = spec(self.ds).get("revisionHistoryLimit", 10)
        excess = len(old) - int(10 if limit is None else limit)
        live = {(meta(pod).get("labels") or EMPTY).get(HASH_LABEL) for pod in pods}
        for revision in sorted(old, key=lambda r: int(r.get("revision") or 0)):
            if excess <= 0:
                break
            if (meta(revision).get("labels") or EMPTY).get(HASH_LABEL) in live:
                continue
            self.actions.append(DeleteControllerRevision(target=self._revision_ref(revision)))
            excess -= 1

    # --- pods ----------------------------------------------------------------------------------

    def is_updated(self, pod: Mapping[str, Any]) -> bool:
        """``util.IsPodUpdated``: the revision hash matches, or the template generation does."""
        labels = meta(pod).get("labels") or EMPTY
        return (bool(self.hash) and labels.get(HASH_LABEL) == self.hash) or (
            self.generation is not None and labels.get(TEMPLATE_GENERATION_LABEL) == self.generation
        )

    def available(self, pod: Mapping[str, Any]) -> bool:
        return is_pod_available(pod, self.min_ready, self.now)

    def new_pod(self, node_name: str) -> KubeObject:
        """``CreatePodTemplate`` plus the node pin, then ``GetPodFromTemplate``."""
        template = copy.deepcopy(dict(spec(self.ds).get("template") or {}))
        template_meta = template.setdefault("metadata", {})
        labels = dict(template_meta.get("labels") or {})
        if self.generation is not None:
            labels[TEMPLATE_GENERATION_LABEL] = self.generation
        labels[HASH_LABEL] = self.hash
        template_meta["labels"] = labels
        pod_spec = daemon_pod_spec(template.get("spec") or {})
        pod_spec["affinity"] = _pin(pod_spec.get("affinity"), node_name)
        template["spec"] = pod_spec
        return pod_from_template(template, owner=self.ds, owner_ref=self.owner_ref)

    def delete(self, pod: Mapping[str, Any]) -> None:
        self.actions.append(DeletePod(target=ObjectRef.of(pod, api_version="v1", kind="Pod")))

    def create(self, node_name: str) -> None:
        self.actions.append(CreatePod(pod=self.new_pod(node_name)))

    def manage(self, by_node: Mapping[str, list[Mapping[str, Any]]], surge: bool) -> bool:
        """``manage`` with ``podsShouldBeOnNode``; returns whether any pod was created/deleted."""
        before = len(self.actions)
        for node in self.nodes:
            name = meta(node).get("name", "")
            should_run, may_continue = self.should_run[name]
            pods = by_node.get(name, [])
            if should_run and not pods:
                self.create(name)
            elif may_continue:
                self.prune(name, pods, should_run, surge)
            elif pods:
                for pod in pods:
                    if not meta(pod).get("deletionTimestamp"):
                        self.delete(pod)
        known = {meta(node).get("name", "") for node in self.nodes}
        for name, pods in by_node.items():
            if name not in known:
                for pod in pods:
                    if not spec(pod).get("nodeName"):
                        self.delete(pod)  # pinned to a node that is gone: never scheduled
        return len(self.actions) > before

    def prune(self, node_name: str, pods: list[Mapping[str, Any]], should_run: bool, surge: bool) -> None:
        running = []
        for pod in pods:
            if meta(pod).get("deletionTimestamp"):
                continue
            phase = status(pod).get("phase")
            if phase == "Failed":
                message = (
                    f"Found failed daemon pod {meta(pod).get('namespace')}/{meta(pod).get('name')} "
                    f"on node {node_name}, will try to kill it"
                )
                self.actions.append(
                    RecordEvent(regarding=self.ref, type="Warning", reason="FailedDaemonPod", message=message)
                )
                self.delete(pod)
            elif phase == "Succeeded":
                self.delete(pod)
            else:
                running.append(pod)
        running.sort(key=_age)
        if not surge:
            for pod in running[1:]:
                self.delete(pod)  # keep the oldest
            return
        if not running:
            if should_run:
                self.create(node_name)
            return
        oldest_new = oldest_old = None
        for pod in running:
            if self.is_updated(pod) and oldest_new is None:
                oldest_new = pod
            elif not self.is_updated(pod) and oldest_old is None:
                oldest_old = pod
            else:
                self.delete(pod)
        # Two pods only while the old one is ready and the new one is not yet available.
        if (
            oldest_new is not None
            and oldest_old is not None
            and (not is_pod_ready(oldest_old) or self.available(oldest_new))
        ):
            self.delete(oldest_old)

    # --- rolling update ------------------------------------------------------------------------

    def budget(self) -> tuple[int, int, int]:
        """``updatedDesiredNodeCounts``: (maxSurge, maxUnavailable, desiredNumberScheduled)."""
        desired = sum(1 for should_run, _ in self.should_run.values() if should_run)
        strategy = spec(self.ds).get("updateStrategy") or EMPTY
        surge = unavailable = 0
        rolling = strategy.get("rollingUpdate")
        if _is_rolling(self.ds) and rolling is not None:
            unavailable = scaled_value(rolling.get("maxUnavailable"), desired, round_up=True)
            surge = scaled_value(rolling.get("maxSurge"), desired, round_up=True)
        if desired > 0 and surge == 0 and unavailable == 0:
            unavailable = 1
        return surge, unavailable, desired

    def split(self, pods: list[Mapping[str, Any]]) -> tuple[Any, Any, bool]:
        """``findUpdatedPodsOnNode``: (new, old, at most one of each)."""
        new = old = None
        for pod in pods:
            if meta(pod).get("deletionTimestamp"):
                continue
            if self.is_updated(pod):
                if new is not None:
                    return None, None, False
                new = pod
            else:
                if old is not None:
                    return None, None, False
                old = pod
        return new, old, True

    def rolling_update(self, by_node: Mapping[str, list[Mapping[str, Any]]]) -> None:
        surge, unavailable, desired = self.budget()
        nodes = sorted(set(by_node) | {name for name, (run, _) in self.should_run.items() if run})
        if surge == 0:
            counted, replace, candidates = 0, [], []
            for name in nodes:
                new, old, ok = self.split(by_node.get(name, []))
                if not ok or (new is None) == (old is None):
                    counted += 1  # manage handles it; treat as unavailable
                elif new is not None:
                    counted += 0 if self.available(new) else 1
                elif not self.available(old):
                    replace.append(old)
                    counted += 1
                elif counted < unavailable:
                    candidates.append(old)
            room = min(max(unavailable - counted, 0), len(candidates))
            for pod in [*replace, *candidates[:room]]:
                self.delete(pod)
            return
        counted = available = 0
        grow, candidates, doomed, leaving = [], [], [], []
        for name in nodes:
            new, old, ok = self.split(by_node.get(name, []))
            if not ok:
                counted += 1
                continue
            current = old if old is not None else new
            if current is not None and self.available(current):
                available += 1
            if old is None:
                continue
            runs = self.should_run.get(name, (False, False))[0]
            if new is None:
                if not self.available(old) and runs:
                    grow.append(name)  # an unavailable old pod is replaced at once
                elif not self.available(old):
                    doomed.append(old)
                elif not runs:
                    leaving.append(old)
                elif counted < surge:
                    candidates.append(name)
            elif not self.available(new):
                counted += 1
            else:
                doomed.append(old)
        # With surge the owner expects full availability: leave a node only once others can serve.
        spare = min(max(available - desired, 0), len(leaving))
        doomed += [pod for pod in leaving[:spare] if not meta(pod).get("deletionTimestamp")]
        room = min(max(surge - counted, 0), len(candidates))
        for pod in doomed:
            self.delete(pod)
        for name in [*grow, *candidates[:room]]:
            self.create(name)

    # --- status --------------------------------------------------------------------------------

    def status(self, by_node: Mapping[str, list[Mapping[str, Any]]]) -> KubeObject:
        desired = current = misscheduled = ready = updated = available = 0
        for name, (should_run, _) in self.should_run.items():
            pods = sorted(by_node.get(name, []), key=_age)
            if not should_run:
                misscheduled += 1 if pods else 0
                continue
            desired += 1
            if not pods:
                continue
            current += 1
            if is_pod_ready(pods[0]):
                ready += 1
                available += 1 if self.available(pods[0]) else 0
            updated += 1 if self.is_updated(pods[0]) else 0
        new_status: KubeObject = {
            "currentNumberScheduled": current,
            "numberMisscheduled": misscheduled,
            "desiredNumberScheduled": desired,
            "numberReady": ready,
        }
        optional = {
            "observedGeneration": int(meta(self.ds).get("generation") or 0),
            "updatedNumberScheduled": updated,
            "numberAvailable": available,
            "numberUnavailable": desired - available,
        }
        new_status.update({key: value for key, value in optional.items() if value})
        if self.collision_count is not None:
            new_status["collisionCount"] = self.collision_count
        if status(self.ds).get("conditions"):
            new_status["conditions"] = status(self.ds)["conditions"]
        return new_status


def plan_daemon_set(
    ds: Mapping[str, Any],
    nodes: Iterable[Mapping[str, Any]],
    pods: Iterable[Mapping[str, Any]],
    *,
    revisions: Iterable[Mapping[str, Any]] = (),
    now: datetime,
) -> DaemonSetPlan:
    """One ``syncDaemonSet`` pass.

    Args:
        ds: the DaemonSet as served (its ``deprecated.daemonset.template.generation``
            annotation, set by the API on create and template change, labels pods too).
        nodes: every node.
        pods: the pods of its namespace (any owner; they are claimed here).
        revisions: the ControllerRevisions of its namespace.
        now: the current time (availability with ``minReadySeconds``).

    Returns:
        Revision, Adopt/Release, CreatePod/DeletePod, RecordEvent and UpdateDaemonSetStatus
        actions, in the order to perform them.
    """
    if meta(ds).get("deletionTimestamp"):
        return DaemonSetPlan(actions=(), status=dict(status(ds)))
    sync = _Sync(ds, list(nodes), now)
    old = sync.history(list(revisions))
    owner_ref = sync.owner_ref
    claimed = claim(ds, spec(ds).get("selector"), pods, owner_ref=owner_ref, target_kind="Pod", target_api_version="v1")
    sync.actions += [*claimed.adopt, *claimed.release]
    by_node: dict[str, list[Mapping[str, Any]]] = {}
    for pod in claimed.owned:
        if is_pod_terminal(pod) and meta(pod).get("deletionTimestamp"):
            continue
        by_node.setdefault(_target_node(pod) or "", []).append(pod)
    if old is not None:  # None: a revision name collision, retried with the bumped count
        surge, _, _ = sync.budget()
        # kube's expectations hold the rolling update back until manage's writes are observed.
        if not sync.manage(by_node, surge > 0) and _is_rolling(ds):
            sync.rolling_update(by_node)
        sync.cleanup_history(old, claimed.owned)
    new_status = sync.status(by_node)
    if new_status != dict(status(ds)):
        sync.actions.append(UpdateDaemonSetStatus(daemon_set={**ds, "status": new_status}))
    # kube resyncs after minReadySeconds while some ready pods are not yet available.
    waiting = new_status["numberReady"] != new_status.get("numberAvailable", 0)
    requeue = float(sync.min_ready) if sync.min_ready and waiting else None
    return DaemonSetPlan(actions=tuple(sync.actions), status=new_status, requeue_after=requeue)


def _is_rolling(ds: Mapping[str, Any]) -> bool:
    return bool((spec(ds).get("updateStrategy") or EMPTY).get("type", "RollingUpdate") == "RollingUpdate")
