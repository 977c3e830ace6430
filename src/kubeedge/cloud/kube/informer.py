"""List-then-watch with resume and re-list: a reflector that never misses or duplicates state.

``reflect()`` yields every change of a resource as ``(type, object)``: first the current state as
ADDED, then watch events; when a watch ends it resumes from the last revision seen; when the
server says 410 (compacted) it lists again and yields the difference against what it had
(ADDED, MODIFIED, DELETED), so the consumer's view converges exactly as an informer's does.
Failures to reach the server are retried with capped exponential backoff.
"""

from __future__ import annotations

import asyncio
import logging
import random
from typing import TYPE_CHECKING, Any

from kubeedge.cloud.kube.client import GVR, KubeAPIError, KubeClient

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

__all__ = ["reflect"]

logger = logging.getLogger(__name__)


def _key(obj: dict[str, Any]) -> str:
    meta = obj.get("metadata") or {}
    return f"{meta.get('namespace', '')}/{meta.get('name', '')}"


async def reflect(
    client: KubeClient,
    gvr: GVR,
    namespace: str | None = None,
    *,
    label_selector: str = "",
    field_selector: str = "",
    watch_timeout: int = 300,
    max_backoff: float = 30.0,
) -> AsyncIterator[tuple[str, dict[str, Any]]]:
    known: dict[str, dict[str, Any]] = {}
    backoff = 0.5
    resource_version = ""
    while True:
        try:
            if not resource_version:
                listed = await client.list(gvr, namespace, label_selector=label_selector, field_selector=field_selector)
                resource_version = str(listed["metadata"].get("resourceVersion") or "")
                fresh = {_key(item): item for item in listed.get("items") or ()}
                for key, obj in fresh.items():
                    old = known.get(key)
                    if old is None:
                        yield "ADDED", obj
                    elif old.get("metadata", {}).get("resourceVersion") != obj["metadata"].get("resourceVersion"):
                        yield "MODIFIED", obj
                for key in list(known):
                    if key not in fresh:
                        yield "DELETED", known[key]
                known = fresh
            async for event in client.watch(
                gvr,
                namespace,
                resource_version=resource_version,
                label_selector=label_selector,
                field_selector=field_selector,
                timeout_seconds=watch_timeout,
            ):
                if event.resource_version:
                    resource_version = event.resource_version
                if event.type == "BOOKMARK":
                    continue
                key = _key(event.object)
                if event.type == "DELETED":
                    known.pop(key, None)
                else:
                    known[key] = event.object
                yield event.type, event.object
            backoff = 0.5
        except KubeAPIError as exc:
            if exc.code == 410:
                logger.info("Watch of %s expired; listing again", gvr.resource)
                resource_version = ""
                continue
            delay = min(backoff, max_backoff) * (0.5 + random.random())
            logger.warning("Watching %s failed (%s); retrying in %.1fs", gvr.resource, exc, delay)
            await asyncio.sleep(delay)
            backoff *= 2
