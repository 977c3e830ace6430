"""Pod and pod-template defaults (core ``SetDefaults_PodSpec``, ``SetDefaults_Pod`` and the
generated walk over containers, probes and volumes), plus the QoS class.

:func:`default_pod_spec` applies to every pod spec, including templates of Deployments and the
like; :func:`default_pod` adds what only materialises on Pods (requests copied from limits,
``enableServiceLinks``, host ports under ``hostNetwork``). ``serviceAccount`` mirrors
``serviceAccountName``, as kube's v1 conversion does for any pod spec.
"""

from __future__ import annotations

import re
from typing import Any

from kubeedge.apiserver.defaults.fields import (
    child_map,
    child_maps,
    normalize_quantity,
    normalize_resource_list,
    set_if_unset,
)
from kubeedge.apiserver.validation.compute import quantity_text
from kubeedge.apiserver.validation.quantity import QuantityError, parse_quantity

__all__ = ["compute_qos_class", "default_pod", "default_pod_spec", "image_pull_policy"]

_TERMINATION_MESSAGE_PATH = "/dev/termination-log"
_FILE_MODE_0644 = 0o644
_TOKEN_EXPIRATION = 3600
_CONTAINER_LISTS = ("initContainers", "containers", "ephemeralContainers")

# docker/distribution reference grammar, enough to find the tag the way kube's parser does.
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_PART = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_PART}(?:\.{_DOMAIN_PART})*|\[[0-9a-fA-F:]+\])(?::[0-9]+)?"
_REFERENCE = re.compile(
    rf"(?P<name>(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*)"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?"
)


def image_pull_policy(image: str) -> str:
    """``Always`` for ``:latest`` or untagged images, ``IfNotPresent`` otherwise (and if unparseable)."""
    match = _REFERENCE.fullmatch(image)
    if match is None or len(match["name"]) > 255:
        return "IfNotPresent"
    if match["tag"] == "latest" or (match["tag"] is None and match["digest"] is None):
        return "Always"
    return "IfNotPresent"


def _http_get(handler: dict[str, Any] | None) -> None:
    action = child_map(handler, "httpGet") if handler is not None else None
    if action is not None:
        set_if_unset(action, "path", "/")
        set_if_unset(action, "scheme", "HTTP")


def _probe(container: dict[str, Any], name: str) -> None:
    probe = child_map(container, name)
    if probe is None:
        return
    set_if_unset(probe, "timeoutSeconds", 1)
    set_if_unset(probe, "periodSeconds", 10)
    set_if_unset(probe, "successThreshold", 1)
    set_if_unset(probe, "failureThreshold", 3)
    _http_get(probe)


def _field_ref(holder: dict[str, Any] | None) -> None:
    ref = child_map(holder, "fieldRef") if holder is not None else None
    if ref is not None:
        set_if_unset(ref, "apiVersion", "v1")


def _resource_field_ref(holder: dict[str, Any] | None) -> None:
    ref = child_map(holder, "resourceFieldRef") if holder is not None else None
    if ref is not None and ref.get("divisor") is not None:
        ref["divisor"] = normalize_quantity(ref["divisor"])


def _container(container: dict[str, Any]) -> None:
    set_if_unset(container, "imagePullPolicy", image_pull_policy(str(container.get("image") or "")))
    set_if_unset(container, "terminationMessagePath", _TERMINATION_MESSAGE_PATH)
    set_if_unset(container, "terminationMessagePolicy", "File")
    for port in child_maps(container, "ports"):
        set_if_unset(port, "protocol", "TCP")
    for var in child_maps(container, "env"):
        value_from = child_map(var, "valueFrom")
        _field_ref(value_from)
        _resource_field_ref(value_from)
    resources = child_map(container, "resources")
    if resources is not None:
        normalize_resource_list(resources, "limits")
        normalize_resource_list(resources, "requests")
    for name in ("livenessProbe", "readinessProbe", "startupProbe"):
        _probe(container, name)
    lifecycle = child_map(container, "lifecycle")
    if lifecycle is not None:
        _http_get(child_map(lifecycle, "postStart"))
        _http_get(child_map(lifecycle, "preStop"))


def _downward_items(source: dict[str, Any] | None) -> None:
    for item in child_maps(source, "items") if source is not None else []:
        _field_ref(item)
        _resource_field_ref(item)


_VOLUME_SOURCES = (
    "hostPath", "emptyDir", "gcePersistentDisk", "awsElasticBlockStore", "gitRepo", "secret", "nfs",
    "iscsi", "glusterfs", "persistentVolumeClaim", "rbd", "flexVolume", "cinder", "cephfs", "flocker",
    "downwardAPI", "fc", "azureFile", "configMap", "vsphereVolume", "quobyte", "azureDisk",
    "photonPersistentDisk", "projected", "portworxVolume", "scaleIO", "storageos", "csi", "ephemeral",
    "image",
)  # fmt: skip


