"""The event table, for core/v1 and events.k8s.io/v1 shapes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kubeedge.apiserver.tables.events import COLUMNS, print_event

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def _core(**fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "metadata": {"name": "web.17c", "namespace": "d"},
        "involvedObject": {"kind": "Pod", "name": "web", "fieldPath": "spec.containers{app}"},
        "reason": "Pulled",
        "type": "Normal",
        "message": "  Pulled image  \n",
        "source": {"component": "kubelet", "host": "edge-1"},
    }
    event.update(fields)
    return event


@pytest.mark.parametrize(
    ("event", "cells"),
    [
        (
            _core(firstTimestamp="2024-05-01T11:00:00Z", lastTimestamp="2024-05-01T11:58:00Z", count=4),
            (
                "2m",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "kubelet, edge-1",
                "Pulled image",
                "60m",
                4,
                "web.17c",
            ),
        ),
        # No lastTimestamp: LAST SEEN is FIRST SEEN; no count: 1.
        (
            _core(firstTimestamp="2024-05-01T11:00:00Z"),
            (
                "60m",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "kubelet, edge-1",
                "Pulled image",
                "60m",
                1,
                "web.17c",
            ),
        ),
        # No firstTimestamp: eventTime; a series supplies LAST SEEN and COUNT.
        (
            _core(
                eventTime="2024-05-01T11:30:00.123456Z",
                series={"count": 9, "lastObservedTime": "2024-05-01T11:59:29.999999Z"},
                count=2,
            ),
            # 30.000001s truncates to 30s, as Go truncates.
            (
                "30s",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "kubelet, edge-1",
                "Pulled image",
                "29m",
                9,
                "web.17c",
            ),
        ),
        (
            _core(firstTimestamp="0001-01-01T00:00:00Z", eventTime="2024-05-01T11:50:00Z"),
            (
                "10m",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "kubelet, edge-1",
                "Pulled image",
                "10m",
                1,
                "web.17c",
            ),
        ),
        (
            _core(),
            (
                "<unknown>",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "kubelet, edge-1",
                "Pulled image",
                "<unknown>",
                1,
                "web.17c",
            ),
        ),
        # Source falls back to the reporting controller and instance; no name: the bare kind.
        (
            _core(
                source={},
                reportingComponent="edgecontroller",
                reportingInstance="",
                involvedObject={"kind": "Node"},
                lastTimestamp="2024-05-01T11:59:59Z",
            ),
            (
                "1s",
                "Normal",
                "Pulled",
                "node",
                "",
                "edgecontroller",
                "Pulled image",
                "<unknown>",
                1,
                "web.17c",
            ),
        ),
        (
            _core(source={"component": ""}, reportingComponent="ctl", reportingInstance="ctl-0"),
            (
                "<unknown>",
                "Normal",
                "Pulled",
                "pod/web",
                "spec.containers{app}",
                "ctl, ctl-0",
                "Pulled image",
                "<unknown>",
                1,
                "web.17c",
            ),
        ),
    ],
)
def test_core_events(event: dict[str, Any], cells: tuple[Any, ...]) -> None:
    assert print_event(event, NOW).cells == cells


def test_events_v1_shape() -> None:
    event = {
        "metadata": {"name": "e1", "namespace": "d"},
        "regarding": {"kind": "Deployment", "name": "web"},
        "reason": "ScalingReplicaSet",
        "type": "Normal",
        "note": "Scaled up",
        "reportingController": "deployment-controller",
        "reportingInstance": "kcm-1",
        "eventTime": "2024-05-01T11:55:00Z",
        "deprecatedCount": 3,
        "deprecatedLastTimestamp": "2024-05-01T11:59:00Z",
    }
    assert print_event(event, NOW).cells == (
        "60s",
        "Normal",
        "ScalingReplicaSet",
        "deployment/web",
        "",
        "deployment-controller, kcm-1",
        "Scaled up",
        "5m",
        3,
        "e1",
    )


def test_columns() -> None:
    assert [(c.name, c.priority, c.format) for c in COLUMNS] == [
        ("Last Seen", 0, ""),
        ("Type", 0, ""),
        ("Reason", 0, ""),
        ("Object", 0, ""),
        ("Subobject", 1, ""),
        ("Source", 1, ""),
        ("Message", 0, ""),
        ("First Seen", 1, ""),
        ("Count", 1, ""),
        ("Name", 1, "name"),
    ]
