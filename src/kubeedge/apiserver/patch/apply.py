"""Server-side apply (``application/apply-patch+yaml``) as one pure function.

:func:`server_side_apply` merges an applied configuration into the live object and updates
``metadata.managedFields``, the way kube-apiserver's field manager and structured-merge-diff do:

1. the applied object must be of the resource's kind and carry no managedFields;
2. an object that has no managedFields yet (created before tracking, or reset) first gets a
   ``before-first-apply`` Update entry owning everything it holds;
3. the configuration is merged into the live object: granular maps field by field, atomic lists
   and maps replaced, associative lists item by item (by key, or by value for sets);
4. fields the manager applied last time and left out now are removed, unless another manager
   owns them (then only this manager's ownership goes);
5. a field whose value changes and that another manager owns is a conflict (409) unless
   ``force``, which moves it to the applier; equal values become shared ownership;
6. ``kubectl`` upgrading from client-side apply: conflicts on fields whose live value is still
   the one in ``kubectl.kubernetes.io/last-applied-configuration`` are forced, and that
   annotation, if present, is rewritten from the new configuration.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.patch.fieldset import (
    FieldSet,
    Form,
    PathElement,
    SchemaType,
    TypedValueError,
    Typer,
    fields_of,
    freeze,
    go_json,
    path_string,
    with_named_members,
)
from kubeedge.apiserver.patch.managedfields import (
    STRIPPED_FIELDS,
    Managed,
    ManagedFieldsError,
    ManagerEntry,
    Operation,
    ResetFilter,
    compare,
    decode_managed_fields,
    reset_filter,
    set_managed_fields,
    track_update,
    without_managed_fields,
    zero_object,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.patch.fieldset import Path, Trie
    from kubeedge.apiserver.schema.model import TypedSchema

__all__ = [
    "BEFORE_FIRST_APPLY",
    "LAST_APPLIED_ANNOTATION",
    "merge_objects",
    "remove_fields",
    "server_side_apply",
    "validate_applied",
]

LAST_APPLIED_ANNOTATION: Final = "kubectl.kubernetes.io/last-applied-configuration"
BEFORE_FIRST_APPLY: Final = "before-first-apply"
# kubectl's own server-side apply manager: the only one upgraded from client-side apply.
_KUBECTL: Final = "kubectl"
_ANNOTATIONS_SIZE_LIMIT: Final = 256 * 1024
_MISSING: Final[Any] = object()


# --- merge --------------------------------------------------------------------------------------


def merge_objects(live: Any, config: Any, typer: Typer) -> Any:
    """SMD's merge of an applied configuration into a live object (config wins on leaves)."""
    return _merge(typer, live, config, typer.root)


def _merge(typer: Typer, lhs: Any, rhs: Any, t: SchemaType) -> Any:
    if lhs is _MISSING:
        return rhs
    if rhs is _MISSING:
        return lhs
    form, lform = typer.form(t, rhs), typer.form(t, lhs)
    if form is Form.LEAF or form is not lform:
        return rhs
    if form is Form.MAP:
        lmap = lhs if isinstance(lhs, dict) else {}
        rmap = rhs if isinstance(rhs, dict) else {}
        if not lmap and not rmap:
            return rhs
        out = {}
        for name in {**lmap, **rmap}:
            child_type, _ = typer.child(t, name)
            out[name] = _merge(typer, lmap.get(name, _MISSING), rmap.get(name, _MISSING), child_type)
        return out
    llist = lhs if isinstance(lhs, list) else []
    rlist = rhs if isinstance(rhs, list) else []
    if not llist and not rlist:
        return rhs
    return _merge_items(typer, llist, rlist, t, form)


def _item_names(typer: Typer, t: SchemaType, form: Form, items: list[Any]) -> list[PathElement]:
    try:
        return [typer.item_element(t, form, item) for item in items]
    except ValueError as exc:
        raise TypedValueError([("", str(exc))]) from None


