"""kube's naming rules for definitions, operation ids, tags and articles."""

from __future__ import annotations

import pytest

from kubeedge.apiserver.openapi import naming


@pytest.mark.parametrize(
    ("group", "version", "kind", "expected"),
    [
        ("devices.kubeedge.io", "v1beta1", "Device", "io.kubeedge.devices.v1beta1.Device"),
        ("devices.kubeedge.io", "v1beta1", "DeviceList", "io.kubeedge.devices.v1beta1.DeviceList"),
        ("stable.example.com", "v1", "CronTab", "com.example.stable.v1.CronTab"),
        ("csi.storage.k8s.io", "v1alpha1", "CSINodeInfo", "io.k8s.storage.csi.v1alpha1.CSINodeInfo"),
        ("example", "v1", "Foo", "example.v1.Foo"),  # no dot: not reversed
    ],
)
def test_crd_definition_name(group: str, version: str, kind: str, expected: str) -> None:
    assert naming.crd_definition_name(group, version, kind) == expected


@pytest.mark.parametrize(
    ("verb", "group", "version", "rest", "expected"),
    [
        ("list", "", "v1", "NamespacedPod", "listCoreV1NamespacedPod"),
        ("list", "", "v1", "PodForAllNamespaces", "listCoreV1PodForAllNamespaces"),
        ("delete", "", "v1", "CollectionNamespacedPod", "deleteCoreV1CollectionNamespacedPod"),
        ("create", "apps", "v1", "NamespacedDeployment", "createAppsV1NamespacedDeployment"),
        ("patch", "coordination.k8s.io", "v1", "NamespacedLease", "patchCoordinationV1NamespacedLease"),
        (
            "read",
            "apiextensions.k8s.io",
            "v1",
            "CustomResourceDefinition",
            "readApiextensionsV1CustomResourceDefinition",
        ),
        ("list", "devices.kubeedge.io", "v1beta1", "NamespacedDevice", "listDevicesKubeedgeIoV1beta1NamespacedDevice"),
        ("get", "apps", "v1", "APIResources", "getAppsV1APIResources"),
    ],
)
def test_operation_id(verb: str, group: str, version: str, rest: str, expected: str) -> None:
    assert naming.operation_id(verb, group, version, rest) == expected


@pytest.mark.parametrize(
    ("group", "version", "expected"),
    [
        ("", "v1", "core_v1"),
        ("apps", "v1", "apps_v1"),
        ("coordination.k8s.io", "v1", "coordination_v1"),
        ("apiextensions.k8s.io", "v1", "apiextensions_v1"),
        ("devices.kubeedge.io", "v1beta1", "devicesKubeedgeIo_v1beta1"),
    ],
)
def test_operation_tag(group: str, version: str, expected: str) -> None:
    assert naming.operation_tag(group, version) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("Pod", " a "), ("Event", " an "), ("Endpoints", " "), ("Ingress", " an "), ("Lease", " a ")],
)
def test_article_for(noun: str, expected: str) -> None:
    assert naming.article_for(noun) == expected


@pytest.mark.parametrize(("group", "version", "expected"), [("", "v1", "api/v1"), ("apps", "v1", "apis/apps/v1")])
def test_group_version_path(group: str, version: str, expected: str) -> None:
    assert naming.group_version_path(group, version) == expected
