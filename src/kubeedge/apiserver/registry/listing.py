"""LIST semantics: selectors, limit/continue, and resourceVersion / resourceVersionMatch.

* No resourceVersion: the newest state (a consistent read; we never serve stale data).
* ``resourceVersion=0`` or NotOlderThan: the newest state too, unless the requested revision
  is newer than anything committed (504 ``Too large resource version``).
* ``resourceVersionMatch=Exact``: the state at that revision, read from the log (410 if
  compacted).
* Pages after the first are read at the first page's revision: from memory while nothing under
  the resource changed since, from the log otherwise (410 with kube's message if compacted).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.storage import mvcc
from kubeedge.apiserver.storage.mvcc import ContinueToken, Entry
from kubeedge.apiserver.storage.store import CompactedError, Store

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.options import ListOptions
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["ListResult", "list_entries"]

_CONTINUE_EXPIRED = (
    "The provided continue parameter is too old to display a consistent list result. You can start a new "
    "list without the continue parameter, or use the continue token in this response to retrieve the "
    "remainder of the results. Continuing with the provided token results in an inconsistent list - objects "
    "that were created, modified, or deleted between the time the first chunk was returned and now may show "
    "up in the list."
)


@dataclass(frozen=True, slots=True)
class ListResult:
    revision: int
    entries: list[Entry]
    continue_token: str = ""
    remaining: int | None = None


def _key_prefix(resource: ResourceInfo, namespace: str) -> str:
    prefix = resource.storage_prefix()
    return f"{prefix}{namespace}/" if resource.namespaced and namespace else prefix


def _too_large(requested: int, current: int) -> StatusError:
    error = StatusError.timeout(f"Too large resource version: {requested}, current: {current}")
    error.details = {"causes": [{"reason": "ResourceVersionTooLarge", "message": "Too large resource version"}]}
    error.retry_after_seconds = 1
    return error


async def list_entries(store: Store, resource: ResourceInfo, namespace: str, opts: ListOptions) -> ListResult:
    prefix = resource.storage_prefix()
    key_prefix = _key_prefix(resource, namespace)
    requested = mvcc.parse_resource_version(opts.resource_version)
    match = opts.resource_version_match
    if match and match not in ("Exact", "NotOlderThan"):
        raise StatusError.bad_request(
            f'resourceVersionMatch: Unsupported value: "{match}": supported values: "Exact", "NotOlderThan"'
        )
    if match and requested is None:
        raise StatusError.bad_request("resourceVersionMatch is forbidden unless resourceVersion is provided")
    start_key = key_prefix
    token: ContinueToken | None = None
    if opts.continue_token:
        if requested:
            raise StatusError.bad_request("specifying resource version is not allowed when using continue")
        token = mvcc.decode_continue(opts.continue_token)
        if not token.start_key.startswith(key_prefix):
            raise StatusError.bad_request("continue key is not valid: it belongs to another list")
        start_key = token.start_key

    def matches(entry: Entry) -> bool:
        if opts.label_selector is not None and not opts.label_selector(entry.attrs):
            return False
        return opts.field_selector is None or opts.field_selector(entry.attrs)

    at_rev: int
    try:
        if token is not None:
            at_rev = token.rev
            if at_rev < store.compact_revision:
                raise StatusError.gone(_CONTINUE_EXPIRED)
            if store.changed_since(prefix, at_rev):
                candidates = await store.snapshot(key_prefix, at_rev=at_rev, start_key=start_key, limit=0)
            else:
                candidates = [e for e in store.list_prefix(prefix, key_prefix) if e.key >= start_key]
        elif match == "Exact" and requested:
            if requested > store.revision:
                raise _too_large(requested, store.revision)
            at_rev = requested
            candidates = await store.snapshot(key_prefix, at_rev=at_rev, start_key=key_prefix, limit=0)
        else:
            if requested and requested > store.revision:
                raise _too_large(requested, store.revision)
            at_rev = store.revision
            candidates = store.list_prefix(prefix, key_prefix)
    except CompactedError:
        if token is not None:
            raise StatusError.gone(_CONTINUE_EXPIRED) from None
        raise StatusError.gone("The resourceVersion for the provided list is too old.") from None

    if opts.limit <= 0:
        return ListResult(at_rev, [e for e in candidates if matches(e)])
    selected: list[Entry] = []
    next_key = ""
    for index, entry in enumerate(candidates):
        if not matches(entry):
            continue
        if len(selected) == opts.limit:
            next_key = entry.key
            remaining = None if opts.has_selectors else len(candidates) - index
            return ListResult(
                at_rev,
                selected,
                mvcc.encode_continue(ContinueToken(at_rev, next_key)),
                remaining,
            )
        selected.append(entry)
    return ListResult(at_rev, selected)
