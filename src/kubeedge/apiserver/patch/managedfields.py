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

:mod:`~kubeedge.apiserver.patch.apply` builds server-side apply on the same pieces.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.patch.fieldset import (
    FieldSet,
    FieldSetError,
    Form,
    Path,
    PathElement,
    SchemaType,
    TypedValueError,
    Typer,
    freeze,
    go_json,
    go_quote,
    path_string,
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
    "update_managed_fields",
    "validate_field_manager",
    "validate_managed_fields",
    "zero_object",
]

FIELD_MANAGER_MAX_LENGTH: Final = 128
MAX_SUBRESOURCE_NAME_LENGTH: Final = 256
MAX_UPDATE_MANAGERS: Final = 10
_ANCIENT_CHANGES: Final = "ancient-changes"


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
        parts = {"manager": self.manager, "operation": str(self.operation)}
        if self.operation is Operation.UPDATE:
            parts["apiVersion"] = self.api_version
        parts["subresource"] = self.subresource
        # Go's json.Marshal in struct field order, empty strings omitted.
        return "{" + ",".join(f'"{k}":{go_json(v)}' for k, v in parts.items() if v) + "}"

    def describe(self) -> str:
        """How conflict messages name the manager: ``"kubectl" using apps/v1``."""
        text = go_quote(self.manager)
        if self.subresource:
            text += f" with subresource {go_quote(self.subresource)}"
        if self.operation is Operation.UPDATE:
            text += f" using {self.api_version}"
        return text

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {}
        if self.manager:
            entry["manager"] = self.manager
        entry["operation"] = str(self.operation)
        if self.api_version:
            entry["apiVersion"] = self.api_version
        if self.time is not None:
            entry["time"] = self.time
        entry["fieldsType"] = "FieldsV1"
        entry["fieldsV1"] = self.fields.to_fields_v1()
        if self.subresource:
            entry["subresource"] = self.subresource
        return entry


Managed = dict[str, ManagerEntry]


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


# --- structured diff ----------------------------------------------------------------------------

_MISSING: Final[Any] = object()


@dataclass(frozen=True, slots=True, kw_only=True)
class Comparison:
    """SMD's ``Comparison`` of an old (lhs) and new (rhs) object."""

    added: FieldSet
    modified: FieldSet
    removed: FieldSet

    def is_same(self) -> bool:
        return self.added.is_empty() and self.modified.is_empty() and self.removed.is_empty()

    def filtered(self, reset: ResetFilter) -> Comparison:
        return Comparison(
            added=reset.apply(self.added),
            modified=reset.apply(self.modified),
            removed=reset.apply(self.removed),
        )


def compare(lhs: Any, rhs: Any, typer: Typer) -> Comparison:
    """Which fields ``rhs`` added, modified and removed relative to ``lhs``.

    A granular map or list that appears (or disappears) is itself added (removed) along with its
    contents; two empty or null containers compare as leaves.

    Raises:
        TypedValueError: an associative-list item cannot be named.
    """
    sets: tuple[set[Path], set[Path], set[Path]] = (set(), set(), set())
    _compare(typer, lhs, rhs, typer.root, (), sets)
    return Comparison(
        added=FieldSet(frozenset(sets[0])),
        modified=FieldSet(frozenset(sets[1])),
        removed=FieldSet(frozenset(sets[2])),
    )


def _leaf(lhs: Any, rhs: Any, path: Path, sets: tuple[set[Path], set[Path], set[Path]]) -> None:
    if not path:
        return
    if lhs is _MISSING:
        sets[0].add(path)
    elif rhs is _MISSING:
        sets[2].add(path)
    elif freeze(lhs) != freeze(rhs):
        sets[1].add(path)


