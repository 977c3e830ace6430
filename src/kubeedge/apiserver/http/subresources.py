"""Subresources beyond status: scale, binding, namespace finalize, and the streaming ones.

``pods/log``, ``exec``, ``attach`` and ``portforward`` answer 503 with a clear message until the
edge stream tunnel (CloudStream/EdgeStream) is wired to them.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver import patch as patching
from kubeedge.apiserver.errors import FieldError, StatusError
from kubeedge.apiserver.http.read import respond_object
from kubeedge.apiserver.http.write import read_body, read_object
from kubeedge.apiserver.schema.model import REF_PREFIX, TypedSchema
from kubeedge.apiserver.selectors import labels as label_selectors

if TYPE_CHECKING:
    from aiohttp import web

    from kubeedge.apiserver.http.context import ApiContext, Call
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["STREAMING", "binding", "finalize_namespace", "scale", "streaming_unavailable"]

STREAMING = frozenset({"log", "exec", "attach", "portforward", "proxy"})
_SCALE_DEFINITION = "io.k8s.api.autoscaling.v1.Scale"


def _path_get(obj: dict[str, Any], path: str) -> Any:
    node: Any = obj
    for part in path.strip(".").split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return node


def _path_set(obj: dict[str, Any], path: str, value: Any) -> None:
    parts = path.strip(".").split(".")
    node = obj
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def _paths(resource: ResourceInfo) -> tuple[str, str, str]:
    if resource.scale is not None:
        return (
            resource.scale.spec_replicas_path,
            resource.scale.status_replicas_path,
            resource.scale.label_selector_path,
        )
    return ".spec.replicas", ".status.replicas", ""


def to_scale(resource: ResourceInfo, obj: dict[str, Any]) -> dict[str, Any]:
    spec_path, status_path, selector_path = _paths(resource)
    meta = obj.get("metadata", {})
    if selector_path:
        selector = _path_get(obj, selector_path) or ""
    else:
        raw = (obj.get("spec") or {}).get("selector")
        selector = str(label_selectors.from_label_selector(raw)) if raw else ""
    status: dict[str, Any] = {"replicas": int(_path_get(obj, status_path) or 0)}
    if selector:
        status["selector"] = selector
    scale_meta = {k: meta[k] for k in ("name", "namespace", "uid", "resourceVersion", "creationTimestamp") if k in meta}
    return {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": scale_meta,
        "spec": {"replicas": int(_path_get(obj, spec_path) or 0)},
        "status": status,
    }


def _apply_scale(resource: ResourceInfo, current: dict[str, Any], scale_obj: Any) -> dict[str, Any]:
    if not isinstance(scale_obj, dict):
        raise StatusError.bad_request("the body must be a Scale object")
    replicas = (scale_obj.get("spec") or {}).get("replicas", 0)
    name = str((scale_obj.get("metadata") or {}).get("name") or current["metadata"]["name"])
    if not isinstance(replicas, int) or isinstance(replicas, bool):
        raise StatusError.invalid(
            "Scale",
            "autoscaling",
            name,
            [FieldError.invalid("spec.replicas", replicas, "must be an integer")],
        )
    if replicas < 0:
        raise StatusError.invalid(
            "Scale",
            "autoscaling",
            name,
            [FieldError.invalid("spec.replicas", replicas, "must be greater than or equal to 0")],
        )
    rv = (scale_obj.get("metadata") or {}).get("resourceVersion")
    if rv:
        current["metadata"]["resourceVersion"] = rv
    else:
        current["metadata"].pop("resourceVersion", None)
    spec_path, _, _ = _paths(resource)
    _path_set(current, spec_path, replicas)
    return current


async def scale(ctx: ApiContext, call: Call) -> web.Response:
    resource = call.resource
    assert resource is not None
    info = call.info
    registry = ctx.registry
    if info.verb == "get":
        return respond_object(ctx, call, to_scale(resource, registry.get(resource, info.namespace, info.name)))
    opts = call.write_options()
    if info.verb == "update":
        body = await read_object(ctx, call)

        def mutate(current: dict[str, Any]) -> dict[str, Any]:
            return _apply_scale(resource, current, body)

    elif info.verb == "patch":
        patch_type, patch = patching.parse_patch_body(
            call.request.headers.get("Content-Type", ""), await read_body(ctx, call)
        )
        schema = resource.schema

        def mutate(current: dict[str, Any]) -> dict[str, Any]:
            scale_obj = to_scale(resource, current)
            if patch_type is patching.PatchType.JSON:
                patched = patching.apply_json_patch(scale_obj, patch)
            elif patch_type is patching.PatchType.MERGE or schema is None:
                patched = patching.apply_merge_patch(scale_obj, patch)
            elif patch_type is patching.PatchType.STRATEGIC:
                scale_schema = TypedSchema(schema.schemas, {"$ref": REF_PREFIX + _SCALE_DEFINITION})
                patched = patching.apply_strategic_merge_patch(scale_obj, patch, scale_schema)
            else:
                patched = patching.apply_merge_patch(scale_obj, patch)
            return _apply_scale(resource, current, patched)

    else:
        raise StatusError.method_not_allowed(f"{info.verb} is not supported on {resource.plural}/scale")
    outcome = await registry.read_modify_write(resource, info.namespace, info.name, mutate, opts, subresource="scale")
    return respond_object(ctx, call, to_scale(resource, outcome.obj), status=200)


async def binding(ctx: ApiContext, call: Call) -> web.Response:
    """POST pods/<name>/binding (or POST bindings): assign a pod to a node, once."""
    resource = ctx.catalog.get("", "v1", "pods")
    assert resource is not None
    info = call.info
    body = await read_object(ctx, call)
    if not isinstance(body, dict):
        raise StatusError.bad_request("the body must be a Binding object")
    name = info.name if info.resource == "pods" else str((body.get("metadata") or {}).get("name") or "")
    target = body.get("target") or {}
    node = target.get("name") if isinstance(target, dict) else None
    errors = []
    if not node:
        errors.append(FieldError.required("target.name"))
    if isinstance(target, dict) and target.get("kind") not in (None, "", "Node"):
        errors.append(FieldError.not_supported("target.kind", target.get("kind"), ["Node"]))
    if errors or not name:
        raise StatusError.invalid("Binding", "", name, errors or [FieldError.required("metadata.name")])
    annotations = (body.get("metadata") or {}).get("annotations") or {}

    def mutate(pod: dict[str, Any]) -> dict[str, Any]:
        spec = pod.setdefault("spec", {})
        if pod["metadata"].get("deletionTimestamp"):
            raise StatusError.conflict(
                "pods/binding", "", name, f"pod {name} is being deleted, cannot be assigned to a host"
            )
        if spec.get("nodeName"):
            raise StatusError.conflict(
                "pods/binding", "", name, f'pod {name} is already assigned to node "{spec["nodeName"]}"'
            )
        spec["nodeName"] = node
        if annotations:
            pod["metadata"].setdefault("annotations", {}).update(annotations)
        status = pod.setdefault("status", {})
        conditions = [c for c in status.get("conditions") or [] if c.get("type") != "PodScheduled"]
        conditions.append(
            {
                "type": "PodScheduled",
                "status": "True",
                "lastProbeTime": None,
                "lastTransitionTime": ctx.registry.now(),
            }
        )
        status["conditions"] = conditions
        return pod

    # The binding changes spec and status at once, which no ordinary subresource may.
    await ctx.registry.read_modify_write(
        resource, info.namespace, name, mutate, call.write_options(), subresource="binding"
    )
    return respond_object(
        ctx,
        call,
        {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201},
        status=201,
    )


async def finalize_namespace(ctx: ApiContext, call: Call) -> web.Response:
    """PUT namespaces/<name>/finalize: only spec.finalizers may change."""
    resource = call.resource
    assert resource is not None
    body = await read_object(ctx, call)
    if not isinstance(body, dict):
        raise StatusError.bad_request("the body must be a Namespace object")
    finalizers = copy.deepcopy((body.get("spec") or {}).get("finalizers") or [])

    def mutate(ns: dict[str, Any]) -> dict[str, Any]:
        spec = ns.setdefault("spec", {})
        if finalizers:
            spec["finalizers"] = finalizers
        else:
            spec.pop("finalizers", None)
        return ns

    outcome = await ctx.registry.read_modify_write(
        resource, "", call.info.name, mutate, call.write_options(), subresource="finalize"
    )
    return respond_object(ctx, call, outcome.obj)


def streaming_unavailable(call: Call) -> StatusError:
    sub = call.info.subresource
    return StatusError.service_unavailable(
        f"{call.info.resource}/{sub} is not available yet: streaming to edge nodes (CloudStream/EdgeStream) "
        "is not wired into this apiserver"
    )
