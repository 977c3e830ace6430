"""Pruning, and the apiVersion/kind/metadata rules of resources and embedded resources.

:func:`prune` removes every field a structural schema does not specify and reports where. It
is apiextensions-apiserver's pruning algorithm, run on custom resources when they are
decoded from a request or read from storage, and reused here for unknown-field detection of
built-in kinds (their schemas reach ObjectMeta, PodSpec... through ``$ref``):

* a field is kept if the schema lists it in ``properties`` or has ``additionalProperties``;
* below ``x-kubernetes-preserve-unknown-fields`` nothing unknown is removed (known fields are
  still pruned according to their own schemas);
* at the resource root and in ``x-kubernetes-embedded-resource`` objects, ``apiVersion``,
  ``kind`` and ``metadata`` are kept whatever the schema says, and ``metadata`` is then pruned
  to the fields of ObjectMeta (kube's objectmeta coercion).

The returned paths (``spec.foo``, ``spec.items[0].bar``, ``metadata.foo``) are what
fieldValidation needs: Ignore drops them, Warn turns them into warnings
(:func:`unknown_field_warnings`), Strict into a 400 (:func:`strict_decoding_error`).
Duplicate JSON fields are the decoder's business, not this module's.

The other half of kube's ``objectmeta`` package lives here too, next to the metadata pruning:
:func:`validate_embedded_resources` (apiVersion/kind/metadata of embedded resources) and
:func:`validate_custom_resource_root` (TypeMeta and name of a custom resource). Both are
re-exported by :mod:`.validate`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import FieldError, StatusError

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema, SchemaSet, TypedSchema

__all__ = [
    "EMBEDDED_RESOURCE",
    "OBJECT_META_DEFINITION",
    "OBJECT_META_SCHEMA",
    "PRESERVE_UNKNOWN_FIELDS",
    "prune",
    "strict_decoding_error",
    "unknown_field_warnings",
    "validate_custom_resource_root",
    "validate_embedded_resources",
]

PRESERVE_UNKNOWN_FIELDS = "x-kubernetes-preserve-unknown-fields"
EMBEDDED_RESOURCE = "x-kubernetes-embedded-resource"

OBJECT_META_DEFINITION = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"

_STRING: Schema = {"type": "string"}
_INT64: Schema = {"type": "integer", "format": "int64"}
_BOOLEAN: Schema = {"type": "boolean"}
_TIME: Schema = {"type": "string", "format": "date-time"}
_STRING_MAP: Schema = {"type": "object", "additionalProperties": _STRING}

# The fields of metav1.ObjectMeta (read-only): what custom resource metadata is pruned to when
# the schema set has no ObjectMeta definition of its own.
OBJECT_META_SCHEMA: Schema = {
    "type": "object",
    "properties": {
        **{key: _STRING for key in ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion")},
        "generation": _INT64,
        "creationTimestamp": _TIME,
        "deletionTimestamp": _TIME,
        "deletionGracePeriodSeconds": _INT64,
        "labels": _STRING_MAP,
        "annotations": _STRING_MAP,
        "ownerReferences": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["apiVersion", "kind", "name", "uid"],
                "properties": {
                    **{key: _STRING for key in ("apiVersion", "kind", "name", "uid")},
                    "controller": _BOOLEAN,
                    "blockOwnerDeletion": _BOOLEAN,
                },
            },
        },
        "finalizers": {"type": "array", "items": _STRING},
        "managedFields": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    **{key: _STRING for key in ("manager", "operation", "apiVersion", "fieldsType", "subresource")},
                    "time": _TIME,
                    "fieldsV1": {"type": "object", PRESERVE_UNKNOWN_FIELDS: True},
                },
            },
        },
    },
}

_META_FIELDS = frozenset({"apiVersion", "kind", "metadata"})


def prune(
    obj: Any,
    schema: TypedSchema,
    *,
    is_resource_root: bool = True,
    prune_metadata: bool = True,
    drop_nulls: bool = False,
) -> list[str]:
    """Remove, in place, the fields of ``obj`` that ``schema`` does not specify.

    ``obj`` is modified: pass a fresh copy that the caller owns (a just-decoded request body
    or a just-read stored object), never a value shared with a cache or another request.

    Args:
        obj: a decoded JSON value.
        schema: its schema.
        is_resource_root: ``obj`` is a whole resource: keep apiVersion, kind and metadata.
        prune_metadata: prune the metadata of the resource and of embedded resources to
            ObjectMeta's fields (kube's objectmeta coercion).
        drop_nulls: also drop known fields whose value is ``null`` (outside preserve-unknown
            parts), as decoding into a built-in type does: Go has no "present but null" field.

    Returns:
        The removed fields' paths, sorted (metadata paths last), in kube's
        ``unknown field "<path>"`` form without the wording.
    """
    nodes = schema.memo.get(_MEMO_KEY)
    if nodes is None:
        nodes = schema.memo[_MEMO_KEY] = {}
    pruner = _Pruner(schema.schemas, nodes, drop_nulls=drop_nulls)
    pruner.prune(obj, schema.root, "", embedded=is_resource_root)
    paths = sorted(pruner.removed)
    if prune_metadata:
        pruner.removed = []
        pruner.coerce_metadata(obj, schema.root, "", embedded=is_resource_root)
        paths += sorted(pruner.removed)
    return paths


def unknown_field_warnings(paths: list[str]) -> list[str]:
    """The warning texts of fieldValidation=Warn, one per pruned path."""
    return [f'unknown field "{path}"' for path in paths]


def strict_decoding_error(paths: list[str]) -> StatusError:
    """The 400 of fieldValidation=Strict: ``strict decoding error: unknown field "spec.foo", ...``."""
    return StatusError.bad_request("strict decoding error: " + ", ".join(unknown_field_warnings(paths)))


def _child(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


_MEMO_KEY = "prune.nodes"
_ABSENT: Any = object()


class _Node:
    """A schema node as pruning reads it, resolved once per schema (see ``TypedSchema.memo``)."""

    __slots__ = ("additional", "embedded", "embeds_below", "items", "node", "preserve", "properties")

    def __init__(self, node: Schema) -> None:
        self.node = node
        self.preserve = bool(node.get(PRESERVE_UNKNOWN_FIELDS))
        self.embedded = bool(node.get(EMBEDDED_RESOURCE))
        self.properties = _properties(node)
        # additionalProperties of any value (even false) keeps unknown keys.
        self.additional: Any = node.get("additionalProperties", _ABSENT)
        self.items: Any = node.get("items")
        # Whether an embedded resource can occur below (None: not worked out yet).
        self.embeds_below: bool | None = None


class _Pruner:
    def __init__(
        self, schemas: SchemaSet, nodes: dict[int, tuple[Any, _Node | None]], *, drop_nulls: bool = False
    ) -> None:
        self.schemas = schemas
        self.drop_nulls = drop_nulls
        self.removed: list[str] = []
        # id of a raw node -> (the node, kept so that the id stays its own; what it resolves to)
        self._nodes = nodes

    def resolve(self, raw: Any) -> Schema | None:
        compiled = self._compiled(raw)
        return compiled.node if compiled is not None else None

    def _compiled(self, raw: Any) -> _Node | None:
        hit = self._nodes.get(id(raw))
        if hit is not None and hit[0] is raw:
            return hit[1]
        node = self.schemas.resolve(raw) if isinstance(raw, Mapping) else None
        compiled = _Node(node) if node is not None else None
        self._nodes[id(raw)] = (raw, compiled)
        return compiled

    def prune(self, value: Any, raw: Any, path: str, *, embedded: bool = False) -> None:
        node = self._compiled(raw)
        if node is not None and node.preserve:
            self.skip(value, node, path, embedded=embedded)
            return
        if isinstance(value, dict):
            if node is None:
                for key in list(value):
                    self.removed.append(_child(path, key))
                    del value[key]
                return
            embedded = embedded or node.embedded
            properties = node.properties
            for key in list(value):
                if embedded and key in _META_FIELDS:
                    continue
                if key in properties:
                    child = value[key]
                    if child is None and self.drop_nulls:
                        del value[key]  # a typed decode turns null into "unset"
                        continue
                    self.prune(child, properties[key], _child(path, key))
                elif node.additional is not _ABSENT:
                    # additionalProperties: false keeps the key but prunes inside it as if unknown
                    self.prune(value[key], node.additional, _child(path, key))
                else:
                    if key not in _META_FIELDS or path:
                        self.removed.append(_child(path, key))
                    del value[key]
        elif isinstance(value, list):
            items = node.items if node is not None else None
            for i, item in enumerate(value):
                self.prune(item, items, f"{path}[{i}]")

    def skip(self, value: Any, node: _Node | None, path: str, *, embedded: bool = False) -> None:
        """Below preserve-unknown-fields: keep unknown fields, prune the known ones."""
        if node is None:
            return
        if isinstance(value, dict):
            embedded = embedded or node.embedded
            properties = node.properties
            for key in list(value):
                if embedded and key in _META_FIELDS:
                    continue
                if key in properties:
                    self.prune(value[key], properties[key], _child(path, key))
                elif node.additional is not _ABSENT:
                    self.prune(value[key], node.additional, _child(path, key))
        elif isinstance(value, list):
            items = self._compiled(node.items)
            for i, item in enumerate(value):
                self.skip(item, items, f"{path}[{i}]")

    def coerce_metadata(self, value: Any, raw: Any, path: str, *, embedded: bool = False) -> None:
        """Prune the metadata of the resource and of every embedded resource to ObjectMeta."""
        node = self._compiled(raw)
        if node is None:
            return
        if isinstance(value, dict):
            if embedded or node.embedded:
                meta = value.get("metadata")
                if isinstance(meta, dict):
                    self.prune(meta, self._object_meta_schema(), _child(path, "metadata"))
                    # a decode/encode round trip through ObjectMeta drops nulls (omitempty)
                    for key in [k for k, v in meta.items() if v is None]:
                        del meta[key]
            if not self._embeds_below(node):
                return  # built-in kinds: no embedded resource anywhere, nothing more to do
            properties = node.properties
            additional = node.additional
            for key, item in value.items():
                if key in properties:
                    self.coerce_metadata(item, properties[key], _child(path, key))
                elif isinstance(additional, Mapping):
                    self.coerce_metadata(item, additional, _child(path, key))
        elif isinstance(value, list):
            if not self._embeds_below(node):
                return
            for i, item in enumerate(value):
                self.coerce_metadata(item, node.items, f"{path}[{i}]")

    def _embeds_below(self, start: _Node) -> bool:
        """Whether a node reachable from ``start`` (as coerce_metadata walks) is an embedded
        resource. Worked out once per node; the schema graph may be cyclic."""
        if start.embeds_below is None:
            found = False
            seen = {id(start)}
            stack = [start]
            while stack and not found:
                node = stack.pop()
                below = [*node.properties.values(), node.additional, node.items]
                for raw in below:
                    sub = self._compiled(raw) if isinstance(raw, Mapping) else None
                    if sub is None:
                        continue
                    if sub.embedded:
                        found = True
                        break
                    if id(sub) not in seen:
                        seen.add(id(sub))
                        stack.append(sub)
            start.embeds_below = found
        return start.embeds_below

    def _object_meta_schema(self) -> Schema:
        return self.schemas.definitions.get(OBJECT_META_DEFINITION) or OBJECT_META_SCHEMA


def _properties(node: Schema) -> Mapping[str, Any]:
    properties = node.get("properties")
    return properties if isinstance(properties, Mapping) else {}


# --- x-kubernetes-embedded-resource ---------------------------------------------------------------

# apimachinery's name rules: max length, regex, wording, examples.
_LABEL, _SUBDOMAIN = (
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
    r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*",
)
_ALNUM = "must consist of lower case alphanumeric characters"
_NAME_RULES = {
    "dns1035": (63, "[a-z]([-a-z0-9]*[a-z0-9])?", "a DNS-1035 label", ("my-name", "abc-123")),
    "label": (63, _LABEL, "a lowercase RFC 1123 label", ("my-name", "123-abc")),
    "subdomain": (253, _SUBDOMAIN, "a lowercase RFC 1123 subdomain", ("example.com",)),
}
_NAME_SHAPES = {
    "dns1035": f"{_ALNUM} or '-', start with an alphabetic character, and end with an alphanumeric character",
    "label": f"{_ALNUM} or '-', and must start and end with an alphanumeric character",
    "subdomain": f"{_ALNUM}, '-' or '.', and must start and end with an alphanumeric character",
}


def _name_errors(value: str, rule: str) -> list[str]:
    """A minimal local copy of IsDNS1035Label / IsDNS1123Label / IsDNS1123Subdomain."""
    limit, regex, what, examples = _NAME_RULES[rule]
    errors = [f"must be no more than {limit} characters"] if len(value) > limit else []
    if not re.fullmatch(regex, value):
        shown = "".join(f"{' or ' if i else ''}'{example}', " for i, example in enumerate(examples))
        errors.append(f"{what} {_NAME_SHAPES[rule]} (e.g. {shown}regex used for validation is '{regex}')")
    return errors


def _path_segment_errors(name: str, *, prefix: bool) -> list[str]:
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in ("/", "%") if bad in name]


def _go_json_type(value: Any) -> str:
    """The JSON type name encoding/json puts in its "cannot unmarshal" errors."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "array" if isinstance(value, list) else "object" if isinstance(value, Mapping) else "string"