def _compare(
    typer: Typer, lhs: Any, rhs: Any, t: SchemaType, path: Path, sets: tuple[set[Path], set[Path], set[Path]]
) -> None:
    lform = typer.form(t, lhs) if lhs is not _MISSING else None
    rform = typer.form(t, rhs) if rhs is not _MISSING else None
    form = rform or lform
    if form is Form.LEAF or (lform is not None and rform is not None and lform is not rform):
        _leaf(lhs, rhs, path, sets)
        return
    if form is Form.MAP:
        lmap = lhs if isinstance(lhs, dict) else {}
        rmap = rhs if isinstance(rhs, dict) else {}
        if not lmap and not rmap:
            _leaf(lhs, rhs, path, sets)
            return
        for name in {**lmap, **rmap}:
            child_type, _ = typer.child(t, name)
            _compare(
                typer,
                lmap.get(name, _MISSING),
                rmap.get(name, _MISSING),
                child_type,
                (*path, PathElement.of_field(name)),
                sets,
            )
    else:
        llist = lhs if isinstance(lhs, list) else []
        rlist = rhs if isinstance(rhs, list) else []
        if not llist and not rlist:
            _leaf(lhs, rhs, path, sets)
            return
        assert form is not None
        _compare_items(typer, llist, rlist, t, form, path, sets)
    if path and lhs is _MISSING:
        sets[0].add(path)
    elif path and rhs is _MISSING:
        sets[2].add(path)


def group_items(typer: Typer, t: SchemaType, form: Form, items: list[Any], path: Path) -> dict[PathElement, list[Any]]:
    """Items of an associative list by path element, in first-seen order.

    Raises:
        TypedValueError: an item cannot be named.
    """
    groups: dict[PathElement, list[Any]] = {}
    for index, item in enumerate(items):
        try:
            pe = typer.item_element(t, form, item)
        except ValueError as exc:
            raise TypedValueError([(path_string(path), f"element {index}: {exc}")]) from None
        groups.setdefault(pe, []).append(item)
    return groups


def _compare_items(
    typer: Typer,
    llist: list[Any],
    rlist: list[Any],
    t: SchemaType,
    form: Form,
    path: Path,
    sets: tuple[set[Path], set[Path], set[Path]],
) -> None:
    element = typer.element(t)
    lgroups = group_items(typer, t, form, llist, path)
    rgroups = group_items(typer, t, form, rlist, path)
    for pe in {**lgroups, **rgroups}:
        left, right = lgroups.get(pe, []), rgroups.get(pe, [])
        item_path = (*path, pe)
        if len(left) <= 1 and len(right) <= 1:
            _compare(
                typer,
                left[0] if left else _MISSING,
                right[0] if right else _MISSING,
                element,
                item_path,
                sets,
            )
        # Duplicated keys: the duplicates are compared as one atomic value.
        elif len(left) >= 2 and len(right) >= 2:
            if freeze(left) != freeze(right):
                sets[1].add(item_path)
        elif len(left) >= 2:
            if right:
                _compare(typer, _MISSING, right[0], element, item_path, sets)
            sets[2].add(item_path)
        else:
            if left:
                _compare(typer, left[0], _MISSING, element, item_path, sets)
            sets[0].add(item_path)


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
    for identifier, entry in managed.items():
        kept = entry.fields - changed - diff.removed
        if not kept.is_empty():
            out[identifier] = replace(entry, fields=kept)
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


def zero_object(typer: Typer) -> dict[str, Any]:
    """What a built-in kind's Go zero value looks like as JSON, as far as the schema tells:
    non-pointer structs (``default: {}`` at the use site) present and empty, required fields null.
    Compared against on create, so that ``spec`` is not reported as added as a whole."""
    zero = _zero(typer, typer.root, 0)
    return zero if isinstance(zero, dict) else {}


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
    if not isinstance(result.get("metadata"), dict):
        return result
    requested = result["metadata"].pop("managedFields", None)
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
        return result
    typer = Typer(schema)
    live = without_managed_fields(old) if old is not None else (zero_object(typer) if builtin else {})
    try:
        managed = track_update(
            live,
            result,
            managed,
            manager=manager,
            api_version=api_version,
            subresource=subresource,
            now=now,
            typer=typer,
            reset=reset_filter(subresource=subresource, ignore_status=ignore_status),
        )
    except TypedValueError:
        # kube never fails a write over field tracking: it keeps the live object's managedFields.
        if old is not None and "managedFields" in _metadata(old):
            result["metadata"]["managedFields"] = copy.deepcopy(_metadata(old)["managedFields"])
        return result
    set_managed_fields(result, managed)
    return result
