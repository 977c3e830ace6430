"""Deployment controller core: ReplicaSet creation, rolling/recreate steps, scaling, status.

The scenario tests run the Deployment and ReplicaSet planners against a tiny in-memory store
(apply the actions, let pods become ready, repeat) and judge the result the way
``kubectl rollout status`` does.
"""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.controllers import replicas, rollout
from kubeedge.apiserver.controllers._deployment import DeploymentSpec
from kubeedge.apiserver.controllers._objects import controller_ref, format_time, is_pod_ready

T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def kubectl_rollout_status(deployment: dict[str, Any]) -> tuple[str, bool]:
    """kubectl's DeploymentStatusViewer, verbatim in behaviour."""
    name = deployment["metadata"]["name"]
    st = deployment.get("status") or {}
    if deployment["metadata"].get("generation", 0) <= st.get("observedGeneration", 0):
        for cond in st.get("conditions") or ():
            if cond["type"] == "Progressing" and cond["reason"] == "ProgressDeadlineExceeded":
                raise AssertionError(f'deployment "{name}" exceeded its progress deadline')
        want = deployment["spec"].get("replicas", 1)
        updated, total, available = (st.get(k, 0) for k in ("updatedReplicas", "replicas", "availableReplicas"))
        if updated < want:
            return f"{updated} out of {want} new replicas have been updated", False
        if total > updated:
            return f"{total - updated} old replicas are pending termination", False
        if available < updated:
            return f"{available} of {updated} updated replicas are available", False
        return f'deployment "{name}" successfully rolled out', True
    return "Waiting for deployment spec update to be observed", False


