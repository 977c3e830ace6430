"""Field ownership for non-apply writes, and the ``metadata.managedFields`` wire format.

kube-apiserver gives every create, update and patch to a field manager: the fields the request
changed (a structured diff of the old and new object, :func:`compare`) become the manager's
``Update`` entry, and other managers lose them. This module does that as one pure function,
:func:`update_managed_fields`, mirroring the layers kube stacks for it:

- the request may carry managedFields: ``[]`` or ``[{}]`` resets them, a valid list is taken as
  given, anything unreadable falls back to the live object's (subresources always use the live
  object's);
- an object whose managedFields are empty is not tracked on update (only on create);
- the change is computed with the type's reset fields ignored (``status`` on the main resource of
  a type with a status subresource; everything but ``status`` on the status subresource), then
  identity and server-owned metadata (``metadata.name``, ``resourceVersion``...) are stripped;
- the result merges with the manager's previous ``Update`` entry for the same apiVersion and
  subresource, takes the request time, and at most ten ``Update`` entries are kept (older ones are
  merged into ``ancient-changes``).

:func:`tracked_managed_fields` gives the same answer without copying the object, for the
registry, which owns the object and sets the field itself. A create, where nobody owns anything
yet, skips the set algebra: its one entry is written straight from a walk of the object.

:mod:`~kubeedge.apiserver.patch.apply` builds server-side apply on the same pieces.
"""

from __future__ import annotations

