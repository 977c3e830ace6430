"""Pod volumes, their sources and files, and container mounts."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import names
from kubeedge.apiserver.validation.pod_spec import validate_pod_spec
from kubeedge.apiserver.validation.volumes import validate_volumes

LABEL_MSG = names.is_dns1123_label("X")[0]
FILE_MODE = "must be a number between 0 and 0777 (octal), both inclusive"
V0 = "spec.volumes[0]"


def check(*volumes: dict[str, Any]) -> list[FieldError]:
    return validate_volumes(list(volumes), "spec.volumes", pod_name="web", is_pod=True)[1]


CASES: list[tuple[str, list[dict[str, Any]], list[FieldError]]] = [
    ("empty dir", [{"name": "a", "emptyDir": {"sizeLimit": "1Gi"}}], []),
    (
        "negative size limit",
        [{"name": "a", "emptyDir": {"sizeLimit": "-1"}}],
        [FieldError.forbidden(f"{V0}.emptyDir.sizeLimit", "SizeLimit field must be a valid resource quantity")],
    ),
    ("name missing", [{"emptyDir": {}}], [FieldError.required(f"{V0}.name")]),
    ("name not a label", [{"name": "A", "emptyDir": {}}], [FieldError.invalid(f"{V0}.name", "A", LABEL_MSG)]),
    (
        "duplicate names",
        [{"name": "a", "emptyDir": {}}, {"name": "a", "emptyDir": {}}],
        [FieldError.duplicate("spec.volumes[1].name", "a")],
    ),
    ("no source", [{"name": "a"}], [FieldError.required(V0, "must specify a volume type")]),
    (
        "two sources",
        [{"name": "a", "emptyDir": {}, "hostPath": {"path": "/x"}, "downwardAPI": {}}],
        [
            FieldError.forbidden(f"{V0}.hostPath", "may not specify more than 1 volume type"),
            FieldError.forbidden(f"{V0}.downwarAPI", "may not specify more than 1 volume type"),
        ],
    ),
    ("host path required", [{"name": "a", "hostPath": {}}], [FieldError.required(f"{V0}.hostPath.path")]),
    (
        "host path type",
        [{"name": "a", "hostPath": {"path": "/x", "type": "Dir"}}],
        [
            FieldError.not_supported(
                f"{V0}.hostPath.type",
                "Dir",
                [
                    "",
                    "BlockDevice",
                    "CharDevice",
                    "Directory",
                    "DirectoryOrCreate",
                    "File",
                    "FileOrCreate",
                    "Socket",
                ],
            )
        ],
    ),
    (
        "host path backsteps",
        [{"name": "a", "hostPath": {"path": "/x/../etc", "type": ""}}],
        [FieldError.invalid(f"{V0}.hostPath.path", "/x/../etc", "must not contain '..'")],
    ),
    (
        "secret volume",
        [
            {
                "name": "a",
                "secret": {"defaultMode": 0o1000, "items": [{"key": "k", "path": "/abs", "mode": -1}]},
            }
        ],
        [
            FieldError.required(f"{V0}.secret.secretName"),
            FieldError.invalid(f"{V0}.secret.defaultMode", 512, FILE_MODE),
            FieldError.invalid(f"{V0}.secret.items[0].path", "/abs", "must be a relative path"),
            FieldError.invalid(f"{V0}.secret.items[0].mode", -1, FILE_MODE),
        ],
    ),
    (
        "config map items",
        [{"name": "a", "configMap": {"name": "c", "items": [{"path": "..conf"}]}}],
        [
            FieldError.required(f"{V0}.configMap.items[0].key"),
            FieldError.invalid(f"{V0}.configMap.items[0].path", "..conf", "must not start with '..'"),
        ],
    ),
    (
        "pvc claim name",
        [{"name": "a", "persistentVolumeClaim": {}}],
        [FieldError.required(f"{V0}.persistentVolumeClaim.claimName")],
    ),
    (
        "nfs",
        [{"name": "a", "nfs": {"server": "s", "path": "rel"}}],
        [FieldError.invalid(f"{V0}.nfs.path", "rel", "must be an absolute path")],
    ),
    (
        "gce partition path quirk",
        [{"name": "a", "gcePersistentDisk": {"partition": 300}}],
        [
            FieldError.required(f"{V0}.persistentDisk.pdName"),
            FieldError.invalid(f"{V0}.persistentDisk.partition", 300, "must be between 1 and 255, inclusive"),
        ],
    ),
    (
        "csi driver",
        [{"name": "a", "csi": {"driver": "Bad_Driver"}}],
        [FieldError.invalid(f"{V0}.csi.driver", "Bad_Driver", names.is_dns1123_subdomain("bad_driver")[0])],
    ),
    (
        "downward api files",
        [
            {
                "name": "a",
                "downwardAPI": {
                    "items": [
                        {"path": "labels", "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels"}},
                        {"path": "node", "fieldRef": {"apiVersion": "v1", "fieldPath": "spec.nodeName"}},
                        {"path": "none"},
                        {
                            "path": "cpu",
                            "resourceFieldRef": {"resource": "limits.cpu"},
                        },
                    ]
                },
            }
        ],
        [
            FieldError.not_supported(
                f"{V0}.downwardAPI.fieldRef.fieldPath",
                "spec.nodeName",
                [
                    "metadata.annotations",
                    "metadata.labels",
                    "metadata.name",
                    "metadata.namespace",
                    "metadata.uid",
                ],
            ),
            FieldError.required(f"{V0}.downwardAPI", "one of fieldRef and resourceFieldRef is required"),
            FieldError.required(f"{V0}.downwardAPI.resourceFieldRef.containerName"),
        ],
    ),
    (
        "projected sources",
        [
            {
                "name": "a",
                "projected": {
                    "sources": [
                        {"secret": {"name": "s", "items": [{"key": "k", "path": "same"}]}},
                        {"configMap": {"name": "c", "items": [{"key": "k", "path": "same"}]}},
                        {"serviceAccountToken": {"expirationSeconds": 60, "path": "token"}},
                        {"secret": {"name": "s2"}, "configMap": {"name": "c2"}},
                    ]
                },
            }
        ],
        [
            FieldError.invalid(f"{V0}.projected", "c", "conflicting duplicate paths"),
            FieldError.invalid(
                f"{V0}.projected.sources[2].serviceAccountToken.expirationSeconds",
                60,
                "may not specify a duration less than 10 minutes",
            ),
            FieldError.forbidden(f"{V0}.projected.sources[3]", "may not specify more than 1 volume type per source"),
        ],
    ),
    (
        "ephemeral claim template",
        [{"name": "scratch", "ephemeral": {"volumeClaimTemplate": {"metadata": {"name": "x"}, "spec": {}}}}],
        [
            FieldError.forbidden(f"{V0}.ephemeral.volumeClaimTemplate.metadata.name", "cannot be set"),
            FieldError.required(
                f"{V0}.ephemeral.volumeClaimTemplate.spec.accessModes", "at least 1 access mode is required"
            ),
            FieldError.required(f"{V0}.ephemeral.volumeClaimTemplate.spec.resources[storage]"),
        ],
    ),
    (
        "pvc of an ephemeral volume",
        [
            {
                "name": "scratch",
                "ephemeral": {
                    "volumeClaimTemplate": {
                        "spec": {
                            "accessModes": ["ReadWriteOnce"],
                            "resources": {"requests": {"storage": "1Gi"}},
                        }
                    }
                },
            },
            {"name": "b", "persistentVolumeClaim": {"claimName": "web-scratch"}},
        ],
        [
            FieldError.invalid(
                "spec.volumes[1].persistentVolumeClaim.claimName",
                "web-scratch",
                "must not reference a PVC that gets created for an ephemeral volume",
            )
        ],
    ),
]


@pytest.mark.parametrize(("volumes", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_volumes(volumes: list[dict[str, Any]], expected: list[FieldError]) -> None:
    assert check(*volumes) == expected


def test_invalid_volumes_are_not_mountable() -> None:
    valid, _ = validate_volumes([{"name": "ok", "emptyDir": {}}, {"name": "bad"}], "spec.volumes")
    assert list(valid) == ["ok"]


def _spec_with_mounts(*mounts: dict[str, Any], **container: Any) -> dict[str, Any]:
    return {
        "containers": [
            {
                "name": "c",
                "image": "busybox",
                "imagePullPolicy": "IfNotPresent",
                "terminationMessagePolicy": "File",
                "volumeMounts": list(mounts),
                **container,
            }
        ],
        "volumes": [
            {"name": "data", "emptyDir": {}},
            {"name": "claim", "persistentVolumeClaim": {"claimName": "c"}},
        ],
        "restartPolicy": "Always",
        "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30,
    }


M = "spec.containers[0].volumeMounts"

MOUNT_CASES: list[tuple[str, dict[str, Any], list[FieldError]]] = [
    (
        "unknown volume",
        _spec_with_mounts({"name": "nope", "mountPath": "/x"}),
        [FieldError.not_found(f"{M}[0].name", "nope")],
    ),
    (
        "missing name and path",
        _spec_with_mounts({}),
        [
            FieldError.required(f"{M}[0].name"),
            FieldError.not_found(f"{M}[0].name", ""),
            FieldError.required(f"{M}[0].mountPath"),
        ],
    ),
    (
        "duplicate mount paths",
        _spec_with_mounts({"name": "data", "mountPath": "/d"}, {"name": "data", "mountPath": "/d"}),
        [FieldError.invalid(f"{M}[1].mountPath", "/d", "must be unique")],
    ),
    (
        "sub path escapes (reported on the list path)",
        _spec_with_mounts({"name": "data", "mountPath": "/d", "subPath": "../x"}),
        [FieldError.invalid(f"{M}.subPath", "../x", "must not contain '..'")],
    ),
    (
        "sub path and expression",
        _spec_with_mounts({"name": "data", "mountPath": "/d", "subPath": "a", "subPathExpr": "$(X)"}),
        [FieldError.invalid(f"{M}[0].subPathExpr", "$(X)", "subPathExpr and subPath are mutually exclusive")],
    ),
    (
        "bidirectional needs privilege",
        _spec_with_mounts({"name": "data", "mountPath": "/d", "mountPropagation": "Bidirectional"}),
        [
            FieldError.forbidden(
                f"{M}.mountPropagation",
                "Bidirectional mount propagation is available only to privileged containers",
            )
        ],
    ),
    (
        "recursive read only",
        _spec_with_mounts({"name": "data", "mountPath": "/d", "recursiveReadOnly": "Enabled"}),
        [FieldError.forbidden(f"{M}.recursiveReadOnly", "may only be specified when readOnly is true")],
    ),
    (
        "block device from an emptyDir",
        _spec_with_mounts(volumeDevices=[{"name": "data", "devicePath": "/dev/x"}]),
        [
            FieldError.invalid(
                "spec.containers[0].volumeDevices[0].name",
                "data",
                "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
            )
        ],
    ),
    (
        "device and mount share a name",
        _spec_with_mounts(
            {"name": "claim", "mountPath": "/m"}, volumeDevices=[{"name": "claim", "devicePath": "/dev/x"}]
        ),
        [
            FieldError.invalid(f"{M}[0].name", "claim", "must not already exist in volumeDevices"),
            FieldError.invalid(
                "spec.containers[0].volumeDevices[0].name", "claim", "must not already exist in volumeMounts"
            ),
        ],
    ),
]


@pytest.mark.parametrize(("spec", "expected"), [c[1:] for c in MOUNT_CASES], ids=[c[0] for c in MOUNT_CASES])
def test_mounts(spec: dict[str, Any], expected: list[FieldError]) -> None:
    assert validate_pod_spec(spec, "spec", pod_name="web", is_pod=True) == expected