_META_STRINGS = ("name", "generateName", "namespace", "selfLink", "uid", "resourceVersion")


def _object_meta_errors(path: str, meta: Any) -> list[FieldError]:
    """Decode-and-validate of an embedded ObjectMeta (names and namespace; see module docstring)."""
    if meta is None:
        meta = {}
    if not isinstance(meta, Mapping):
        kind = _go_json_type(meta)
        return [FieldError.invalid(path, meta, f"json: cannot unmarshal {kind} into Go value of type v1.ObjectMeta")]
    for key in _META_STRINGS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            kind = _go_json_type(value)
            detail = f"json: cannot unmarshal {kind} into Go struct field ObjectMeta.{key} of type string"
            return [FieldError.invalid(path, meta, detail)]
    errors = []
    generate_name = meta.get("generateName") or ""
    for msg in _path_segment_errors(generate_name, prefix=True):
        errors.append(FieldError.invalid(f"{path}.generateName", generate_name, msg))
    name = meta.get("name") or "fakename"  # kube validates embedded metadata with a stand-in name
    for msg in _path_segment_errors(name, prefix=False):
        errors.append(FieldError.invalid(f"{path}.name", name, msg))
    namespace = meta.get("namespace") or ""
    if namespace:
        for msg in _name_errors(namespace, "label"):
            errors.append(FieldError.invalid(f"{path}.namespace", namespace, msg))
    return errors


