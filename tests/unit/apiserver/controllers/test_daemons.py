"""DaemonSet controller core: node selection, pod shape, pruning, rolling updates, history, status."""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kubeedge.apiserver.controllers import daemons
from kubeedge.apiserver.controllers._objects import format_time, is_pod_ready

T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
DS_UID = "ds-uid"


def node(
    name: str, *, taints: list[dict[str, Any]] | None = None, labels: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
        "spec": {"taints": taints} if taints else {},
    }


def daemon_set(**spec: Any) -> dict[str, Any]:
    template_spec = spec.pop("template_spec", {})
    return {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {
            "name": "agent",
            "namespace": "kube-system",
            "uid": DS_UID,
            "generation": 1,
            "annotations": {"deprecated.daemonset.template.generation": "1"},
        },
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"containers": [{"name": "a", "image": "agent:1"}], **template_spec},
            },
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
            },
            **spec,
        },
    }


def pinned_to(pod: dict[str, Any]) -> str:
    required = pod["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    name: str = required["nodeSelectorTerms"][0]["matchFields"][0]["values"][0]
    return name


class Cluster:
    def __init__(self, ds: dict[str, Any], nodes: list[dict[str, Any]]) -> None:
        self.ds = ds
        self.nodes = nodes
        self.pods: dict[str, dict[str, Any]] = {}
        self.revisions: dict[str, dict[str, Any]] = {}
        self.events: list[daemons.RecordEvent] = []
        self.now = T0
        self._ids = itertools.count(1)

    def plan(self) -> daemons.DaemonSetPlan:
        return daemons.plan_daemon_set(
            self.ds,
            self.nodes,
            list(self.pods.values()),
            revisions=list(self.revisions.values()),
            now=self.now,
        )

    def apply(self, plan: daemons.DaemonSetPlan) -> None:
        for a in plan.actions:
            if isinstance(a, daemons.CreatePod):
                p = copy.deepcopy(a.pod)
                n = next(self._ids)
                p["metadata"].update(name=f"{p['metadata']['generateName']}{n:03d}", uid=f"pod-{n}")
                p["metadata"]["creationTimestamp"] = format_time(self.now)
                p["spec"]["nodeName"] = pinned_to(p)  # the scheduler binds it where it is pinned
                p["status"] = {"phase": "Pending"}
                self.pods[p["metadata"]["name"]] = p
            elif isinstance(a, daemons.DeletePod):
                del self.pods[a.target.name]
            elif isinstance(a, daemons.CreateControllerRevision | daemons.UpdateControllerRevision):
                r = copy.deepcopy(a.revision)
                r["metadata"].setdefault("uid", f"rev-{next(self._ids)}")
                self.revisions[r["metadata"]["name"]] = r
            elif isinstance(a, daemons.DeleteControllerRevision):
                del self.revisions[a.target.name]
            elif isinstance(a, daemons.UpdateDaemonSetStatus):
                self.ds["status"] = a.daemon_set["status"]
            elif isinstance(a, daemons.RecordEvent):
                self.events.append(a)
            else:  # pragma: no cover
                raise AssertionError(a)

    def settle(self) -> None:
        for _ in range(20):
            plan = self.plan()
            if not plan.actions:
                return
            self.apply(plan)
        raise AssertionError("did not settle")

    def make_ready(self, limit: int | None = None) -> None:
        self.now += timedelta(seconds=5)
        started = 0
        for p in sorted(self.pods.values(), key=lambda p: p["metadata"]["name"]):
            if is_pod_ready(p) or (limit is not None and started >= limit):
                continue
            p["status"] = {
                "phase": "Running",
                "conditions": [{"type": "Ready", "status": "True", "lastTransitionTime": format_time(self.now)}],
            }
            started += 1

    def edit_template(self, image: str) -> None:
        self.ds["spec"]["template"]["spec"]["containers"][0]["image"] = image
        self.ds["metadata"]["generation"] += 1
        annotations = self.ds["metadata"]["annotations"]
        annotations["deprecated.daemonset.template.generation"] = str(
            int(annotations["deprecated.daemonset.template.generation"]) + 1
        )

    def by_node(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.pods.values():
            out.setdefault(p["spec"]["nodeName"], []).append(p["spec"]["containers"][0]["image"])
        return out


def kubectl_rollout_status_ds(ds: dict[str, Any]) -> bool:
    st = ds.get("status", {})
    if ds["metadata"]["generation"] > st.get("observedGeneration", 0):
        return False
    if st.get("updatedNumberScheduled", 0) < st["desiredNumberScheduled"]:
        return False
    return bool(st.get("numberAvailable", 0) >= st["desiredNumberScheduled"])


def test_three_nodes_one_tainted() -> None:
    nodes = [
        node("a"),
        node("b", taints=[{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]),
        node("c"),
    ]
    cluster = Cluster(daemon_set(), nodes)
    cluster.settle()
    assert sorted(cluster.by_node()) == ["a", "c"]
    p = next(iter(cluster.pods.values()))
    revision_hash = next(iter(cluster.revisions.values()))["metadata"]["labels"]["controller-revision-hash"]
    assert p["metadata"]["labels"] == {
        "app": "agent",
        "pod-template-generation": "1",
        "controller-revision-hash": revision_hash,
    }
    assert p["metadata"]["generateName"] == "agent-"
    assert p["metadata"]["ownerReferences"][0]["kind"] == "DaemonSet"
    assert p["spec"]["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"] == {
        "nodeSelectorTerms": [{"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["a"]}]}]
    }
    assert {(t["key"], t["effect"]) for t in p["spec"]["tolerations"]} == {
        ("node.kubernetes.io/not-ready", "NoExecute"),
        ("node.kubernetes.io/unreachable", "NoExecute"),
        ("node.kubernetes.io/disk-pressure", "NoSchedule"),
        ("node.kubernetes.io/memory-pressure", "NoSchedule"),
        ("node.kubernetes.io/pid-pressure", "NoSchedule"),
        ("node.kubernetes.io/unschedulable", "NoSchedule"),
    }
    assert all(t["operator"] == "Exists" for t in p["spec"]["tolerations"])
    cluster.make_ready()
    cluster.settle()
    assert cluster.ds["status"] == {
        "currentNumberScheduled": 2,
        "numberMisscheduled": 0,
        "desiredNumberScheduled": 2,
        "numberReady": 2,
        "observedGeneration": 1,
        "updatedNumberScheduled": 2,
        "numberAvailable": 2,
    }
    assert kubectl_rollout_status_ds(cluster.ds)


def test_tolerated_taints_and_unreachable_nodes() -> None:
    tolerate = [{"key": "dedicated", "operator": "Exists"}]
    nodes = [node("a", taints=[{"key": "dedicated", "value": "db", "effect": "NoSchedule"}]), node("b")]
    cluster = Cluster(daemon_set(template_spec={"tolerations": tolerate}), nodes)
    cluster.settle()
    assert sorted(cluster.by_node()) == ["a", "b"]
    # b goes unreachable: its pod stays (NoExecute is tolerated by default)...
    cluster.nodes[1]["spec"]["taints"] = [
        {"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"},
        {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute"},
    ]
    cluster.settle()
    assert sorted(cluster.by_node()) == ["a", "b"]
    # ...but a missing pod is not recreated there: unreachable:NoSchedule is not tolerated.
    cluster.pods = {k: v for k, v in cluster.pods.items() if v["spec"]["nodeName"] != "b"}
    cluster.settle()
    assert sorted(cluster.by_node()) == ["a"]
    assert cluster.ds["status"]["desiredNumberScheduled"] == 1


@pytest.mark.parametrize(
    ("taint", "kept"),
    [
        ({"key": "maintenance", "effect": "NoSchedule"}, True),  # running pods may stay
        ({"key": "maintenance", "effect": "NoExecute"}, False),
    ],
)
def test_taints_added_after_the_pod_runs(taint: dict[str, Any], kept: bool) -> None:
    cluster = Cluster(daemon_set(), [node("a")])
    cluster.settle()
    cluster.nodes[0]["spec"]["taints"] = [taint]
    cluster.settle()
    assert bool(cluster.pods) is kept
    assert cluster.ds["status"]["desiredNumberScheduled"] == 0
    assert cluster.ds["status"]["numberMisscheduled"] == (1 if kept else 0)


def test_node_selector_and_host_network() -> None:
    ds = daemon_set(template_spec={"nodeSelector": {"edge": "true"}, "hostNetwork": True})
    cluster = Cluster(ds, [node("a", labels={"edge": "true"}), node("b")])
    cluster.settle()
    assert list(cluster.by_node()) == ["a"]
    tolerations = next(iter(cluster.pods.values()))["spec"]["tolerations"]
    assert {
        "key": "node.kubernetes.io/network-unavailable",
        "operator": "Exists",
        "effect": "NoSchedule",
    } in tolerations
    cluster.nodes[0]["metadata"]["labels"]["edge"] = "false"
    cluster.settle()
    assert cluster.pods == {}


def test_failed_pods_are_replaced_and_duplicates_pruned() -> None:
    cluster = Cluster(daemon_set(), [node("a")])
    cluster.settle()
    first = next(iter(cluster.pods.values()))
    first["status"]["phase"] = "Failed"
    plan = cluster.plan()
    assert [a.target.name for a in plan.actions if isinstance(a, daemons.DeletePod)] == [first["metadata"]["name"]]
    event = next(a for a in plan.actions if isinstance(a, daemons.RecordEvent))
    assert (event.type, event.reason) == ("Warning", "FailedDaemonPod")
    assert (
        event.message
        == f"Found failed daemon pod kube-system/{first['metadata']['name']} on node a, will try to kill it"
    )
    cluster.apply(plan)
    cluster.settle()
    assert len(cluster.pods) == 1
    extra = copy.deepcopy(next(iter(cluster.pods.values())))
    extra["metadata"].update(name="agent-dup", uid="dup", creationTimestamp=format_time(T0 + timedelta(hours=1)))
    cluster.pods["agent-dup"] = extra
    plan = cluster.plan()
    assert [a.target.name for a in plan.actions if isinstance(a, daemons.DeletePod)] == ["agent-dup"]


def test_rolling_update_with_max_unavailable() -> None:
    cluster = Cluster(daemon_set(), [node("a"), node("b"), node("c")])
    cluster.settle()
    cluster.make_ready()
    cluster.settle()
    cluster.edit_template("agent:2")
    for _ in range(20):
        cluster.settle()
        unavailable = 3 - sum(1 for p in cluster.pods.values() if is_pod_ready(p))
        assert unavailable <= 1
        if kubectl_rollout_status_ds(cluster.ds):
            break
        cluster.make_ready()
    assert kubectl_rollout_status_ds(cluster.ds)
    assert cluster.by_node() == {"a": ["agent:2"], "b": ["agent:2"], "c": ["agent:2"]}


def test_surge_rolling_update_keeps_every_node_served() -> None:
    ds = daemon_set(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})
    cluster = Cluster(ds, [node("a"), node("b"), node("c")])
    cluster.settle()
    cluster.make_ready()
    cluster.settle()
    cluster.edit_template("agent:2")
    for _ in range(20):
        cluster.settle()
        served = {p["spec"]["nodeName"] for p in cluster.pods.values() if is_pod_ready(p)}
        assert served == {"a", "b", "c"}
        assert len(cluster.pods) <= 4
        if kubectl_rollout_status_ds(cluster.ds):
            break
        cluster.make_ready(limit=1)
    assert kubectl_rollout_status_ds(cluster.ds)
    assert cluster.by_node() == {"a": ["agent:2"], "b": ["agent:2"], "c": ["agent:2"]}


def test_on_delete_strategy_does_not_replace_pods() -> None:
    cluster = Cluster(daemon_set(updateStrategy={"type": "OnDelete"}), [node("a")])
    cluster.settle()
    cluster.make_ready()
    cluster.edit_template("agent:2")
    cluster.settle()
    assert cluster.by_node() == {"a": ["agent:1"]}
    assert cluster.ds["status"].get("updatedNumberScheduled", 0) == 0


def test_controller_revisions_follow_the_template() -> None:
    cluster = Cluster(daemon_set(), [node("a")])
    plan = cluster.plan()
    created = [a.revision for a in plan.actions if isinstance(a, daemons.CreateControllerRevision)]
    assert len(created) == 1
    first = created[0]
    assert first["revision"] == 1
    assert first["metadata"]["name"] == f"agent-{first['metadata']['labels']['controller-revision-hash']}"
    assert first["data"] == {"spec": {"template": {**cluster.ds["spec"]["template"], "$patch": "replace"}}}
    assert first["metadata"]["ownerReferences"][0]["uid"] == DS_UID
    cluster.settle()
    cluster.make_ready()
    cluster.edit_template("agent:2")
    cluster.settle()
    assert sorted(r["revision"] for r in cluster.revisions.values()) == [1, 2]
    cluster.make_ready()
    cluster.edit_template("agent:1")
    plan = cluster.plan()
    updates = [a.revision for a in plan.actions if isinstance(a, daemons.UpdateControllerRevision)]
    assert [(u["metadata"]["name"], u["revision"]) for u in updates] == [(first["metadata"]["name"], 3)]


def test_unused_revisions_beyond_the_limit_are_deleted() -> None:
    cluster = Cluster(daemon_set(revisionHistoryLimit=1), [node("a")])
    for image in ("agent:2", "agent:3", "agent:4"):
        cluster.settle()
        cluster.make_ready()
        cluster.settle()
        cluster.edit_template(image)
    cluster.settle()
    assert sorted(r["revision"] for r in cluster.revisions.values()) == [3, 4]


def test_node_should_run_daemon_pod() -> None:
    ds = daemon_set(template_spec={"nodeName": "a"})
    assert daemons.node_should_run_daemon_pod(node("a"), ds) == (True, True)
    assert daemons.node_should_run_daemon_pod(node("b"), ds) == (False, False)


def test_a_daemon_set_being_deleted_does_nothing() -> None:
    ds = daemon_set()
    ds["metadata"]["deletionTimestamp"] = format_time(T0)
    assert daemons.plan_daemon_set(ds, [node("a")], [], now=T0).actions == ()


def test_daemon_pod_spec_replaces_identical_tolerations_only() -> None:
    spec = {
        "tolerations": [
            {
                "key": "node.kubernetes.io/not-ready",
                "operator": "Exists",
                "effect": "NoExecute",
                "tolerationSeconds": 5,
            }
        ]
    }
    tolerations = daemons.daemon_pod_spec(spec)["tolerations"]
    assert sum(1 for t in tolerations if t["key"] == "node.kubernetes.io/not-ready") == 1
    assert len(tolerations) == 6


def pinned_pod(name: str, node_name: str, *, image: str = "agent:1") -> dict[str, Any]:
    pin = {"key": "metadata.name", "operator": "In", "values": [node_name]}
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": name,
            "namespace": "kube-system",
            "uid": f"uid-{name}",
            "labels": {"app": "agent"},
            "creationTimestamp": format_time(T0),
            "ownerReferences": [
                {
                    "apiVersion": "apps/v1",
                    "kind": "DaemonSet",
                    "name": "agent",
                    "uid": DS_UID,
                    "controller": True,
                }
            ],
        },
        "spec": {
            "containers": [{"name": "a", "image": image}],
            "affinity": {
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchFields": [pin]}]}
                }
            },
        },
        "status": {"phase": "Pending"},
    }


def test_unscheduled_pods_count_for_the_node_they_are_pinned_to() -> None:
    pods = [pinned_pod("waiting", "a"), pinned_pod("lost", "ghost")]
    plan = daemons.plan_daemon_set(daemon_set(), [node("a")], pods, now=T0)
    assert not [a for a in plan.actions if isinstance(a, daemons.CreatePod)]
    assert [a.target.name for a in plan.actions if isinstance(a, daemons.DeletePod)] == ["lost"]
    assert plan.status["currentNumberScheduled"] == 1


def test_rolling_update_replaces_unavailable_old_pods_at_once() -> None:
    cluster = Cluster(daemon_set(), [node("a"), node("b"), node("c")])
    cluster.settle()
    cluster.make_ready()
    cluster.settle()
    sick = next(p for p in cluster.pods.values() if p["spec"]["nodeName"] == "b")
    sick["status"]["conditions"][0]["status"] = "False"
    cluster.edit_template("agent:2")
    plan = cluster.plan()
    assert [a.target.name for a in plan.actions if isinstance(a, daemons.DeletePod)] == [sick["metadata"]["name"]]


def test_surge_replaces_unavailable_old_pods_at_once_and_drains_leaving_nodes() -> None:
    ds = daemon_set(updateStrategy={"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}})
    cluster = Cluster(ds, [node("a"), node("b"), node("c")])
    cluster.settle()
    cluster.make_ready()
    cluster.settle()
    sick = next(p for p in cluster.pods.values() if p["spec"]["nodeName"] == "b")
    sick["status"]["conditions"][0]["status"] = "False"
    cluster.edit_template("agent:2")
    plan = cluster.plan()
    created = sorted(pinned_to(a.pod) for a in plan.actions if isinstance(a, daemons.CreatePod))
    assert created == ["a", "b"]  # b at once (its pod is down) plus one surge candidate
    cluster.apply(plan)
    for _ in range(20):
        cluster.settle()
        if kubectl_rollout_status_ds(cluster.ds):
            break
        cluster.make_ready()
    assert cluster.by_node() == {"a": ["agent:2"], "b": ["agent:2"], "c": ["agent:2"]}


def test_revision_name_collision_bumps_the_collision_count() -> None:
    cluster = Cluster(daemon_set(), [node("a")])
    first = next(a.revision for a in cluster.plan().actions if isinstance(a, daemons.CreateControllerRevision))
    squatter = {
        **first,
        "metadata": {**first["metadata"], "uid": "other", "ownerReferences": []},
        "data": {"other": True},
    }
    cluster.revisions[first["metadata"]["name"]] = squatter
    plan = cluster.plan()
    assert not [a for a in plan.actions if isinstance(a, daemons.CreatePod)]
    assert plan.status["collisionCount"] == 1
