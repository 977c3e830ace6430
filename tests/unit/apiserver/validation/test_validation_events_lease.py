"""Events (legacy and events.k8s.io rules) and Leases."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import events, lease, names


def legacy_event(**fields: Any) -> dict[str, Any]:
    return {
        "metadata": {"name": "web.17a", "namespace": "default"},
        "involvedObject": {"kind": "Pod", "namespace": "default", "name": "web"},
        "reason": "Scheduled",
        "message": "assigned",
        "type": "Normal",
        **fields,
    }


def new_style(**fields: Any) -> dict[str, Any]:
    defaults = {
        "eventTime": "2025-01-01T00:00:00.000000Z",
        "reportingController": "kubeedge.io/edged",
        "reportingInstance": "edged-edge-1",
        "action": "Binding",
    }
    return legacy_event(**{**defaults, **fields})


LEGACY_CASES: list[tuple[str, dict[str, Any], list[FieldError]]] = [
    ("valid", legacy_event(), []),
    (
        "namespace mismatch",
        legacy_event(involvedObject={"kind": "Pod", "namespace": "other", "name": "web"}),
        [FieldError.invalid("involvedObject.namespace", "other", "does not match event.namespace")],
    ),
    (
        "cluster-scoped object in a namespace",
        {
            **legacy_event(involvedObject={"kind": "Node", "name": "n"}),
            "metadata": {"name": "e", "namespace": "x"},
        },
        [FieldError.invalid("involvedObject.namespace", "", "does not match event.namespace")],
    ),
    ("cluster-scoped object in default", legacy_event(involvedObject={"kind": "Node", "name": "n"}), []),
    ("new style", new_style(), []),
    (
        "new style limits",
        new_style(reportingController="", action="a" * 129, reason="", message="m" * 1025),
        [
            FieldError.required("reportingController"),
            *(FieldError.invalid("reportingController", "", m) for m in names.is_qualified_name("")),
            FieldError.invalid("action", "", "can have at most 128 characters"),
            FieldError.required("reason"),
            FieldError.invalid("message", "", "can have at most 1024 characters"),
        ],
    ),
]


@pytest.mark.parametrize(("obj", "expected"), [c[1:] for c in LEGACY_CASES], ids=[c[0] for c in LEGACY_CASES])
def test_core_event(obj: dict[str, Any], expected: list[FieldError]) -> None:
    assert events.validate_event(obj) == expected


def test_events_k8s_io_rules() -> None:
    wire = {
        "metadata": {"name": "web.17a", "namespace": "default"},
        "regarding": {"kind": "Pod", "namespace": "default", "name": "web"},
        "note": "assigned",
        "reason": "Scheduled",
        "type": "Info",
        "eventTime": "2025-01-01T00:00:00.000000Z",
        "reportingController": "kubeedge.io/edged",
        "reportingInstance": "edged-edge-1",
        "action": "Binding",
        "deprecatedCount": 3,
        "series": {"count": 1},
    }
    assert events.validate_event(events.core_event_fields(wire), strict=True) == [
        FieldError.invalid("series.count", "", "should be at least 2"),
        FieldError.required("series.lastObservedTime"),
        FieldError.invalid("type", "", "has invalid value: Info"),
        FieldError.invalid("count", "", "needs to be unset"),
    ]


def test_strict_event_update_immutables() -> None:
    old = new_style()
    old["metadata"].update(uid="u", resourceVersion="1")
    new = copy.deepcopy(old)
    new["reason"] = "Other"
    assert events.validate_event_update(new, old) == []
    assert events.validate_event_update(new, old, strict=True) == [
        FieldError.invalid("reason", "Other", "field is immutable"),
        FieldError.invalid("reason", "Other", "field is immutable"),
    ]


def test_lease() -> None:
    valid: dict[str, Any] = {
        "metadata": {"name": "edge-1", "namespace": "kube-node-lease", "finalizers": ["cleanup"]},
        "spec": {"holderIdentity": "edge-1", "leaseDurationSeconds": 40, "leaseTransitions": 0},
    }
    assert lease.validate_lease(valid) == []  # leases do not get core's finalizer-name rule
    bad = copy.deepcopy(valid)
    bad["spec"].update(leaseDurationSeconds=0, leaseTransitions=-1)
    assert lease.validate_lease(bad) == [
        FieldError.invalid("spec.leaseDurationSeconds", 0, "must be greater than 0"),
        FieldError.invalid("spec.leaseTransitions", -1, "must be greater than or equal to 0"),
    ]
    old = copy.deepcopy(valid)
    old["metadata"].update(uid="u", resourceVersion="9")
    renewed = copy.deepcopy(old)
    renewed["spec"]["renewTime"] = "2025-01-01T00:00:00.000000Z"
    assert lease.validate_lease_update(renewed, old) == []