def _merge_items(typer: Typer, llist: list[Any], rlist: list[Any], t: SchemaType, form: Form) -> list[Any]:
    """Merge two associative lists in SMD's order: live items keep their places, applied items
    shared with the live list come in the applied order, new ones just before the next shared
    item (or at the end)."""
    element = typer.element(t)
    lnames, rnames = _item_names(typer, t, form, llist), _item_names(typer, t, form, rlist)
    rhs_items = dict(zip(rnames, rlist, strict=True))
    lhs_items: dict[PathElement, Any] = {}
    for pe, item in zip(lnames, llist, strict=True):
        # A key the live list holds twice merges as if it had no live value.
        lhs_items[pe] = None if pe in lhs_items else item
    shared = [pe for pe in rnames if pe in lhs_items]
    next_shared = 0
    merged: set[PathElement] = set()
    out: list[Any] = []
    li = ri = 0
    while li < len(lnames) or ri < len(rnames):
        upcoming = shared[next_shared] if next_shared < len(shared) else None
        if li < len(lnames) and ri < len(rnames):
            pe = lnames[li]
            if pe == rnames[ri]:
                out.append(_merge(typer, lhs_items[pe], rhs_items[pe], element))
                merged.add(pe)
                li, ri, next_shared = li + 1, ri + 1, next_shared + 1
                continue
            if pe in rhs_items and upcoming is not None and upcoming != pe:
                li += 1  # a shared item, emitted when the applied list reaches it
                continue
        if li < len(lnames):
            pe = lnames[li]
            if pe not in rhs_items:
                out.append(llist[li])
                li += 1
                continue
            if pe in merged:
                li += 1
        if ri < len(rnames):
            pe = rnames[ri]
            merged.add(pe)
            out.append(_merge(typer, lhs_items.get(pe, _MISSING), rhs_items[pe], element))
            ri += 1
            if upcoming == pe:
                next_shared += 1
    return out


# --- removal ------------------------------------------------------------------------------------

_DROP: Final[Any] = object()


def remove_fields(value: Any, fields: FieldSet, typer: Typer, *, config: Any = _MISSING) -> Any:
    """SMD's ``RemoveItems``: drop every map entry and list item named by a member path of
    ``fields`` (with everything under it).

    A container emptied this way disappears (SMD leaves a null that typed objects drop), unless
    ``config`` (the applied configuration) sets it: then it takes the configured empty value, so
    that applying ``labels: {}`` twice changes nothing the second time.
    """
    out = _remove(typer, value, typer.root, fields.trie(), config)
    return {} if out is _DROP else out


def _emptied(config: Any) -> Any:
    return _DROP if config is _MISSING else copy.deepcopy(config)


def _remove(typer: Typer, value: Any, t: SchemaType, trie: Trie, config: Any) -> Any:
    form = typer.form(t, value)
    if form is Form.LEAF or not value:
        return value
    if form is Form.MAP:
        configured = config if isinstance(config, dict) else {}
        out: dict[str, Any] = {}
        for name, child in value.items():
            pe = PathElement.of_field(name)
            if pe in trie.members:
                continue
            sub = trie.children.get(pe)
            if sub is not None:
                child = _remove(typer, child, typer.child(t, name)[0], sub, configured.get(name, _MISSING))
                if child is _DROP:
                    continue
            out[name] = child
        return out or _emptied(config)
    element = typer.element(t)
    configured_items = _configured_items(typer, t, form, config)
    items: list[Any] = []
    for item in value:
        try:
            pe = typer.item_element(t, form, item)
        except ValueError:
            items.append(item)
            continue
        if pe in trie.members:
            continue
        sub = trie.children.get(pe)
        if sub is not None:
            item = _remove(typer, item, element, sub, configured_items.get(pe, _MISSING))
            if item is _DROP:
                continue
        items.append(item)
    return items or _emptied(config)


def _configured_items(typer: Typer, t: SchemaType, form: Form, config: Any) -> dict[PathElement, Any]:
    if not isinstance(config, list):
        return {}
    try:
        return dict(zip(_item_names(typer, t, form, config), config, strict=True))
    except TypedValueError:
        return {}


