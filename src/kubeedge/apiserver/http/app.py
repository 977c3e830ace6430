"""The aiohttp application: one catch-all route that authenticates, authorizes and dispatches.

Routing is ours rather than aiohttp's because resources appear and disappear at run time (CRDs)
and kube's path grammar (namespaces, subresources, legacy ``/watch/``) is easier to parse once,
in :mod:`.requestinfo`, than to express as route patterns.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

import orjson
from aiohttp import web

from kubeedge.apiserver.auth import authn
from kubeedge.apiserver.auth.attributes import RequestAttributes
from kubeedge.apiserver.auth.authz import forbidden_error
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.http import discovery, read, reviews, subresources, watch, write
from kubeedge.apiserver.http.context import ApiContext, Call
from kubeedge.apiserver.http.negotiate import choose_output
from kubeedge.apiserver.http.requestinfo import RequestInfo, parse_request

if TYPE_CHECKING:
    from cryptography import x509

__all__ = ["build_server"]

logger = logging.getLogger(__name__)

Handler = Callable[[ApiContext, Call], Awaitable[web.StreamResponse]]

_HEALTH = ("/healthz", "/livez", "/readyz")


def _status_response(error: StatusError) -> web.Response:
    headers = {"Content-Type": "application/json"}
    if error.retry_after_seconds is not None:
        headers["Retry-After"] = str(error.retry_after_seconds)
    return web.Response(body=orjson.dumps(error.to_status()), status=error.code, headers=headers)


class _PeerIdentities:
    """Who a TLS connection's client certificate says it is, worked out once per connection."""

    def __init__(self, authenticator: authn.Authenticator) -> None:
        self._authenticator = authenticator
        self._cache: weakref.WeakKeyDictionary[Any, tuple[x509.Certificate | None, authn.UserInfo | None]] = (
            weakref.WeakKeyDictionary()
        )

    def authenticate(self, request: web.BaseRequest) -> authn.UserInfo | None:
        header = request.headers.get("Authorization")
        transport = request.transport
        ssl_object = transport.get_extra_info("ssl_object") if transport is not None else None
        if ssl_object is None:
            return self._authenticator.authenticate(peer_cert=None, authorization_header=header)
        cached = self._cache.get(ssl_object)
        if cached is None:
            cert = authn.peer_certificate(ssl_object)
            user = self._authenticator.authenticate(peer_cert=cert, authorization_header=None)
            cached = (cert, user)
            self._cache[ssl_object] = cached
        if header is None:
            return cached[1]
        return self._authenticator.authenticate(peer_cert=cached[0], authorization_header=header)


def build_server(ctx: ApiContext) -> web.Server:
    """aiohttp's low-level server with one handler: no router, no middleware chain to walk."""
    peers = _PeerIdentities(ctx.authenticator)

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        try:
            return await _serve(ctx, peers, request)
        except StatusError as error:
            return _status_response(error)
        except web.HTTPException:
            raise
        except (ConnectionResetError, TimeoutError) as exc:
            raise web.HTTPServiceUnavailable() from exc
        except Exception:
            logger.exception("Unexpected error serving %s %s", request.method, request.path)
            return _status_response(StatusError.internal("an unexpected error happened; see the server log"))

    # handler_cancellation: a watch whose client went away ends at once instead of at its timeout.
    return web.Server(handle, handler_cancellation=True, access_log=None)


async def _serve(ctx: ApiContext, peers: _PeerIdentities, request: web.BaseRequest) -> web.StreamResponse:
    info = parse_request(request.method, request.path, request.query.get("watch"))
    user = peers.authenticate(request)
    if user is None:
        raise StatusError.unauthorized()
    attrs = RequestAttributes(
        user=user,
        verb=info.verb,
        is_resource_request=info.is_resource_request,
        path=request.path,
        group=info.group,
        resource=info.resource,
        subresource=info.subresource,
        namespace=info.namespace,
        name=info.name,
        label_selector=request.query.get("labelSelector", ""),
        field_selector=request.query.get("fieldSelector", ""),
    )
    decision = ctx.authorizer.authorize(attrs)
    if not decision.allowed:
        raise forbidden_error(attrs, decision.reason)
    request["attrs"] = attrs
    if not info.is_resource_request:
        return await _non_resource(ctx, request, info)
    allow_transform = info.verb in ("get", "list", "watch")
    call = Call(
        request=request,
        info=info,
        user=user,
        output=choose_output(request.headers.get("Accept"), allow_transform=allow_transform),
    )
    resource = ctx.catalog.get(info.group, info.version, info.resource)
    if resource is None:
        raise StatusError.not_found_path()
    call.resource = resource
    return await _dispatch(ctx, call)


