"""kube-scheduler decisions: filters in kube's words, scoring, and the result's API shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.controllers import scheduling

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def node(
    name: str,
    *,
    cpu: str = "4",
    memory: str = "8Gi",
    pods: str = "110",
    labels: dict[str, str] | None = None,
    taints: list[dict[str, Any]] | None = None,
    unschedulable: bool = False,
    extra: dict[str, str] | None = None,
    ready: str = "True",
) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    if taints:
        spec["taints"] = taints
    if unschedulable:
        spec["unschedulable"] = True
    return {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, **(labels or {})}},
        "spec": spec,
        "status": {
            "allocatable": {
                "cpu": cpu,
                "memory": memory,
                "pods": pods,
                "ephemeral-storage": "100Gi",
                **(extra or {}),
            },
            "conditions": [{"type": "Ready", "status": ready}],
        },
    }


def pod(
    name: str = "p",
    *,
    cpu: str | None = None,
    memory: str | None = None,
    node_name: str | None = None,
    phase: str = "Pending",
    owner: str | None = None,
    **spec: Any,
) -> dict[str, Any]:
    requests = {k: v for k, v in (("cpu", cpu), ("memory", memory)) if v is not None}
    container: dict[str, Any] = {"name": "c", "image": "i"}
    if requests:
        container["resources"] = {"requests": requests}
    metadata: dict[str, Any] = {"name": name, "namespace": "default", "uid": f"uid-{name}"}
    if owner:
        metadata["ownerReferences"] = [{"kind": "ReplicaSet", "name": "rs", "uid": owner, "controller": True}]
    body: dict[str, Any] = {"containers": [container], **spec}
    if node_name:
        body["nodeName"] = node_name
    return {"apiVersion": "v1", "kind": "Pod", "metadata": metadata, "spec": body, "status": {"phase": phase}}


UNREACHABLE = {
    "key": "node.kubernetes.io/unreachable",
    "effect": "NoExecute",
    "timeAdded": "2024-05-01T11:00:00Z",
}


def test_message_matches_kube_for_selector_and_taint_failures() -> None:
    nodes = [
        node("a", labels={"disk": "hdd"}),
        node("b", labels={"disk": "ssd"}, taints=[UNREACHABLE]),
        node("c", labels={"disk": "ssd"}, taints=[UNREACHABLE]),
    ]
    result = scheduling.schedule(pod(nodeSelector={"disk": "ssd"}), nodes, {})
    assert not result.is_scheduled
    assert result.reason == "Unschedulable"
    assert result.message == (
        "0/3 nodes are available: 1 node(s) didn't match Pod's node affinity/selector, "
        "2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. "
        "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    )


def test_a_pod_that_fits_only_one_node() -> None:
    nodes = [node("small", cpu="500m"), node("big", cpu="8"), node("busy", cpu="8")]
    on_nodes = {"busy": [pod("hog", cpu="7500m", node_name="busy", phase="Running")]}
    result = scheduling.schedule(pod(cpu="1"), nodes, on_nodes)
    assert result.node_name == "big"
    assert set(result.scores) == {"big"}


def test_insufficient_cpu_message_distinguishes_full_from_too_small() -> None:
    nodes = [node("small", cpu="500m"), node("busy", cpu="2")]
    on_nodes = {"busy": [pod("hog", cpu="1500m", node_name="busy", phase="Running")]}
    result = scheduling.schedule(pod(cpu="1"), nodes, on_nodes)
    assert result.message == (
        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: "
        "1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling."
    )


def test_a_node_may_give_several_resource_reasons() -> None:
    result = scheduling.schedule(pod(cpu="8", memory="16Gi"), [node("n")], {})
    assert result.message.startswith("0/1 nodes are available: 1 Insufficient cpu, 1 Insufficient memory.")


@pytest.mark.parametrize(
    ("tolerations", "fits"),
    [
        ([], False),
        ([{"key": "dedicated", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}], True),
        ([{"key": "dedicated", "value": "gpu"}], True),  # operator defaults to Equal, any effect
        ([{"key": "dedicated", "operator": "Equal", "value": "cpu", "effect": "NoSchedule"}], False),
        ([{"key": "dedicated", "operator": "Exists", "effect": "NoSchedule"}], True),
        ([{"key": "dedicated", "operator": "Exists", "effect": "NoExecute"}], False),
        ([{"operator": "Exists"}], True),  # empty key + Exists tolerates everything
        ([{"operator": "Exists", "effect": "NoExecute"}], False),
        ([{"key": "other", "operator": "Exists"}], False),
    ],
)
def test_taint_with_and_without_toleration(tolerations: list[dict[str, Any]], fits: bool) -> None:
    tainted = node("n", taints=[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}])
    result = scheduling.schedule(pod(tolerations=tolerations), [tainted], {})
    assert result.is_scheduled is fits
    if not fits:
        assert "1 node(s) had untolerated taint {dedicated: gpu}." in result.message


def test_prefer_no_schedule_taints_only_score() -> None:
    nodes = [node("a", taints=[{"key": "k", "value": "v", "effect": "PreferNoSchedule"}]), node("b")]
    assert scheduling.schedule(pod(), nodes, {}).node_name == "b"
    tolerant = pod(tolerations=[{"key": "k", "operator": "Exists", "effect": "PreferNoSchedule"}])
    scores = scheduling.schedule(tolerant, nodes, {}).scores
    assert scores["a"] == scores["b"]


@pytest.mark.parametrize(
    ("tolerations", "fits"),
    [
        ([], False),
        ([{"key": "node.kubernetes.io/unschedulable", "operator": "Exists", "effect": "NoSchedule"}], True),
    ],
)
def test_unschedulable_node(tolerations: list[dict[str, Any]], fits: bool) -> None:
    result = scheduling.schedule(pod(tolerations=tolerations), [node("n", unschedulable=True)], {})
    assert result.is_scheduled is fits
    if not fits:
        assert result.message.startswith("0/1 nodes are available: 1 node(s) were unschedulable.")


def test_not_ready_node_without_taints_is_still_a_candidate() -> None:
    assert scheduling.schedule(pod(), [node("n", ready="False")], {}).node_name == "n"


def affinity(*terms: dict[str, Any]) -> dict[str, Any]:
    return {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": list(terms)}}}


LABELS = {"zone": "a", "cores": "8"}


@pytest.mark.parametrize(
    ("term", "fits"),
    [
        ({"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a", "b"]}]}, True),
        ({"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]}, False),
        ({"matchExpressions": [{"key": "zone", "operator": "NotIn", "values": ["b"]}]}, True),
        ({"matchExpressions": [{"key": "absent", "operator": "NotIn", "values": ["b"]}]}, True),
        ({"matchExpressions": [{"key": "zone", "operator": "Exists"}]}, True),
        ({"matchExpressions": [{"key": "zone", "operator": "DoesNotExist"}]}, False),
        ({"matchExpressions": [{"key": "cores", "operator": "Gt", "values": ["4"]}]}, True),
        ({"matchExpressions": [{"key": "cores", "operator": "Lt", "values": ["4"]}]}, False),
        ({"matchExpressions": [{"key": "zone", "operator": "Gt", "values": ["4"]}]}, False),  # not a number
        ({"matchFields": [{"key": "metadata.name", "operator": "In", "values": ["n"]}]}, True),
        ({"matchFields": [{"key": "metadata.name", "operator": "NotIn", "values": ["n"]}]}, False),
        (
            {
                "matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}],
                "matchFields": [{"key": "metadata.name", "operator": "In", "values": ["other"]}],
            },
            False,
        ),
        ({}, False),  # an empty term matches no node
    ],
)
def test_required_node_affinity_operators(term: dict[str, Any], fits: bool) -> None:
    result = scheduling.schedule(pod(affinity=affinity(term)), [node("n", labels=LABELS)], {})
    assert result.is_scheduled is fits


def test_node_selector_terms_are_ored_and_and_with_node_selector() -> None:
    terms = affinity(
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["x"]}]},
        {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["a"]}]},
    )
    assert scheduling.schedule(pod(affinity=terms), [node("n", labels=LABELS)], {}).is_scheduled
    both = pod(affinity=terms, nodeSelector={"cores": "16"})
    assert not scheduling.schedule(both, [node("n", labels=LABELS)], {}).is_scheduled


def test_preferred_node_affinity_wins_the_score() -> None:
    preferred = {
        "nodeAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
                {
                    "weight": 10,
                    "preference": {"matchExpressions": [{"key": "zone", "operator": "In", "values": ["b"]}]},
                }
            ]
        }
    }
    nodes = [node("a", labels={"zone": "a"}), node("b", labels={"zone": "b"})]
    assert scheduling.schedule(pod(affinity=preferred), nodes, {}).node_name == "b"


def test_least_allocated_prefers_the_emptier_node() -> None:
    nodes = [node("full"), node("empty")]
    on_nodes = {"full": [pod("x", cpu="3", memory="6Gi", node_name="full", phase="Running")]}
    assert scheduling.schedule(pod(cpu="100m"), nodes, on_nodes).node_name == "empty"


def test_terminal_pods_free_their_resources() -> None:
    on_nodes = {"n": [pod("done", cpu="4", node_name="n", phase="Succeeded")]}
    assert scheduling.schedule(pod(cpu="2"), [node("n")], on_nodes).node_name == "n"
    assert scheduling.is_terminal(on_nodes["n"][0])


def test_too_many_pods() -> None:
    on_nodes = {"n": [pod("a", node_name="n", phase="Running")]}
    result = scheduling.schedule(pod(), [node("n", pods="1")], on_nodes)
    assert result.message == (
        "0/1 nodes are available: 1 Too many pods. "
        "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    )


def test_extended_resources() -> None:
    gpu_pod = pod()
    gpu_pod["spec"]["containers"][0]["resources"] = {"limits": {"nvidia.com/gpu": "1"}}
    nodes = [node("plain"), node("gpu", extra={"nvidia.com/gpu": "1"})]
    assert scheduling.schedule(gpu_pod, nodes, {}).node_name == "gpu"
    taken = {"gpu": [{**gpu_pod, "metadata": {"name": "other"}, "spec": {**gpu_pod["spec"], "nodeName": "gpu"}}]}
    result = scheduling.schedule(gpu_pod, nodes, taken)
    assert result.message.startswith("0/2 nodes are available: 2 Insufficient nvidia.com/gpu.")


def test_host_port_conflicts() -> None:
    with_port = pod(node_name="n", phase="Running")
    with_port["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080}]
    wanted = pod("new")
    wanted["spec"]["containers"][0]["ports"] = [{"containerPort": 80, "hostPort": 8080, "hostIP": "10.0.0.1"}]
    result = scheduling.schedule(wanted, [node("n")], {"n": [with_port]})
    assert "1 node(s) didn't have free ports for the requested pod ports." in result.message
    wanted["spec"]["containers"][0]["ports"][0]["protocol"] = "UDP"
    assert scheduling.schedule(wanted, [node("n")], {"n": [with_port]}).is_scheduled


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (
            {"containers": [{"resources": {"requests": {"cpu": "100m", "memory": "1Mi"}}}]},
            {"cpu": 100, "memory": 1048576},
        ),
        ({"containers": [{"resources": {"limits": {"cpu": "1"}}}]}, {"cpu": 1000}),  # limits default requests
        (
            {
                "containers": [
                    {"resources": {"requests": {"cpu": "200m"}}},
                    {"resources": {"requests": {"cpu": "300m"}}},
                ],
                "initContainers": [{"resources": {"requests": {"cpu": "1"}}}],
            },
            {"cpu": 1000},  # the largest init container wins over the sum
        ),
        (
            {
                "containers": [{"resources": {"requests": {"cpu": "200m"}}}],
                "initContainers": [
                    {"restartPolicy": "Always", "resources": {"requests": {"cpu": "100m"}}},
                    {"resources": {"requests": {"cpu": "250m"}}},
                ],
            },
            {"cpu": 350},  # a sidecar adds to the sum and to later init containers
        ),
        (
            {"containers": [{"resources": {"requests": {"cpu": "1"}}}], "overhead": {"cpu": "250m"}},
            {"cpu": 1250},
        ),
    ],
)
def test_pod_requests(spec: dict[str, Any], expected: dict[str, int]) -> None:
    assert scheduling.pod_requests(spec) == expected


def test_non_zero_requests_stand_in_for_missing_ones() -> None:
    assert scheduling.pod_requests({"containers": [{}]}, non_zero=True) == {
        "cpu": 100,
        "memory": 200 * 1024 * 1024,
    }


def test_preset_node_name_is_left_alone() -> None:
    result = scheduling.schedule(pod(node_name="edge-1"), [], {})
    assert result.node_name == "edge-1"
    assert result.already_assigned
    assert not scheduling.needs_scheduling(pod(node_name="edge-1"))
    assert scheduling.needs_scheduling(pod())
    assert not scheduling.needs_scheduling(pod(schedulerName="other"))


def test_gated_pods_and_empty_clusters() -> None:
    gated = scheduling.schedule(pod(schedulingGates=[{"name": "x"}]), [node("n")], {})
    assert (gated.reason, gated.message) == (
        "SchedulingGated",
        "Scheduling is blocked due to non-empty scheduling gates",
    )
    empty = scheduling.schedule(pod(), [], {})
    assert (empty.reason, empty.message) == ("Unschedulable", "no nodes available to schedule pods")


def test_preemption_policy_never() -> None:
    result = scheduling.schedule(pod(cpu="10", preemptionPolicy="Never"), [node("n")], {})
    assert result.message == (
        "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never."
    )


def test_replicas_spread_and_choice_is_deterministic() -> None:
    nodes = [node(f"n{i}") for i in range(3)]
    placed: dict[str, list[dict[str, Any]]] = {}
    for i in range(6):
        p = pod(f"web-{i}", cpu="100m", owner="rs-1")
        chosen = scheduling.schedule(p, nodes, placed)
        assert chosen == scheduling.schedule(p, nodes, placed)
        assert chosen.node_name is not None
        placed.setdefault(chosen.node_name, []).append({**p, "spec": {**p["spec"], "nodeName": chosen.node_name}})
    assert sorted(len(v) for v in placed.values()) == [2, 2, 2]


def test_binding_and_condition_shapes() -> None:
    p = pod()
    bound = scheduling.schedule(p, [node("n")], {})
    assert bound.binding(p) == {
        "apiVersion": "v1",
        "kind": "Binding",
        "metadata": {"name": "p", "namespace": "default", "uid": "uid-p"},
        "target": {"kind": "Node", "name": "n"},
    }
    failed = scheduling.schedule(pod(cpu="100"), [node("n")], {})
    with pytest.raises(ValueError, match="no binding"):
        failed.binding(p)
    condition = failed.condition(p, now=NOW)
    assert condition == {
        "type": "PodScheduled",
        "status": "False",
        "lastProbeTime": None,
        "lastTransitionTime": "2024-05-01T12:00:00Z",
        "reason": "Unschedulable",
        "message": failed.message,
    }
    p["status"]["conditions"] = [{**condition, "lastTransitionTime": "2024-05-01T11:00:00Z"}]
    assert failed.condition(p, now=NOW)["lastTransitionTime"] == "2024-05-01T11:00:00Z"


@settings(max_examples=60, deadline=None)
@given(
    request_milli=st.integers(min_value=1, max_value=5000),
    capacities=st.lists(st.integers(min_value=100, max_value=4000), min_size=1, max_size=5),
    used=st.lists(st.integers(min_value=0, max_value=4000), min_size=5, max_size=5),
)
def test_chosen_node_always_has_room(request_milli: int, capacities: list[int], used: list[int]) -> None:
    nodes = [node(f"n{i}", cpu=f"{c}m") for i, c in enumerate(capacities)]
    on_nodes = {
        f"n{i}": [pod(f"u{i}", cpu=f"{used[i]}m", node_name=f"n{i}", phase="Running")] for i in range(len(capacities))
    }
    result = scheduling.schedule(pod(cpu=f"{request_milli}m"), nodes, on_nodes)
    free = {f"n{i}": c - used[i] for i, c in enumerate(capacities)}
    if result.node_name is None:
        assert all(room < request_milli for room in free.values())
        assert result.message.count("Insufficient cpu") == 1
    else:
        assert free[result.node_name] >= request_milli