class Store:
    """Just enough of an apiserver to apply the planners' actions."""

    def __init__(self) -> None:
        self.now = T0
        self.deployments: dict[str, dict[str, Any]] = {}
        self.rss: dict[str, dict[str, Any]] = {}
        self.pods: dict[str, dict[str, Any]] = {}
        self.events: list[rollout.RecordEvent] = []
        self._ids = itertools.count(1)

    def _stamp(self, obj: dict[str, Any]) -> dict[str, Any]:
        obj = copy.deepcopy(obj)
        meta = obj.setdefault("metadata", {})
        n = next(self._ids)
        if "generateName" in meta and "name" not in meta:
            meta["name"] = f"{meta['generateName']}{n:05d}"
        meta.setdefault("namespace", "default")
        meta["uid"] = f"uid-{n}"
        meta["creationTimestamp"] = format_time(self.now)
        meta["generation"] = 1
        return obj

    def add_deployment(self, replicas: int = 3, **spec: Any) -> dict[str, Any]:
        d = {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "metadata": {"name": "web"},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": {"app": "web"}},
                "template": {
                    "metadata": {"labels": {"app": "web"}},
                    "spec": {"containers": [{"name": "c", "image": "nginx:1"}]},
                },
                **spec,
            },
        }
        self.deployments["web"] = self._stamp(d)
        return self.deployments["web"]

    def edit(self, mutate: Any) -> None:
        d = self.deployments["web"]
        before = copy.deepcopy(d["spec"])
        mutate(d["spec"])
        if d["spec"] != before:
            d["metadata"]["generation"] += 1

    def apply(self, actions: tuple[Any, ...]) -> None:
        for a in actions:
            if isinstance(a, rollout.CreateReplicaSet):
                assert a.replica_set["metadata"]["name"] not in self.rss
                self.rss[a.replica_set["metadata"]["name"]] = self._stamp(a.replica_set)
            elif isinstance(a, rollout.ScaleReplicaSet | rollout.UpdateReplicaSet):
                name = a.replica_set["metadata"]["name"]
                old = self.rss[name]
                new = copy.deepcopy(a.replica_set)
                new["status"] = old.get("status", {})
                if new["spec"] != old["spec"]:
                    new["metadata"]["generation"] = old["metadata"]["generation"] + 1
                self.rss[name] = new
            elif isinstance(a, rollout.DeleteReplicaSet):
                del self.rss[a.target.name]
            elif isinstance(a, rollout.UpdateDeploymentStatus):
                d = self.deployments[a.deployment["metadata"]["name"]]
                d["status"] = copy.deepcopy(a.deployment["status"])
                d["metadata"]["annotations"] = copy.deepcopy(a.deployment["metadata"].get("annotations", {}))
            elif isinstance(a, replicas.CreatePod):
                pod = self._stamp(a.pod)
                pod["status"] = {"phase": "Pending"}
                self.pods[pod["metadata"]["name"]] = pod
            elif isinstance(a, replicas.DeletePod):
                del self.pods[a.target.name]
            elif isinstance(a, replicas.UpdateReplicaSetStatus):
                self.rss[a.replica_set["metadata"]["name"]]["status"] = a.replica_set["status"]
            elif isinstance(a, rollout.RecordEvent):
                self.events.append(a)
            else:  # pragma: no cover - the scenarios create no orphans
                raise AssertionError(a)

    def reconcile(self, rounds: int = 20) -> None:
        """Run both controllers until nothing changes."""
        for _ in range(rounds):
            changed = False
            for d in list(self.deployments.values()):
                planned = rollout.plan_rollout(d, self.rss.values(), pods=self.pods.values(), now=self.now)
                self.apply(planned.actions)
                changed |= bool(planned.actions)
            for rs in list(self.rss.values()):
                plan = replicas.plan_replica_set(rs, list(self.pods.values()), now=self.now)
                self.apply(plan.actions)
                changed |= bool(plan.actions)
            if not changed:
                return
        raise AssertionError("controllers did not settle")

    def make_ready(self, limit: int | None = None) -> int:
        """Start and ready pods (oldest first), like kubelets would."""
        self.now += timedelta(seconds=5)
        started = 0
        for pod in sorted(self.pods.values(), key=lambda p: p["metadata"]["name"]):
            if is_pod_ready(pod) or (limit is not None and started >= limit):
                continue
            pod["status"] = {
                "phase": "Running",
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": format_time(self.now)}],
            }
            started += 1
        return started

    def pods_of(self, rs_name: str) -> list[dict[str, Any]]:
        uid = self.rss[rs_name]["metadata"]["uid"]
        return [p for p in self.pods.values() if (controller_ref(p) or {}).get("uid") == uid]

    def status(self) -> dict[str, Any]:
        found: dict[str, Any] = self.deployments["web"].get("status", {})
        return found


