"""From a CustomResourceDefinition object to the ResourceInfos it serves. Pure.

Every served version becomes one ResourceInfo sharing the storage prefix of ``<group>/<plural>``;
objects are stored in the storage version and converted by rewriting ``apiVersion`` (conversion
strategy ``None``, the only one we serve).
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.registry.resources import PrinterColumn, ResourceInfo, ScaleInfo
from kubeedge.apiserver.schema.model import SchemaSet, TypedSchema

__all__ = ["CRD_FINALIZER", "crd_is_served", "resources_from_crd"]

CRD_FINALIZER = "customresourcecleanup.apiextensions.k8s.io"
_EMPTY = SchemaSet({})
_AGE = PrinterColumn(name="Age", type="date", json_path=".metadata.creationTimestamp")


def crd_is_served(crd: dict[str, Any]) -> bool:
    """Terminating CRDs stop serving new objects only once cleanup is done; we keep serving until gone."""
    return bool(crd.get("spec", {}).get("versions"))


def resources_from_crd(crd: dict[str, Any]) -> list[ResourceInfo]:
    spec = crd.get("spec") or {}
    names = spec.get("names") or {}
    group = spec.get("group", "")
    namespaced = spec.get("scope", "Namespaced") == "Namespaced"
    versions = spec.get("versions") or []
    storage = next((v.get("name", "") for v in versions if v.get("storage")), "")
    infos = []
    for version in versions:
        if not version.get("served", True):
            continue
        schema_doc = (version.get("schema") or {}).get("openAPIV3Schema")
        subresources = version.get("subresources") or {}
        served_subs = set()
        scale = None
        if "status" in subresources:
            served_subs.add("status")
        if "scale" in subresources and isinstance(subresources["scale"], dict):
            served_subs.add("scale")
            sc = subresources["scale"]
            scale = ScaleInfo(
                spec_replicas_path=sc.get("specReplicasPath", ".spec.replicas"),
                status_replicas_path=sc.get("statusReplicasPath", ".status.replicas"),
                label_selector_path=sc.get("labelSelectorPath", ""),
            )
        columns = tuple(
            PrinterColumn(
                name=c.get("name", ""),
                type=c.get("type", "string"),
                json_path=c.get("jsonPath", ""),
                format=c.get("format", ""),
                description=c.get("description", ""),
                priority=int(c.get("priority", 0)),
            )
            for c in version.get("additionalPrinterColumns") or []
        ) or (_AGE,)
        selectable = tuple(f.get("jsonPath", "") for f in version.get("selectableFields") or [])
        infos.append(
            ResourceInfo(
                group=group,
                version=version.get("name", ""),
                kind=names.get("kind", ""),
                plural=names.get("plural", ""),
                singular=names.get("singular") or names.get("kind", "").lower(),
                namespaced=namespaced,
                short_names=tuple(names.get("shortNames") or ()),
                categories=tuple(names.get("categories") or ()),
                subresources=frozenset(served_subs),
                schema=TypedSchema(_EMPTY, schema_doc) if isinstance(schema_doc, dict) else None,
                is_custom=True,
                printer_columns=columns,
                scale=scale,
                storage_version=storage,
                selectable_fields=selectable,
            )
        )
    return infos
