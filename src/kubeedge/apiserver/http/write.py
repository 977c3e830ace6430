"""POST, PUT, PATCH and DELETE of objects and collections."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
import yaml

from kubeedge.apiserver import patch as patching
from kubeedge.apiserver import protobuf
from kubeedge.apiserver.auth.authz import forbidden_error
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.http.negotiate import BodyFormat, body_format
from kubeedge.apiserver.http.read import list_options, respond_object
from kubeedge.apiserver.registry.listing import list_entries
from kubeedge.apiserver.registry.options import DeleteOptions, Outcome, Propagation

if TYPE_CHECKING:
    from aiohttp import web

    from kubeedge.apiserver.http.context import ApiContext, Call
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = [
    "create_object",
    "decode_body",
    "delete_collection",
    "delete_object",
    "patch_object",
    "read_body",
    "read_object",
    "update_object",
]


async def read_body(ctx: ApiContext, call: Call) -> bytes:
    limit = ctx.limits.max_body_bytes
    length = call.request.content_length
    if length is not None and length > limit:
        raise StatusError.request_too_large(f"the request body is {length} bytes; the limit is {limit} bytes")
    chunks: list[bytes] = []
    total = 0
    async for chunk in call.request.content.iter_chunked(1 << 16):
        total += len(chunk)
        if total > limit:
            raise StatusError.request_too_large(f"the request body exceeds the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def decode_body(body: bytes, content_type: str | None, resource: ResourceInfo | None = None) -> Any:
    """Decode a JSON, YAML or (built-in types only) Kubernetes-protobuf request body."""
    fmt = body_format(content_type)
    if not body.strip():
        raise StatusError.bad_request("the request body is empty")
    if fmt is BodyFormat.PROTOBUF:
        if resource is None or resource.is_custom:
            raise StatusError.unsupported_media_type(
                protobuf.PROTOBUF_CONTENT_TYPE, ["application/json", "application/yaml"]
            )
        return protobuf.decode_object(body, expected_gvk=(resource.group, resource.version, resource.kind))
    if fmt is BodyFormat.JSON:
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as exc:
            raise StatusError.bad_request(f"couldn't get version/kind; json parse error: {exc}") from None
    try:
        return yaml.safe_load(body)
    except yaml.YAMLError as exc:
        raise StatusError.bad_request(f"error converting YAML to JSON: {exc}") from None


async def read_object(ctx: ApiContext, call: Call) -> Any:
    """Read and decode a request body; a missing Content-Type means JSON, as in kube."""
    return decode_body(await read_body(ctx, call), call.request.headers.get("Content-Type"), call.resource)


def _finish(ctx: ApiContext, call: Call, outcome: Outcome) -> web.Response:
    call.warnings.extend(outcome.warnings)
    return respond_object(ctx, call, outcome.raw if outcome.raw is not None else outcome.obj, status=outcome.code)


def _resource(call: Call) -> ResourceInfo:
    assert call.resource is not None
    return call.resource


async def create_object(ctx: ApiContext, call: Call) -> web.Response:
    resource = _resource(call)
    body = await read_object(ctx, call)
    denied = ctx.authorizer.admit_create(_attrs(call), body if isinstance(body, dict) else {})
    if not denied.allowed:
        raise forbidden_error(_attrs(call), denied.reason)
    outcome = await ctx.registry.create(resource, call.info.namespace, body, call.write_options())
    return _finish(ctx, call, outcome)


def _attrs(call: Call) -> Any:
    return call.request["attrs"]


async def update_object(ctx: ApiContext, call: Call) -> web.Response:
    resource = _resource(call)
    body = await read_object(ctx, call)
    outcome = await ctx.registry.update(
        resource,
        call.info.namespace,
        call.info.name,
        body,
        call.write_options(),
        subresource=call.info.subresource,
    )
    return _finish(ctx, call, outcome)


async def patch_object(ctx: ApiContext, call: Call) -> web.Response:
    resource = _resource(call)
    accepted = patching.ALL_PATCH_TYPES
    if resource.is_custom or resource.schema is None:
        accepted = tuple(t for t in accepted if t is not patching.PatchType.STRATEGIC)
    patch_type, patch = patching.parse_patch_body(
        call.request.headers.get("Content-Type", ""), await read_body(ctx, call), accepted=accepted
    )
    opts = call.write_options()
    if patch_type is patching.PatchType.APPLY_YAML:
        if not opts.field_manager:
            raise StatusError.bad_request("PATCH requests with apply content type require fieldManager to be set")
        outcome = await ctx.registry.apply(
            resource, call.info.namespace, call.info.name, patch, opts, subresource=call.info.subresource
        )
        return _finish(ctx, call, outcome)

    def mutate(current: dict[str, Any]) -> dict[str, Any]:
        if patch_type is patching.PatchType.JSON:
            result = patching.apply_json_patch(current, patch)
        elif patch_type is patching.PatchType.MERGE:
            result = patching.apply_merge_patch(current, patch)
        else:
            assert resource.schema is not None
            result = patching.apply_strategic_merge_patch(current, patch, resource.schema)
        if not isinstance(result, dict):
            raise StatusError.bad_request("the patch turned the object into something that is not an object")
        return result

    outcome = await ctx.registry.read_modify_write(
        resource, call.info.namespace, call.info.name, mutate, opts, subresource=call.info.subresource
    )
    return _finish(ctx, call, outcome)


def delete_options(call: Call, body: Any) -> DeleteOptions:
    """DeleteOptions from the body (kubectl sends one) overlaid with query parameters."""
    source: dict[str, Any] = dict(body) if isinstance(body, dict) else {}
    query = call.request.query
    for key in ("gracePeriodSeconds", "propagationPolicy", "orphanDependents"):
        if key in query:
            source[key] = query[key]
    dry_run = list(source.get("dryRun") or []) + query.getall("dryRun", [])
    for value in dry_run:
        if value != "All":
            raise StatusError.bad_request(f'Invalid value: "{value}": supported values: "All"')
    propagation: Propagation | None = None
    raw = source.get("propagationPolicy")
    orphan = source.get("orphanDependents")
    if raw not in (None, ""):
        try:
            propagation = Propagation(str(raw))
        except ValueError:
            raise StatusError.bad_request(
                f'propagationPolicy: Unsupported value: "{raw}": supported values: "Foreground", "Background", "Orphan"'
            ) from None
        if orphan not in (None, ""):
            raise StatusError.bad_request(
                "propagationPolicy: Invalid value: cannot set both propagationPolicy and orphanDependents"
            )
    elif orphan not in (None, ""):
        propagation = Propagation.ORPHAN if str(orphan).lower() == "true" else Propagation.BACKGROUND
    grace = source.get("gracePeriodSeconds")
    grace_period: int | None = None
    if grace not in (None, ""):
        try:
            grace_period = int(grace)
        except (TypeError, ValueError):
            raise StatusError.bad_request(f"gracePeriodSeconds: invalid value {grace!r}") from None
    preconditions = source.get("preconditions") or {}
    return DeleteOptions(
        propagation=propagation,
        grace_period=grace_period,
        precondition_uid=preconditions.get("uid"),
        precondition_rv=preconditions.get("resourceVersion"),
        dry_run=bool(dry_run),
    )


async def _delete_body(ctx: ApiContext, call: Call) -> Any:
    raw = await read_body(ctx, call)
    if not raw.strip():
        return None
    content_type = call.request.headers.get("Content-Type")
    if body_format(content_type) is BodyFormat.PROTOBUF:
        # client-go sends DeleteOptions as protobuf, whatever the resource being deleted.
        return protobuf.decode_object(raw, expected_gvk=("", "v1", "DeleteOptions"))
    return decode_body(raw, content_type)


async def delete_object(ctx: ApiContext, call: Call) -> web.Response:
    resource = _resource(call)
    opts = delete_options(call, await _delete_body(ctx, call))
    outcome = await ctx.registry.delete(resource, call.info.namespace, call.info.name, opts)
    return _finish(ctx, call, outcome)


async def delete_collection(ctx: ApiContext, call: Call) -> web.Response:
    resource = _resource(call)
    opts = delete_options(call, await _delete_body(ctx, call))
    namespace = call.info.namespace if resource.namespaced else ""
    listing = list_options(call, resource, namespace=namespace)
    result = await list_entries(ctx.registry.store, resource, namespace, listing)
    deleted = []
    for entry in result.entries:
        obj = orjson.loads(entry.value)
        meta = obj["metadata"]
        try:
            outcome = await ctx.registry.delete(resource, meta.get("namespace", ""), meta["name"], opts)
        except StatusError as exc:
            if exc.code == 404:
                continue
            raise
        deleted.append(outcome.obj if outcome.obj.get("kind") != "Status" else obj)
    body = {
        "kind": resource.list_kind,
        "apiVersion": resource.api_version,
        "metadata": {"resourceVersion": str(ctx.registry.store.revision)},
        "items": deleted,
    }
    return respond_object(ctx, call, body)