def conditions(status: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {c["type"]: (c["status"], c["reason"]) for c in status.get("conditions", ())}


# --- the new ReplicaSet -----------------------------------------------------------------------


def test_first_sync_creates_the_new_replica_set_exactly_as_kube_does() -> None:
    store = Store()
    d = store.add_deployment(replicas=3)
    d["metadata"]["annotations"] = {
        "kubernetes.io/change-cause": "first",
        "deployment.kubernetes.io/revision": "9",
    }
    plan = rollout.plan_rollout(d, [], now=T0)
    creates = [a for a in plan.actions if isinstance(a, rollout.CreateReplicaSet)]
    assert len(creates) == 1
    rs = creates[0].replica_set
    h = rollout.pod_template_hash(d)
    assert rs["metadata"]["name"] == f"web-{h}"
    assert rs["metadata"]["labels"] == {"app": "web", "pod-template-hash": h}
    assert rs["spec"]["selector"] == {"matchLabels": {"app": "web", "pod-template-hash": h}}
    assert rs["spec"]["template"]["metadata"]["labels"] == {"app": "web", "pod-template-hash": h}
    assert rs["spec"]["replicas"] == 3  # surge 1 allows 4 pods, capped at the 3 wanted
    assert rs["metadata"]["annotations"] == {
        "kubernetes.io/change-cause": "first",
        "deployment.kubernetes.io/revision": "1",
        "deployment.kubernetes.io/desired-replicas": "3",
        "deployment.kubernetes.io/max-replicas": "4",
    }
    assert rs["metadata"]["ownerReferences"] == [
        {
            "apiVersion": "apps/v1",
            "kind": "Deployment",
            "name": "web",
            "uid": d["metadata"]["uid"],
            "controller": True,
            "blockOwnerDeletion": True,
        }
    ]
    update = next(a for a in plan.actions if isinstance(a, rollout.UpdateDeploymentStatus))
    assert update.deployment["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "1"
    st = update.deployment["status"]
    assert st["observedGeneration"] == 1
    assert "replicas" not in st  # omitempty: nothing exists yet
    assert st["conditions"] == [
        {
            "type": "Progressing",
            "status": "True",
            "lastUpdateTime": "2024-05-01T12:00:00Z",
            "lastTransitionTime": "2024-05-01T12:00:00Z",
            "reason": "NewReplicaSetCreated",
            "message": f'Created new replica set "web-{h}"',
        },
        {
            "type": "Available",
            "status": "False",
            "lastUpdateTime": "2024-05-01T12:00:00Z",
            "lastTransitionTime": "2024-05-01T12:00:00Z",
            "reason": "MinimumReplicasUnavailable",
            "message": "Deployment does not have minimum availability.",
        },
    ]
    events = [a for a in plan.actions if isinstance(a, rollout.RecordEvent)]
    assert [(e.reason, e.message) for e in events] == [
        ("ScalingReplicaSet", f"Scaled up replica set web-{h} from 0 to 3")
    ]


def test_fresh_deployment_rolls_out_to_complete_status() -> None:
    store = Store()
    store.add_deployment(replicas=3)
    store.reconcile()
    assert kubectl_rollout_status(store.deployments["web"])[1] is False
    store.make_ready()
    store.reconcile()
    st = store.status()
    assert kubectl_rollout_status(store.deployments["web"]) == (
        'deployment "web" successfully rolled out',
        True,
    )
    assert {k: st[k] for k in ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas")} == dict.fromkeys(
        ("replicas", "updatedReplicas", "readyReplicas", "availableReplicas"), 3
    )
    assert "unavailableReplicas" not in st
    assert conditions(st) == {
        "Available": ("True", "MinimumReplicasAvailable"),
        "Progressing": ("True", "NewReplicaSetAvailable"),
    }
    assert [c["type"] for c in st["conditions"]] == ["Available", "Progressing"]  # kube's order
    progressing = next(c for c in st["conditions"] if c["type"] == "Progressing")
    rs_name = f"web-{rollout.pod_template_hash(store.deployments['web'])}"
    assert progressing["message"] == f'ReplicaSet "{rs_name}" has successfully progressed.'


def rolled_template(spec: dict[str, Any], image: str = "nginx:2") -> None:
    spec["template"]["spec"]["containers"][0]["image"] = image


@pytest.mark.parametrize(
    ("replicas_wanted", "strategy", "max_pods", "min_available"),
    [
        (3, {}, 4, 3),  # defaults 25%/25%: surge ceil(0.75)=1, unavailable floor(0.75)=0
        (4, {"maxSurge": 0, "maxUnavailable": 1}, 4, 3),
        (5, {"maxSurge": "40%", "maxUnavailable": "40%"}, 7, 3),
        (2, {"maxSurge": "0%", "maxUnavailable": "10%"}, 2, 1),  # both round to 0: unavailable 1
    ],
)
def test_rolling_update_proceeds_within_surge_and_unavailability_to_completion(
    replicas_wanted: int, strategy: dict[str, Any], max_pods: int, min_available: int
) -> None:
    store = Store()
    spec: dict[str, Any] = {}
    if strategy:
        spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": strategy}
    store.add_deployment(replicas=replicas_wanted, **spec)
    store.reconcile()
    store.make_ready()
    store.reconcile()
    old_rs = next(iter(store.rss))
    store.edit(rolled_template)
    steps = 0
    while not kubectl_rollout_status(store.deployments["web"])[1]:
        store.reconcile()
        assert len(store.pods) <= max_pods
        ready = sum(1 for p in store.pods.values() if is_pod_ready(p))
        assert ready >= min_available
        store.make_ready(limit=1)  # one kubelet step at a time
        store.reconcile()
        steps += 1
        assert steps < 50
    assert steps >= 1
    new_rs = next(name for name in store.rss if name != old_rs)
    assert store.rss[old_rs]["spec"]["replicas"] == 0
    assert len(store.pods_of(new_rs)) == replicas_wanted
    assert store.rss[new_rs]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert store.deployments["web"]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    assert conditions(store.status())["Progressing"] == ("True", "NewReplicaSetAvailable")


def test_rolling_update_first_step_scales_new_up_by_surge_only() -> None:
    store = Store()
    store.add_deployment(replicas=3)
    store.reconcile()
    store.make_ready()
    store.reconcile()
    store.edit(rolled_template)
    d = store.deployments["web"]
    plan = rollout.plan_rollout(d, store.rss.values(), now=store.now)
    created = [a.replica_set for a in plan.actions if isinstance(a, rollout.CreateReplicaSet)]
    assert [rs["spec"]["replicas"] for rs in created] == [1]
    assert not any(isinstance(a, rollout.ScaleReplicaSet) for a in plan.actions)
    st = plan.status
    assert st["observedGeneration"] == 2
    assert st["replicas"] == 3
    assert "updatedReplicas" not in st
    assert conditions(st)["Progressing"] == ("True", "NewReplicaSetCreated")


def test_scale_up_during_rollout_is_proportional() -> None:
    store = Store()
    store.add_deployment(
        replicas=10, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 3, "maxUnavailable": 2}}
    )
    store.reconcile()
    store.make_ready()
    store.reconcile()
    store.edit(rolled_template)
    store.reconcile()
    sizes = {name: rs["spec"]["replicas"] for name, rs in store.rss.items()}
    # new +3 (surge), old -2 (unavailable), then new +2 more into the freed surge room
    assert sorted(sizes.values()) == [5, 8]
    store.edit(lambda s: s.update(replicas=20))
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    scales = {
        a.replica_set["metadata"]["name"]: (a.old_replicas, a.new_replicas)
        for a in plan.actions
        if isinstance(a, rollout.ScaleReplicaSet)
    }
    # 13 -> 23 allowed: +10 split by size against the 13 annotated before: old 8->14, new 5->9.
    assert sorted(scales.values()) == [(5, 9), (8, 14)]
    old_name = min(sizes, key=lambda n: store.rss[n]["metadata"]["creationTimestamp"] + n)
    assert scales[old_name][1] > scales[old_name][0]
    for a in plan.actions:
        if isinstance(a, rollout.ScaleReplicaSet):
            assert a.replica_set["metadata"]["annotations"]["deployment.kubernetes.io/desired-replicas"] == "20"
            assert a.replica_set["metadata"]["annotations"]["deployment.kubernetes.io/max-replicas"] == "23"
    store.apply(plan.actions)
    for _ in range(30):
        store.reconcile()
        store.make_ready()
        store.reconcile()
        if kubectl_rollout_status(store.deployments["web"])[1]:
            break
    assert kubectl_rollout_status(store.deployments["web"])[1]
    assert len(store.pods) == 20


