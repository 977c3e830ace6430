"""Request attributes: field selector terms and the effective object name."""

from __future__ import annotations

import pytest

from kubeedge.apiserver.auth.attributes import (
    Decision,
    FieldRequirement,
    RequestAttributes,
    field_requirements,
)
from kubeedge.apiserver.auth.authn import ANONYMOUS


def _req(field: str, operator: str, value: str) -> FieldRequirement:
    return FieldRequirement(field=field, operator=operator, value=value)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("", ()),
        ("  ", ()),
        ("spec.nodeName=edge-1", (_req("spec.nodeName", "=", "edge-1"),)),
        ("spec.nodeName==edge-1", (_req("spec.nodeName", "=", "edge-1"),)),
        ("spec.nodeName!=edge-1", (_req("spec.nodeName", "!=", "edge-1"),)),
        ("a=1,b==2", (_req("a", "=", "1"), _req("b", "=", "2"))),
        ("a=1,", (_req("a", "=", "1"),)),
        ("a=", (_req("a", "=", ""),)),
        (r"metadata.name=x\,y", (_req("metadata.name", "=", "x,y"),)),
        (r"a=b\=c", (_req("a", "=", "b=c"),)),
        (r"a=b\\", (_req("a", "=", "b\\"),)),
        (r"a=b\q", ()),
        ("a=b\\", ()),
        ("novalue", ()),
        ("=x", ()),
        ("a=1,bad", ()),
    ],
)
def test_field_requirements(selector: str, expected: tuple[FieldRequirement, ...]) -> None:
    assert field_requirements(selector) == expected


@pytest.mark.parametrize(
    ("verb", "name", "selector", "effective"),
    [
        ("get", "n", "", "n"),
        ("list", "", "metadata.name=n", "n"),
        ("watch", "", "metadata.name==n,spec.x=y", "n"),
        ("list", "", "metadata.name!=n", ""),
        ("list", "", "", ""),
        ("delete", "", "metadata.name=n", ""),
        ("list", "explicit", "metadata.name=n", "explicit"),
    ],
)
def test_effective_name(verb: str, name: str, selector: str, effective: str) -> None:
    attrs = RequestAttributes(
        user=ANONYMOUS,
        verb=verb,
        is_resource_request=True,
        resource="pods",
        name=name,
        field_selector=selector,
    )
    assert attrs.effective_name == effective


@pytest.mark.parametrize(("group", "qualified"), [("", "pods"), ("apps", "pods.apps")])
def test_qualified_resource(group: str, qualified: str) -> None:
    attrs = RequestAttributes(user=ANONYMOUS, verb="get", is_resource_request=True, group=group, resource="pods")
    assert attrs.qualified_resource == qualified


def test_decision_constructors() -> None:
    assert Decision.allow() == Decision(True, "")
    assert Decision.deny("why") == Decision(False, "why")
