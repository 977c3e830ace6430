"""The pod table: READY, STATUS and RESTARTS from pod statuses, and the wide columns."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kubeedge.apiserver.tables.pods import COLUMNS, print_pod

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
T_3M_AGO = "2024-05-01T11:57:00Z"
T_1H_AGO = "2024-05-01T11:00:00Z"


def _pod(
    *,
    containers: int = 1,
    init: list[dict[str, Any]] | None = None,
    phase: str = "Running",
    statuses: list[dict[str, Any]] | None = None,
    init_statuses: list[dict[str, Any]] | None = None,
    conditions: list[dict[str, Any]] | None = None,
    reason: str = "",
    deleting: bool = False,
) -> dict[str, Any]:
    status: dict[str, Any] = {"phase": phase}
    if statuses is not None:
        status["containerStatuses"] = statuses
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if conditions is not None:
        status["conditions"] = conditions
    if reason:
        status["reason"] = reason
    metadata: dict[str, Any] = {"name": "p", "namespace": "d", "creationTimestamp": T_1H_AGO}
    if deleting:
        metadata["deletionTimestamp"] = "2024-05-01T12:00:30Z"
    spec: dict[str, Any] = {"containers": [{"name": f"c{i}", "image": "img"} for i in range(containers)]}
    if init is not None:
        spec["initContainers"] = init
    return {"metadata": metadata, "spec": spec, "status": status}


def running(ready: bool = True, restarts: int = 0, finished: str | None = None) -> dict[str, Any]:
    status: dict[str, Any] = {
        "name": "c0",
        "ready": ready,
        "restartCount": restarts,
        "state": {"running": {}},
    }
    if finished:
        status["lastState"] = {"terminated": {"exitCode": 1, "finishedAt": finished}}
    return status


def waiting(reason: str, restarts: int = 0, finished: str | None = None) -> dict[str, Any]:
    status: dict[str, Any] = {
        "name": "c0",
        "ready": False,
        "restartCount": restarts,
        "state": {"waiting": {}},
    }
    if reason:
        status["state"]["waiting"]["reason"] = reason
    if finished:
        status["lastState"] = {"terminated": {"exitCode": 1, "finishedAt": finished}}
    return status


def terminated(reason: str = "", exit_code: int = 0, signal: int = 0, name: str = "c0") -> dict[str, Any]:
    state: dict[str, Any] = {"exitCode": exit_code}
    if reason:
        state["reason"] = reason
    if signal:
        state["signal"] = signal
    return {"name": name, "ready": False, "restartCount": 0, "state": {"terminated": state}}


def _init_spec(count: int, sidecar: int | None = None) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = [{"name": f"i{n}", "image": "img"} for n in range(count)]
    if sidecar is not None:
        specs[sidecar]["restartPolicy"] = "Always"
    return specs


def _named(status: dict[str, Any], name: str) -> dict[str, Any]:
    return {**status, "name": name}


@pytest.mark.parametrize(
    ("pod", "ready", "status", "restarts"),
    [
        (_pod(statuses=[running()]), "1/1", "Running", "0"),
        (_pod(phase="Pending"), "0/1", "Pending", "0"),
        (_pod(phase="Pending", statuses=[waiting("ContainerCreating")]), "0/1", "ContainerCreating", "0"),
        (_pod(statuses=[waiting("CrashLoopBackOff", 5, T_3M_AGO)]), "0/1", "CrashLoopBackOff", "5 (3m ago)"),
        (_pod(phase="Pending", statuses=[waiting("ErrImagePull")]), "0/1", "ErrImagePull", "0"),
        (_pod(phase="Pending", statuses=[waiting("ImagePullBackOff")]), "0/1", "ImagePullBackOff", "0"),
        (_pod(statuses=[running(restarts=3)]), "1/1", "Running", "3"),
        (_pod(statuses=[running(ready=False)]), "0/1", "Running", "0"),
        (_pod(statuses=[waiting("")]), "0/1", "Running", "0"),
        (_pod(phase="Succeeded", statuses=[terminated("Completed")]), "0/1", "Completed", "0"),
        (_pod(phase="Failed", statuses=[terminated("Error", 1)]), "0/1", "Error", "0"),
        (_pod(phase="Failed", statuses=[terminated(exit_code=137)]), "0/1", "ExitCode:137", "0"),
        (_pod(phase="Failed", statuses=[terminated(exit_code=137, signal=9)]), "0/1", "Signal:9", "0"),
        (_pod(phase="Failed", reason="Evicted"), "0/1", "Evicted", "0"),
        (_pod(phase="Failed", reason="NodeLost", deleting=True), "0/1", "Unknown", "0"),
        (_pod(statuses=[running()], deleting=True), "1/1", "Terminating", "0"),
        (_pod(phase="Succeeded", statuses=[terminated("Completed")], deleting=True), "0/1", "Completed", "0"),
        (
            _pod(
                phase="Pending",
                conditions=[{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}],
            ),
            "0/1",
            "SchedulingGated",
            "0",
        ),
        # The first container decides STATUS: statuses are walked backwards.
        (
            _pod(containers=2, statuses=[waiting("ContainerCreating"), _named(running(), "c1")]),
            "1/2",
            "ContainerCreating",
            "0",
        ),
        (
            _pod(containers=2, statuses=[running(), _named(waiting("CrashLoopBackOff", 2), "c1")]),
            "1/2",
            "CrashLoopBackOff",
            "2",
        ),
        # A completed container next to a running one reads Running or NotReady by the Ready condition.
        (
            _pod(
                containers=2,
                statuses=[terminated("Completed"), _named(running(), "c1")],
                conditions=[{"type": "Ready", "status": "True"}],
            ),
            "1/2",
            "Running",
            "0",
        ),
        (
            _pod(containers=2, statuses=[terminated("Completed"), _named(running(), "c1")]),
            "1/2",
            "NotReady",
            "0",
        ),
        # Init containers.
        (
            _pod(init=_init_spec(2), phase="Pending", init_statuses=[_named(running(ready=False), "i0")]),
            "0/1",
            "Init:0/2",
            "0",
        ),
        (
            _pod(
                init=_init_spec(2),
                phase="Pending",
                init_statuses=[terminated("Completed", name="i0"), _named(running(ready=False), "i1")],
            ),
            "0/1",
            "Init:1/2",
            "0",
        ),
        (
            _pod(init=_init_spec(1), phase="Pending", init_statuses=[_named(waiting("PodInitializing"), "i0")]),
            "0/1",
            "Init:0/1",
            "0",
        ),
        (
            _pod(
                init=_init_spec(1),
                phase="Pending",
                init_statuses=[_named(waiting("CrashLoopBackOff", 4, T_3M_AGO), "i0")],
            ),
            "0/1",
            "Init:CrashLoopBackOff",
            "4 (3m ago)",
        ),
        (
            _pod(init=_init_spec(1), phase="Pending", init_statuses=[terminated("Error", 1, name="i0")]),
            "0/1",
            "Init:Error",
            "0",
        ),
        (
            _pod(init=_init_spec(1), phase="Pending", init_statuses=[terminated(exit_code=2, name="i0")]),
            "0/1",
            "Init:ExitCode:2",
            "0",
        ),
        (
            _pod(
                init=_init_spec(1),
                phase="Pending",
                init_statuses=[terminated(exit_code=2, signal=15, name="i0")],
            ),
            "0/1",
            "Init:Signal:15",
            "0",
        ),
        # Init failed but the Initialized condition is true: app containers are counted, and
        # only a waiting or terminated one would replace the init reason (kube does the same).
        (
            _pod(
                init=_init_spec(1),
                init_statuses=[terminated("Error", 1, name="i0")],
                statuses=[running()],
                conditions=[{"type": "Initialized", "status": "True"}],
            ),
            "1/1",
            "Init:Error",
            "0",
        ),
        # Sidecars (restartPolicy: Always) count toward READY and RESTARTS.
        (
            _pod(
                init=_init_spec(1, sidecar=0),
                init_statuses=[{**_named(running(restarts=2, finished=T_3M_AGO), "i0"), "started": True}],
                statuses=[running(restarts=1)],
            ),
            "2/2",
            "Running",
            "3 (3m ago)",
        ),
        (
            _pod(
                init=_init_spec(1, sidecar=0),
                phase="Pending",
                init_statuses=[{**_named(running(ready=False), "i0"), "started": False}],
            ),
            "0/2",
            "Init:0/1",
            "0",
        ),
    ],
)
def test_pod_status_cells(pod: dict[str, Any], ready: str, status: str, restarts: str) -> None:
    cells = print_pod(pod, NOW).cells
    assert cells[:4] == ("p", ready, status, restarts)
    assert cells[4] == "60m"


def test_init_restarts_are_dropped_once_initialized() -> None:
    pod = _pod(
        init=_init_spec(1),
        init_statuses=[{**terminated("Completed", name="i0"), "restartCount": 7}],
        statuses=[running(restarts=1)],
    )
    assert print_pod(pod, NOW).cells[3] == "1"


def test_restart_age_uses_the_latest_termination() -> None:
    pod = _pod(
        containers=2,
        statuses=[
            running(restarts=1, finished=T_1H_AGO),
            _named(running(restarts=1, finished=T_3M_AGO), "c1"),
        ],
    )
    assert print_pod(pod, NOW).cells[3] == "2 (3m ago)"


def test_row_conditions_mark_finished_pods() -> None:
    assert print_pod(_pod(statuses=[running()]), NOW).conditions == ()
    succeeded = print_pod(_pod(phase="Succeeded"), NOW).conditions
    assert [dict(c) for c in succeeded] == [
        {
            "type": "Completed",
            "status": "True",
            "reason": "Succeeded",
            "message": "The pod has completed successfully.",
        }
    ]
    failed = print_pod(_pod(phase="Failed"), NOW).conditions
    assert [dict(c) for c in failed] == [
        {"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}
    ]


def test_wide_cells() -> None:
    pod = _pod(statuses=[running()])
    pod["spec"]["nodeName"] = "edge-1"
    pod["spec"]["readinessGates"] = [{"conditionType": "a"}, {"conditionType": "b"}]
    pod["status"]["podIPs"] = [{"ip": "10.0.0.7"}, {"ip": "fd00::7"}]
    pod["status"]["podIP"] = "10.0.0.7"
    pod["status"]["nominatedNodeName"] = "edge-2"
    pod["status"]["conditions"] = [{"type": "a", "status": "True"}, {"type": "b", "status": "False"}]
    assert print_pod(pod, NOW).cells[5:] == ("10.0.0.7", "edge-1", "edge-2", "1/2")


def test_wide_cells_when_unset() -> None:
    assert print_pod(_pod(), NOW).cells[5:] == ("<none>", "<none>", "<none>", "<none>")
    only_pod_ip = _pod()
    only_pod_ip["status"]["podIP"] = "10.1.1.1"
    assert print_pod(only_pod_ip, NOW).cells[5] == "10.1.1.1"


def test_missing_creation_timestamp_is_unknown() -> None:
    pod = _pod()
    del pod["metadata"]["creationTimestamp"]
    assert print_pod(pod, NOW).cells[4] == "<unknown>"


def test_columns() -> None:
    assert [(c.name, c.type, c.format, c.priority) for c in COLUMNS] == [
        ("Name", "string", "name", 0),
        ("Ready", "string", "", 0),
        ("Status", "string", "", 0),
        ("Restarts", "string", "", 0),
        ("Age", "string", "", 0),
        ("IP", "string", "", 1),
        ("Node", "string", "", 1),
        ("Nominated Node", "string", "", 1),
        ("Readiness Gates", "string", "", 1),
    ]