def test_scale_down_of_a_settled_deployment_only_resizes_the_replica_set() -> None:
    store = Store()
    store.add_deployment(replicas=3)
    store.reconcile()
    store.make_ready()
    store.reconcile()
    store.edit(lambda s: s.update(replicas=1))
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    scales = [a for a in plan.actions if isinstance(a, rollout.ScaleReplicaSet)]
    assert [(a.old_replicas, a.new_replicas) for a in scales] == [(3, 1)]
    events = [a.message for a in plan.actions if isinstance(a, rollout.RecordEvent)]
    assert events == [f"Scaled down replica set {scales[0].replica_set['metadata']['name']} from 3 to 1"]
    store.apply(plan.actions)
    store.reconcile()
    assert len(store.pods) == 1
    assert kubectl_rollout_status(store.deployments["web"])[1]


def test_recreate_scales_old_down_waits_for_pods_then_creates_new() -> None:
    store = Store()
    store.add_deployment(replicas=2, strategy={"type": "Recreate"})
    store.reconcile()
    store.make_ready()
    store.reconcile()
    store.edit(rolled_template)
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), pods=store.pods.values(), now=store.now)
    assert [(a.old_replicas, a.new_replicas) for a in plan.actions if isinstance(a, rollout.ScaleReplicaSet)] == [
        (2, 0)
    ]
    assert not any(isinstance(a, rollout.CreateReplicaSet) for a in plan.actions)
    store.apply(plan.actions)
    # Old pods still exist (terminating): no new ReplicaSet yet.
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), pods=store.pods.values(), now=store.now)
    assert not any(isinstance(a, rollout.CreateReplicaSet) for a in plan.actions)
    store.reconcile()
    assert len(store.rss) == 2
    new = [rs for rs in store.rss.values() if rs["spec"]["replicas"] == 2]
    assert len(new) == 1
    assert new[0]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "2"
    store.make_ready()
    store.reconcile()
    assert kubectl_rollout_status(store.deployments["web"])[1]


