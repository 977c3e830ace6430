"""Discovery documents: /api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>.

These are the legacy (unaggregated) discovery forms; clients that ask for aggregated discovery
(``as=APIGroupDiscoveryList``) get these too, recognise the content type, and fall back, as
they do against any server without aggregated discovery.
"""

from __future__ import annotations

import base64
import hashlib
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.registry.builtin import SUBRESOURCE_KINDS

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.catalog import Catalog
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["api_group", "api_group_list", "api_resource_list", "api_versions"]


def _address(server_address: str) -> list[dict[str, str]]:
    return [{"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}] if server_address else []


def api_versions(server_address: str) -> dict[str, Any]:
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": _address(server_address),
    }


def api_group(catalog: Catalog, group: str) -> dict[str, Any] | None:
    versions = catalog.versions(group)
    if not versions:
        return None
    entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": group,
        "versions": entries,
        "preferredVersion": entries[0],
    }


def api_group_list(catalog: Catalog) -> dict[str, Any]:
    groups = []
    for group, _versions in catalog.groups():
        body = api_group(catalog, group)
        if body is not None:
            body.pop("kind")
            body.pop("apiVersion")
            groups.append(body)
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def _storage_hash(info: ResourceInfo) -> str:
    digest = hashlib.sha256(f"{info.group}/{info.storage_version or info.version}/{info.kind}".encode()).digest()

    return base64.b64encode(digest[:8]).decode()


def _resource_entry(info: ResourceInfo) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": info.plural,
        "singularName": info.singular,
        "namespaced": info.namespaced,
        "kind": info.kind,
        "verbs": sorted(info.verbs),
    }
    if info.short_names:
        entry["shortNames"] = list(info.short_names)
    if info.categories:
        entry["categories"] = list(info.categories)
    if "list" in info.verbs:
        entry["storageVersionHash"] = _storage_hash(info)
    return entry


def _subresource_entry(info: ResourceInfo, sub: str) -> dict[str, Any]:
    kind, verbs, group, version = SUBRESOURCE_KINDS.get(sub, ("", ("get",), None, None))
    if sub == "proxy":
        kind = f"{info.kind}ProxyOptions"
    entry: dict[str, Any] = {
        "name": f"{info.plural}/{sub}",
        "singularName": "",
        "namespaced": info.namespaced,
        "kind": kind or info.kind,
        "verbs": sorted(verbs),
    }
    if group is not None:
        entry["group"] = group
        entry["version"] = version
    return entry


def api_resource_list(catalog: Catalog, group: str, version: str) -> dict[str, Any] | None:
    infos = catalog.resources_in(group, version)
    if not infos:
        return None
    resources: list[dict[str, Any]] = []
    for info in sorted(infos, key=lambda i: i.plural):
        resources.append(_resource_entry(info))
        resources.extend(_subresource_entry(info, sub) for sub in sorted(info.subresources))
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": f"{group}/{version}" if group else version,
        "resources": resources,
    }
