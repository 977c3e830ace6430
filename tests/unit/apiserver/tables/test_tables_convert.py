"""to_table: the Table envelope, includeObject, printer choice, CRD columns, default table."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry.resources import PrinterColumn, ResourceInfo
from kubeedge.apiserver.tables import convert
from kubeedge.apiserver.tables._docs import CREATION_TIMESTAMP, NAME
from kubeedge.apiserver.tables.custom import cell_for

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def _resource(group: str, plural: str, kind: str, **extra: Any) -> ResourceInfo:
    return ResourceInfo(
        group=group,
        version="v1",
        kind=kind,
        plural=plural,
        singular=kind.lower(),
        namespaced=extra.pop("namespaced", True),
        **extra,
    )


CONFIGMAPS = _resource("", "configmaps", "ConfigMap")
CLUSTER_ROLES = _resource("rbac.authorization.k8s.io", "clusterroles", "ClusterRole", namespaced=False)
CRDS = _resource("apiextensions.k8s.io", "customresourcedefinitions", "CustomResourceDefinition", namespaced=False)
DEVICES = _resource(
    "devices.kubeedge.io",
    "devices",
    "Device",
    is_custom=True,
    printer_columns=(
        PrinterColumn(name="Model", type="string", json_path=".spec.deviceModelRef.name"),
        PrinterColumn(
            name="Online",
            type="string",
            json_path='.status.conditions[?(@.type=="Online")].status',
            description="Whether the device is online",
        ),
        PrinterColumn(name="Twins", type="integer", json_path=".status.twinCount", priority=1),
        PrinterColumn(name="Ratio", type="number", json_path=".status.ratio", format="float"),
        PrinterColumn(name="Enabled", type="boolean", json_path=".spec.enabled"),
        PrinterColumn(name="Seen", type="date", json_path=".status.lastSeen"),
        PrinterColumn(name="Labels", type="string", json_path=".metadata.labels"),
    ),
)
PLAIN_CRD = _resource("example.com", "widgets", "Widget", is_custom=True)

CONFIGMAP = {
    "apiVersion": "v1",
    "kind": "ConfigMap",
    "metadata": {
        "name": "cfg",
        "namespace": "d",
        "resourceVersion": "12",
        "creationTimestamp": "2024-05-01T11:00:00Z",
    },
    "data": {"a": "1"},
}


def test_table_envelope_and_default_partial_metadata() -> None:
    table = convert.to_table(CONFIGMAPS, [CONFIGMAP], now=NOW, list_meta={"resourceVersion": "40"})
    assert table["kind"] == "Table"
    assert table["apiVersion"] == "meta.k8s.io/v1"
    assert table["metadata"] == {"resourceVersion": "40"}
    assert table["columnDefinitions"] == [
        {"name": "Name", "type": "string", "format": "name", "description": NAME, "priority": 0},
        {
            "name": "Data",
            "type": "string",
            "format": "",
            "description": table["columnDefinitions"][1]["description"],
            "priority": 0,
        },
        {"name": "Age", "type": "string", "format": "", "description": CREATION_TIMESTAMP, "priority": 0},
    ]
    assert table["rows"] == [
        {
            "cells": ["cfg", 1, "60m"],
            "object": {
                "kind": "PartialObjectMetadata",
                "apiVersion": "meta.k8s.io/v1",
                "metadata": CONFIGMAP["metadata"],
            },
        }
    ]


@pytest.mark.parametrize(
    ("include", "expected"),
    [
        ("", "PartialObjectMetadata"),
        ("Metadata", "PartialObjectMetadata"),
        (convert.IncludeObject.OBJECT, "ConfigMap"),
        ("None", None),
    ],
)
def test_include_object(include: str, expected: str | None) -> None:
    row = convert.to_table(CONFIGMAPS, [CONFIGMAP], now=NOW, include_object=include)["rows"][0]
    if expected is None:
        assert row["object"] is None
    else:
        assert row["object"]["kind"] == expected


def test_include_object_fills_type_meta() -> None:
    bare = {"metadata": {"name": "cfg"}}
    row = convert.to_table(CONFIGMAPS, [bare], now=NOW, include_object="Object")["rows"][0]
    assert row["object"] == {"metadata": {"name": "cfg"}, "apiVersion": "v1", "kind": "ConfigMap"}


def test_unknown_include_object() -> None:
    with pytest.raises(StatusError) as caught:
        convert.to_table(CONFIGMAPS, [CONFIGMAP], now=NOW, include_object="Everything")
    assert caught.value.code == 400
    assert caught.value.message == 'unrecognized includeObject value: "Everything"'


def test_list_meta_options_and_versions() -> None:
    table = convert.to_table(
        CONFIGMAPS,
        [],
        now=NOW,
        list_meta={"resourceVersion": "7", "continue": "tok", "remainingItemCount": 0, "selfLink": "x"},
        no_headers=True,
        meta_version="v1beta1",
    )
    assert table == {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1beta1",
        "metadata": {"resourceVersion": "7", "continue": "tok", "remainingItemCount": 0},
        "columnDefinitions": None,
        "rows": [],
    }


def test_pod_rows_carry_conditions() -> None:
    pods = _resource("", "pods", "Pod")
    pod = {
        "metadata": {"name": "p"},
        "spec": {"containers": [{"name": "c"}]},
        "status": {"phase": "Succeeded"},
    }
    row = convert.to_table(pods, [pod], now=NOW, include_object="None")["rows"][0]
    assert list(row) == ["cells", "conditions", "object"]
    assert row["conditions"][0]["reason"] == "Succeeded"


def test_default_table_for_resources_without_a_printer() -> None:
    role = {"metadata": {"name": "admin", "creationTimestamp": "2024-04-30T10:20:30+02:00"}}
    table = convert.to_table(CLUSTER_ROLES, [role, {"metadata": {"name": "edit"}}], now=NOW)
    assert [(c["name"], c["type"], c["format"]) for c in table["columnDefinitions"]] == [
        ("Name", "string", "name"),
        ("Created At", "date", ""),
    ]
    assert [r["cells"] for r in table["rows"]] == [
        ["admin", "2024-04-30T08:20:30Z"],
        ["edit", "0001-01-01T00:00:00Z"],
    ]
    assert convert.to_table(CRDS, [], now=NOW)["rows"] is None


def test_printer_choice() -> None:
    assert convert.printer_for(_resource("", "pods", "Pod")) is convert.BUILTIN_PRINTERS[("", "pods")]
    assert (
        convert.printer_for(_resource("events.k8s.io", "events", "Event")) is convert.BUILTIN_PRINTERS[("", "events")]
    )
    custom_pods = _resource("example.com", "pods", "Pod", is_custom=True)
    assert [c.name for c in convert.printer_for(custom_pods).columns] == ["Name", "Age"]
    served_with_columns = _resource(
        "example.com",
        "things",
        "Thing",
        printer_columns=(PrinterColumn(name="X", type="string", json_path=".x"),),
    )
    assert [c.name for c in convert.printer_for(served_with_columns).columns] == ["Name", "X"]


def test_crd_without_printer_columns_gets_an_age_column() -> None:
    widget = {"metadata": {"name": "w", "creationTimestamp": "2024-05-01T11:58:00Z"}}
    table = convert.to_table(PLAIN_CRD, [widget], now=NOW)
    assert table["columnDefinitions"][1] == {
        "name": "Age",
        "type": "date",
        "format": "",
        "description": CREATION_TIMESTAMP,
        "priority": 0,
    }
    assert table["rows"][0]["cells"] == ["w", "2m"]
    assert convert.to_table(PLAIN_CRD, [{"metadata": {"name": "v"}}], now=NOW)["rows"][0]["cells"] == [
        "v",
        None,
    ]


def test_crd_printer_columns() -> None:
    device = {
        "apiVersion": "devices.kubeedge.io/v1beta1",
        "kind": "Device",
        "metadata": {"name": "thermo", "labels": {"b": "2", "a": "<1>"}},
        "spec": {"deviceModelRef": {"name": "thermo-model"}, "enabled": True},
        "status": {
            "conditions": [{"type": "Online", "status": "True"}],
            "twinCount": 3.0,
            "ratio": 2,
            "lastSeen": "2024-05-01T11:59:15Z",
        },
    }
    table = convert.to_table(DEVICES, [device], now=NOW)
    columns = table["columnDefinitions"]
    assert [(c["name"], c["type"], c["format"], c["priority"]) for c in columns] == [
        ("Name", "string", "name", 0),
        ("Model", "string", "", 0),
        ("Online", "string", "", 0),
        ("Twins", "integer", "", 1),
        ("Ratio", "number", "float", 0),
        ("Enabled", "boolean", "", 0),
        ("Seen", "date", "", 0),
        ("Labels", "string", "", 0),
    ]
    assert (
        columns[1]["description"] == "Custom resource definition column (in JSONPath format): .spec.deviceModelRef.name"
    )
    assert columns[2]["description"] == "Whether the device is online"
    assert table["rows"][0]["cells"] == [
        "thermo",
        "thermo-model",
        "True",
        3,
        2.0,
        True,
        "45s",
        '{"a":"\\u003c1\\u003e","b":"2"}',
    ]


def test_crd_cells_for_missing_and_mistyped_values() -> None:
    device = {
        "metadata": {"name": "d"},
        "spec": {"enabled": "yes", "deviceModelRef": {"name": None}},
        "status": {"twinCount": "3", "lastSeen": "yesterday", "ratio": True},
    }
    cells = convert.to_table(DEVICES, [device], now=NOW)["rows"][0]["cells"]
    assert cells == ["d", "<no value>", None, None, None, None, "<invalid>", None]


@pytest.mark.parametrize(
    ("kind", "value", "cell"),
    [
        ("integer", 4, 4),
        ("integer", 4.9, 4),
        ("integer", True, None),
        ("number", 4, 4.0),
        ("boolean", False, False),
        ("boolean", "true", None),
        ("string", "s", "s"),
        ("string", 1, None),
        ("date", "0001-01-01T00:00:00Z", "<unknown>"),
        ("date", 5, None),
        ("date", "2024-05-01T12:00:01Z", "0s"),
        ("date", "2024-05-01T12:00:05Z", "<invalid>"),
        ("unknown", "x", None),
        ("string", None, None),
    ],
)
def test_cell_for(kind: str, value: Any, cell: Any) -> None:
    assert cell_for(kind, value, NOW) == cell


def test_unusable_printer_column_prints_null() -> None:
    broken = _resource(
        "example.com",
        "widgets",
        "Widget",
        is_custom=True,
        printer_columns=(
            PrinterColumn(name="Bad", type="string", json_path=".spec[a,b]"),
            PrinterColumn(name="OutOfRange", type="string", json_path=".spec.items[3]"),
        ),
    )
    widget = {"metadata": {"name": "w"}, "spec": {"items": [1]}}
    assert convert.to_table(broken, [widget], now=NOW)["rows"][0]["cells"] == ["w", None, None]