def test_paused_deployment_does_not_roll_and_reports_paused() -> None:
    store = Store()
    store.add_deployment(replicas=2)
    store.reconcile()
    store.make_ready()
    store.reconcile()
    store.edit(lambda s: s.update(paused=True))
    store.edit(rolled_template)
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    assert not any(isinstance(a, rollout.CreateReplicaSet) for a in plan.actions)
    assert conditions(plan.status)["Progressing"] == ("Unknown", "DeploymentPaused")
    store.apply(plan.actions)
    store.edit(lambda s: s.update(paused=False))
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    assert any(isinstance(a, rollout.CreateReplicaSet) for a in plan.actions)
    assert conditions(plan.status)["Progressing"] == ("True", "NewReplicaSetCreated")


def test_old_replica_sets_beyond_history_limit_are_deleted_oldest_revision_first() -> None:
    store = Store()
    store.add_deployment(replicas=1, revisionHistoryLimit=1)
    for image in ("nginx:2", "nginx:3", "nginx:4"):
        store.reconcile()
        store.make_ready()
        store.reconcile()
        store.edit(lambda s, image=image: rolled_template(s, image))
    store.reconcile()
    store.make_ready()
    store.reconcile()
    revisions = sorted(
        int(rs["metadata"]["annotations"]["deployment.kubernetes.io/revision"]) for rs in store.rss.values()
    )
    assert revisions == [3, 4]


def test_progress_deadline_exceeded_when_nothing_becomes_ready() -> None:
    store = Store()
    store.add_deployment(replicas=1, progressDeadlineSeconds=30)
    store.reconcile()
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    assert plan.requeue_after == pytest.approx(31.0)
    store.now += timedelta(seconds=31)
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    progressing = next(c for c in plan.status["conditions"] if c["type"] == "Progressing")
    assert (progressing["status"], progressing["reason"]) == ("False", "ProgressDeadlineExceeded")
    assert progressing["message"].endswith('" has timed out progressing.')
    assert progressing["message"].startswith('ReplicaSet "web-')


def test_hash_collision_bumps_collision_count_and_creates_nothing() -> None:
    store = Store()
    d = store.add_deployment(replicas=1)
    squatter: dict[str, Any] = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": f"web-{rollout.pod_template_hash(d)}", "namespace": "default", "uid": "other"},
        "spec": {
            "replicas": 0,
            "selector": {"matchLabels": {"x": "y"}},
            "template": {"metadata": {"labels": {"x": "y"}}},
        },
    }
    plan = rollout.plan_rollout(d, [squatter], now=T0)
    assert not any(isinstance(a, rollout.CreateReplicaSet) for a in plan.actions)
    assert plan.status["collisionCount"] == 1
    d["status"] = plan.status
    assert rollout.pod_template_hash(d) != squatter["metadata"]["name"][4:]


