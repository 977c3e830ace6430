"""The pod table: NAME, READY, STATUS, RESTARTS, AGE, and IP, NODE, NOMINATED NODE, READINESS GATES.

STATUS is the column users read most and the one with the most rules, all from kube's
``printPod``: the phase, overridden by ``status.reason``; ``SchedulingGated``; the first init
container that has not finished (``Init:0/2``, ``Init:CrashLoopBackOff``, ``Init:ExitCode:1``);
otherwise the first app container that is waiting or terminated (``CrashLoopBackOff``,
``Completed``, ``ExitCode:137``), turned back to ``Running`` or ``NotReady`` when a completed pod
still has a running container; and ``Terminating`` (or ``Unknown`` for a pod lost with its node)
once a deletion timestamp is set. Sidecars (init containers with ``restartPolicy: Always``)
count toward READY and RESTARTS like app containers. RESTARTS adds "(5m ago)" from the latest
``lastState.terminated.finishedAt``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.tables import _docs
from kubeedge.apiserver.tables.columns import (
    Column,
    Printer,
    Row,
    age_column,
    as_int,
    as_list,
    as_map,
    as_str,
    name_column,
    parse_time,
    since,
)
from kubeedge.apiserver.tables.duration import human_duration

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["POD_PRINTER", "PRINTERS", "print_pod"]

COLUMNS = (
    name_column(),
    Column(
        name="Ready",
        type="string",
        description="The aggregate readiness state of this pod for accepting traffic.",
    ),
    Column(name="Status", type="string", description="The aggregate status of the containers in this pod."),
    Column(
        name="Restarts",
        type="string",
        description="The number of times the containers in this pod have been restarted "
        "and when the last container in this pod has restarted.",
    ),
    age_column(),
    Column(name="IP", type="string", priority=1, description=_docs.DOCS["PodStatus.podIP"]),
    Column(name="Node", type="string", priority=1, description=_docs.DOCS["PodSpec.nodeName"]),
    Column(
        name="Nominated Node",
        type="string",
        priority=1,
        description=_docs.DOCS["PodStatus.nominatedNodeName"],
    ),
    Column(name="Readiness Gates", type="string", priority=1, description=_docs.DOCS["PodSpec.readinessGates"]),
)

_SUCCEEDED = MappingProxyType(
    {
        "type": "Completed",
        "status": "True",
        "reason": "Succeeded",
        "message": "The pod has completed successfully.",
    }
)
_FAILED = MappingProxyType({"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."})


def _finished_at(status: Mapping[str, Any]) -> datetime | None:
    terminated = as_map(status.get("lastState")).get("terminated")
    if not isinstance(terminated, Mapping):
        return None
    try:
        return parse_time(terminated.get("finishedAt"))
    except ValueError:
        return None


def _later(current: datetime | None, candidate: datetime | None) -> datetime | None:
    if candidate is None:
        return current
    return candidate if current is None or current < candidate else current


def _is_sidecar(spec: Mapping[str, Any] | None) -> bool:
    return spec is not None and spec.get("restartPolicy") == "Always"


def _terminated_reason(terminated: Mapping[str, Any], prefix: str) -> str:
    reason = as_str(terminated.get("reason"))
    if reason:
        return prefix + reason
    signal = as_int(terminated.get("signal"))
    if signal:
        return f"{prefix}Signal:{signal}"
    return f"{prefix}ExitCode:{as_int(terminated.get('exitCode'))}"


def _condition_true(conditions: list[Any], kind: str) -> bool:
    # The first condition of that type decides (Go's loop returns on the first match).
    for condition in conditions:
        if as_map(condition).get("type") == kind:
            return as_map(condition).get("status") == "True"
    return False


def _readiness_gates(spec: Mapping[str, Any], conditions: list[Any]) -> str:
    gates = as_list(spec.get("readinessGates"))
    if not gates:
        return "<none>"
    true_count = 0
    for gate in gates:
        wanted = as_map(gate).get("conditionType")
        for condition in conditions:
            if as_map(condition).get("type") == wanted:
                true_count += as_map(condition).get("status") == "True"
                break
    return f"{true_count}/{len(gates)}"


def print_pod(pod: Mapping[str, Any], now: datetime) -> Row:
    """One pod as kube-apiserver prints it (all nine cells)."""
    metadata, spec, status = as_map(pod.get("metadata")), as_map(pod.get("spec")), as_map(pod.get("status"))
    conditions = as_list(status.get("conditions"))
    phase = as_str(status.get("phase"))
    reason = as_str(status.get("reason")) or phase
    for condition in conditions:
        if as_map(condition).get("type") == "PodScheduled" and as_map(condition).get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    init_specs = [as_map(c) for c in as_list(spec.get("initContainers"))]
    init_by_name = {as_str(c.get("name")): c for c in init_specs}
    total = len(as_list(spec.get("containers"))) + sum(1 for c in init_specs if _is_sidecar(c))
    ready = 0
    restarts = sidecar_restarts = 0
    last_restart: datetime | None = None
    last_sidecar_restart: datetime | None = None

    initializing = False
    for index, raw in enumerate(as_list(status.get("initContainerStatuses"))):
        container = as_map(raw)
        count = as_int(container.get("restartCount"))
        finished = _finished_at(container)
        restarts += count
        last_restart = _later(last_restart, finished)
        sidecar = _is_sidecar(init_by_name.get(as_str(container.get("name"))))
        if sidecar:
            sidecar_restarts += count
            last_sidecar_restart = _later(last_sidecar_restart, finished)
        state = as_map(container.get("state"))
        terminated, waiting = state.get("terminated"), state.get("waiting")
        if isinstance(terminated, Mapping) and as_int(terminated.get("exitCode")) == 0:
            continue
        if sidecar and container.get("started") is True:
            ready += bool(container.get("ready"))
            continue
        if isinstance(terminated, Mapping):
            reason = _terminated_reason(terminated, "Init:")
        elif isinstance(waiting, Mapping) and as_str(waiting.get("reason")) not in ("", "PodInitializing"):
            reason = "Init:" + as_str(waiting.get("reason"))
        else:
            reason = f"Init:{index}/{len(init_specs)}"
        initializing = True
        break

    if not initializing or _condition_true(conditions, "Initialized"):
        restarts, last_restart = sidecar_restarts, last_sidecar_restart
        has_running = False
        # Walked backwards so that the first container's state is the one left in STATUS.
        for raw in reversed(as_list(status.get("containerStatuses"))):
            container = as_map(raw)
            restarts += as_int(container.get("restartCount"))
            last_restart = _later(last_restart, _finished_at(container))
            state = as_map(container.get("state"))
            terminated, waiting = state.get("terminated"), state.get("waiting")
            if isinstance(waiting, Mapping) and as_str(waiting.get("reason")):
                reason = as_str(waiting.get("reason"))
            elif isinstance(terminated, Mapping):
                reason = _terminated_reason(terminated, "")
            elif container.get("ready") and isinstance(state.get("running"), Mapping):
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true_any(conditions, "Ready") else "NotReady"

    if metadata.get("deletionTimestamp"):
        if status.get("reason") == "NodeLost":
            reason = "Unknown"
        elif phase not in ("Failed", "Succeeded"):
            reason = "Terminating"

    restarts_text = str(restarts)
    if restarts and last_restart is not None:
        restarts_text = f"{restarts} ({human_duration(now - last_restart)} ago)"

    pod_ips = as_list(status.get("podIPs"))
    pod_ip = as_str(as_map(pod_ips[0]).get("ip")) if pod_ips else as_str(status.get("podIP"))
    cells = (
        as_str(metadata.get("name")),
        f"{ready}/{total}",
        reason,
        restarts_text,
        since(metadata.get("creationTimestamp"), now),
        pod_ip or "<none>",
        as_str(spec.get("nodeName")) or "<none>",
        as_str(status.get("nominatedNodeName")) or "<none>",
        _readiness_gates(spec, conditions),
    )
    row_conditions = {"Succeeded": (_SUCCEEDED,), "Failed": (_FAILED,)}.get(phase, ())
    return Row(cells=cells, conditions=row_conditions)


def _condition_true_any(conditions: list[Any], kind: str) -> bool:
    # hasPodReadyCondition: any condition of that type with status True.
    return any(as_map(c).get("type") == kind and as_map(c).get("status") == "True" for c in conditions)


POD_PRINTER = Printer(columns=COLUMNS, print_row=print_pod)
PRINTERS = MappingProxyType({("", "pods"): POD_PRINTER})