def _volume(volume: dict[str, Any]) -> None:
    if all(volume.get(name) is None for name in _VOLUME_SOURCES):
        volume["emptyDir"] = {}
    empty_dir = child_map(volume, "emptyDir")
    if empty_dir is not None and empty_dir.get("sizeLimit") is not None:
        empty_dir["sizeLimit"] = normalize_quantity(empty_dir["sizeLimit"])
    for name in ("secret", "configMap", "downwardAPI", "projected"):
        source = child_map(volume, name)
        if source is not None:
            set_if_unset(source, "defaultMode", _FILE_MODE_0644)
    _downward_items(child_map(volume, "downwardAPI"))
    projected = child_map(volume, "projected")
    for source in child_maps(projected, "sources") if projected is not None else []:
        _downward_items(child_map(source, "downwardAPI"))
        token = child_map(source, "serviceAccountToken")
        if token is not None:
            set_if_unset(token, "expirationSeconds", _TOKEN_EXPIRATION)
    host_path = child_map(volume, "hostPath")
    if host_path is not None and host_path.get("type") is None:
        host_path["type"] = ""
    _legacy_volume_defaults(volume)
    ephemeral = child_map(volume, "ephemeral")
    template = child_map(ephemeral, "volumeClaimTemplate") if ephemeral is not None else None
    claim_spec = child_map(template, "spec") if template is not None else None
    if claim_spec is not None:
        set_if_unset(claim_spec, "volumeMode", "Filesystem")
        resources = child_map(claim_spec, "resources")
        if resources is not None:
            normalize_resource_list(resources, "limits")
            normalize_resource_list(resources, "requests")


def _legacy_volume_defaults(volume: dict[str, Any]) -> None:
    """Declarative ``+default`` values of the in-tree volume plugins."""
    defaults = {
        "iscsi": {"iscsiInterface": "default"},
        "rbd": {"pool": "rbd", "user": "admin", "keyring": "/etc/ceph/keyring"},
        "azureDisk": {"cachingMode": "ReadWrite", "fsType": "ext4", "kind": "Shared"},
        "scaleIO": {"storageMode": "ThinProvisioned", "fsType": "xfs"},
    }
    for source_name, values in defaults.items():
        source = child_map(volume, source_name)
        if source is None:
            continue
        for field, value in values.items():
            set_if_unset(source, field, value)
    azure = child_map(volume, "azureDisk")
    if azure is not None and azure.get("readOnly") is None:
        azure["readOnly"] = False


def default_pod_spec(spec: dict[str, Any]) -> None:
    """Defaults every pod spec gets, in a Pod or in a template."""
    set_if_unset(spec, "dnsPolicy", "ClusterFirst")
    set_if_unset(spec, "restartPolicy", "Always")
    if spec.get("securityContext") is None:
        spec["securityContext"] = {}
    if spec.get("terminationGracePeriodSeconds") is None:
        spec["terminationGracePeriodSeconds"] = 30
    set_if_unset(spec, "schedulerName", "default-scheduler")
    # v1 conversion: the deprecated field feeds serviceAccountName and mirrors it on the way out.
    if not spec.get("serviceAccountName") and spec.get("serviceAccount"):
        spec["serviceAccountName"] = spec["serviceAccount"]
    if spec.get("serviceAccountName"):
        spec["serviceAccount"] = spec["serviceAccountName"]
    for volume in child_maps(spec, "volumes"):
        _volume(volume)
    for list_name in _CONTAINER_LISTS:
        for container in child_maps(spec, list_name):
            _container(container)
    normalize_resource_list(spec, "overhead")


def default_pod(pod: dict[str, Any]) -> None:
    """Defaults of a Pod object: its spec, plus the pod-only ones."""
    spec = child_map(pod, "spec")
    if spec is None:
        return
    default_pod_spec(spec)
    for list_name in ("containers", "initContainers"):
        for container in child_maps(spec, list_name):
            resources = child_map(container, "resources")
            limits = child_map(resources, "limits") if resources is not None else None
            if resources is None or limits is None:
                continue
            requests = resources.setdefault("requests", {})
            if isinstance(requests, dict):
                for name, value in limits.items():
                    requests.setdefault(name, value)
    if spec.get("enableServiceLinks") is None:
        spec["enableServiceLinks"] = True
    if spec.get("hostNetwork") is True:
        for list_name in ("containers", "initContainers"):
            for container in child_maps(spec, list_name):
                for port in child_maps(container, "ports"):
                    set_if_unset(port, "hostPort", port.get("containerPort"))


def _positive_sum(containers: list[dict[str, Any]], section: str) -> tuple[dict[str, Any], bool]:
    totals: dict[str, Any] = {}
    guaranteed = True
    for container in containers:
        values = child_map(child_map(container, "resources") or {}, section) or {}
        found: set[str] = set()
        for name in ("cpu", "memory"):
            if name not in values:
                continue
            try:
                quantity = parse_quantity(quantity_text(values[name]))
            except QuantityError:
                continue
            if quantity.value > 0:
                found.add(name)
                totals[name] = totals.get(name, 0) + quantity.value
        if section == "limits" and found != {"cpu", "memory"}:
            guaranteed = False
    return totals, guaranteed


def compute_qos_class(pod: dict[str, Any]) -> str:
    """``Guaranteed``, ``Burstable`` or ``BestEffort`` from cpu/memory of regular and init containers."""
    spec = child_map(pod, "spec") or {}
    containers = child_maps(spec, "containers") + child_maps(spec, "initContainers")
    requests, _ = _positive_sum(containers, "requests")
    limits, guaranteed = _positive_sum(containers, "limits")
    if not requests and not limits:
        return "BestEffort"
    if (
        guaranteed
        and all(limits.get(name) == value for name, value in requests.items())
        and len(requests) == len(limits)
    ):
        return "Guaranteed"
    return "Burstable"