def _prune(merged: Any, config: Any, managers: Managed, last: FieldSet | None, typer: Typer) -> Any:
    """Remove what the applier owned last time and no longer applies, unless someone owns it
    (SMD's prune: remove, add back what anyone owns, add back what the applier never owned)."""
    if last is None or last.is_empty():
        return merged

    def named(fields: FieldSet) -> FieldSet:
        return with_named_members(fields, typer)

    last_named = named(last)
    owned = named(FieldSet().union(*(e.fields for e in managers.values())))
    merged_fields = named(fields_of(merged, typer))
    pruned = remove_fields(merged, last_named, typer, config=config)
    unowned = merged_fields - (named(fields_of(pruned, typer)) | owned)
    pruned = remove_fields(merged, unowned, typer, config=config)
    dangling = (merged_fields - named(fields_of(pruned, typer))) & last_named
    return remove_fields(merged, dangling, typer, config=config)


# --- conflicts ----------------------------------------------------------------------------------


class _Conflicts(Exception):
    def __init__(self, items: list[tuple[ManagerEntry, Path]]) -> None:
        super().__init__(f"{len(items)} conflicts")
        self.items = items


def _conflict_error(conflicts: list[tuple[ManagerEntry, Path]]) -> StatusError:
    causes = [
        {
            "reason": "FieldManagerConflict",
            "message": f"conflict with {e.describe()}",
            "field": path_string(p),
        }
        for e, p in conflicts
    ]
    if len(conflicts) == 1:
        entry, path = conflicts[0]
        message = f"Apply failed with 1 conflict: conflict with {entry.describe()}: {path_string(path)}"
    else:
        lines: list[str] = []
        previous = ""
        for entry, path in conflicts:  # already grouped by manager identifier, sorted
            if entry.identifier != previous:
                lines.append(f"conflicts with {entry.describe()}:")
                previous = entry.identifier
            lines.append(f"- {path_string(path)}")
        message = f"Apply failed with {len(conflicts)} conflicts: " + "\n".join(lines)
    return StatusError(409, "Conflict", message, {"causes": causes})


def _allowed_by_last_applied(live: Mapping[str, Any], typer: Typer, api_version: str) -> FieldSet | None:
    """Fields of the client-side-apply configuration whose live value is still the applied one."""
    text = (_metadata(live).get("annotations") or {}).get(LAST_APPLIED_ANNOTATION)
    if not isinstance(text, str) or not text:
        return None
    try:
        last = json.loads(text)
    except ValueError:
        return None
    if not isinstance(last, dict) or last.get("apiVersion") != api_version:
        return None
    try:
        diff = compare(last, live, typer)
        return fields_of(last, typer) - diff.modified - diff.added - diff.removed
    except TypedValueError:
        return None


def _build_last_applied(applied: Mapping[str, Any]) -> str:
    config = copy.deepcopy(dict(applied))
    annotations = config.get("metadata", {}).get("annotations") if isinstance(config.get("metadata"), dict) else None
    if isinstance(annotations, dict):
        annotations.pop(LAST_APPLIED_ANNOTATION, None)
    # encoding/json of the unstructured object, newline included (json.Encoder.Encode).
    return go_json(config, short_bf=True) + "\n"


def _sync_last_applied(obj: dict[str, Any], applied: Mapping[str, Any]) -> None:
    annotations = obj.get("metadata", {}).get("annotations")
    if not isinstance(annotations, dict) or not annotations.get(LAST_APPLIED_ANNOTATION):
        return
    annotations[LAST_APPLIED_ANNOTATION] = _build_last_applied(applied)
    size = sum(len(k.encode()) + len(str(v).encode()) for k, v in annotations.items())
    if size > _ANNOTATIONS_SIZE_LIMIT:
        del annotations[LAST_APPLIED_ANNOTATION]


# --- validation ---------------------------------------------------------------------------------


def _metadata(obj: Mapping[str, Any] | None) -> Mapping[str, Any]:
    metadata = obj.get("metadata") if obj is not None else None
    return metadata if isinstance(metadata, Mapping) else {}


def _gvk(api_version: Any, kind: Any) -> str:
    """Go's ``GroupVersionKind.String`` of an object's apiVersion and kind."""
    version = api_version if isinstance(api_version, str) else ""
    kind_text = kind if isinstance(kind, str) else ""
    parts = version.split("/") if version and version != "/" else ["", ""]
    if len(parts) == 1:
        parts = ["", parts[0]]
    if len(parts) != 2:
        parts = ["", ""]
    return f"{parts[0]}/{parts[1]}, Kind={kind_text}"


