"""An async Kubernetes REST client over aiohttp, for CloudCore.

CloudCore only needs plain REST against any conformant API server (a real cluster or our
embedded one): get, list (all pages), create, update, patch (every type), delete, and watch as a
stream of events. Bodies are JSON; the server's ``Status`` answers become :class:`KubeAPIError`
with the HTTP code and reason, so callers branch on ``error.code == 409`` as client-go users do.
Every request has a timeout; watches have the server-side ``timeoutSeconds`` plus a read timeout.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import aiohttp
import orjson

from kubeedge import __version__
from kubeedge.errors import TransientError

if TYPE_CHECKING:
    from collections.abc import AsyncIterator

    from kubeedge.cloud.kube.kubeconfig import ClusterAccess

__all__ = ["GVR", "KubeAPIError", "KubeClient", "WatchEvent"]

PATCH_TYPES = {
    "json": "application/json-patch+json",
    "merge": "application/merge-patch+json",
    "strategic": "application/strategic-merge-patch+json",
    "apply": "application/apply-patch+yaml",
}


@dataclass(frozen=True, slots=True)
class GVR:
    group: str
    version: str
    resource: str

    def path(self, namespace: str | None = None, name: str | None = None, subresource: str = "") -> str:
        base = f"/apis/{self.group}/{self.version}" if self.group else f"/api/{self.version}"
        if namespace:
            base += f"/namespaces/{quote(namespace, safe='')}"
        base += f"/{self.resource}"
        if name:
            base += f"/{quote(name, safe='')}"
            if subresource:
                base += f"/{subresource}"
        return base


class KubeAPIError(TransientError):
    """A non-success answer of the API server (or a failure to reach it: code 0)."""

    def __init__(self, code: int, reason: str, message: str, status: dict[str, Any] | None = None) -> None:
        super().__init__(f"{code} {reason}: {message}" if code else message)
        self.code = code
        self.reason = reason
        self.message = message
        self.status = status or {}


@dataclass(frozen=True, slots=True)
class WatchEvent:
    type: str  # ADDED, MODIFIED, DELETED, BOOKMARK
    object: dict[str, Any]

    @property
    def resource_version(self) -> str:
        return str((self.object.get("metadata") or {}).get("resourceVersion") or "")


def _error_from(status: int, body: bytes) -> KubeAPIError:
    try:
        parsed = orjson.loads(body)
    except orjson.JSONDecodeError:
        parsed = None
    if isinstance(parsed, dict) and parsed.get("kind") == "Status":
        return KubeAPIError(
            int(parsed.get("code") or status), str(parsed.get("reason") or ""), str(parsed.get("message") or ""), parsed
        )
    return KubeAPIError(status, "", body[:500].decode(errors="replace"))


class KubeClient:
    """One connection pool to one API server. Use as an async context manager or call aclose()."""

    def __init__(self, access: ClusterAccess, *, timeout: float = 30.0, user_agent: str = "") -> None:
        self._access = access
        self._timeout = timeout
        headers = dict(access.headers)
        headers["User-Agent"] = user_agent or f"kubeedge-py/{__version__}"
        headers["Accept"] = "application/json"
        self._session = aiohttp.ClientSession(
            base_url=access.server,
            headers=headers,
            connector=aiohttp.TCPConnector(ssl=access.ssl_context, limit=64),
        )

    async def __aenter__(self) -> KubeClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._session.close()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        body: Any = None,
        content_type: str = "application/json",
        deadline: float | None = None,
    ) -> dict[str, Any]:
        """One request; ``deadline`` (seconds) overrides the client's default timeout."""
        data = None
        headers = {}
        if body is not None:
            data = body if isinstance(body, bytes) else orjson.dumps(body)
            headers["Content-Type"] = content_type
        try:
            async with asyncio.timeout(deadline or self._timeout):
                async with self._session.request(method, path, params=params, data=data, headers=headers) as resp:
                    raw = await resp.read()
                    if resp.status >= 400:
                        raise _error_from(resp.status, raw)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise KubeAPIError(0, "", f"{method} {path}: {exc or type(exc).__name__}") from exc
        result: dict[str, Any] = orjson.loads(raw) if raw else {}
        return result

    # --- verbs --------------------------------------------------------------------------------

    async def get(self, gvr: GVR, name: str, namespace: str | None = None, *, subresource: str = "") -> dict[str, Any]:
        return await self.request("GET", gvr.path(namespace, name, subresource))

    async def list(
        self,
        gvr: GVR,
        namespace: str | None = None,
        *,
        label_selector: str = "",
        field_selector: str = "",
        page_size: int = 500,
    ) -> dict[str, Any]:
        """All items (following continue tokens); the List's metadata is that of the last page."""
        params = {"limit": str(page_size)}
        if label_selector:
            params["labelSelector"] = label_selector
        if field_selector:
            params["fieldSelector"] = field_selector
        items: list[dict[str, Any]] = []
        while True:
            page = await self.request("GET", gvr.path(namespace), params=params)
            items.extend(page.get("items") or ())
            token = (page.get("metadata") or {}).get("continue")
            if not token:
                page["items"] = items
                return page
            params["continue"] = token

    async def create(self, gvr: GVR, obj: dict[str, Any], namespace: str | None = None) -> dict[str, Any]:
        return await self.request("POST", gvr.path(namespace), body=obj)

    async def update(
        self, gvr: GVR, obj: dict[str, Any], namespace: str | None = None, *, subresource: str = ""
    ) -> dict[str, Any]:
        name = obj["metadata"]["name"]
        return await self.request("PUT", gvr.path(namespace, name, subresource), body=obj)

    async def patch(
        self,
        gvr: GVR,
        name: str,
        patch: Any,
        namespace: str | None = None,
        *,
        patch_type: str = "strategic",
        subresource: str = "",
        field_manager: str = "",
        force: bool = False,
    ) -> dict[str, Any]:
        params: dict[str, str] = {}
        if field_manager:
            params["fieldManager"] = field_manager
        if force:
            params["force"] = "true"
        return await self.request(
            "PATCH",
            gvr.path(namespace, name, subresource),
            params=params or None,
            body=patch if isinstance(patch, bytes) else orjson.dumps(patch),
            content_type=PATCH_TYPES[patch_type],
        )

    async def delete(
        self, gvr: GVR, name: str, namespace: str | None = None, *, options: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return await self.request("DELETE", gvr.path(namespace, name), body=options)

    async def watch(
        self,
        gvr: GVR,
        namespace: str | None = None,
        *,
        resource_version: str = "",
        label_selector: str = "",
        field_selector: str = "",
        timeout_seconds: int = 300,
        allow_bookmarks: bool = True,
    ) -> AsyncIterator[WatchEvent]:
        """Events of one watch request until the server ends it. 410 → KubeAPIError(410)."""
        params = {"watch": "true", "timeoutSeconds": str(timeout_seconds)}
        if resource_version:
            params["resourceVersion"] = resource_version
        if allow_bookmarks:
            params["allowWatchBookmarks"] = "true"
        if label_selector:
            params["labelSelector"] = label_selector
        if field_selector:
            params["fieldSelector"] = field_selector
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=self._timeout, sock_read=timeout_seconds + 30)
        try:
            async with self._session.get(gvr.path(namespace), params=params, timeout=timeout) as resp:
                if resp.status >= 400:
                    raise _error_from(resp.status, await resp.read())
                async for line in resp.content:
                    if not line.strip():
                        continue
                    event = orjson.loads(line)
                    kind = event.get("type", "")
                    obj = event.get("object") or {}
                    if kind == "ERROR":
                        raise KubeAPIError(
                            int(obj.get("code") or 500),
                            str(obj.get("reason") or ""),
                            str(obj.get("message") or ""),
                            obj,
                        )
                    yield WatchEvent(kind, obj)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            raise KubeAPIError(0, "", f"watch {gvr.path(namespace)}: {exc or type(exc).__name__}") from exc
