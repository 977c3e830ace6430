"""The facts an authorization decision is made on, and the decision itself.

:class:`RequestAttributes` mirrors apiserver's ``authorizer.Attributes``: the HTTP layer fills it
from the request path and query (kube's ``RequestInfo``), then the authorizers read it. It lives
apart from :mod:`.authz` so that the per-identity rule modules (:mod:`.nodeauthz`) can use it
without importing the dispatcher that imports them.

Field selectors arrive as the raw ``fieldSelector`` query text; :func:`field_requirements` reads
just enough of kube's grammar (``a=b,c!=d``, ``\\`` escapes) to let rules see which equality terms
scope a list or watch. A selector it cannot read yields no terms, which can only deny more.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubeedge.apiserver.auth.authn import UserInfo

__all__ = [
    "Decision",
    "FieldRequirement",
    "RequestAttributes",
    "Verb",
    "field_requirements",
]


class Verb(enum.StrEnum):
    """Verbs of resource requests. Non-resource requests use the lowercased HTTP method."""

    GET = "get"
    LIST = "list"
    WATCH = "watch"
    CREATE = "create"
    UPDATE = "update"
    PATCH = "patch"
    DELETE = "delete"
    DELETECOLLECTION = "deletecollection"


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldRequirement:
    """One term of a field selector: ``field op value`` with op ``=`` (``==`` folds into it) or ``!=``."""

    field: str
    operator: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestAttributes:
    """Who asks to do what to which object (kube's ``authorizer.Attributes``).

    For a collection ``create`` the name is empty: the object's name is in the body, which
    authorization does not see (:func:`kubeedge.apiserver.auth.nodeauthz.admit_node_create` does).
    """

    user: UserInfo
    verb: str
    is_resource_request: bool
    path: str = ""
    group: str = ""
    resource: str = ""
    subresource: str = ""
    namespace: str = ""
    name: str = ""
    label_selector: str = ""
    field_selector: str = ""

    @property
    def qualified_resource(self) -> str:
        """``resource.group`` as kube's ``GroupResource.String()`` (just ``resource`` for core)."""
        return f"{self.resource}.{self.group}" if self.group else self.resource

    @property
    def effective_name(self) -> str:
        """The object name, including a list/watch narrowed by ``fieldSelector=metadata.name=x``.

        kube's ``RequestInfo`` turns such a selector into the request's name, so rules written for
        ``get`` of one object also admit a list or watch of that single object.
        """
        if self.name or self.verb not in (Verb.LIST, Verb.WATCH):
            return self.name
        return self.field_equals("metadata.name") or ""

    def field_equals(self, field_path: str) -> str | None:
        """The value an equality term of the field selector requires for ``field_path``, if any."""
        for requirement in field_requirements(self.field_selector):
            if requirement.field == field_path and requirement.operator == "=":
                return requirement.value
        return None


@dataclass(frozen=True, slots=True)
class Decision:
    """The outcome of authorization. ``reason`` is appended to the 403 message when denied."""

    allowed: bool
    reason: str = ""

    @classmethod
    def allow(cls, reason: str = "") -> Decision:
        return cls(True, reason)

    @classmethod
    def deny(cls, reason: str = "") -> Decision:
        return cls(False, reason)


_ESCAPABLE = frozenset("\\,=")


def _split_terms(selector: str) -> list[str] | None:
    terms: list[str] = []
    current: list[str] = []
    chars = iter(selector)
    for char in chars:
        if char == "\\":
            escaped = next(chars, None)
            if escaped is None:
                return None
            current.append(char + escaped)  # keep the escape; values are unescaped later
        elif char == ",":
            terms.append("".join(current))
            current = []
        else:
            current.append(char)
    terms.append("".join(current))
    return terms


def _unescape(value: str) -> str | None:
    out: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            escaped = next(chars, None)
            if escaped is None or escaped not in _ESCAPABLE:
                return None
            out.append(escaped)
        else:
            out.append(char)
    return "".join(out)


def _split_term(term: str) -> FieldRequirement | None:
    index = 0
    while index < len(term):
        if term[index] == "\\":
            index += 2
            continue
        for operator, folded in (("!=", "!="), ("==", "="), ("=", "=")):
            if term.startswith(operator, index):
                value = _unescape(term[index + len(operator) :])
                field_path = term[:index].strip()
                if value is None or not field_path:
                    return None
                return FieldRequirement(field=field_path, operator=folded, value=value)
        index += 1
    return None


def field_requirements(selector: str) -> tuple[FieldRequirement, ...]:
    """The terms of a field selector; empty for an empty or unreadable selector."""
    if not selector.strip():
        return ()
    terms = _split_terms(selector)
    if terms is None:
        return ()
    requirements: list[FieldRequirement] = []
    for term in terms:
        if not term.strip():
            continue
        requirement = _split_term(term)
        if requirement is None:
            return ()
        requirements.append(requirement)
    return tuple(requirements)
