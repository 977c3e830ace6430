"""The conditions of a terminating namespace, worded as kube's namespace controller words them."""

from __future__ import annotations

from collections import Counter

from kubeedge.apiserver.controllers.namespaces import deletion_conditions

STAMP = "2030-01-01T00:00:00Z"
LATER = "2030-01-01T00:05:00Z"


def by_type(conditions: list[dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    return {c["type"]: (c["status"], c["reason"], c["message"]) for c in conditions}


def test_content_and_finalizers_remaining() -> None:
    conditions = deletion_conditions(
        [], Counter({"pods.": 2, "widgets.example.com": 1}), Counter({"example.com/keep": 1}), STAMP
    )
    assert by_type(conditions) == {
        "NamespaceDeletionDiscoveryFailure": ("False", "ResourcesDiscovered", "All resources successfully discovered"),
        "NamespaceDeletionGroupVersionParsingFailure": (
            "False",
            "ParsedGroupVersions",
            "All legacy kube types successfully parsed",
        ),
        "NamespaceDeletionContentFailure": (
            "False",
            "ContentDeleted",
            "All content successfully deleted, may be waiting on finalization",
        ),
        "NamespaceContentRemaining": (
            "True",
            "SomeResourcesRemain",
            "Some resources are remaining: pods. has 2 resource instances, "
            "widgets.example.com has 1 resource instances",
        ),
        "NamespaceFinalizersRemaining": (
            "True",
            "SomeFinalizersRemain",
            "Some content in the namespace has finalizers remaining: example.com/keep in 1 resource instances",
        ),
    }


def test_empty_namespace_and_transition_times() -> None:
    first = deletion_conditions([], Counter({"pods.": 1}), Counter(), STAMP)
    second = deletion_conditions(first, Counter(), Counter(), LATER)
    times = {c["type"]: c["lastTransitionTime"] for c in second}
    assert by_type(second)["NamespaceContentRemaining"] == (
        "False",
        "ContentRemoved",
        "All content successfully removed",
    )
    assert times["NamespaceContentRemaining"] == LATER  # it changed
    assert times["NamespaceDeletionDiscoveryFailure"] == STAMP  # it did not
    assert deletion_conditions(second, Counter(), Counter(), LATER) == second