async def _dispatch(ctx: ApiContext, call: Call) -> web.StreamResponse:
    info = call.info
    resource = call.resource
    assert resource is not None
    sub = info.subresource
    if resource.namespaced and not info.namespace and info.verb not in ("list", "watch"):
        raise StatusError.not_found_path()
    if sub:
        if len(info.parts) > 3 and sub != "proxy":
            raise StatusError.not_found_path()
        if sub not in resource.subresources:
            raise StatusError.not_found_path()
        if sub in subresources.STREAMING:
            raise subresources.streaming_unavailable(call)
        if sub == "scale":
            return await subresources.scale(ctx, call)
        if sub == "eviction":
            if info.verb != "create":
                raise StatusError.method_not_allowed(f"{info.verb} is not supported on pods/eviction")
            return await reviews.evict(ctx, call)
        if sub == "binding":
            if info.verb != "create":
                raise StatusError.method_not_allowed(f"{info.verb} is not supported on pods/binding")
            return await subresources.binding(ctx, call)
        if sub == "finalize":
            if info.verb != "update":
                raise StatusError.method_not_allowed(f"{info.verb} is not supported on namespaces/finalize")
            return await subresources.finalize_namespace(ctx, call)
        if sub == "status":
            status_handlers: dict[str, Handler] = {
                "get": read.get_object,
                "update": write.update_object,
                "patch": write.patch_object,
            }
            status_handler = status_handlers.get(info.verb)
            if status_handler is None:
                raise StatusError.method_not_allowed(f"{info.verb} is not supported on {resource.plural}/status")
            return await status_handler(ctx, call)
        raise StatusError.method_not_allowed(f"{info.verb} is not supported on {resource.plural}/{sub}")
    if len(info.parts) > 2:
        raise StatusError.not_found_path()
    if resource.plural == "bindings" and info.verb == "create":
        return await subresources.binding(ctx, call)
    if (resource.group, resource.plural) in reviews.REVIEWS and info.verb == "create":
        return await reviews.review(ctx, call)
    if info.verb not in resource.verbs:
        raise StatusError.method_not_allowed(
            f"the server does not allow this method on the requested resource ({info.verb} {resource.group_resource})"
        )
    handlers: dict[str, Handler] = {
        "get": read.get_object,
        "list": read.list_objects,
        "watch": watch.watch_objects,
        "create": write.create_object,
        "update": write.update_object,
        "patch": write.patch_object,
        "delete": write.delete_object,
        "deletecollection": write.delete_collection,
    }
    handler = handlers.get(info.verb)
    if handler is None:
        raise StatusError.method_not_allowed(f"{info.verb.upper()} is not supported")
    if info.verb == "create" and info.name:
        raise StatusError.method_not_allowed("POST to a named object is not supported")
    return await handler(ctx, call)


def _json(body: Any, status: int = 200) -> web.Response:
    return web.Response(body=orjson.dumps(body), status=status, content_type="application/json")


async def _non_resource(ctx: ApiContext, request: web.BaseRequest, info: RequestInfo) -> web.StreamResponse:
    path = request.path.rstrip("/") or "/"
    if request.method not in ("GET", "HEAD"):
        raise StatusError.method_not_allowed(f"{request.method} is not supported on {path}")
    for health in _HEALTH:
        if path == health or path.startswith(health + "/"):
            if (path.endswith("/readyz") or path == "/readyz") and not ctx.ready():
                return web.Response(text="[-]ready failed: the apiserver is starting or stopping\n", status=500)
            if "verbose" in request.query:
                name = health.strip("/")
                return web.Response(text=f"[+]ping ok\n[+]storage ok\n{name} check passed\n")
            return web.Response(text="ok", content_type="text/plain")
    if path == "/version":
        return _json(ctx.version_info)
    if path == "/api":
        return _json(discovery.api_versions(ctx.server_address))
    if path == "/apis":
        return _json(discovery.api_group_list(ctx.catalog))
    parts = path.strip("/").split("/")
    if parts[0] == "api" and len(parts) == 2:
        body = discovery.api_resource_list(ctx.catalog, "", parts[1])
        if body is None:
            raise StatusError.not_found_path()
        return _json(body)
    if parts[0] == "apis" and len(parts) == 2:
        body = discovery.api_group(ctx.catalog, parts[1])
        if body is None:
            raise StatusError.not_found_path()
        return _json(body)
    if parts[0] == "apis" and len(parts) == 3:
        body = discovery.api_resource_list(ctx.catalog, parts[1], parts[2])
        if body is None:
            raise StatusError.not_found_path()
        return _json(body)
    if parts[0] == "openapi" and ctx.openapi is not None:
        found = ctx.openapi.serve(path, request.query, request.headers.get("Accept", ""))
        if found is None:
            raise StatusError.not_found_path()
        body_bytes, content_type, etag = found
        headers = {"Content-Type": content_type}
        if etag:
            headers["ETag"] = f'"{etag}"'
            if request.headers.get("If-None-Match") == f'"{etag}"':
                return web.Response(status=304, headers=headers)
        return web.Response(body=body_bytes, headers=headers)
    if path == "/":
        paths = [
            "/api",
            "/api/v1",
            "/apis",
            "/healthz",
            "/livez",
            "/readyz",
            "/version",
            "/openapi/v2",
            "/openapi/v3",
        ]
        for group, versions in ctx.catalog.groups():
            paths.append(f"/apis/{group}")
            paths.extend(f"/apis/{group}/{v}" for v in versions)
        return _json({"paths": sorted(paths)})
    raise StatusError.not_found_path()
