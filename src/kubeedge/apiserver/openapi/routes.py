"""The REST operations of a served resource, as kube-apiserver's route installer describes them.

One neutral model (:class:`PathItem` holding :class:`Operation` values) feeds both documents;
``builder_v2`` and ``builder_v3`` only render it. For each resource: the collection path (and, for
namespaced kinds, the all-namespaces list path), the item path, and one path per subresource, each
operation with kube's operation id, ``x-kubernetes-action``, ``x-kubernetes-group-version-kind``,
options parameters, request body and responses. Built-ins and custom resources differ where kube's
two builders differ: media types (custom resources speak JSON and YAML only, and no strategic
merge patch), the ``pretty`` wording, the responses of ``patch`` and ``delete``, and the GVK of
the scale subresource (``autoscaling/v1 Scale`` for built-ins, the resource's own kind for CRDs).
Legacy ``/watch/`` paths are not published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubeedge.apiserver.openapi import parameters as p
from kubeedge.apiserver.openapi import support
from kubeedge.apiserver.openapi.naming import article_for, group_version_path, operation_id, operation_tag, title

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["GVK", "Body", "Operation", "PathItem", "Response", "discovery_path", "resource_paths", "split_parameters"]

GVK = tuple[str, str, str]

_PROTOBUF = "application/vnd.kubernetes.protobuf"
_BUILTIN_MEDIA = ("application/json", "application/yaml", _PROTOBUF)
_WATCH_MEDIA = ("application/json;stream=watch", "application/vnd.kubernetes.protobuf;stream=watch")
_CUSTOM_MEDIA = ("application/json", "application/yaml")
_JSON_PATCH = "application/json-patch+json"
_MERGE_PATCH = "application/merge-patch+json"
_STRATEGIC_PATCH = "application/strategic-merge-patch+json"
_APPLY_PATCH = "application/apply-patch+yaml"
_CONNECT_METHODS = ("delete", "get", "head", "options", "patch", "post", "put")


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    definition: str
    required: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    code: str
    description: str
    definition: str | None = None  # a reference to this definition, or
    primitive: str | None = None  # an inline schema of this type (pod logs, connect streams)


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    method: str  # get, put, post, patch, delete, head, options
    operation_id: str
    description: str
    tag: str
    action: str | None
    gvk: GVK | None
    params: tuple[p.Param, ...]  # all non-body parameters; renderers hoist the shared ones to the path
    body: Body | None
    consumes: tuple[str, ...]
    produces: tuple[str, ...]
    responses: tuple[Response, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class PathItem:
    path: str
    operations: tuple[Operation, ...]


_UNAUTHORIZED = Response(code="401", description="Unauthorized")


def _responses(definition: str, *codes: str) -> tuple[Response, ...]:
    described = {"200": "OK", "201": "Created", "202": "Accepted"}
    return (*(Response(code=c, description=described[c], definition=definition) for c in codes), _UNAUTHORIZED)


class _Resource:
    """Naming and media facts shared by every operation of one resource."""

    def __init__(self, info: ResourceInfo, *, kind_ref: str, list_ref: str, returns_deleted: bool) -> None:
        self.info = info
        self.kind_ref = kind_ref
        self.list_ref = list_ref
        self.returns_deleted = returns_deleted
        self.custom = info.is_custom
        self.gvk: GVK = (info.group, info.version, info.kind)
        self.tag = operation_tag(info.group, info.version)
        self.scope = "Namespaced" if info.namespaced else ""
        self.media = _CUSTOM_MEDIA if self.custom else _BUILTIN_MEDIA
        self.consumes = _CUSTOM_MEDIA if self.custom else ("*/*",)
        patch_types = (_JSON_PATCH, _MERGE_PATCH, _APPLY_PATCH)
        self.patch_types = patch_types if self.custom else (_JSON_PATCH, _MERGE_PATCH, _STRATEGIC_PATCH, _APPLY_PATCH)
        prefix = "/" + group_version_path(info.group, info.version)
        namespace = "/namespaces/{namespace}" if info.namespaced else ""
        self.collection = f"{prefix}{namespace}/{info.plural}"
        self.all_namespaces = f"{prefix}/{info.plural}"
        self.scope_params = (p.namespace_param(),) if info.namespaced else ()
        self.pretty = p.pretty_param(custom=self.custom)

    def op(
        self,
        method: str,
        verb: str,
        rest: str,
        *,
        description: str,
        action: str | None,
        params: tuple[p.Param, ...],
        responses: tuple[Response, ...],
        body: Body | None = None,
        gvk: GVK | None = None,
        consumes: tuple[str, ...] | None = None,
        produces: tuple[str, ...] | None = None,
    ) -> Operation:
        info = self.info
        return Operation(
            method=method,
            operation_id=operation_id(verb, info.group, info.version, rest),
            description=description,
            tag=self.tag,
            action=action,
            gvk=gvk or self.gvk,
            params=params,
            body=body,
            consumes=consumes or self.consumes,
            produces=produces or self.media,
            responses=responses,
        )


def resource_paths(info: ResourceInfo, *, kind_ref: str, list_ref: str, returns_deleted: bool) -> list[PathItem]:
    """Every published path of one served resource.

    Args:
        info: the resource.
        kind_ref: definition name of its kind; list_ref: of its list kind.
        returns_deleted: DELETE answers with the deleted object rather than a Status (pods, services ...).
    """
    r = _Resource(info, kind_ref=kind_ref, list_ref=list_ref, returns_deleted=returns_deleted)
    items = [_collection(r), _item(r)]
    if info.namespaced and "list" in info.verbs:
        items.append(_all_namespaces(r))
    for sub in sorted(info.subresources):
        items.extend(_subresource(r, sub))
    return [item for item in items if item.operations]


def discovery_path(group: str, version: str) -> PathItem:
    """``GET /apis/<group>/<version>/``: the group version's APIResourceList."""
    op = Operation(
        method="get",
        operation_id=operation_id("get", group, version, "APIResources"),
        description="get available resources",
        tag=operation_tag(group, version),
        action=None,
        gvk=None,
        params=(),
        body=None,
        consumes=_BUILTIN_MEDIA,
        produces=_BUILTIN_MEDIA,
        responses=_responses(support.RESOURCE_LIST, "200"),
    )
    return PathItem(path=f"/{group_version_path(group, version)}/", operations=(op,))


