"""Virtual create-only resources that ask the server about the caller, and pod eviction.

``SelfSubjectAccessReview`` (``kubectl auth can-i``) runs the request through the same authorizer
that guards every request; ``SelfSubjectReview`` (``kubectl auth whoami``) reports the
authenticated identity. Neither is stored. ``pods/eviction`` (``kubectl drain``) deletes the pod
with the Eviction's delete options; no PodDisruptionBudgets are served, so none can block it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.auth.attributes import RequestAttributes
from kubeedge.apiserver.auth.authz import SELF_REVIEWS
from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.http.read import respond_object
from kubeedge.apiserver.http.write import delete_options, read_object

if TYPE_CHECKING:
    from aiohttp import web

    from kubeedge.apiserver.http.context import ApiContext, Call

__all__ = ["REVIEWS", "evict", "review"]

REVIEWS = SELF_REVIEWS


def _spec(body: Any, kind: str) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise StatusError.bad_request(f"the body must be a {kind} object")
    spec = body.get("spec") or {}
    if not isinstance(spec, dict):
        raise StatusError.bad_request("spec must be an object")
    return spec


async def review(ctx: ApiContext, call: Call) -> web.Response:
    resource = call.resource
    assert resource is not None
    body = await read_object(ctx, call)
    if resource.plural == "selfsubjectreviews":
        _spec(body, resource.kind)
        user = call.user
        info: dict[str, Any] = {"username": user.name, "groups": list(user.groups)}
        if user.uid:
            info["uid"] = user.uid
        if user.extra:
            info["extra"] = {k: list(v) for k, v in user.extra.items()}
        answer = {
            "kind": resource.kind,
            "apiVersion": resource.api_version,
            "metadata": {"creationTimestamp": None},
            "status": {"userInfo": info},
        }
        return respond_object(ctx, call, answer, status=201)
    spec = _spec(body, resource.kind)
    attributes = spec.get("resourceAttributes")
    non_resource = spec.get("nonResourceAttributes")
    if bool(attributes) == bool(non_resource) or not isinstance(attributes or non_resource, dict):
        raise StatusError.bad_request(
            "exactly one of spec.resourceAttributes and spec.nonResourceAttributes must be set"
        )
    if attributes:
        attrs = RequestAttributes(
            user=call.user,
            verb=str(attributes.get("verb", "")),
            is_resource_request=True,
            group=str(attributes.get("group", "")),
            resource=str(attributes.get("resource", "")),
            subresource=str(attributes.get("subresource", "")),
            namespace=str(attributes.get("namespace", "")),
            name=str(attributes.get("name", "")),
        )
    else:
        assert isinstance(non_resource, dict)
        attrs = RequestAttributes(
            user=call.user,
            verb=str(non_resource.get("verb", "")),
            is_resource_request=False,
            path=str(non_resource.get("path", "")),
        )
    decision = ctx.authorizer.authorize(attrs)
    status: dict[str, Any] = {"allowed": decision.allowed}
    if decision.reason:
        status["reason"] = decision.reason
    answer = {
        "kind": resource.kind,
        "apiVersion": resource.api_version,
        "metadata": {"creationTimestamp": None},
        "spec": spec,
        "status": status,
    }
    return respond_object(ctx, call, answer, status=201)


async def evict(ctx: ApiContext, call: Call) -> web.Response:
    """POST pods/<name>/eviction: delete the pod with the Eviction's deleteOptions."""
    resource = call.resource
    assert resource is not None
    body = await read_object(ctx, call)
    if not isinstance(body, dict):
        raise StatusError.bad_request("the body must be an Eviction object")
    name = str((body.get("metadata") or {}).get("name") or call.info.name)
    if name != call.info.name:
        raise StatusError.bad_request(f"name in URL does not match name in Eviction object: {call.info.name}, {name}")
    opts = delete_options(call, body.get("deleteOptions"))
    await ctx.registry.delete(resource, call.info.namespace, call.info.name, opts)
    return respond_object(
        ctx, call, {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Success", "code": 201}, status=201
    )