def _embedded_errors(path: str, obj: Mapping[str, Any]) -> list[FieldError]:
    errors = [FieldError.required(_child(path, key)) for key in ("apiVersion", "kind") if key not in obj]
    for key, value in obj.items():
        where = _child(path, key)
        if key in ("apiVersion", "kind"):
            if not isinstance(value, str):
                errors.append(FieldError.invalid(where, value, "must be a string"))
            elif not value:
                errors.append(FieldError.required(where))
            elif key == "apiVersion" and value.count("/") > 1:
                errors.append(FieldError.invalid(where, value, f"unexpected GroupVersion string: {value}"))
            elif key == "kind" and (msgs := _name_errors(value.lower(), "dns1035")):
                detail = "may have mixed case, but should otherwise match: " + ",".join(msgs)
                errors.append(FieldError.invalid(where, value, detail))
        elif key == "metadata":
            errors += _object_meta_errors(where, value)
    return errors


def validate_embedded_resources(
    obj: Any, schema: TypedSchema, *, path: str = "", is_resource_root: bool = False
) -> list[FieldError]:
    """apiVersion/kind/metadata checks of every ``x-kubernetes-embedded-resource`` object.

    Args:
        is_resource_root: also check ``obj`` itself as a resource (kube does this for defaults).
    """
    errors: list[FieldError] = []
    _embedded_walk(schema.schemas, path, obj, schema.root, is_resource_root, errors)
    return errors