def _collection(r: _Resource) -> PathItem:
    kind, verbs = r.info.kind, r.info.verbs
    base = (*r.scope_params, r.pretty)
    ops: list[Operation] = []
    if "list" in verbs:
        ops.append(
            r.op(
                "get",
                "list",
                r.scope + kind,
                description=f"list or watch objects of kind {kind}",
                action="list",
                params=base + p.LIST,
                responses=_responses(r.list_ref, "200"),
                produces=r.media if r.custom else r.media + _WATCH_MEDIA,
            )
        )
    if "create" in verbs:
        ops.append(
            r.op(
                "post",
                "create",
                r.scope + kind,
                description=f"create{article_for(kind)}{kind}",
                action="post",
                params=base + p.CREATE,
                body=Body(definition=r.kind_ref, required=True),
                responses=_responses(r.kind_ref, "200", "201", "202"),
            )
        )
    if "deletecollection" in verbs:
        ops.append(
            r.op(
                "delete",
                "delete",
                "Collection" + r.scope + kind,
                description=f"delete collection of {kind}",
                action="deletecollection",
                params=base + p.DELETE_COLLECTION,
                body=Body(definition=support.DELETE_OPTIONS, required=False),
                responses=_responses(support.STATUS, "200"),
            )
        )
    return PathItem(path=r.collection, operations=tuple(ops))


