"""Authorization: may this user do this? A fixed policy, default deny.

Rules, first match wins:

1. ``system:masters`` may do everything (as in kube, where the group bypasses all authorizers);
2. any user, anonymous included, may ``get`` the health and version paths: ``/healthz``,
   ``/livez``, ``/readyz`` and ``/version``, with their sub-paths (``/readyz/ping``);
3. any authenticated user (group ``system:authenticated``) may also ``get`` the discovery paths
   ``/api``, ``/apis`` and ``/openapi`` with their sub-paths (kube's ``system:discovery`` role);
4. node identities (``system:node:<name>`` in ``system:nodes``) are decided by
   :class:`~kubeedge.apiserver.auth.nodeauthz.NodeAuthorizer`;
5. everything else is denied. There is no RBAC: any other authenticated user (a token user not in
   ``system:masters``, a client certificate with another organization) gets discovery and nothing
   more; an anonymous user gets only rule 2.

A non-resource path containing ``.`` or ``..`` segments is denied, so that a router normalizing
paths differently from this module cannot widen rule 2 or 3.

:func:`forbidden_error` renders a denial the way kube-apiserver does
(``pods "x" is forbidden: User "u" cannot get resource "pods" in API group "" in the namespace
"ns": <reason>``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.auth import nodeauthz
from kubeedge.apiserver.auth.attributes import Decision, RequestAttributes, Verb
from kubeedge.apiserver.auth.authn import AUTHENTICATED_GROUP
from kubeedge.apiserver.auth.nodegraph import NodeGraph
from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "DISCOVERY_PATHS",
    "MASTERS_GROUP",
    "PUBLIC_PATHS",
    "Authorizer",
    "Decision",
    "NodeGraph",
    "RequestAttributes",
    "Verb",
    "forbidden_error",
]

MASTERS_GROUP = "system:masters"
PUBLIC_PATHS = ("/healthz", "/livez", "/readyz", "/version")
DISCOVERY_PATHS = ("/api", "/apis", "/openapi")


def _is_clean(path: str) -> bool:
    return path.startswith("/") and not any(segment in (".", "..") for segment in path.split("/"))


def _under(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root + "/") for root in roots)


# Questions a caller asks about itself: `kubectl auth can-i` and `kubectl auth whoami`.
SELF_REVIEWS = frozenset(
    {("authorization.k8s.io", "selfsubjectaccessreviews"), ("authentication.k8s.io", "selfsubjectreviews")}
)


class Authorizer:
    """The apiserver's fixed policy (see the module docstring)."""

    def __init__(self, *, graph: NodeGraph) -> None:
        self._nodes = nodeauthz.NodeAuthorizer(graph)

    def authorize(self, attrs: RequestAttributes) -> Decision:
        """Decide one request.

        Returns:
            Allowed, or denied with the reason kube would append to the 403 message.
        """
        if attrs.user.in_group(MASTERS_GROUP):
            return Decision.allow(MASTERS_GROUP)
        if not attrs.is_resource_request:
            return self._non_resource(attrs)
        if (
            attrs.verb == Verb.CREATE
            and (attrs.group, attrs.resource) in SELF_REVIEWS
            and attrs.user.in_group(AUTHENTICATED_GROUP)
        ):
            return Decision.allow("any authenticated user may ask about itself (kube's system:basic-user)")
        node = nodeauthz.node_identity(attrs.user)
        if node is not None:
            return self._nodes.authorize(node, attrs)
        return Decision.deny()

    def admit_create(self, attrs: RequestAttributes, obj: Mapping[str, Any]) -> Decision:
        """Check the body of an authorized create; only node identities are restricted.

        The create handler calls this after :meth:`authorize` allowed the request and the body
        was decoded; see :func:`~kubeedge.apiserver.auth.nodeauthz.admit_node_create`.
        """
        if attrs.user.in_group(MASTERS_GROUP) or attrs.verb != Verb.CREATE:
            return Decision.allow()
        node = nodeauthz.node_identity(attrs.user)
        if not node:
            return Decision.allow()
        return nodeauthz.admit_node_create(node, attrs, obj)

    @staticmethod
    def _non_resource(attrs: RequestAttributes) -> Decision:
        if attrs.verb != "get" or not _is_clean(attrs.path):
            return Decision.deny()
        if _under(attrs.path, PUBLIC_PATHS):
            return Decision.allow()
        if attrs.user.in_group(AUTHENTICATED_GROUP) and _under(attrs.path, DISCOVERY_PATHS):
            return Decision.allow()
        return Decision.deny()


def forbidden_error(attrs: RequestAttributes, reason: str = "") -> StatusError:
    """The 403 kube-apiserver answers for a denied request (``responsewriters.Forbidden``).

    Args:
        attrs: the denied request.
        reason: the :class:`Decision` reason, appended after a colon when not empty.
    """
    user = attrs.user.name
    if not attrs.is_resource_request:
        message = f'User "{user}" cannot {attrs.verb} path "{attrs.path}"'
    else:
        resource = f"{attrs.resource}/{attrs.subresource}" if attrs.subresource else attrs.resource
        message = f'User "{user}" cannot {attrs.verb} resource "{resource}" in API group "{attrs.group}"'
        if attrs.namespace:
            message += f' in the namespace "{attrs.namespace}"'
        else:
            message += " at the cluster scope"
    if reason:
        message += f": {reason}"
    name = attrs.effective_name if attrs.is_resource_request else ""
    if not attrs.is_resource_request or not attrs.resource:
        return StatusError(403, "Forbidden", f"forbidden: {message}", None)
    target = f'{attrs.qualified_resource} "{name}"' if name else attrs.qualified_resource
    details: dict[str, Any] = {"kind": attrs.resource}
    if attrs.group:
        details["group"] = attrs.group
    if name:
        details["name"] = name
    return StatusError(403, "Forbidden", f"{target} is forbidden: {message}", details)
