"""The seam between the generic verbs and everything type-specific.

``objects.py`` knows the life cycle of *an* object; this protocol supplies what depends on *which*
object: pruning of unknown fields, defaulting, validation, admission (namespace lifecycle,
allocations, node restriction), managedFields bookkeeping, and selector attributes. The
apiserver composes a concrete implementation in ``typehooks.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from kubeedge.apiserver.errors import FieldError
    from kubeedge.apiserver.registry.options import WriteOptions
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Attrs

__all__ = ["Hooks"]


class Hooks(Protocol):
    def prepare_body(
        self, resource: ResourceInfo, obj: dict[str, Any], opts: WriteOptions, warnings: list[str]
    ) -> None:
        """Drop (or, under fieldValidation=Strict, reject) fields the schema does not know."""

    def default(self, resource: ResourceInfo, obj: dict[str, Any], *, creating: bool) -> None:
        """Fill in defaulted fields, as decoding does in kube-apiserver."""

    def validate(
        self, resource: ResourceInfo, obj: dict[str, Any], old: dict[str, Any] | None, subresource: str
    ) -> list[FieldError]:
        """Validation errors of a create (old None) or update."""

    def admit(
        self, resource: ResourceInfo, obj: dict[str, Any], old: dict[str, Any] | None, opts: WriteOptions
    ) -> None:
        """Admission: raise StatusError to refuse; may mutate obj (allocations)."""

    def manage_fields(
        self,
        resource: ResourceInfo,
        old: dict[str, Any] | None,
        new: dict[str, Any],
        opts: WriteOptions,
        subresource: str,
        now: str,
    ) -> None:
        """Update ``new.metadata.managedFields`` for a non-apply write."""

    def server_side_apply(
        self,
        resource: ResourceInfo,
        live: dict[str, Any] | None,
        applied: dict[str, Any],
        opts: WriteOptions,
        subresource: str,
        now: str,
    ) -> dict[str, Any]:
        """The object after applying ``applied`` as ``opts.field_manager``."""

    def attrs(self, resource: ResourceInfo, obj: dict[str, Any]) -> Attrs:
        """Labels and selectable fields of an object."""
