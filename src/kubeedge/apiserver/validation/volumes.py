"""Pod volumes: unique DNS-1123 names and exactly one source each (core ``ValidateVolumes``).

Sources are examined in kube's field order; the second one found is reported as ``may not
specify more than 1 volume type`` at *its* path, and a volume with none gets ``must specify a
volume type``. kube's path spellings are kept where they differ from the JSON names
(``downwarAPI``, ``cephFS``, ``persistentDisk``), since clients see them.

The result includes the map of valid volumes, which container ``volumeMounts`` are checked
against: a mount naming a volume that failed validation is ``Not found``, as in kube.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, names, rules, volume_files
from kubeedge.apiserver.validation.compute import parse_field_quantity
from kubeedge.apiserver.validation.meta import validate_template_meta
from kubeedge.apiserver.validation.paths import child, index, key

__all__ = ["VOLUME_SOURCES", "validate_volumes"]

_HOST_PATH_TYPES = (
    "",
    "BlockDevice",
    "CharDevice",
    "Directory",
    "DirectoryOrCreate",
    "File",
    "FileOrCreate",
    "Socket",
)
_ACCESS_MODES = ("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod")
_PULL_POLICIES = ("Always", "IfNotPresent", "Never")
_PD_PARTITION_ERROR = names.inclusive_range_error(1, 255)

Checker = Callable[[dict[str, Any], str, dict[str, Any]], list[FieldError]]


def _required(*fields: str) -> Checker:
    def check(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
        return [FieldError.required(child(path, f)) for f in fields if not source.get(f)]

    return check


def _partition(source: dict[str, Any], path: str) -> list[FieldError]:
    partition = access.integer(source.get("partition")) or 0
    if not 0 <= partition <= 255:
        return [FieldError.invalid(child(path, "partition"), partition, _PD_PARTITION_ERROR)]
    return []


def _empty_dir(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    if source.get("sizeLimit") is None:
        return []
    size, errs = parse_field_quantity(source["sizeLimit"], child(path, "sizeLimit"))
    if size is not None and size.value < 0:
        errs.append(FieldError.forbidden(child(path, "sizeLimit"), "SizeLimit field must be a valid resource quantity"))
    return errs


def _host_path(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    target = access.text(source.get("path"))
    if not target:
        return [FieldError.required(child(path, "path"))]
    errs = volume_files.validate_path_no_backsteps(target, child(path, "path"))
    kind = source.get("type")
    if kind is not None and access.text(kind) not in _HOST_PATH_TYPES:
        errs.append(FieldError.not_supported(child(path, "type"), access.text(kind), list(_HOST_PATH_TYPES)))
    return errs


def _git_repo(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    errs = _required("repository")(source, path, _ctx)
    return errs + volume_files.validate_local_descending_path(
        access.text(source.get("directory")), child(path, "directory")
    )


def _disk(id_field: str) -> Checker:
    def check(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
        return _required(id_field)(source, path, ctx) + _partition(source, path)

    return check


def _keyed(name_field: str) -> Checker:
    def check(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
        errs = _required(name_field)(source, path, ctx)
        errs += volume_files.validate_file_mode(source, "defaultMode", path)
        return errs + volume_files.validate_key_to_paths(source.get("items"), child(path, "items"))

    return check


def _nfs(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
    errs = _required("server", "path")(source, path, ctx)
    target = access.text(source.get("path"))
    if not target.startswith("/"):
        errs.append(FieldError.invalid(child(path, "path"), target, "must be an absolute path"))
    return errs


def _iscsi(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
    errs = _required("targetPortal", "iqn")(source, path, ctx)
    iqn = access.text(source.get("iqn"))
    if iqn and not iqn.startswith(("iqn", "eui", "naa")):
        errs.append(FieldError.invalid(child(path, "iqn"), iqn, "must be valid format starting with iqn, eui, or naa"))
    lun = access.integer(source.get("lun")) or 0
    if not 0 <= lun <= 255:
        errs.append(FieldError.invalid(child(path, "lun"), lun, names.inclusive_range_error(0, 255)))
    chap = source.get("chapAuthDiscovery") is True or source.get("chapAuthSession") is True
    if chap and not access.present(source, "secretRef"):
        errs.append(FieldError.required(child(path, "secretRef")))
    return errs


def _downward_api(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    errs = volume_files.validate_file_mode(source, "defaultMode", path)
    for item in access.items(source.get("items")):
        errs += volume_files.validate_downward_api_file(item, path)
    return errs


def _projected(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    errs = volume_files.validate_file_mode(source, "defaultMode", path)
    return errs + volume_files.validate_projected_sources(source.get("sources"), path)


def _csi(source: dict[str, Any], path: str, _ctx: dict[str, Any]) -> list[FieldError]:
    driver = access.text(source.get("driver"))
    driver_path = child(path, "driver")
    errs: list[FieldError] = []
    if not driver:
        errs.append(FieldError.required(driver_path))
    if len(driver.encode()) > 63:
        errs.append(FieldError.too_long(driver_path, "", 63))
    errs += rules.invalid_each(driver_path, driver, names.is_dns1123_subdomain(driver.lower()))
    if access.present(source, "nodePublishSecretRef"):
        secret_name = access.text(access.mapping(source["nodePublishSecretRef"]).get("name"))
        if not secret_name:
            errs.append(FieldError.required(child(path, "nodePublishSecretRef", "name")))
        else:
            # kube reports a malformed secret name at "csi.name" (sic).
            errs += rules.invalid_each(
                child(path, "name"), secret_name, names.name_is_dns_subdomain(secret_name, False)
            )
    return errs


def _ephemeral(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
    if not access.present(source, "volumeClaimTemplate"):
        return [FieldError.required(child(path, "volumeClaimTemplate"))]
    template = access.mapping(source["volumeClaimTemplate"])
    template_path = child(path, "volumeClaimTemplate")
    errs = validate_template_meta(template.get("metadata"), child(template_path, "metadata"))
    for name in sorted(access.mapping(template.get("metadata"))):
        if name not in ("labels", "annotations"):
            errs.append(FieldError.forbidden(child(template_path, "metadata", name), "cannot be set"))
    spec = access.mapping(template.get("spec"))
    spec_path = child(template_path, "spec")
    modes = [access.text(m) for m in access.items(spec.get("accessModes"))]
    if not modes:
        errs.append(FieldError.required(child(spec_path, "accessModes"), "at least 1 access mode is required"))
    for mode in modes:
        if mode not in _ACCESS_MODES:
            errs.append(FieldError.not_supported(child(spec_path, "accessModes"), mode, list(_ACCESS_MODES)))
    storage_path = key(child(spec_path, "resources"), "storage")
    storage = access.mapping(access.mapping(spec.get("resources")).get("requests")).get("storage")
    if storage is None:
        errs.append(FieldError.required(storage_path))
    else:
        size, parse_errs = parse_field_quantity(storage, storage_path)
        errs += parse_errs
        if size is not None and size.value <= 0:
            errs.append(FieldError.invalid(storage_path, size.canonical(), "must be greater than zero"))
    pod_name, volume_name = ctx.get("pod_name", ""), ctx.get("volume_name", "")
    if pod_name and volume_name:
        claim = f"{pod_name}-{volume_name}"
        for msg in names.name_is_dns_subdomain(claim, False):
            errs.append(FieldError.invalid(child(path, "name"), volume_name, f'PVC name "{claim}": {msg}'))
    return errs


def _image(source: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    if ctx.get("is_pod") and not access.text(source.get("reference")):
        errs.append(FieldError.required(child(path, "reference")))
    return errs + rules.enum_value(access.text(source.get("pullPolicy")), child(path, "pullPolicy"), _PULL_POLICIES)


# (JSON field, name used in "more than 1" errors, name used for the source's own errors, checker)
VOLUME_SOURCES: tuple[tuple[str, str, str, Checker], ...] = (
    ("emptyDir", "emptyDir", "emptyDir", _empty_dir),
    ("hostPath", "hostPath", "hostPath", _host_path),
    ("gitRepo", "gitRepo", "gitRepo", _git_repo),
    ("gcePersistentDisk", "gcePersistentDisk", "persistentDisk", _disk("pdName")),
    ("awsElasticBlockStore", "awsElasticBlockStore", "awsElasticBlockStore", _disk("volumeID")),
    ("secret", "secret", "secret", _keyed("secretName")),
    ("nfs", "nfs", "nfs", _nfs),
    ("iscsi", "iscsi", "iscsi", _iscsi),
    ("glusterfs", "glusterfs", "glusterfs", _required("endpoints", "path")),
    ("flocker", "flocker", "flocker", lambda s, p, c: []),
    ("persistentVolumeClaim", "persistentVolumeClaim", "persistentVolumeClaim", _required("claimName")),
    ("rbd", "rbd", "rbd", _required("monitors", "image")),
    ("cinder", "cinder", "cinder", _required("volumeID")),
    ("cephfs", "cephFS", "cephfs", _required("monitors")),
    ("quobyte", "quobyte", "quobyte", _required("registry", "volume")),
    ("downwardAPI", "downwarAPI", "downwardAPI", _downward_api),
    ("fc", "fc", "fc", lambda s, p, c: []),
    ("flexVolume", "flexVolume", "flexVolume", _required("driver")),
    ("configMap", "configMap", "configMap", _keyed("name")),
    ("azureFile", "azureFile", "azureFile", _required("secretName", "shareName")),
    ("vsphereVolume", "vsphereVolume", "vsphereVolume", _required("volumePath")),
    ("photonPersistentDisk", "photonPersistentDisk", "photonPersistentDisk", _required("pdID")),
    ("portworxVolume", "portworxVolume", "portworxVolume", _required("volumeID")),
    ("azureDisk", "azureDisk", "azureDisk", _required("diskName", "diskURI")),
    ("storageos", "storageos", "storageos", _required("volumeName")),
    ("projected", "projected", "projected", _projected),
    ("scaleIO", "scaleIO", "scaleIO", _required("gateway", "system", "volumeName")),
    ("csi", "csi", "csi", _csi),
    ("ephemeral", "ephemeral", "ephemeral", _ephemeral),
    ("image", "image", "image", _image),
)


def _validate_source(volume: dict[str, Any], path: str, ctx: dict[str, Any]) -> list[FieldError]:
    errs: list[FieldError] = []
    found = 0
    for field, duplicate_name, own_name, check in VOLUME_SOURCES:
        if not access.present(volume, field):
            continue
        if found:
            errs.append(FieldError.forbidden(child(path, duplicate_name), "may not specify more than 1 volume type"))
            continue
        found += 1
        errs += check(access.mapping(volume[field]), child(path, own_name), ctx)
    if not found:
        errs.append(FieldError.required(path, "must specify a volume type"))
    return errs


def validate_volumes(
    volumes: Any, path: str, *, pod_name: str = "", is_pod: bool = False
) -> tuple[dict[str, dict[str, Any]], list[FieldError]]:
    """Validate ``spec.volumes``; returns the valid volumes by name and the errors."""
    valid: dict[str, dict[str, Any]] = {}
    errs: list[FieldError] = []
    entries = [access.mapping(v) for v in access.items(volumes)]
    created_claims = (
        {f"{pod_name}-{access.text(v.get('name'))}" for v in entries if access.present(v, "ephemeral")}
        if pod_name
        else set()
    )
    for i, volume in enumerate(entries):
        volume_path = index(path, i)
        name = access.text(volume.get("name"))
        ctx = {"pod_name": pod_name, "volume_name": name, "is_pod": is_pod}
        own = _validate_source(volume, volume_path, ctx)
        name_path = child(volume_path, "name")
        if not name:
            own.append(FieldError.required(name_path))
        else:
            own += rules.invalid_each(name_path, name, names.is_dns1123_label(name))
        if name in valid:
            own.append(FieldError.duplicate(name_path, name))
        if own:
            errs += own
        else:
            valid[name] = volume
        claim = access.text(access.mapping(volume.get("persistentVolumeClaim")).get("claimName"))
        if access.present(volume, "persistentVolumeClaim") and claim in created_claims:
            errs.append(
                FieldError.invalid(
                    child(volume_path, "persistentVolumeClaim", "claimName"),
                    claim,
                    "must not reference a PVC that gets created for an ephemeral volume",
                )
            )
    return valid, errs
