"""WATCH: a chunked stream of ``{"type": ..., "object": ...}`` lines.

Start points follow kube's resourceVersion rules: unset or ``0`` → synthetic ADDED events for the
current state, then changes; ``N`` → every change after N (``410 Expired`` as an ERROR event if N
was compacted). ``allowWatchBookmarks`` adds BOOKMARK events while idle; ``sendInitialEvents``
marks the end of the initial state with a bookmark annotated ``k8s.io/initial-events-end``.
The stream ends at ``timeoutSeconds`` (default: kube's randomised min-request-timeout), when the
client goes away, or when the watcher falls behind — clients then re-watch from their last
revision, which replays from the log, so nothing is lost.
"""

from __future__ import annotations

import asyncio
import random
import time
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.http.negotiate import Transform
from kubeedge.apiserver.http.read import list_options
from kubeedge.apiserver.storage import mvcc
from kubeedge.apiserver.storage.store import CompactedError
from kubeedge.apiserver.tables import convert as tables

if TYPE_CHECKING:
    from kubeedge.apiserver.http.context import ApiContext, Call
    from kubeedge.apiserver.storage.mvcc import Predicate

__all__ = ["watch_objects"]

INITIAL_EVENTS_END = "k8s.io/initial-events-end"
_FINAL_BOOKMARK_LEAD = 2.0


def _combine(first: Predicate | None, second: Predicate | None) -> Predicate | None:
    if first is None:
        return second
    if second is None:
        return first
    return lambda attrs: first(attrs) and second(attrs)


def _line(kind: str, obj: bytes) -> bytes:
    return b'{"type":"' + kind.encode() + b'","object":' + obj + b"}\n"


async def watch_objects(ctx: ApiContext, call: Call) -> web.StreamResponse:
    resource = call.resource
    assert resource is not None
    store = ctx.registry.store
    namespace = call.info.namespace if resource.namespaced else ""
    opts = list_options(call, resource, namespace=namespace, name=call.info.name)
    predicate: Predicate | None = _combine(opts.label_selector, opts.field_selector)
    requested = mvcc.parse_resource_version(opts.resource_version)
    send_initial = (call.query("sendInitialEvents") or "").lower() == "true"
    allow_bookmarks = call.query_bool("allowWatchBookmarks")
    if send_initial and (not allow_bookmarks or opts.resource_version_match != "NotOlderThan"):
        raise StatusError.bad_request(
            "sendInitialEvents requires setting allowWatchBookmarks=true and resourceVersionMatch=NotOlderThan"
        )
    timeout_seconds = call.query_int("timeoutSeconds")
    if timeout_seconds is None or timeout_seconds <= 0:
        base = ctx.limits.min_request_timeout
        timeout = base * (1 + random.random())
    else:
        timeout = float(timeout_seconds)
    deadline = time.monotonic() + timeout

    prefix = resource.storage_prefix()
    key_prefix = f"{prefix}{namespace}/" if namespace else prefix
    initial = None
    from_rev: int | None = requested
    if send_initial or not requested:
        initial = store.list_prefix(prefix, key_prefix)
        from_rev = None
    # Watch streams are JSON lines whatever the Accept header's format, as in kube.
    response = web.StreamResponse(
        status=200,
        headers={"Content-Type": "application/json", "Cache-Control": "no-cache, private"},
    )
    response.enable_chunked_encoding()
    try:
        watcher = store.watch(prefix, key_prefix=key_prefix, from_rev=from_rev, matches=predicate, initial=initial)
    except CompactedError as exc:
        await response.prepare(call.request)
        status = StatusError.gone(str(exc)).to_status()
        await response.write(_line("ERROR", orjson.dumps(status)))
        await response.write_eof()
        return response

    table_state = {"first": True}

    def encode(kind: str, value: bytes) -> bytes:
        value = ctx.registry.to_served(resource, value)
        if call.output.transform is Transform.TABLE:
            obj = orjson.loads(value)
            table = tables.to_table(resource, [obj], now=ctx.clock(), include_object="Object", list_meta={})
            if not table_state["first"]:
                table["columnDefinitions"] = []
            table_state["first"] = False
            value = orjson.dumps(table)
        elif call.output.transform in (Transform.PARTIAL, Transform.PARTIAL_LIST):
            obj = orjson.loads(value)
            partial: dict[str, Any] = {
                "kind": "PartialObjectMetadata",
                "apiVersion": f"meta.k8s.io/{call.output.transform_version}",
                "metadata": obj.get("metadata", {}),
            }
            value = orjson.dumps(partial)
        return _line(kind, value)

    def bookmark(rev: int, *, initial_end: bool = False) -> bytes:
        meta: dict[str, Any] = {"resourceVersion": str(rev)}
        if initial_end:
            meta["annotations"] = {INITIAL_EVENTS_END: "true"}
        return _line(
            "BOOKMARK",
            orjson.dumps({"kind": resource.kind, "apiVersion": resource.api_version, "metadata": meta}),
        )

    await response.prepare(call.request)
    initial_pending = send_initial
    bookmark_every = ctx.limits.bookmark_interval
    # As kube's cacher: besides the periodic bookmark, one just before the watch times out, so the
    # client resumes from the newest revision instead of the last event it happened to see.
    final_bookmark_at = deadline - _FINAL_BOOKMARK_LEAD
    final_sent = False
    next_bookmark = time.monotonic() + bookmark_every
    try:
        while True:
            now = time.monotonic()
            remaining = deadline - now
            if remaining <= 0:
                break
            if initial_pending and watcher.is_idle:
                await response.write(bookmark(store.revision, initial_end=True))
                initial_pending = False
            wait = remaining
            if allow_bookmarks:
                due = next_bookmark if final_sent or next_bookmark < final_bookmark_at else final_bookmark_at
                wait = max(0.0, min(remaining, due - now))
            item = await watcher.next(max_wait=wait)
            if item is None:
                if watcher.closed_reason:
                    break
                now = time.monotonic()
                bookmark_due = now >= next_bookmark or (not final_sent and now >= final_bookmark_at)
                if allow_bookmarks and watcher.is_idle and bookmark_due:
                    await response.write(bookmark(store.revision))
                    next_bookmark = now + bookmark_every
                    final_sent = final_sent or now >= final_bookmark_at
                continue
            kind, value, rev = item
            if from_rev is not None and rev <= from_rev:
                continue
            await response.write(encode(kind.value, value))
    except (ConnectionResetError, asyncio.CancelledError):
        watcher.close("client went away")
        raise
    finally:
        watcher.close("watch ended")
    try:
        await response.write_eof()
    except ConnectionResetError:
        pass
    return response
