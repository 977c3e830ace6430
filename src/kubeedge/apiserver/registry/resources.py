"""What the apiserver serves: one :class:`ResourceInfo` per resource (built-in or from a CRD).

A ResourceInfo is the single description of a resource that every layer reads: discovery
(``/api/v1``), OpenAPI paths, routing, storage keys, tables and validation all take their facts
from it, so adding a resource means adding one entry here (built-ins) or one CRD (custom).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import TypedSchema

__all__ = ["GVR", "PrinterColumn", "ResourceInfo", "ScaleInfo"]

ALL_VERBS = ("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch")


@dataclass(frozen=True, slots=True)
class GVR:
    """group/version/resource, the address of a resource in the API (``apps/v1 deployments``)."""

    group: str
    version: str
    resource: str

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    def __str__(self) -> str:
        return f"{self.resource}.{self.version}.{self.group}" if self.group else f"{self.resource}.{self.version}"


@dataclass(frozen=True, slots=True, kw_only=True)
class PrinterColumn:
    """A CRD ``additionalPrinterColumns`` entry (also used for built-in tables)."""

    name: str
    type: str
    json_path: str
    format: str = ""
    description: str = ""
    priority: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ScaleInfo:
    """Where a custom resource keeps its replica counts (CRD ``subresources.scale``)."""

    spec_replicas_path: str
    status_replicas_path: str
    label_selector_path: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ResourceInfo:
    """One served resource: names, scope, verbs, subresources, schema."""

    group: str
    version: str
    kind: str
    plural: str
    singular: str
    namespaced: bool
    short_names: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    verbs: tuple[str, ...] = ALL_VERBS
    # Subresources served under .../<name>/<subresource>: status, scale, binding, log, exec, attach...
    subresources: frozenset[str] = frozenset()
    schema: TypedSchema | None = None
    # OpenAPI definition name of the kind (io.k8s.api.core.v1.Pod) for built-ins; empty for CRDs.
    definition: str = ""
    # True for custom resources served from a CRD.
    is_custom: bool = False
    printer_columns: tuple[PrinterColumn, ...] = ()
    scale: ScaleInfo | None = None
    # For custom resources: the version objects are stored in (conversion is apiVersion-only).
    storage_version: str = ""
    # Fields usable in fieldSelector besides metadata.name / metadata.namespace.
    selectable_fields: tuple[str, ...] = ()
    # Storage version hash shown in discovery (stable per resource).
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def gvr(self) -> GVR:
        return GVR(self.group, self.version, self.plural)

    @property
    def group_version(self) -> str:
        return f"{self.group}/{self.version}" if self.group else self.version

    @property
    def api_version(self) -> str:
        return self.group_version

    @property
    def list_kind(self) -> str:
        return self.kind + "List"

    @property
    def group_resource(self) -> str:
        """``deployments.apps`` / ``pods``: the name kube-apiserver uses in messages."""
        return f"{self.plural}.{self.group}" if self.group else self.plural

    def storage_prefix(self) -> str:
        """Key prefix in the store; one prefix per group+resource, across versions."""
        group = self.group or "core"
        return f"/{group}/{self.plural}/"