def _all_namespaces(r: _Resource) -> PathItem:
    kind = r.info.kind
    op = r.op(
        "get",
        "list",
        kind + "ForAllNamespaces",
        description=f"list or watch objects of kind {kind}",
        action="list",
        params=(r.pretty, *p.LIST),
        responses=_responses(r.list_ref, "200"),
        produces=r.media if r.custom else r.media + _WATCH_MEDIA,
    )
    return PathItem(path=r.all_namespaces, operations=(op,))


def _item(r: _Resource) -> PathItem:
    kind, verbs = r.info.kind, r.info.verbs
    base = (p.name_param(kind), *r.scope_params, r.pretty)
    rest = r.scope + kind
    ops: list[Operation] = []
    if "get" in verbs:
        ops.append(_read(r, rest, f"read the specified {kind}", base, r.kind_ref))
    if "update" in verbs:
        ops.append(_replace(r, rest, f"replace the specified {kind}", base, r.kind_ref))
    if "patch" in verbs:
        ops.append(_patch(r, rest, f"partially update the specified {kind}", base, r.kind_ref))
    if "delete" in verbs:
        deleted = r.kind_ref if r.returns_deleted and not r.custom else support.STATUS
        ops.append(
            r.op(
                "delete",
                "delete",
                rest,
                description=f"delete{article_for(kind)}{kind}",
                action="delete",
                params=base + p.DELETE,
                body=Body(definition=support.DELETE_OPTIONS, required=False),
                responses=_responses(deleted, "200", "202"),
            )
        )
    return PathItem(path=f"{r.collection}/{{name}}", operations=tuple(ops))


def _read(r: _Resource, rest: str, doc: str, base: tuple[p.Param, ...], ref: str, gvk: GVK | None = None) -> Operation:
    return r.op(
        "get", "read", rest, description=doc, action="get", params=base, responses=_responses(ref, "200"), gvk=gvk
    )


def _replace(
    r: _Resource, rest: str, doc: str, base: tuple[p.Param, ...], ref: str, gvk: GVK | None = None
) -> Operation:
    return r.op(
        "put",
        "replace",
        rest,
        description=doc,
        action="put",
        params=base + p.UPDATE,
        body=Body(definition=ref, required=True),
        responses=_responses(ref, "200", "201"),
        gvk=gvk,
    )


def _patch(r: _Resource, rest: str, doc: str, base: tuple[p.Param, ...], ref: str, gvk: GVK | None = None) -> Operation:
    # The CRD handler's builder declares only 200 for PATCH; the built-in installer 200 and 201.
    codes = ("200",) if r.custom else ("200", "201")
    return r.op(
        "patch",
        "patch",
        rest,
        description=doc,
        action="patch",
        params=base + p.PATCH,
        body=Body(definition=support.PATCH, required=True),
        responses=_responses(ref, *codes),
        gvk=gvk,
        consumes=r.patch_types,
    )


# Subresources answered with a kind of their own: (kind, group, version, definition).
_OWN_KINDS: dict[str, tuple[str, str, str, str]] = {
    "scale": ("Scale", "autoscaling", "v1", support.SCALE),
    "binding": ("Binding", "", "v1", support.BINDING),
    "eviction": ("Eviction", "policy", "v1", support.EVICTION),
}
_CONNECT_KINDS = {"exec": "PodExecOptions", "attach": "PodAttachOptions", "portforward": "PodPortForwardOptions"}