import copy
import enum
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.patch._fielddiff import Comparison, compare, created_fields, discard, removal_plan
from kubeedge.apiserver.patch.fieldset import (
    FieldSet,
    FieldSetError,
    Form,
    Path,
    PathElement,
    SchemaType,
    TypedValueError,
    Typer,
    go_json,
    go_quote,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import TypedSchema

__all__ = [
    "MAX_UPDATE_MANAGERS",
    "STRIPPED_FIELDS",
    "Comparison",
    "ManagedFieldsError",
    "ManagerEntry",
    "Operation",
    "ResetFilter",
    "compare",
    "decode_managed_fields",
    "default_manager",
    "encode_managed_fields",
    "reset_filter",
    "set_managed_fields",
    "track_update",
    "tracked_managed_fields",
    "update_managed_fields",
    "validate_field_manager",
    "validate_managed_fields",
    "zero_object",
]

FIELD_MANAGER_MAX_LENGTH: Final = 128
MAX_SUBRESOURCE_NAME_LENGTH: Final = 256
MAX_UPDATE_MANAGERS: Final = 10
_ANCIENT_CHANGES: Final = "ancient-changes"
_ZERO_MEMO: Final = "managedfields.zero"


class Operation(enum.StrEnum):
    """``managedFields[].operation``."""

    APPLY = "Apply"
    UPDATE = "Update"


class ManagedFieldsError(ValueError):
    """managedFields that cannot be decoded (kube then falls back to the live object's)."""


def _f(*names: str) -> Path:
    return tuple(PathElement.of_field(n) for n in names)


# Never owned by anyone: identity, and metadata the server alone writes.
STRIPPED_FIELDS: Final = FieldSet.of(
    [
        _f("apiVersion"),
        _f("kind"),
        _f("metadata"),
        *(
            _f("metadata", name)
            for name in (
                "name",
                "namespace",
                "creationTimestamp",
                "selfLink",
                "uid",
                "clusterName",
                "generation",
                "managedFields",
                "resourceVersion",
            )
        ),
    ]
)

_STRIPPED_PLAN: Final = removal_plan(STRIPPED_FIELDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class ManagerEntry:
    """One ``managedFields`` entry, decoded."""

    manager: str
    operation: Operation
    api_version: str
    subresource: str = ""
    time: str | None = None
    fields: FieldSet = field(default_factory=FieldSet)

    @property
    def identifier(self) -> str:
        """kube's manager identifier: the entry without fields, time and fieldsType, and without
        apiVersion for appliers (so an applier keeps one entry across versions)."""
        return _identifier(self.manager, self.operation, self.api_version, self.subresource)

    def describe(self) -> str:
        """How conflict messages name the manager: ``"kubectl" using apps/v1``."""
        text = go_quote(self.manager)
        if self.subresource:
            text += f" with subresource {go_quote(self.subresource)}"
        if self.operation is Operation.UPDATE:
            text += f" using {self.api_version}"
        return text

    def to_dict(self) -> dict[str, Any]:
        return _entry_dict(self, self.fields.to_fields_v1())


Managed = dict[str, ManagerEntry]


@functools.lru_cache(maxsize=1024)
def _identifier(manager: str, operation: Operation, api_version: str, subresource: str) -> str:
    parts = {"manager": manager, "operation": str(operation)}
    if operation is Operation.UPDATE:
        parts["apiVersion"] = api_version
    parts["subresource"] = subresource
    # Go's json.Marshal in struct field order, empty strings omitted.
    return "{" + ",".join(f'"{k}":{go_json(v)}' for k, v in parts.items() if v) + "}"


def _entry_dict(entry: ManagerEntry, fields_v1: dict[str, Any]) -> dict[str, Any]:
    # The wire entry: metav1.ManagedFieldsEntry's field order, empty strings omitted.
    out: dict[str, Any] = {}
    if entry.manager:
        out["manager"] = entry.manager
    out["operation"] = str(entry.operation)
    if entry.api_version:
        out["apiVersion"] = entry.api_version
    if entry.time is not None:
        out["time"] = entry.time
    out["fieldsType"] = "FieldsV1"
    out["fieldsV1"] = fields_v1
    if entry.subresource:
        out["subresource"] = entry.subresource
    return out


@functools.lru_cache(maxsize=1024)
def _parse_time(time: str) -> int | None:
    try:
        return int(datetime.fromisoformat(time.replace("Z", "+00:00")).timestamp())
    except ValueError:
        return None


def _seconds(time: str | None) -> int:
    return (_parse_time(time) or 0) if time else 0


def decode_managed_fields(entries: Any) -> Managed:
    """Decode ``metadata.managedFields``, keyed by manager identifier (a later duplicate wins).

    Raises:
        ManagedFieldsError: with kube's wording, for an entry kube would not decode.
    """
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise ManagedFieldsError("managedFields must be a list")
    managed: Managed = {}
    for index, raw in enumerate(entries):
        if not isinstance(raw, Mapping):
            raise ManagedFieldsError(f"managed fields entry {index} is not an object")
        text = {k: raw.get(k) for k in ("manager", "operation", "apiVersion", "fieldsType", "subresource")}
        if any(v is not None and not isinstance(v, str) for v in text.values()):
            raise ManagedFieldsError(f"managed fields entry {index} has a field of the wrong type")
        if text["operation"] not in ("Apply", "Update"):
            raise ManagedFieldsError("operation must be `Apply` or `Update`")
        if not text["apiVersion"]:
            raise ManagedFieldsError("apiVersion must not be empty")
        if not text["fieldsType"]:
            raise ManagedFieldsError(f"missing fieldsType in managed fields entry {index}")
        if text["fieldsType"] != "FieldsV1":
            raise ManagedFieldsError(
                f"invalid fieldsType {go_quote(text['fieldsType'])} in managed fields entry {index}"
            )
        time = raw.get("time")
        if time is not None and (not isinstance(time, str) or _parse_time(time) is None):
            raise ManagedFieldsError(f"managed fields entry {index} has an invalid time")
        try:
            fields = FieldSet.from_fields_v1(raw.get("fieldsV1") or {})
        except FieldSetError as exc:
            raise ManagedFieldsError(f"error decoding versioned set: error decoding set: {exc}") from exc
        entry = ManagerEntry(
            manager=text["manager"] or "",
            operation=Operation(text["operation"]),
            api_version=text["apiVersion"],
            subresource=text["subresource"] or "",
            time=time,
            fields=fields,
        )
        managed[entry.identifier] = entry
    return managed


def encode_managed_fields(managed: Managed) -> list[dict[str, Any]]:
    """The wire list, in kube's order: Apply before Update, then by time, manager, apiVersion,
    subresource."""
    entries = sorted(
        managed.values(),
        key=lambda e: (str(e.operation), _seconds(e.time), e.manager, e.api_version, e.subresource),
    )
    return [e.to_dict() for e in entries]


def set_managed_fields(obj: dict[str, Any], managed: Managed) -> None:
    """Store ``managed`` in ``obj`` (no entries: the field is dropped, as kube encodes nil)."""
    metadata = obj.setdefault("metadata", {})
    if managed:
        metadata["managedFields"] = encode_managed_fields(managed)
    else:
        metadata.pop("managedFields", None)


def validate_field_manager(name: str, path: str) -> list[FieldError]:
    """apimachinery's ``ValidateFieldManager``: at most 128 bytes, printable characters only."""
    errors: list[FieldError] = []
    if len(name.encode()) > FIELD_MANAGER_MAX_LENGTH:
        errors.append(FieldError.too_long(path, name, FIELD_MANAGER_MAX_LENGTH))
    offset = 0
    for ch in name:
        if not ch.isprintable():
            errors.append(FieldError.invalid(path, name, f"invalid character U+{ord(ch):04X} (at position {offset})"))
        offset += len(ch.encode())
    return errors


def validate_managed_fields(entries: Any, path: str = "metadata.managedFields") -> list[FieldError]:
    """ObjectMeta validation of ``managedFields`` (422 causes): operation, fieldsType, manager
    name, subresource length."""
    if not isinstance(entries, list):
        return []
    errors: list[FieldError] = []
    for index, entry in enumerate(entries):
        if not isinstance(entry, Mapping):
            continue
        at = f"{path}[{index}]"
        operation = entry.get("operation") or ""
        if operation not in ("Apply", "Update"):
            errors.append(FieldError.invalid(f"{at}.operation", operation, "must be `Apply` or `Update`"))
        fields_type = entry.get("fieldsType") or ""
        if fields_type and fields_type != "FieldsV1":
            errors.append(FieldError.invalid(f"{at}.fieldsType", fields_type, "must be `FieldsV1`"))
        manager = entry.get("manager")
        errors.extend(validate_field_manager(manager if isinstance(manager, str) else "", f"{at}.manager"))
        subresource = entry.get("subresource")
        if isinstance(subresource, str) and len(subresource.encode()) > MAX_SUBRESOURCE_NAME_LENGTH:
            errors.append(FieldError.too_long(f"{at}.subresource", subresource, MAX_SUBRESOURCE_NAME_LENGTH))
    return errors


@functools.lru_cache(maxsize=256)
def default_manager(user_agent: str) -> str:
    """The manager of a write that names none: the User-Agent up to its first ``/``, without
    unprintable characters, cut to 128 bytes (``kubectl/v1.32.0 (linux/amd64)`` → ``kubectl``)."""
    out: list[str] = []
    size = 0
    for ch in user_agent.split("/", 1)[0]:
        if not ch.isprintable():
            continue
        width = len(ch.encode())
        if size + width > FIELD_MANAGER_MAX_LENGTH:
            break
        out.append(ch)
        size += width
    return "".join(out)


# --- reset fields -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ResetFilter:
    """Fields a request may not change (the strategy resets them), so nobody gains or loses them."""

    exclude: FieldSet = field(default_factory=FieldSet)
    only: Path | None = None

    def apply(self, fields: FieldSet) -> FieldSet:
        if self.only is not None:
            fields = fields.under(self.only)
        return fields.recursive_difference(self.exclude)

    def at_root(self) -> bool:
        """Whether every path of the filter is a top-level field (as ``status`` is), which
        :meth:`apply_to_fields_v1` handles."""
        return (self.only is None or len(self.only) == 1) and all(len(p) == 1 for p in self.exclude.paths)

    def apply_to_fields_v1(self, fields: dict[str, Any]) -> dict[str, Any]:
        """:meth:`apply` on a ``fieldsV1`` document (for a filter :meth:`at_root`)."""
        if self.only is not None:
            key = self.only[0].serialize()
            fields = {key: fields[key]} if key in fields else {}
        for path in self.exclude.paths:
            fields.pop(path[0].serialize(), None)
        return fields


def reset_filter(*, subresource: str, ignore_status: bool) -> ResetFilter:
    """The reset fields of a write: on the status subresource everything but ``status``; on the
    main resource of a type with a status subresource, ``status``."""
    if subresource == "status":
        return ResetFilter(only=_f("status"))
    if ignore_status and not subresource:
        return ResetFilter(exclude=FieldSet.of([_f("status")]))
    return ResetFilter()


# --- the update pipeline ------------------------------------------------------------------------


def track_update(
    live: Any,
    new: Any,
    managed: Managed,
    *,
    manager: str,
    api_version: str,
    subresource: str,
    now: str,
    typer: Typer,
    reset: ResetFilter,
) -> Managed:
    """Give the fields changed between ``live`` and ``new`` to ``manager`` (an Update entry).

    Raises:
        TypedValueError: an associative-list item cannot be named.
    """
    diff = compare(live, new, typer).filtered(reset)
    changed = diff.modified | diff.added
    out: Managed = {}
    lost = changed.paths | diff.removed.paths
    for identifier, entry in managed.items():
        # The common case: an update leaves the others' fields alone.
        kept = (
            entry.fields if not lost or entry.fields.paths.isdisjoint(lost) else entry.fields - changed - diff.removed
        )
        if not kept.is_empty():
            out[identifier] = entry if kept is entry.fields else replace(entry, fields=kept)
    owned = changed - STRIPPED_FIELDS
    if owned.is_empty():
        return out
    entry = ManagerEntry(
        manager=manager or "unknown",
        operation=Operation.UPDATE,
        api_version=api_version,
        subresource=subresource,
        time=now,
        fields=owned,
    )
    previous = out.get(entry.identifier)
    if previous is not None:
        entry = replace(entry, fields=owned | previous.fields)
    out[entry.identifier] = entry
    return cap_update_managers(out)


def cap_update_managers(managed: Managed, limit: int = MAX_UPDATE_MANAGERS) -> Managed:
    """Keep at most ``limit`` Update entries: the oldest are merged, per apiVersion, into an
    ``ancient-changes`` entry carrying the time of the newest entry merged into it."""
    updaters = [i for i, e in managed.items() if e.operation is Operation.UPDATE]
    if len(updaters) <= limit:
        return managed
    out = dict(managed)
    updaters.sort(key=lambda i: (_seconds(out[i].time), i))
    count = len(updaters)
    first_by_version: dict[str, str] = {}
    for identifier in updaters:
        if count <= limit:
            break
        entry = out[identifier]
        bucket = ManagerEntry(manager=_ANCIENT_CHANGES, operation=Operation.UPDATE, api_version=entry.api_version)
        first = first_by_version.get(entry.api_version)
        if identifier == bucket.identifier:
            # An existing bucket is the first of its version, and never merged into itself.
            first_by_version.setdefault(entry.api_version, identifier)
            continue
        if first is None:
            first_by_version[entry.api_version] = identifier
            continue
        if bucket.identifier not in out:
            out[bucket.identifier] = replace(out.pop(first), manager=_ANCIENT_CHANGES, subresource="")
        merged = out[bucket.identifier].fields | entry.fields
        del out[identifier]
        out[bucket.identifier] = replace(out[bucket.identifier], fields=merged, time=entry.time)
        count -= 1
    return out


def _is_reset(entries: Any) -> bool:
    return isinstance(entries, list) and (entries == [] or entries == [{}])


def _decode_or_empty(obj: Mapping[str, Any] | None) -> Managed:
    try:
        return decode_managed_fields(_metadata(obj).get("managedFields"))
    except ManagedFieldsError:
        return {}


def _metadata(obj: Mapping[str, Any] | None) -> Mapping[str, Any]:
    metadata = obj.get("metadata") if obj is not None else None
    return metadata if isinstance(metadata, Mapping) else {}


def without_managed_fields(obj: Mapping[str, Any]) -> dict[str, Any]:
    """A deep copy of ``obj`` without ``metadata.managedFields``."""
    out = copy.deepcopy(dict(obj))
    if isinstance(out.get("metadata"), dict):
        out["metadata"].pop("managedFields", None)
    return out


def _view_without_managed_fields(obj: Mapping[str, Any]) -> dict[str, Any]:
    # What the diff reads: ``obj`` without managedFields, sharing everything else (never written).
    out = dict(obj)
    metadata = out.get("metadata")
    if isinstance(metadata, dict) and "managedFields" in metadata:
        out["metadata"] = {k: v for k, v in metadata.items() if k != "managedFields"}
    return out


def zero_object(typer: Typer) -> dict[str, Any]:
    """What a built-in kind's Go zero value looks like as JSON, as far as the schema tells:
    non-pointer structs (``default: {}`` at the use site) present and empty, required fields null.
    Compared against on create, so that ``spec`` is not reported as added as a whole."""
    zero = _zero(typer, typer.root, 0)
    return zero if isinstance(zero, dict) else {}


def _shared_zero_object(typer: Typer) -> dict[str, Any]:
    # zero_object, made once per schema; read, never written.
    zero: dict[str, Any] | None = typer.memo.get(_ZERO_MEMO)
    if zero is None:
        zero = typer.memo[_ZERO_MEMO] = zero_object(typer)
    return zero


def _zero(typer: Typer, t: SchemaType, depth: int) -> dict[str, Any]:
    node = t.node
    out: dict[str, Any] = {}
    if node is None or depth > 16 or typer.form(t, {}) is not Form.MAP:
        return out
    required = node.get("required") or []
    for name in node.get("properties") or {}:
        child, _ = typer.child(t, name)
        if child.node is not None and child.node.get("default") == {} and typer.form(child, {}) is Form.MAP:
            out[name] = _zero(typer, child, depth + 1)
        elif name in required:
            out[name] = None
    return out


def update_managed_fields(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    *,
    manager: str,
    operation: str = "Update",
    api_version: str,
    subresource: str = "",
    now: str,
    schema: TypedSchema | None,
    ignore_status: bool = False,
    builtin: bool = False,
) -> dict[str, Any]:
    """The new object of a create (``old`` None), update or non-apply patch, with its
    managedFields brought up to date.

    Args:
        old: the live object, or None for a create.
        new: the object about to be stored (after the patch, before defaulting by the strategy).
        manager: ``fieldManager`` of the request, or :func:`default_manager` of its User-Agent.
        operation: must be ``"Update"``; apply has its own entry point.
        api_version: the request's group/version (``apps/v1``).
        subresource: ``""``, ``"status"``...
        now: the request time, RFC 3339 in seconds (``2024-05-01T10:00:00Z``).
        schema: the kind's schema (None: untyped, maps granular and lists atomic).
        ignore_status: the type has a status subresource (so the main resource never owns status).
        builtin: a built-in kind: a create is diffed against the Go zero object, not ``{}``.

    Returns:
        A new object; ``new`` is not modified.
    """
    if operation != Operation.UPDATE:
        raise ValueError(f"update_managed_fields handles Update operations, not {operation!r}")
    result = copy.deepcopy(dict(new))
    metadata = result.get("metadata")
    if not isinstance(metadata, dict):
        return result
    tracked = _track(
        old,
        new,
        manager=manager,
        api_version=api_version,
        subresource=subresource,
        now=now,
        schema=schema,
        ignore_status=ignore_status,
        builtin=builtin,
    )
    metadata.pop("managedFields", None)
    if tracked is not _NONE:
        metadata["managedFields"] = tracked
    return result


def tracked_managed_fields(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    *,
    manager: str,
    api_version: str,
    subresource: str = "",
    now: str,
    schema: TypedSchema | None,
    ignore_status: bool = False,
    builtin: bool = False,
) -> Any:
    """What :func:`update_managed_fields` would store in ``metadata.managedFields`` (None: it
    would store nothing), without copying the object: for callers that own ``new`` and set the
    field themselves. ``new["metadata"]`` must be a dict. Neither input is modified, and the
    result shares nothing with them."""
    tracked = _track(
        old,
        new,
        manager=manager,
        api_version=api_version,
        subresource=subresource,
        now=now,
        schema=schema,
        ignore_status=ignore_status,
        builtin=builtin,
    )
    return None if tracked is _NONE else tracked


_NONE: Final[Any] = object()


def _track(
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any],
    *,
    manager: str,
    api_version: str,
    subresource: str,
    now: str,
    schema: TypedSchema | None,
    ignore_status: bool,
    builtin: bool,
) -> Any:
    """The new ``metadata.managedFields`` value, or ``_NONE`` for no field at all."""
    requested = new["metadata"].get("managedFields")
    # Subresources may not write managedFields; a reset request starts from nothing; otherwise
    # the request's own list, unless it is absent or unreadable.
    if subresource:
        managed = _decode_or_empty(old)
    elif _is_reset(requested):
        managed = {}
    else:
        try:
            managed = decode_managed_fields(requested)
        except ManagedFieldsError:
            managed = {}
        if not managed:
            managed = _decode_or_empty(old)
    if not managed and old is not None:
        # Objects without managedFields are only tracked from their creation or first apply.
        return _NONE
    typer = Typer(schema)
    reset = reset_filter(subresource=subresource, ignore_status=ignore_status)
    view = _view_without_managed_fields(new)
    zero = _shared_zero_object(typer) if builtin else {}
    try:
        if old is None and not managed and reset.at_root():
            return _created(typer, zero, view, reset, manager, api_version, subresource, now)
        live = _view_without_managed_fields(old) if old is not None else zero
        managed = track_update(
            live,
            view,
            managed,
            manager=manager,
            api_version=api_version,
            subresource=subresource,
            now=now,
            typer=typer,
            reset=reset,
        )
    except TypedValueError:
        # kube never fails a write over field tracking: it keeps the live object's managedFields.
        if old is not None and "managedFields" in _metadata(old):
            return copy.deepcopy(_metadata(old)["managedFields"])
        return _NONE
    return encode_managed_fields(managed) if managed else _NONE


def _created(
    typer: Typer,
    zero: dict[str, Any],
    obj: dict[str, Any],
    reset: ResetFilter,
    manager: str,
    api_version: str,
    subresource: str,
    now: str,
) -> Any:
    """:func:`track_update` of a create with nothing owned yet, straight to the wire form: the
    one entry of ``manager``, owning what the object sets (less reset and stripped fields)."""
    fields = reset.apply_to_fields_v1(created_fields(typer, zero, obj))
    discard(fields, _STRIPPED_PLAN)
    if not fields:
        return _NONE
    entry = ManagerEntry(
        manager=manager or "unknown",
        operation=Operation.UPDATE,
        api_version=api_version,
        subresource=subresource,
        time=now,
    )
    return [_entry_dict(entry, fields)]