def _embedded_walk(
    schemas: SchemaSet, path: str, value: Any, raw: Schema | None, embedded: bool, errors: list[FieldError]
) -> None:
    node = schemas.resolve(raw) if isinstance(raw, Mapping) else None
    if node is None:
        return
    if isinstance(value, Mapping):
        if embedded or node.get(EMBEDDED_RESOURCE):
            errors += _embedded_errors(path, value)
        properties = node.get("properties")
        properties = properties if isinstance(properties, Mapping) else {}
        additional = node.get("additionalProperties")
        for key, sub in value.items():
            if key in properties:
                _embedded_walk(schemas, _child(path, key), sub, properties[key], False, errors)
            elif isinstance(additional, Mapping):
                _embedded_walk(schemas, f"{path}[{key}]", sub, additional, False, errors)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _embedded_walk(schemas, f"{path}[{i}]", item, node.get("items"), False, errors)


def validate_custom_resource_root(
    obj: Any, *, api_version: str | None = None, kind: str | None = None, namespaced: bool | None = None
) -> list[FieldError]:
    """TypeMeta and name checks of a custom resource (kube's customResourceValidator).

    ``kind``/``apiVersion`` must equal the served ones (when given); then the name must be set
    (``name or generateName is required``) and be a DNS-1123 subdomain, generateName likewise
    as a prefix, and the namespace must be present (namespaced) or absent (cluster-scoped) when
    ``namespaced`` is given. Labels, annotations and the rest of ObjectMeta are checked by the
    shared ObjectMeta validation, not here.
    """
    if not isinstance(obj, Mapping):
        return [FieldError.invalid("kind", None, "Object 'Kind' is missing")]
    errors = []
    for key, expected in (("kind", kind), ("apiVersion", api_version)):
        value = obj.get(key) if isinstance(obj.get(key), str) else ""
        if expected is not None and value != expected:
            errors.append(FieldError.invalid(key, value, f"must be {expected}"))
    if errors:
        return errors
    meta = obj.get("metadata")
    meta = {} if meta is None else meta
    if not isinstance(meta, Mapping):
        return [FieldError.invalid("metadata", meta, "must be an object")]
    strings = {key: str(meta[key]) if isinstance(meta.get(key), str) else "" for key in _META_STRINGS}
    if strings["generateName"]:
        masked = strings["generateName"]
        if len(masked) > 1 and masked.endswith("-"):
            masked = masked[:-2] + "a"  # kube's maskTrailingDash (which drops two characters)
        for msg in _name_errors(masked, "subdomain"):
            errors.append(FieldError.invalid("metadata.generateName", strings["generateName"], msg))
    if not strings["name"]:
        errors.append(FieldError.required("metadata.name", "name or generateName is required"))
    for msg in _name_errors(strings["name"], "subdomain") if strings["name"] else ():
        errors.append(FieldError.invalid("metadata.name", strings["name"], msg))
    namespace = strings["namespace"]
    if namespaced and not namespace:
        errors.append(FieldError.required("metadata.namespace"))
    elif namespaced:
        errors += [FieldError.invalid("metadata.namespace", namespace, msg) for msg in _name_errors(namespace, "label")]
    elif namespaced is False and namespace:
        errors.append(FieldError.forbidden("metadata.namespace", "not allowed on this type"))
    return errors
