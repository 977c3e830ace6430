"""Tables for workloads: deployments, replicasets, daemonsets, statefulsets (apps) and jobs (batch).

Counts come from ``status`` and are integer cells, except the ``ready/desired`` pairs. The wide
SELECTOR column renders the ``metav1.LabelSelector`` with the label selector module's canonical
form (``app=web,tier in (a,b)``); kube shows ``<none>`` for an empty or missing selector and
``<error>`` (deployments: ``<invalid>``) for one that does not convert. An unset
``spec.replicas`` prints as 1, the value kube-apiserver defaults it to on create.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.selectors import labels
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
    format_labels,
    layout_containers,
    name_column,
    parse_time,
    since,
)
from kubeedge.apiserver.tables.duration import human_duration

if TYPE_CHECKING:
    from datetime import datetime

__all__ = ["PRINTERS", "format_label_selector", "job_status"]

_CONTAINERS = Column(name="Containers", type="string", priority=1, description=_docs.CONTAINERS)
_IMAGES = Column(name="Images", type="string", priority=1, description=_docs.IMAGES)


def _selector_text(selector: Any) -> str:
    return str(labels.from_label_selector(selector if isinstance(selector, Mapping) else None))


def format_label_selector(selector: Any) -> str:
    """``metav1.FormatLabelSelector``: canonical text, ``<none>`` if empty, ``<error>`` if invalid."""
    try:
        return _selector_text(selector) or "<none>"
    except StatusError:
        return "<error>"


def _parts(obj: Mapping[str, Any], now: datetime) -> tuple[str, str, Mapping[str, Any], Mapping[str, Any]]:
    metadata = as_map(obj.get("metadata"))
    return (
        as_str(metadata.get("name")),
        since(metadata.get("creationTimestamp"), now),
        as_map(obj.get("spec")),
        as_map(obj.get("status")),
    )


def _template_containers(spec: Mapping[str, Any]) -> tuple[str, str]:
    return layout_containers(as_map(as_map(spec.get("template")).get("spec")).get("containers"))


def _print_deployment(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age, spec, status = _parts(obj, now)
    try:
        selector = _selector_text(spec.get("selector"))
    except StatusError:
        selector = "<invalid>"
    names, images = _template_containers(spec)
    return Row(
        cells=(
            name,
            f"{as_int(status.get('readyReplicas'))}/{as_int(spec.get('replicas'), 1)}",
            as_int(status.get("updatedReplicas")),
            as_int(status.get("availableReplicas")),
            age,
            names,
            images,
            selector,
        )
    )


def _print_replica_set(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age, spec, status = _parts(obj, now)
    names, images = _template_containers(spec)
    return Row(
        cells=(
            name,
            as_int(spec.get("replicas"), 1),
            as_int(status.get("replicas")),
            as_int(status.get("readyReplicas")),
            age,
            names,
            images,
            format_label_selector(spec.get("selector")),
        )
    )


def _print_daemon_set(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age, spec, status = _parts(obj, now)
    names, images = _template_containers(spec)
    node_selector = as_map(as_map(spec.get("template")).get("spec")).get("nodeSelector")
    return Row(
        cells=(
            name,
            as_int(status.get("desiredNumberScheduled")),
            as_int(status.get("currentNumberScheduled")),
            as_int(status.get("numberReady")),
            as_int(status.get("updatedNumberScheduled")),
            as_int(status.get("numberAvailable")),
            format_labels(node_selector),
            age,
            names,
            images,
            format_label_selector(spec.get("selector")),
        )
    )


def _print_stateful_set(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age, spec, status = _parts(obj, now)
    names, images = _template_containers(spec)
    ready = f"{as_int(status.get('readyReplicas'))}/{as_int(spec.get('replicas'), 1)}"
    return Row(cells=(name, ready, age, names, images))


def _condition_true(conditions: Any, kind: str) -> bool:
    for condition in as_list(conditions):
        if as_map(condition).get("type") == kind:
            return as_map(condition).get("status") == "True"
    return False


def job_status(job: Mapping[str, Any]) -> str:
    """Complete, Failed, Terminating, Suspended, FailureTarget or Running, in kube's precedence."""
    conditions = as_map(job.get("status")).get("conditions")
    if _condition_true(conditions, "Complete"):
        return "Complete"
    if _condition_true(conditions, "Failed"):
        return "Failed"
    if as_map(job.get("metadata")).get("deletionTimestamp"):
        return "Terminating"
    if _condition_true(conditions, "Suspended"):
        return "Suspended"
    if _condition_true(conditions, "FailureTarget"):
        return "FailureTarget"
    return "Running"


