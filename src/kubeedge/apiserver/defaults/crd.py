"""CustomResourceDefinition defaults (``apiextensions/v1`` ``SetDefaults_*``).

``singular`` defaults to the lower-cased kind, ``listKind`` to ``<Kind>List``, conversion to
``None``, webhook services to port 443, and ``status.storedVersions`` to the storage version.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.defaults.fields import child_map, child_maps, set_if_unset

__all__ = ["default_crd", "ensure_stored_version"]


def ensure_stored_version(crd: dict[str, Any]) -> None:
    """Record the storage version in ``status.storedVersions`` (kube's PrepareForCreate/Update)."""
    spec = child_map(crd, "spec") or {}
    storage = next((v.get("name") for v in child_maps(spec, "versions") if v.get("storage") is True), None)
    if not isinstance(storage, str):
        return
    status = crd.get("status")
    if not isinstance(status, dict):
        status = crd["status"] = {}
    stored = status.get("storedVersions")
    if not isinstance(stored, list):
        stored = status["storedVersions"] = []
    if storage not in stored:
        stored.append(storage)


def default_crd(crd: dict[str, Any]) -> None:
    spec = child_map(crd, "spec")
    if spec is None:
        return
    names = child_map(spec, "names")
    if names is not None:
        kind = names.get("kind")
        if isinstance(kind, str):
            set_if_unset(names, "singular", kind.lower())
            if kind:
                set_if_unset(names, "listKind", kind + "List")
    if spec.get("conversion") is None:
        spec["conversion"] = {"strategy": "None"}
    conversion = child_map(spec, "conversion")
    webhook = child_map(conversion, "webhook") if conversion is not None else None
    client = child_map(webhook, "clientConfig") if webhook is not None else None
    service = child_map(client, "service") if client is not None else None
    if service is not None and service.get("port") is None:
        service["port"] = 443
    status = child_map(crd, "status")
    if status is None or not status.get("storedVersions"):
        ensure_stored_version(crd)
