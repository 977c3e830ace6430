"""Server-side printing: objects to a ``meta.k8s.io/v1`` ``Table``, as ``kubectl get`` asks for.

kubectl sends ``Accept: application/json;as=Table;v=v1;g=meta.k8s.io,...`` and renders the
columns and cells the server returns, so every column and cell rule lives on the server. This
module picks the printer for a resource (built-in printers keyed by (group, plural), CRD
printer columns, or kube's default Name/Created At table) and wraps the rows the way
kube-apiserver's ``asTable`` does:

* each row carries the object per ``includeObject``: ``Metadata`` (the default, and what kubectl
  gets unless it sorts) as a ``PartialObjectMetadata``, ``Object`` as the full object, ``None``
  as ``null``;
* ``metadata`` copies the list's ``resourceVersion``, ``continue`` and ``remainingItemCount``;
* ``noHeaders`` drops the column definitions (``null``).
"""

from __future__ import annotations

import enum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError, format_value
from kubeedge.apiserver.tables import apps, core, events, pods
from kubeedge.apiserver.tables.custom import DEFAULT_PRINTER, custom_printer

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from datetime import datetime

    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.tables.columns import Printer, Row

__all__ = ["BUILTIN_PRINTERS", "IncludeObject", "printer_for", "to_table"]


class IncludeObject(enum.StrEnum):
    """``metav1.IncludeObjectPolicy``: what each row carries besides its cells."""

    NONE = "None"
    METADATA = "Metadata"
    OBJECT = "Object"


BUILTIN_PRINTERS: Mapping[tuple[str, str], Printer] = MappingProxyType(
    {**pods.PRINTERS, **core.PRINTERS, **events.PRINTERS, **apps.PRINTERS}
)


def printer_for(resource: ResourceInfo) -> Printer:
    """The printer kube-apiserver would use for ``resource``."""
    if not resource.is_custom:
        builtin = BUILTIN_PRINTERS.get((resource.group, resource.plural))
        if builtin is not None:
            return builtin
        if not resource.printer_columns:
            return DEFAULT_PRINTER
    return custom_printer(resource.printer_columns, default_age=resource.is_custom)


def _include_mode(value: str | IncludeObject) -> IncludeObject:
    if value == "":
        return IncludeObject.METADATA
    try:
        return IncludeObject(value)
    except ValueError:
        raise StatusError.bad_request(f"unrecognized includeObject value: {format_value(str(value))}") from None


def _row_object(
    obj: Mapping[str, Any], mode: IncludeObject, resource: ResourceInfo, meta_version: str
) -> Mapping[str, Any] | None:
    if mode is IncludeObject.NONE:
        return None
    if mode is IncludeObject.METADATA:
        return {
            "kind": "PartialObjectMetadata",
            "apiVersion": f"meta.k8s.io/{meta_version}",
            "metadata": obj.get("metadata") or {},
        }
    if obj.get("kind") and obj.get("apiVersion"):
        return obj
    # The object is converted to the requested version, which sets its type meta.
    return {**obj, "apiVersion": resource.api_version, "kind": resource.kind}


def _row_json(row: Row, item: Mapping[str, Any] | None) -> dict[str, Any]:
    result: dict[str, Any] = {"cells": list(row.cells)}
    if row.conditions:
        result["conditions"] = [dict(condition) for condition in row.conditions]
    result["object"] = item
    return result


def _table_metadata(list_meta: Mapping[str, Any] | None) -> dict[str, Any]:
    source = list_meta or {}
    metadata: dict[str, Any] = {}
    if source.get("resourceVersion"):
        metadata["resourceVersion"] = source["resourceVersion"]
    if source.get("continue"):
        metadata["continue"] = source["continue"]
    if source.get("remainingItemCount") is not None:
        metadata["remainingItemCount"] = source["remainingItemCount"]
    return metadata


def to_table(
    resource: ResourceInfo,
    objects: Sequence[Mapping[str, Any]],
    *,
    now: datetime,
    include_object: str | IncludeObject = IncludeObject.METADATA,
    list_meta: Mapping[str, Any] | None = None,
    no_headers: bool = False,
    meta_version: str = "v1",
) -> dict[str, Any]:
    """Render ``objects`` of ``resource`` as a ``Table``.

    Args:
        resource: the resource the objects belong to; selects the printer.
        objects: the objects, in the order the rows should appear (one for a GET).
        now: the current time (aware), for the AGE-like cells.
        include_object: the ``includeObject`` query parameter; ``""`` means ``Metadata``.
        list_meta: the list's metadata (or ``{"resourceVersion": ...}`` of a single object).
        no_headers: the ``noHeaders`` table option: leave out the column definitions.
        meta_version: ``v1`` or ``v1beta1``, the meta.k8s.io version the client accepted.

    Returns:
        The Table as a JSON-ready dict.

    Raises:
        StatusError: 400 BadRequest for an unknown ``includeObject`` value.
    """
    mode = _include_mode(include_object)
    printer = printer_for(resource)
    rows = [_row_json(printer.print_row(obj, now), _row_object(obj, mode, resource, meta_version)) for obj in objects]
    return {
        "kind": "Table",
        "apiVersion": f"meta.k8s.io/{meta_version}",
        "metadata": _table_metadata(list_meta),
        "columnDefinitions": None if no_headers else [column.to_json() for column in printer.columns],
        "rows": None if not rows and printer.null_when_empty else rows,
    }