def _describe(obj: Mapping[str, Any]) -> str:
    metadata = _metadata(obj)
    where = f"{metadata.get('namespace') or ''}/{metadata.get('name') or ''}"
    return f"{where}; {_gvk(obj.get('apiVersion'), obj.get('kind'))}"


def validate_applied(applied: Any, *, api_version: str, kind: str | None, typer: Typer) -> None:
    """Refuse an applied configuration the way kube-apiserver does.

    Raises:
        StatusError: 400 for another kind or version, or managedFields set; 500 (kube's
            untyped error) for associative-list items without their keys, or duplicated.
    """
    if not isinstance(applied, Mapping):
        raise StatusError.bad_request(
            "error decoding YAML: error unmarshaling JSON: while decoding JSON: "
            "json: cannot unmarshal array into Go value of type map[string]interface {}"
        )
    got = _gvk(applied.get("apiVersion"), applied.get("kind"))
    want = _gvk(api_version, kind if kind is not None else applied.get("kind"))
    if got != want:
        raise StatusError.bad_request(f"invalid object type: {got}")
    if _metadata(applied).get("managedFields") is not None:
        raise StatusError.bad_request("metadata.managedFields must be nil")
    errors: list[tuple[str, str]] = []
    _check_items(typer, applied, typer.root, "", errors)
    if errors:
        message = f"failed to create typed patch object ({_describe(applied)}): {TypedValueError(errors)}"
        raise StatusError(500, "", message)


def _check_items(typer: Typer, value: Any, t: SchemaType, path: str, errors: list[tuple[str, str]]) -> None:
    """SMD's validation of list items: every associative item named, no key twice."""
    if isinstance(value, dict):
        for name, child in value.items():
            _check_items(typer, child, typer.child(t, name)[0], f"{path}.{name}", errors)
        return
    if not isinstance(value, list):
        return
    element = typer.element(t)
    form = typer.form(t, value)
    if form is Form.LEAF:
        for index, item in enumerate(value):
            _check_items(typer, item, element, f"{path}[{index}]", errors)
        return
    seen: set[PathElement] = set()
    for index, item in enumerate(value):
        try:
            pe = typer.item_element(t, form, item)
        except ValueError as exc:
            errors.append((path, f"element {index}: {exc}"))
            return
        if pe in seen:
            errors.append((path, f"duplicate entries for key {pe}"))
        seen.add(pe)
        _check_items(typer, item, element, f"{path}{pe}", errors)


def _check_name(obj: Mapping[str, Any], name: str, namespace: str | None) -> None:
    metadata = _metadata(obj)
    obj_name = metadata.get("name") or ""
    if not obj_name:
        raise StatusError.bad_request(
            f"the name of the object ({name} based on URL) was undeterminable: name must be provided"
        )
    if obj_name != name:
        raise StatusError.bad_request(
            f"the name of the object ({obj_name}) does not match the name on the URL ({name})"
        )
    obj_namespace = metadata.get("namespace") or ""
    if namespace and obj_namespace and obj_namespace != namespace:
        raise StatusError.bad_request(
            f"the namespace of the object ({obj_namespace}) does not match the namespace on the request ({namespace})"
        )


# --- apply --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _Request:
    manager: str
    api_version: str
    subresource: str
    now: str
    typer: Typer
    reset: ResetFilter
    builtin: bool