def test_orphan_replica_set_matching_the_selector_is_adopted() -> None:
    store = Store()
    d = store.add_deployment(replicas=1)
    orphan = {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": "stray", "namespace": "default", "uid": "orphan-uid", "labels": {"app": "web"}},
        "spec": {
            "replicas": 1,
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}}},
        },
    }
    plan = rollout.plan_rollout(d, [orphan], now=T0)
    adopts = [a for a in plan.actions if isinstance(a, rollout.Adopt)]
    assert [a.target.name for a in adopts] == ["stray"]
    assert adopts[0].owner_reference["uid"] == d["metadata"]["uid"]


def roll_to_completion(store: Store) -> None:
    for _ in range(40):
        store.reconcile()
        if kubectl_rollout_status(store.deployments["web"])[1]:
            return
        store.make_ready()
        store.reconcile()
    raise AssertionError("rollout did not complete")


def test_rollback_reuses_the_old_replica_set_and_records_its_revision_history() -> None:
    store = Store()
    store.add_deployment(replicas=2)
    roll_to_completion(store)
    first = next(iter(store.rss))
    store.edit(rolled_template)
    roll_to_completion(store)
    store.edit(lambda s: rolled_template(s, "nginx:1"))  # what `kubectl rollout undo` does
    roll_to_completion(store)
    assert len(store.rss) == 2
    annotations = store.rss[first]["metadata"]["annotations"]
    assert annotations["deployment.kubernetes.io/revision"] == "3"
    assert annotations["deployment.kubernetes.io/revision-history"] == "1"
    assert store.rss[first]["spec"]["replicas"] == 2
    assert store.deployments["web"]["metadata"]["annotations"]["deployment.kubernetes.io/revision"] == "3"


