"""The catalog of served resources: built-ins plus whatever CRDs are established.

Lookups the HTTP layer needs (by group/version/plural, by kind, by short name) and the grouping
that discovery shows. The catalog changes when CRDs come and go; listeners (discovery caches,
OpenAPI documents) are told through :meth:`subscribe` and rebuild lazily.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator

    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["Catalog", "GroupVersions"]

GroupVersions = dict[str, list[str]]

# Preferred order of built-in groups in discovery, as kube-apiserver lists them.
_GROUP_ORDER = (
    "",
    "apiregistration.k8s.io",
    "apps",
    "events.k8s.io",
    "authentication.k8s.io",
    "authorization.k8s.io",
    "autoscaling",
    "batch",
    "certificates.k8s.io",
    "networking.k8s.io",
    "policy",
    "rbac.authorization.k8s.io",
    "storage.k8s.io",
    "admissionregistration.k8s.io",
    "apiextensions.k8s.io",
    "scheduling.k8s.io",
    "coordination.k8s.io",
    "node.k8s.io",
    "discovery.k8s.io",
    "flowcontrol.apiserver.k8s.io",
)


def _version_priority(version: str) -> tuple[int, int, int]:
    """Kubernetes version ordering: GA > beta > alpha, higher numbers first (kube's priority)."""
    import re

    match = re.fullmatch(r"v(\d+)(?:(alpha|beta)(\d+))?", version)
    if not match:
        return (3, 0, 0)
    major = int(match.group(1))
    stage = {None: 0, "beta": 1, "alpha": 2}[match.group(2)]
    minor = int(match.group(3) or 0)
    return (stage, -major, -minor)


class Catalog:
    """All served resources, indexed several ways."""

    def __init__(self, builtins: Iterable[ResourceInfo]) -> None:
        self._builtin = list(builtins)
        self._custom: dict[str, list[ResourceInfo]] = {}  # CRD name → its served versions
        self._listeners: list[Callable[[], None]] = []
        self._rebuild()

    def subscribe(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def set_custom(self, crd_name: str, infos: list[ResourceInfo]) -> None:
        """Serve (or stop serving, with an empty list) the versions of one CRD."""
        if infos:
            self._custom[crd_name] = infos
        else:
            self._custom.pop(crd_name, None)
        self._rebuild()
        for listener in self._listeners:
            listener()

    def _rebuild(self) -> None:
        self._by_gvr: dict[tuple[str, str, str], ResourceInfo] = {}
        self._by_gk: dict[tuple[str, str], ResourceInfo] = {}
        self._group_versions: dict[str, list[str]] = {}
        for info in self.all():
            self._by_gvr[(info.group, info.version, info.plural)] = info
            self._by_gk.setdefault((info.group, info.kind), info)
            versions = self._group_versions.setdefault(info.group, [])
            if info.version not in versions:
                versions.append(info.version)
        for versions in self._group_versions.values():
            versions.sort(key=_version_priority)

    def all(self) -> Iterator[ResourceInfo]:
        yield from self._builtin
        for infos in self._custom.values():
            yield from infos

    def get(self, group: str, version: str, plural: str) -> ResourceInfo | None:
        return self._by_gvr.get((group, version, plural))

    def by_kind(self, group: str, kind: str) -> ResourceInfo | None:
        return self._by_gk.get((group, kind))

    def custom_for(self, crd_name: str) -> list[ResourceInfo]:
        return list(self._custom.get(crd_name, ()))

    def groups(self) -> list[tuple[str, list[str]]]:
        """(group, versions in preference order), in discovery order; core group excluded."""
        known = [g for g in _GROUP_ORDER if g in self._group_versions and g]
        custom = sorted(g for g in self._group_versions if g and g not in _GROUP_ORDER)
        return [(g, self._group_versions[g]) for g in known + custom]

    def versions(self, group: str) -> list[str]:
        return list(self._group_versions.get(group, ()))

    def resources_in(self, group: str, version: str) -> list[ResourceInfo]:
        return [i for i in self.all() if i.group == group and i.version == version]

    def storage_infos(self) -> Iterator[ResourceInfo]:
        """One ResourceInfo per stored resource (the first served version of each CRD)."""
        seen: set[str] = set()
        for info in self.all():
            prefix = info.storage_prefix()
            if prefix not in seen:
                seen.add(prefix)
                yield info

    def by_storage_prefix(self, prefix: str) -> ResourceInfo | None:
        for info in self.all():
            if info.storage_prefix() == prefix:
                return info
        return None
