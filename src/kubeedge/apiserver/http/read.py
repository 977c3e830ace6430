"""GET of one object and LIST of a collection, in every form clients ask for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.http import encode
from kubeedge.apiserver.http.negotiate import OutputFormat, Transform
from kubeedge.apiserver.registry.listing import list_entries
from kubeedge.apiserver.registry.options import ListOptions
from kubeedge.apiserver.selectors import fields as field_selectors
from kubeedge.apiserver.selectors import labels as label_selectors
from kubeedge.apiserver.tables import convert as tables

if TYPE_CHECKING:
    from collections.abc import Iterator

    from kubeedge.apiserver.http.context import ApiContext, Call
    from kubeedge.apiserver.registry.resources import ResourceInfo
    from kubeedge.apiserver.storage.mvcc import Attrs, Predicate

__all__ = ["get_object", "list_objects", "list_options", "respond", "respond_object"]


def respond(call: Call, body: bytes, *, status: int = 200) -> web.Response:
    headers = {"Content-Type": call.output.content_type}
    if call.warnings:
        headers["Warning"] = ", ".join(f'299 - "{w}"' for w in call.warnings)
    return web.Response(body=body, status=status, headers=headers)


def _partial(obj: dict[str, Any], version: str) -> dict[str, Any]:
    return {
        "kind": "PartialObjectMetadata",
        "apiVersion": f"meta.k8s.io/{version}",
        "metadata": obj.get("metadata", {}),
    }


def respond_object(ctx: ApiContext, call: Call, obj: dict[str, Any] | bytes, *, status: int = 200) -> web.Response:
    """Answer with one object, transformed as the Accept header asked."""
    output = call.output
    if output.transform is Transform.NONE:
        if isinstance(obj, bytes):
            if output.format is OutputFormat.JSON:
                return respond(call, obj, status=status)
            obj = orjson.loads(obj)
        return respond(call, encode.dump(obj, output), status=status)
    parsed: dict[str, Any] = orjson.loads(obj) if isinstance(obj, bytes) else obj
    if output.transform is Transform.TABLE and call.resource is not None and parsed.get("kind") != "Status":
        table = tables.to_table(
            call.resource,
            [parsed],
            now=ctx.clock(),
            include_object=_include_object(call),
            list_meta={"resourceVersion": parsed.get("metadata", {}).get("resourceVersion", "")},
        )
        return respond(call, encode.dump(table, output), status=status)
    if output.transform is Transform.PARTIAL:
        return respond(call, encode.dump(_partial(parsed, output.transform_version), output), status=status)
    raise StatusError.not_acceptable(f"the requested form {output.transform} is not available for this request")


def _include_object(call: Call) -> str:
    value = call.query("includeObject") or "Metadata"
    if value not in ("None", "Metadata", "Object"):
        raise StatusError.bad_request(
            f'includeObject: Unsupported value: "{value}": supported values: "Metadata", "None", "Object"'
        )
    return value


async def get_object(ctx: ApiContext, call: Call) -> web.Response:
    resource = call.resource
    assert resource is not None
    entry = ctx.registry.get_entry(resource, call.info.namespace, call.info.name)
    return respond_object(ctx, call, ctx.registry.to_served(resource, entry.value))


def _label_predicate(text: str) -> Predicate | None:
    selector = label_selectors.parse(text)
    if selector.is_empty:
        return None
    return lambda attrs: selector.matches(attrs.labels)


def _field_predicate(text: str, resource: ResourceInfo) -> Predicate | None:
    selector = field_selectors.validate_for(field_selectors.parse(text), resource)
    if selector.is_empty:
        return None

    def matches(attrs: Attrs) -> bool:
        return selector.matches(attrs.fields)

    return matches


def list_options(call: Call, resource: ResourceInfo, *, namespace: str, name: str = "") -> ListOptions:
    label_text = call.query("labelSelector") or ""
    field_text = call.query("fieldSelector") or ""
    if name:
        # A watch of one object: kube narrows it with a metadata.name field selector.
        extra = f"metadata.name={field_selectors.escape_value(name)}"
        field_text = f"{field_text},{extra}" if field_text else extra
    limit = call.query_int("limit") or 0
    if limit < 0:
        raise StatusError.bad_request("limit must not be negative")
    label = _label_predicate(label_text) if label_text else None
    field = _field_predicate(field_text, resource) if field_text else None
    return ListOptions(
        label_selector=label,
        field_selector=field,
        has_selectors=label is not None or field is not None,
        limit=limit,
        continue_token=call.query("continue") or "",
        resource_version=call.query("resourceVersion"),
        resource_version_match=call.query("resourceVersionMatch") or "",
    )


_TABLE_CHUNK = 256
_WRITE_CHUNK = 256 * 1024
# Lists with more items than this are streamed: a 10,000-pod LIST never exists in memory whole.
_STREAM_ITEMS = 500


async def _stream(call: Call, parts: Iterator[bytes]) -> web.StreamResponse:
    """Send a JSON body made of ``parts`` in chunks, awaiting the client between chunks."""
    headers = {"Content-Type": "application/json"}
    if call.warnings:
        headers["Warning"] = ", ".join(f'299 - "{w}"' for w in call.warnings)
    response = web.StreamResponse(status=200, headers=headers)
    response.enable_chunked_encoding()
    await response.prepare(call.request)
    pending: list[bytes] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= _WRITE_CHUNK:
            await response.write(b"".join(pending))
            pending.clear()
            size = 0
    if pending:
        await response.write(b"".join(pending))
    await response.write_eof()
    return response


def _joined(head: bytes, items: list[bytes], tail: bytes) -> Iterator[bytes]:
    yield head
    for index, item in enumerate(items):
        if index:
            yield b","
        yield item
    yield tail


def _table_parts(
    ctx: ApiContext, call: Call, resource: ResourceInfo, values: list[bytes], list_meta: dict[str, Any]
) -> Iterator[bytes]:
    """A Table of many objects, a few hundred rows at a time, so that memory stays flat."""
    include = _include_object(call)
    now = ctx.clock()
    head = tables.to_table(resource, [], now=now, include_object=include, list_meta=list_meta)
    head.pop("rows", None)
    encoded = orjson.dumps(head)
    if not values:
        yield encoded[:-1] + b',"rows":null}'
        return
    yield encoded[:-1] + b',"rows":['
    for start in range(0, len(values), _TABLE_CHUNK):
        objects = [orjson.loads(v) for v in values[start : start + _TABLE_CHUNK]]
        rows = tables.to_table(resource, objects, now=now, include_object=include, list_meta=list_meta)["rows"]
        chunk = orjson.dumps(rows)[1:-1]
        yield (b"," + chunk) if start else chunk
    yield b"]}"


async def list_objects(ctx: ApiContext, call: Call) -> web.StreamResponse:
    resource = call.resource
    assert resource is not None
    namespace = call.info.namespace if resource.namespaced else ""
    opts = list_options(call, resource, namespace=namespace)
    result = await list_entries(ctx.registry.store, resource, namespace, opts)
    values = [ctx.registry.to_served(resource, e.value) for e in result.entries]
    list_meta: dict[str, Any] = {"resourceVersion": str(result.revision)}
    if result.continue_token:
        list_meta["continue"] = result.continue_token
    if result.remaining is not None:
        list_meta["remainingItemCount"] = result.remaining
    output = call.output
    if output.transform is Transform.TABLE:
        parts = _table_parts(ctx, call, resource, values, list_meta)
        if output.format is OutputFormat.JSON:
            return await _stream(call, parts)
        return respond(call, encode.to_yaml(orjson.loads(b"".join(parts))))
    if output.transform in (Transform.PARTIAL_LIST, Transform.PARTIAL):
        version = output.transform_version
        body = {
            "kind": "PartialObjectMetadataList",
            "apiVersion": f"meta.k8s.io/{version}",
            "metadata": list_meta,
            "items": [_partial(orjson.loads(v), version) for v in values],
        }
        return respond(call, encode.dump(body, output))
    head = encode.list_head(
        api_version=resource.api_version,
        kind=resource.list_kind,
        revision=result.revision,
        continue_token=result.continue_token,
        remaining=result.remaining,
    )
    if output.format is OutputFormat.JSON and len(values) > _STREAM_ITEMS:
        return await _stream(call, _joined(head, values, encode.LIST_TAIL))
    body_bytes = head + b",".join(values) + encode.LIST_TAIL
    if output.format is OutputFormat.YAML:
        return respond(call, encode.to_yaml(orjson.loads(body_bytes)))
    return respond(call, body_bytes)