def _subresource(r: _Resource, sub: str) -> list[PathItem]:
    info = r.info
    kind = info.kind
    path = f"{r.collection}/{{name}}/{sub}"
    rest = r.scope + kind + title(sub)
    if sub in ("status", "ephemeralcontainers", "scale"):
        ref, gvk, shown = r.kind_ref, r.gvk, kind
        if sub == "scale":
            own_kind, group, version, ref = _OWN_KINDS[sub]
            shown = own_kind
            # kube's CRD builder tags scale operations with the custom resource's own kind.
            gvk = r.gvk if r.custom else (group, version, own_kind)
        base = (p.name_param(shown), *r.scope_params, r.pretty)
        ops = (
            _read(r, rest, f"read {sub} of the specified {kind}", base, ref, gvk),
            _replace(r, rest, f"replace {sub} of the specified {kind}", base, ref, gvk),
            _patch(r, rest, f"partially update {sub} of the specified {kind}", base, ref, gvk),
        )
        return [PathItem(path=path, operations=ops)]
    if sub in ("binding", "eviction"):
        own_kind, group, version, ref = _OWN_KINDS[sub]
        base = (p.name_param(own_kind), *r.scope_params, r.pretty)
        op = r.op(
            "post",
            "create",
            rest,
            description=f"create {sub} of{article_for(kind)}{kind}",
            action="post",
            params=base + p.CREATE,
            body=Body(definition=ref, required=True),
            responses=_responses(ref, "200", "201", "202"),
            gvk=(group, version, own_kind),
        )
        return [PathItem(path=path, operations=(op,))]
    if sub == "finalize":
        base = (p.name_param(kind), *r.scope_params, r.pretty)
        return [
            PathItem(
                path=path,
                operations=(_replace(r, rest, f"replace finalize of the specified {kind}", base, r.kind_ref),),
            )
        ]
    if sub == "log":
        op = r.op(
            "get",
            "read",
            rest,
            description=f"read log of the specified {kind}",
            action="get",
            params=(p.name_param(kind), *r.scope_params, r.pretty, *p.LOG),
            responses=(Response(code="200", description="OK", primitive="string"), _UNAUTHORIZED),
            produces=("text/plain", *_BUILTIN_MEDIA),
        )
        return [PathItem(path=path, operations=(op,))]
    if sub in _CONNECT_KINDS:
        base = (p.name_param(_CONNECT_KINDS[sub]), *r.scope_params, *p.CONNECT_PARAMS[sub])
        return [PathItem(path=path, operations=_connect(r, sub, _CONNECT_KINDS[sub], ("get", "post"), base, ""))]
    if sub == "proxy":
        options = kind + "ProxyOptions"
        name_and_scope = (p.name_param(options), *r.scope_params)
        plain = (*name_and_scope, p.proxy_path_param(kind, in_path=False))
        with_path = (*name_and_scope, p.proxy_path_param(kind, in_path=True))
        return [
            PathItem(path=path, operations=_connect(r, sub, options, _CONNECT_METHODS, plain, "")),
            PathItem(
                path=path + "/{path}", operations=_connect(r, sub, options, _CONNECT_METHODS, with_path, "WithPath")
            ),
        ]
    return []  # a subresource we do not describe (none today)


def _connect(
    r: _Resource, sub: str, options: str, methods: tuple[str, ...], params: tuple[p.Param, ...], suffix: str
) -> tuple[Operation, ...]:
    kind = r.info.kind
    return tuple(
        r.op(
            method,
            "connect",
            title(method) + r.scope + kind + title(sub) + suffix,
            description=f"connect {method.upper()} requests to {sub} of {kind}",
            action="connect",
            params=params,
            responses=(Response(code="200", description="OK", primitive="string"), _UNAUTHORIZED),
            gvk=("", "v1", options),
            consumes=("*/*",),
            produces=("*/*",),
        )
        for method in methods
    )


def split_parameters(item: PathItem) -> tuple[tuple[p.Param, ...], dict[str, tuple[p.Param, ...]]]:
    """Path-level parameters and, per method, the operation's own ones, each sorted by name.

    kube's OpenAPI builders move the parameters every operation of a path shares up to the path.
    ``fieldValidation`` always stays on the operation: kubectl looks for it there.
    """
    if not item.operations:
        return (), {}
    shared = set(item.operations[0].params)
    for op in item.operations[1:]:
        shared &= set(op.params)
    shared = {param for param in shared if param.name != "fieldValidation"}
    own = {
        op.method: tuple(sorted((q for q in op.params if q not in shared), key=_param_key)) for op in item.operations
    }
    return tuple(sorted(shared, key=_param_key)), own


def _param_key(param: p.Param) -> tuple[str, str]:
    return (param.name, param.location)
