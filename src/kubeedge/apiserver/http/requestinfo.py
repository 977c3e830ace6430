"""What a request path means, as kube-apiserver's RequestInfoFactory reads it (pure).

``/apis/apps/v1/namespaces/ns/deployments/web/scale`` → group ``apps``, version ``v1``,
namespace ``ns``, resource ``deployments``, name ``web``, subresource ``scale``; the verb comes
from the HTTP method, the presence of a name, and ``?watch=true`` (or the legacy ``/watch/``
path prefix).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["RequestInfo", "parse_request"]

_NAMESPACE_SUBRESOURCES = frozenset({"status", "finalize"})


@dataclass(frozen=True, slots=True)
class RequestInfo:
    is_resource_request: bool
    path: str
    verb: str
    api_prefix: str = ""
    group: str = ""
    version: str = ""
    namespace: str = ""
    resource: str = ""
    subresource: str = ""
    name: str = ""
    parts: tuple[str, ...] = ()


def _truthy(value: str | None) -> bool:
    return value is not None and value.lower() in ("true", "1")


def parse_request(method: str, path: str, watch_param: str | None) -> RequestInfo:
    """Classify a request. Non-resource paths (discovery, health, openapi) come back as such."""
    method = method.upper()
    segments = [s for s in path.strip("/").split("/") if s]
    nonresource = RequestInfo(False, path, method.lower())
    if not segments or segments[0] not in ("api", "apis"):
        return nonresource
    prefix = segments[0]
    rest = segments[1:]
    if prefix == "api":
        group = ""
        if not rest:
            return nonresource
        version, rest = rest[0], rest[1:]
    else:
        if len(rest) < 2:
            return nonresource
        group, version, rest = rest[0], rest[1], rest[2:]
    if not rest:
        return nonresource

    is_watch = _truthy(watch_param)
    if rest[0] == "watch":
        is_watch = True
        rest = rest[1:]
        if not rest:
            return nonresource

    namespace = ""
    if rest[0] == "namespaces" and len(rest) > 1:
        # As kube: the namespace of /namespaces/{name} is {name}; a further segment that is not
        # a namespace subresource starts a namespaced resource.
        namespace = rest[1]
        if len(rest) > 2 and rest[2] not in _NAMESPACE_SUBRESOURCES:
            rest = rest[2:]
    resource = rest[0]
    name = rest[1] if len(rest) > 1 else ""
    subresource = rest[2] if len(rest) > 2 else ""
    parts = tuple(rest)

    if method in ("GET", "HEAD"):
        verb = "watch" if is_watch else ("get" if name else "list")
    elif method == "POST":
        verb = "create"
    elif method == "PUT":
        verb = "update"
    elif method == "PATCH":
        verb = "patch"
    elif method == "DELETE":
        verb = "delete" if name else "deletecollection"
    else:
        verb = method.lower()
    return RequestInfo(
        True,
        path,
        verb,
        prefix,
        group,
        version,
        namespace,
        resource,
        subresource,
        name,
        parts,
    )
