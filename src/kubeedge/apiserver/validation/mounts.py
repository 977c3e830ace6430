"""Volume mounts and block devices of a container (core ``ValidateVolumeMounts``/``Devices``).

A mount names a *valid* volume of the pod, mount paths are unique, sub-paths stay inside the
volume, and a name or path may not be used both as a mount and as a block device. Block devices
must come from a PersistentVolumeClaim or an ephemeral volume.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, volume_files
from kubeedge.apiserver.validation.paths import child, index

__all__ = ["validate_volume_devices", "validate_volume_mounts"]

_MOUNT_PROPAGATIONS = ("Bidirectional", "HostToContainer", "None")
_RECURSIVE_READ_ONLY = ("Disabled", "Enabled", "IfPossible")


def validate_volume_mounts(
    container: dict[str, Any], volumes: dict[str, dict[str, Any]], path: str
) -> list[FieldError]:
    devices = {
        access.text(d.get("name")): access.text(d.get("devicePath"))
        for d in map(access.mapping, access.items(container.get("volumeDevices")))
    }
    privileged = access.mapping(container.get("securityContext")).get("privileged") is True
    errs: list[FieldError] = []
    mount_points: set[str] = set()
    for i, raw in enumerate(access.items(container.get("volumeMounts"))):
        mount_path = index(path, i)
        mount = access.mapping(raw)
        name = access.text(mount.get("name"))
        target = access.text(mount.get("mountPath"))
        if not name:
            errs.append(FieldError.required(child(mount_path, "name")))
        if name not in volumes:
            errs.append(FieldError.not_found(child(mount_path, "name"), name))
        if not target:
            errs.append(FieldError.required(child(mount_path, "mountPath")))
        if target in mount_points:
            errs.append(FieldError.invalid(child(mount_path, "mountPath"), target, "must be unique"))
        mount_points.add(target)
        if name in devices:
            errs.append(FieldError.invalid(child(mount_path, "name"), name, "must not already exist in volumeDevices"))
        if target in devices.values():
            errs.append(
                FieldError.invalid(
                    child(mount_path, "mountPath"),
                    target,
                    "must not already exist as a path in volumeDevices",
                )
            )
        sub_path, sub_path_expr = access.text(mount.get("subPath")), access.text(mount.get("subPathExpr"))
        if access.present(volumes.get(name, {}), "image"):
            for field, value in (("subPath", sub_path), ("subPathExpr", sub_path_expr)):
                if value:
                    errs.append(
                        FieldError.invalid(child(mount_path, field), value, "not allowed in image volume sources")
                    )
        # kube checks sub-paths against the list's path, not the entry's (kept for fidelity).
        if sub_path:
            errs += volume_files.validate_local_descending_path(sub_path, child(path, "subPath"))
        if sub_path_expr:
            if sub_path:
                errs.append(
                    FieldError.invalid(
                        child(mount_path, "subPathExpr"),
                        sub_path_expr,
                        "subPathExpr and subPath are mutually exclusive",
                    )
                )
            errs += volume_files.validate_local_descending_path(sub_path_expr, child(path, "subPathExpr"))
        propagation = mount.get("mountPropagation")
        if propagation is not None:
            value = access.text(propagation)
            if value not in _MOUNT_PROPAGATIONS:
                errs.append(FieldError.not_supported(child(path, "mountPropagation"), value, list(_MOUNT_PROPAGATIONS)))
            if value == "Bidirectional" and not privileged:
                errs.append(
                    FieldError.forbidden(
                        child(path, "mountPropagation"),
                        "Bidirectional mount propagation is available only to privileged containers",
                    )
                )
        errs += _recursive_read_only(mount, child(path, "recursiveReadOnly"))
    return errs


def _recursive_read_only(mount: dict[str, Any], path: str) -> list[FieldError]:
    if mount.get("recursiveReadOnly") is None:
        return []
    value = access.text(mount.get("recursiveReadOnly"))
    if value == "Disabled":
        return []
    if value not in _RECURSIVE_READ_ONLY:
        return [FieldError.not_supported(path, value, list(_RECURSIVE_READ_ONLY))]
    errs = []
    if mount.get("readOnly") is not True:
        errs.append(FieldError.forbidden(path, "may only be specified when readOnly is true"))
    if mount.get("mountPropagation") not in (None, "None"):
        errs.append(FieldError.forbidden(path, "may only be specified when mountPropagation is None or not specified"))
    return errs


def validate_volume_devices(
    container: dict[str, Any], volumes: dict[str, dict[str, Any]], path: str
) -> list[FieldError]:
    mounts = {
        access.text(m.get("name")): access.text(m.get("mountPath"))
        for m in map(access.mapping, access.items(container.get("volumeMounts")))
    }
    errs: list[FieldError] = []
    device_names: set[str] = set()
    device_paths: set[str] = set()
    for i, raw in enumerate(access.items(container.get("volumeDevices"))):
        device_path = index(path, i)
        device = access.mapping(raw)
        name, target = access.text(device.get("name")), access.text(device.get("devicePath"))
        if not name:
            errs.append(FieldError.required(child(device_path, "name")))
        if name in device_names:
            errs.append(FieldError.invalid(child(device_path, "name"), name, "must be unique"))
        volume = volumes.get(name)
        if volume is not None and not (
            access.present(volume, "persistentVolumeClaim") or access.present(volume, "ephemeral")
        ):
            errs.append(
                FieldError.invalid(
                    child(device_path, "name"),
                    name,
                    "can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode",
                )
            )
        if volume is None:
            errs.append(FieldError.not_found(child(device_path, "name"), name))
        if not target:
            errs.append(FieldError.required(child(device_path, "devicePath")))
        if target in device_paths:
            errs.append(FieldError.invalid(child(device_path, "devicePath"), target, "must be unique"))
        if target and ".." in target.split("/"):
            errs.append(
                FieldError.invalid(child(device_path, "devicePath"), target, "can not contain backsteps ('..')")
            )
        else:
            device_paths.add(target)
        if name in mounts:
            errs.append(FieldError.invalid(child(device_path, "name"), name, "must not already exist in volumeMounts"))
        if target in mounts.values():
            errs.append(
                FieldError.invalid(
                    child(device_path, "devicePath"),
                    target,
                    "must not already exist as a path in volumeMounts",
                )
            )
        if name:
            device_names.add(name)
    return errs
