"""Workload tables: deployments, replicasets, daemonsets, statefulsets, jobs."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kubeedge.apiserver.tables import apps

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
META = {"name": "web", "namespace": "d", "creationTimestamp": "2024-05-01T11:50:00Z"}
TEMPLATE = {
    "metadata": {"labels": {"app": "web"}},
    "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}, {"name": "log", "image": "busybox"}]},
}


def _cells(group: str, plural: str, obj: dict[str, Any]) -> tuple[Any, ...]:
    return apps.PRINTERS[(group, plural)].print_row(obj, NOW).cells


def _columns(group: str, plural: str) -> list[tuple[str, str, int]]:
    return [(c.name, c.type, c.priority) for c in apps.PRINTERS[(group, plural)].columns]


def test_deployment() -> None:
    deployment = {
        "metadata": META,
        "spec": {
            "replicas": 3,
            "selector": {
                "matchLabels": {"app": "web"},
                "matchExpressions": [{"key": "tier", "operator": "In", "values": ["fe", "be"]}],
            },
            "template": TEMPLATE,
        },
        "status": {"readyReplicas": 2, "updatedReplicas": 3, "availableReplicas": 2},
    }
    assert _cells("apps", "deployments", deployment) == (
        "web",
        "2/3",
        3,
        2,
        "10m",
        "app,log",
        "nginx:1.27,busybox",
        "app=web,tier in (be,fe)",
    )
    assert _columns("apps", "deployments") == [
        ("Name", "string", 0),
        ("Ready", "string", 0),
        ("Up-to-date", "string", 0),
        ("Available", "string", 0),
        ("Age", "string", 0),
        ("Containers", "string", 1),
        ("Images", "string", 1),
        ("Selector", "string", 1),
    ]


@pytest.mark.parametrize(
    ("selector", "text"),
    [
        (None, ""),
        ({}, ""),
        ({"matchExpressions": [{"key": "a", "operator": "Bogus"}]}, "<invalid>"),
    ],
)
def test_deployment_selector_edge_cases(selector: Any, text: str) -> None:
    deployment = {"metadata": META, "spec": {"selector": selector}}
    cells = _cells("apps", "deployments", deployment)
    assert cells[1] == "0/1"  # unset replicas default to 1
    assert cells[-1] == text


def test_replica_set() -> None:
    replica_set = {
        "metadata": META,
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE},
        "status": {"replicas": 2, "readyReplicas": 1},
    }
    assert _cells("apps", "replicasets", replica_set) == (
        "web",
        2,
        2,
        1,
        "10m",
        "app,log",
        "nginx:1.27,busybox",
        "app=web",
    )
    assert _columns("apps", "replicasets")[1:4] == [
        ("Desired", "integer", 0),
        ("Current", "integer", 0),
        ("Ready", "integer", 0),
    ]


@pytest.mark.parametrize(
    ("selector", "text"),
    [
        (None, "<none>"),
        ({}, "<none>"),
        ({"matchExpressions": [{"key": "a", "operator": "In"}]}, "<error>"),
    ],
)
def test_format_label_selector(selector: Any, text: str) -> None:
    assert apps.format_label_selector(selector) == text


def test_daemon_set() -> None:
    daemon_set = {
        "metadata": META,
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "template": {
                "spec": {
                    "nodeSelector": {"node-role.kubernetes.io/edge": "", "kubernetes.io/os": "linux"},
                    "containers": [{"name": "agent", "image": "agent:1"}],
                }
            },
        },
        "status": {
            "desiredNumberScheduled": 5,
            "currentNumberScheduled": 4,
            "numberReady": 3,
            "updatedNumberScheduled": 2,
            "numberAvailable": 1,
        },
    }
    assert _cells("apps", "daemonsets", daemon_set) == (
        "web",
        5,
        4,
        3,
        2,
        1,
        "kubernetes.io/os=linux,node-role.kubernetes.io/edge=",
        "10m",
        "agent",
        "agent:1",
        "app=agent",
    )
    no_selector = {"metadata": META, "spec": {}, "status": {}}
    assert _cells("apps", "daemonsets", no_selector)[6] == "<none>"
    assert [c[0] for c in _columns("apps", "daemonsets")] == [
        "Name",
        "Desired",
        "Current",
        "Ready",
        "Up-to-date",
        "Available",
        "Node Selector",
        "Age",
        "Containers",
        "Images",
        "Selector",
    ]


def test_stateful_set() -> None:
    stateful_set = {
        "metadata": META,
        "spec": {"replicas": 3, "template": TEMPLATE},
        "status": {"readyReplicas": 3},
    }
    assert _cells("apps", "statefulsets", stateful_set) == (
        "web",
        "3/3",
        "10m",
        "app,log",
        "nginx:1.27,busybox",
    )


@pytest.mark.parametrize(
    ("job", "status", "completions", "duration"),
    [
        ({"spec": {"completions": 3}, "status": {"succeeded": 1}}, "Running", "1/3", ""),
        ({"spec": {}, "status": {}}, "Running", "0/1", ""),
        ({"spec": {"parallelism": 4}, "status": {"succeeded": 2}}, "Running", "2/1 of 4", ""),
        (
            {
                "spec": {"completions": 1},
                "status": {
                    "succeeded": 1,
                    "startTime": "2024-05-01T11:50:00Z",
                    "completionTime": "2024-05-01T11:50:42Z",
                    "conditions": [{"type": "Complete", "status": "True"}],
                },
            },
            "Complete",
            "1/1",
            "42s",
        ),
        (
            {"spec": {}, "status": {"startTime": "2024-05-01T11:55:00Z"}},
            "Running",
            "0/1",
            "5m",
        ),
        ({"spec": {}, "status": {"conditions": [{"type": "Failed", "status": "True"}]}}, "Failed", "0/1", ""),
        (
            {"spec": {}, "status": {"conditions": [{"type": "Suspended", "status": "True"}]}},
            "Suspended",
            "0/1",
            "",
        ),
        (
            {"spec": {}, "status": {"conditions": [{"type": "FailureTarget", "status": "True"}]}},
            "FailureTarget",
            "0/1",
            "",
        ),
        (
            {"spec": {}, "status": {"conditions": [{"type": "Complete", "status": "False"}]}},
            "Running",
            "0/1",
            "",
        ),
    ],
)
def test_job(job: dict[str, Any], status: str, completions: str, duration: str) -> None:
    cells = _cells("batch", "jobs", {"metadata": META, **job})
    assert cells[1:4] == (status, completions, duration)


def test_job_terminating() -> None:
    job = {"metadata": {**META, "deletionTimestamp": "2024-05-01T12:00:00Z"}, "spec": {}, "status": {}}
    assert apps.job_status(job) == "Terminating"