def test_unhealthy_old_replicas_are_scaled_away_first() -> None:
    store = Store()
    store.add_deployment(
        replicas=3, strategy={"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 0, "maxUnavailable": 1}}
    )
    store.reconcile()
    store.make_ready(limit=2)
    store.reconcile()
    old = next(iter(store.rss))
    stuck = next(p["metadata"]["name"] for p in store.pods.values() if not is_pod_ready(p))
    store.edit(rolled_template)
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    scaled = {
        a.replica_set["metadata"]["name"]: (a.old_replicas, a.new_replicas)
        for a in plan.actions
        if isinstance(a, rollout.ScaleReplicaSet)
    }
    assert scaled == {old: (3, 2)}
    store.apply(plan.actions)
    store.reconcile()
    assert stuck not in store.pods  # the ReplicaSet removed the pod that was not ready
    roll_to_completion(store)


def test_scaling_to_zero_mid_rollout_empties_every_replica_set() -> None:
    store = Store()
    store.add_deployment(replicas=4)
    roll_to_completion(store)
    store.edit(rolled_template)
    store.reconcile()
    assert len(store.rss) == 2
    store.edit(lambda s: s.update(replicas=0))
    store.reconcile()
    assert [rs["spec"]["replicas"] for rs in store.rss.values()] == [0, 0]
    assert store.pods == {}
    assert kubectl_rollout_status(store.deployments["web"])[1]


def test_min_ready_seconds_is_synced_to_the_new_replica_set_without_scaling() -> None:
    store = Store()
    store.add_deployment(replicas=1)
    roll_to_completion(store)
    store.edit(lambda s: s.update(minReadySeconds=5))
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    updates = [a.replica_set for a in plan.actions if isinstance(a, rollout.UpdateReplicaSet)]
    assert [rs["spec"]["minReadySeconds"] for rs in updates] == [5]
    assert not any(isinstance(a, rollout.ScaleReplicaSet) for a in plan.actions)


def test_a_deployment_being_deleted_only_refreshes_its_status() -> None:
    store = Store()
    store.add_deployment(replicas=2)
    roll_to_completion(store)
    d = store.deployments["web"]
    d["metadata"]["deletionTimestamp"] = format_time(store.now)
    d["spec"]["replicas"] = 5
    plan = rollout.plan_rollout(d, store.rss.values(), now=store.now)
    assert all(isinstance(a, rollout.UpdateDeploymentStatus) for a in plan.actions)


def test_an_empty_selector_is_refused_with_a_warning() -> None:
    store = Store()
    d = store.add_deployment(replicas=1)
    d["spec"]["selector"] = {}
    plan = rollout.plan_rollout(d, [], now=T0)
    events = [(a.type, a.reason) for a in plan.actions if isinstance(a, rollout.RecordEvent)]
    assert events == [("Warning", "SelectingAll")]
    assert plan.status == {"observedGeneration": 1}


def test_replica_failure_is_mirrored_and_no_deadline_means_no_progressing() -> None:
    store = Store()
    store.add_deployment(replicas=1, progressDeadlineSeconds=2**31 - 1)
    store.reconcile()
    rs = next(iter(store.rss.values()))
    rs["status"]["conditions"] = [
        {
            "type": "ReplicaFailure",
            "status": "True",
            "lastTransitionTime": "2024-05-01T12:00:00Z",
            "reason": "FailedCreate",
            "message": 'pods "web-x" is forbidden: exceeded quota',
        }
    ]
    plan = rollout.plan_rollout(store.deployments["web"], store.rss.values(), now=store.now)
    assert conditions(plan.status) == {
        "Available": ("False", "MinimumReplicasUnavailable"),
        "ReplicaFailure": ("True", "FailedCreate"),
    }


def test_an_existing_new_replica_set_is_reported_as_found() -> None:
    store = Store()
    store.add_deployment(replicas=1)
    roll_to_completion(store)
    d = store.deployments["web"]
    d["status"] = {}
    plan = rollout.plan_rollout(d, store.rss.values(), now=store.now)
    progressing = next(c for c in plan.status["conditions"] if c["type"] == "Progressing")
    # Found, then promptly complete: kube reports the completion on the same pass.
    assert (progressing["reason"], progressing["message"]) == (
        "NewReplicaSetAvailable",
        f'ReplicaSet "{next(iter(store.rss))}" has successfully progressed.',
    )


fencepost = st.one_of(st.integers(0, 3), st.sampled_from(["0%", "10%", "25%", "50%", "100%"]))


@settings(max_examples=25, deadline=None)
@given(replicas_wanted=st.integers(1, 6), surge=fencepost, unavailable=fencepost, steps=st.integers(1, 3))
def test_any_rolling_update_stays_within_its_fenceposts_and_completes(
    replicas_wanted: int, surge: int | str, unavailable: int | str, steps: int
) -> None:
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": surge, "maxUnavailable": unavailable}}
    store = Store()
    store.add_deployment(replicas=replicas_wanted, strategy=strategy)
    roll_to_completion(store)
    d_spec = DeploymentSpec.of(store.deployments["web"])
    assert d_spec.max_surge + d_spec.max_unavailable > 0
    assert d_spec.max_unavailable <= replicas_wanted
    store.edit(rolled_template)
    for _ in range(60):
        store.reconcile()
        assert len(store.pods) <= replicas_wanted + d_spec.max_surge
        assert sum(1 for p in store.pods.values() if is_pod_ready(p)) >= replicas_wanted - d_spec.max_unavailable
        if kubectl_rollout_status(store.deployments["web"])[1]:
            break
        store.make_ready(limit=steps)
    assert kubectl_rollout_status(store.deployments["web"])[1]
    assert {p["spec"]["containers"][0]["image"] for p in store.pods.values()} == {"nginx:2"}