def _job_duration(status: Mapping[str, Any], now: datetime) -> str:
    try:
        started = parse_time(status.get("startTime"))
        completed = parse_time(status.get("completionTime"))
    except ValueError:
        return ""
    if started is None:
        return ""
    return human_duration((completed or now) - started)


def _print_job(obj: Mapping[str, Any], now: datetime) -> Row:
    name, age, spec, status = _parts(obj, now)
    succeeded = as_int(status.get("succeeded"))
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{as_int(spec.get('completions'))}"
    else:
        parallelism = as_int(spec.get("parallelism"))
        completions = f"{succeeded}/1 of {parallelism}" if parallelism > 1 else f"{succeeded}/1"
    names, images = _template_containers(spec)
    return Row(
        cells=(
            name,
            job_status(obj),
            completions,
            _job_duration(status, now),
            age,
            names,
            images,
            format_label_selector(spec.get("selector")),
        )
    )


_READY_PODS = "Number of the pod with ready state"

PRINTERS = MappingProxyType(
    {
        ("apps", "deployments"): Printer(
            columns=(
                name_column(),
                Column(name="Ready", type="string", description=_READY_PODS),
                Column(
                    name="Up-to-date",
                    type="string",
                    description=_docs.DOCS["DeploymentStatus.updatedReplicas"],
                ),
                Column(
                    name="Available",
                    type="string",
                    description=_docs.DOCS["DeploymentStatus.availableReplicas"],
                ),
                age_column(),
                _CONTAINERS,
                _IMAGES,
                Column(
                    name="Selector",
                    type="string",
                    priority=1,
                    description=_docs.DOCS["DeploymentSpec.selector"],
                ),
            ),
            print_row=_print_deployment,
        ),
        ("apps", "replicasets"): Printer(
            columns=(
                name_column(),
                Column(name="Desired", type="integer", description=_docs.DOCS["ReplicaSetSpec.replicas"]),
                Column(name="Current", type="integer", description=_docs.DOCS["ReplicaSetStatus.replicas"]),
                Column(name="Ready", type="integer", description=_docs.DOCS["ReplicaSetStatus.readyReplicas"]),
                age_column(),
                _CONTAINERS,
                _IMAGES,
                Column(
                    name="Selector",
                    type="string",
                    priority=1,
                    description=_docs.DOCS["ReplicaSetSpec.selector"],
                ),
            ),
            print_row=_print_replica_set,
        ),
        ("apps", "daemonsets"): Printer(
            columns=(
                name_column(),
                Column(
                    name="Desired",
                    type="integer",
                    description=_docs.DOCS["DaemonSetStatus.desiredNumberScheduled"],
                ),
                Column(
                    name="Current",
                    type="integer",
                    description=_docs.DOCS["DaemonSetStatus.currentNumberScheduled"],
                ),
                Column(name="Ready", type="integer", description=_docs.DOCS["DaemonSetStatus.numberReady"]),
                Column(
                    name="Up-to-date",
                    type="integer",
                    description=_docs.DOCS["DaemonSetStatus.updatedNumberScheduled"],
                ),
                Column(
                    name="Available",
                    type="integer",
                    description=_docs.DOCS["DaemonSetStatus.numberAvailable"],
                ),
                Column(name="Node Selector", type="string", description=_docs.DOCS["PodSpec.nodeSelector"]),
                age_column(),
                _CONTAINERS,
                _IMAGES,
                Column(
                    name="Selector",
                    type="string",
                    priority=1,
                    description=_docs.DOCS["DaemonSetSpec.selector"],
                ),
            ),
            print_row=_print_daemon_set,
        ),
        ("apps", "statefulsets"): Printer(
            columns=(
                name_column(),
                Column(name="Ready", type="string", description=_READY_PODS),
                age_column(),
                _CONTAINERS,
                _IMAGES,
            ),
            print_row=_print_stateful_set,
        ),
        ("batch", "jobs"): Printer(
            columns=(
                name_column(),
                Column(name="Status", type="string", description="Status of the job."),
                Column(name="Completions", type="string", description=_docs.DOCS["JobStatus.succeeded"]),
                Column(name="Duration", type="string", description="Time required to complete the job."),
                age_column(),
                _CONTAINERS,
                _IMAGES,
                Column(name="Selector", type="string", priority=1, description=_docs.DOCS["JobSpec.selector"]),
            ),
            print_row=_print_job,
        ),
    }
)