def _apply_once(
    live: dict[str, Any],
    exists: bool,
    config: dict[str, Any],
    managed: Managed,
    request: _Request,
    *,
    force: bool,
) -> tuple[dict[str, Any], Managed]:
    typer = request.typer
    if not managed and exists:
        managed = track_update(
            zero_object(typer) if request.builtin else {},
            live,
            managed,
            manager=BEFORE_FIRST_APPLY,
            api_version=request.api_version,
            subresource=request.subresource,
            now=request.now,
            typer=typer,
            reset=request.reset,
        )
    applier = ManagerEntry(
        manager=request.manager or "unknown",
        operation=Operation.APPLY,
        api_version=request.api_version,
        subresource=request.subresource,
    )
    last = managed.get(applier.identifier)
    applier = replace(
        applier,
        time=last.time if last is not None else None,
        fields=request.reset.apply(fields_of(config, typer)),
    )
    managers = {**managed, applier.identifier: applier}
    new = _prune(merge_objects(live, config, typer), config, managers, last.fields if last else None, typer)

    diff = compare(live, new, typer).filtered(request.reset)
    changed = diff.modified | diff.added
    conflicts: list[tuple[ManagerEntry, Path]] = []
    out: Managed = {}
    for identifier in sorted(managers):
        entry = managers[identifier]
        if identifier == applier.identifier:
            continue
        clash = entry.fields & changed
        conflicts.extend((entry, path) for path in clash)
        kept = entry.fields - clash - diff.removed
        if not kept.is_empty():
            out[identifier] = replace(entry, fields=kept)
    if conflicts and not force:
        raise _Conflicts(conflicts)

    is_changed = freeze(live) != freeze(new)
    owned = applier.fields - STRIPPED_FIELDS
    if not owned.is_empty():
        # The applier's time moves only when the apply changed the object.
        out[applier.identifier] = replace(applier, fields=owned, time=request.now if is_changed else applier.time)
    return (new if is_changed else live), out


def server_side_apply(
    live: Mapping[str, Any] | None,
    applied: Mapping[str, Any],
    *,
    manager: str,
    force: bool,
    api_version: str,
    subresource: str = "",
    now: str,
    schema: TypedSchema | None,
    ignore_status: bool = False,
    kind: str | None = None,
    name: str | None = None,
    namespace: str | None = None,
    builtin: bool = False,
) -> dict[str, Any]:
    """Apply ``applied`` as ``manager`` to ``live`` (None: the object does not exist yet).

    Args:
        live: the stored object, or None to create it.
        applied: the decoded apply-patch body.
        manager: ``fieldManager`` of the request.
        force: ``force=true``: take conflicting fields instead of failing.
        api_version: the request's group/version; the body must match it.
        subresource: ``""`` or ``"status"``...
        now: the request time, RFC 3339 in seconds.
        schema: the kind's schema (None: untyped).
        ignore_status: the type has a status subresource (see :func:`~.managedfields.reset_filter`).
        kind: the resource's kind; defaults to the live object's.
        name, namespace: from the URL; when given, the result must carry them (kube's checkName).
        builtin: a built-in kind (see :func:`~.managedfields.update_managed_fields`).

    Returns:
        The new object with its managedFields. Neither input is modified.

    Raises:
        StatusError: 409 on conflicts; 400 for a body of another type, with managedFields, or not
            matching the URL; 500 (as kube) when list items cannot be keyed.
    """
    typer = Typer(schema)
    validate_applied(applied, api_version=api_version, kind=kind or (live or {}).get("kind"), typer=typer)
    config = copy.deepcopy(dict(applied))
    current = without_managed_fields(live) if live is not None else {}
    try:
        managed = decode_managed_fields(_metadata(live).get("managedFields"))
    except ManagedFieldsError as exc:
        raise StatusError(500, "", f"failed to decode managed fields: {exc}") from exc
    request = _Request(
        manager=manager,
        api_version=api_version,
        subresource=subresource,
        now=now,
        typer=typer,
        reset=reset_filter(subresource=subresource, ignore_status=ignore_status),
        builtin=builtin,
    )
    try:
        try:
            result, managed = _apply_once(current, live is not None, config, managed, request, force=force)
        except _Conflicts as failed:
            remaining = failed.items
            allowed = _allowed_by_last_applied(current, typer, api_version) if manager == _KUBECTL else None
            if allowed is not None:
                remaining = [(entry, path) for entry, path in failed.items if path not in allowed]
            if remaining:
                raise _conflict_error(remaining) from None
            result, managed = _apply_once(current, live is not None, config, managed, request, force=True)
    except TypedValueError as exc:
        raise StatusError(500, "", f"failed to create typed live object ({_describe(current)}): {exc}") from None
    if manager == _KUBECTL:
        _sync_last_applied(result, applied)
    set_managed_fields(result, managed)
    if name is not None:
        _check_name(result, name, namespace)
    return result
