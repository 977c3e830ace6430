"""NodeUsage: per-node totals kept pod by pod decide exactly as recounting the pods does."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.apiserver.controllers import scheduling


def _pod(
    index: int, cpu: int | None, memory: int | None, host_port: int | None, owner: str, phase: str
) -> dict[str, Any]:
    requests: dict[str, str] = {}
    if cpu is not None:
        requests["cpu"] = f"{cpu}m"
    if memory is not None:
        requests["memory"] = f"{memory}Mi"
    container: dict[str, Any] = {"name": "c", "resources": {"requests": requests}}
    if host_port is not None:
        container["ports"] = [{"containerPort": 80, "hostPort": host_port}]
    refs = [{"kind": "ReplicaSet", "name": owner, "uid": owner, "controller": True}] if owner else []
    return {
        "metadata": {"name": f"p{index}", "namespace": "default", "uid": f"uid-{index}", "ownerReferences": refs},
        "spec": {"containers": [container]},
        "status": {"phase": phase},
    }


PODS = st.lists(
    st.tuples(
        st.one_of(st.none(), st.integers(1, 2000)),
        st.one_of(st.none(), st.integers(1, 4096)),
        st.one_of(st.none(), st.sampled_from([8080, 9090])),
        st.sampled_from(["", "rs-a", "rs-b"]),
        st.sampled_from(["Running", "Pending", "Succeeded"]),
    ),
    max_size=12,
)


def _node(name: str) -> dict[str, Any]:
    resources = {"cpu": "4", "memory": "8Gi", "pods": "6"}
    return {"metadata": {"name": name}, "spec": {}, "status": {"allocatable": resources}}


@settings(max_examples=60, deadline=None)
@given(PODS, PODS, st.integers(0, 11))
def test_counted_usage_decides_like_recounting(first: list[Any], second: list[Any], removed: int) -> None:
    pods = {"n1": [_pod(i, *p) for i, p in enumerate(first)], "n2": [_pod(100 + i, *p) for i, p in enumerate(second)]}
    usages = {name: scheduling.NodeUsage() for name in pods}
    for name, listed in pods.items():
        for pod in listed:
            usages[name].add(pod)
    if removed < len(pods["n1"]):
        usages["n1"].remove(pods["n1"].pop(removed))
    incoming = _pod(999, 500, 512, 8080, "rs-a", "Pending")
    nodes = [_node("n1"), _node("n2")]
    assert scheduling.schedule(incoming, nodes, {}, usages=usages) == scheduling.schedule(incoming, nodes, pods)


def test_adding_then_removing_leaves_nothing() -> None:
    usage = scheduling.NodeUsage()
    pods = [_pod(i, 100, 64, 8080, "rs-a", "Running") for i in range(3)]
    for pod in pods:
        usage.add(pod)
    assert (usage.pods, usage.host_ports[("0.0.0.0", "TCP", 8080)], usage.owners["rs-a"]) == (3, 3, 3)
    for pod in pods:
        usage.remove(pod)
    assert usage.pods == 0
    assert not usage.host_ports
    assert all(value == 0 for value in (*usage.requested.values(), *usage.non_zero.values(), *usage.owners.values()))


def test_terminal_pods_are_not_counted() -> None:
    usage = scheduling.NodeUsage()
    usage.add(_pod(1, 100, 64, None, "", "Succeeded"))
    assert usage == scheduling.NodeUsage()
