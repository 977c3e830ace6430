"""Pod update and status-update rules."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError, FieldErrorType
from kubeedge.apiserver.validation import pod
from kubeedge.apiserver.validation.gotext import GoValue

UPDATABLE = (
    "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,"
    "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),"
    "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)"
)


def stored_pod() -> dict[str, Any]:
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {
            "name": "web",
            "namespace": "default",
            "uid": "u-1",
            "resourceVersion": "7",
            "creationTimestamp": "2024-05-01T00:00:00Z",
        },
        "spec": {
            "containers": [
                {
                    "name": "web",
                    "image": "nginx:1.25",
                    "imagePullPolicy": "IfNotPresent",
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }
            ],
            "restartPolicy": "Never",
            "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30,
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "activeDeadlineSeconds": 100,
            "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}],
            "enableServiceLinks": True,
        },
        "status": {"phase": "Running", "qosClass": "BestEffort"},
    }


Mutation = Callable[[dict[str, Any]], None]


def spec(p: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = p["spec"]
    return result


ALLOWED: list[tuple[str, Mutation]] = [
    ("image", lambda p: spec(p)["containers"][0].update(image="nginx:1.26")),
    ("shorter deadline", lambda p: spec(p).update(activeDeadlineSeconds=50)),
    ("added toleration", lambda p: spec(p)["tolerations"].append({"key": "x", "operator": "Exists"})),
    ("toleration seconds", lambda p: spec(p)["tolerations"][0].update(tolerationSeconds=10)),
    ("labels", lambda p: p["metadata"].update(labels={"a": "b"})),
    ("explicit zero values", lambda p: spec(p).update(hostNetwork=False, nodeName="")),
]


@pytest.mark.parametrize("mutate", [c[1] for c in ALLOWED], ids=[c[0] for c in ALLOWED])
def test_allowed_updates(mutate: Mutation) -> None:
    old = stored_pod()
    new = copy.deepcopy(old)
    mutate(new)
    assert pod.validate_pod_update(new, old) == []


REJECTED: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "longer deadline",
        lambda p: spec(p).update(activeDeadlineSeconds=200),
        [FieldError.invalid("spec.activeDeadlineSeconds", 200, "must be less than or equal to previous value")],
    ),
    (
        "deadline removed",
        lambda p: spec(p).pop("activeDeadlineSeconds"),
        [
            FieldError.invalid(
                "spec.activeDeadlineSeconds", None, "must not update from a positive integer to nil value"
            )
        ],
    ),
    (
        "container added",
        lambda p: spec(p)["containers"].append(dict(spec(p)["containers"][0], name="two")),
        [FieldError.forbidden("spec.containers", "pod updates may not add or remove containers")],
    ),
    (
        "image removed",
        lambda p: spec(p)["containers"][0].pop("image"),
        [FieldError.required("spec.containers[0].image"), FieldError.required("spec.containers[0].image")],
    ),
    (
        "toleration changed",
        lambda p: spec(p)["tolerations"][0].update(effect="NoSchedule", tolerationSeconds=None),
        [
            FieldError.forbidden(
                "spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"
            )
        ],
    ),
    (
        "scheduling gate added",
        lambda p: spec(p).update(schedulingGates=[{"name": "example.com/gate"}]),
        [
            FieldError.forbidden(
                "spec.schedulingGates[0].name",
                "only deletion is allowed, but found new scheduling gate 'example.com/gate'",
            )
        ],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in REJECTED], ids=[c[0] for c in REJECTED])
def test_rejected_updates(mutate: Mutation, expected: list[FieldError]) -> None:
    old = stored_pod()
    new = copy.deepcopy(old)
    mutate(new)
    assert pod.validate_pod_update(new, old) == expected


def test_other_spec_changes_are_forbidden_with_kubes_message() -> None:
    old = stored_pod()
    new = copy.deepcopy(old)
    spec(new)["containers"][0]["env"] = [{"name": "A", "value": "b"}]
    errors = pod.validate_pod_update(new, old)
    assert len(errors) == 1
    error = errors[0]
    assert (error.type, error.field) == (FieldErrorType.FORBIDDEN, "spec")
    assert error.detail.startswith(UPDATABLE + "\n")
    assert "spec.containers[0].env" in error.detail


def test_gated_pod_may_gain_node_selector_entries() -> None:
    old = stored_pod()
    spec(old)["schedulingGates"] = [{"name": "example.com/gate"}]
    new = copy.deepcopy(old)
    spec(new)["nodeSelector"] = {"zone": "a"}
    spec(new)["schedulingGates"] = []
    assert pod.validate_pod_update(new, old) == []


def test_status_update() -> None:
    old = stored_pod()
    old["status"]["containerStatuses"] = [{"name": "web", "state": {"terminated": {"exitCode": 0}}}]
    new = copy.deepcopy(old)
    new["status"] = {
        "phase": "Running",
        "qosClass": "Burstable",
        "conditions": [{"type": "Ready", "status": "True"}, {"type": "-custom", "status": "True"}],
        "containerStatuses": [{"name": "web", "state": {"running": {}}}],
        "podIPs": [{"ip": "10.0.0.1"}, {"ip": "10.0.0.2"}],
    }
    spec(new)["nodeName"] = "edge-1"
    assert pod.validate_pod_status_update(new, old) == [
        FieldError.invalid(
            "metadata.conditions[1].Type",
            "-custom",
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
        ),
        FieldError.forbidden("status.nodeName", "may not be changed directly"),
        FieldError.invalid("status.qosClass", "Burstable", "field is immutable"),
        FieldError.forbidden("status.containerStatuses[0].state", "may not be transitioned to non-terminated state"),
        FieldError.invalid(
            "status.podIPs",
            GoValue('[]core.PodIP{core.PodIP{IP:"10.0.0.1"}, core.PodIP{IP:"10.0.0.2"}}'),
            "may specify no more than one IP for each IP family",
        ),
    ]
