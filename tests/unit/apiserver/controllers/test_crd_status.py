"""CRD status: accepted names and conflicts, Established, stored versions (apiextensions' rules)."""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.controllers import crd_status

STAMP = "2030-01-01T00:00:00Z"
LATER = "2030-01-01T01:00:00Z"


def crd(
    plural: str, kind: str, *, group: str = "example.com", short: list[str] | None = None, **status: Any
) -> dict[str, Any]:
    names: dict[str, Any] = {"plural": plural, "kind": kind}
    if short is not None:
        names["shortNames"] = short
    return {
        "metadata": {"name": f"{plural}.{group}"},
        "spec": {
            "group": group,
            "names": names,
            "versions": [
                {"name": "v1beta1", "served": True, "storage": False},
                {"name": "v1", "served": True, "storage": True},
            ],
        },
        "status": status,
    }


def conditions(status: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in status["conditions"]}


def test_fresh_crd_is_accepted_and_established() -> None:
    new = crd("widgets", "Widget")
    status = crd_status.crd_status(new, [new], stamp=STAMP)
    assert status["acceptedNames"] == {
        "plural": "widgets",
        "singular": "widget",
        "kind": "Widget",
        "listKind": "WidgetList",
    }
    assert conditions(status) == {
        "NamesAccepted": ("True", "NoConflicts", "no conflicts found"),
        "Established": ("True", "InitialNamesAccepted", "the initial names have been accepted"),
    }
    assert status["storedVersions"] == ["v1"]


def _accepted(plural: str, kind: str, short: list[str] | None = None) -> dict[str, Any]:
    names: dict[str, Any] = {"plural": plural, "singular": plural.rstrip("s"), "kind": kind, "listKind": f"{kind}List"}
    if short:
        names["shortNames"] = short
    return crd(plural, kind, short=short, acceptedNames=names)


@pytest.mark.parametrize(
    ("new", "reason", "message"),
    [
        (crd("widgets", "Gadget"), "PluralConflict", '"widgets" is already in use'),
        # Both the kind and its default list kind are taken: the last conflict found is reported.
        (crd("gadgets", "Widget"), "ListKindConflict", '"WidgetList" is already in use'),
        (crd("gadgets", "Gadget", short=["wd"]), "ShortNamesConflict", '"wd" is already in use'),
    ],
)
def test_names_taken_in_the_group_conflict(new: dict[str, Any], reason: str, message: str) -> None:
    existing = _accepted("widgets", "Widget", ["wd"])
    status = crd_status.crd_status(new, [existing, new], stamp=STAMP)
    assert conditions(status)["NamesAccepted"] == ("False", reason, message)
    assert conditions(status)["Established"] == ("False", "NotAccepted", "not all names are accepted")


def test_other_groups_do_not_conflict() -> None:
    existing = _accepted("widgets", "Widget")
    other = crd("widgets", "Widget", group="other.io")
    assert conditions(crd_status.crd_status(other, [existing, other], stamp=STAMP))["NamesAccepted"][0] == "True"


def test_settled_status_is_unchanged_and_keeps_transition_times() -> None:
    first = crd("widgets", "Widget")
    status = crd_status.crd_status(first, [first], stamp=STAMP)
    settled = {**first, "status": status}
    again = crd_status.crd_status(settled, [settled], stamp=LATER)
    assert again == status


def test_stored_versions_only_grow() -> None:
    old = crd("widgets", "Widget", storedVersions=["v1beta1"])
    assert crd_status.crd_status(old, [old], stamp=STAMP)["storedVersions"] == ["v1beta1", "v1"]


def test_set_condition_keeps_the_transition_time_of_an_unchanged_status() -> None:
    current = [{"type": "Terminating", "status": "True", "reason": "A", "message": "a", "lastTransitionTime": STAMP}]
    updated = crd_status.set_condition(
        current, {"type": "Terminating", "status": "True", "reason": "B", "message": "b", "lastTransitionTime": LATER}
    )
    assert updated == [
        {"type": "Terminating", "status": "True", "reason": "B", "message": "b", "lastTransitionTime": STAMP}
    ]
    flipped = crd_status.set_condition(
        updated, {"type": "Terminating", "status": "False", "reason": "C", "message": "c", "lastTransitionTime": LATER}
    )
    assert flipped[0]["lastTransitionTime"] == LATER
