"""Node-placement predicates shared by the scheduler and the DaemonSet controller.

Both ask the same two questions of a (pod spec, node) pair, with the same rules kube uses in
``component-helpers/scheduling/corev1``: does the node satisfy the pod's ``nodeSelector`` and
required node affinity, and which of the node's taints does the pod not tolerate. Keeping them
in one place means a DaemonSet and a scheduled pod can never disagree about a node.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import EMPTY, labels_of, map_matches, meta

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping

__all__ = [
    "find_untolerated_taint",
    "node_affinity_preference",
    "required_affinity_matches",
    "term_matches",
    "tolerates",
]


def tolerates(toleration: Mapping[str, Any], taint: Mapping[str, Any]) -> bool:
    """``Toleration.ToleratesTaint``: empty effect matches every effect, empty key with
    ``Exists`` matches every key, the operator defaults to ``Equal``.
    """
    if toleration.get("effect") and toleration["effect"] != taint.get("effect"):
        return False
    if toleration.get("key") and toleration["key"] != taint.get("key"):
        return False
    operator = toleration.get("operator") or "Equal"
    if operator == "Exists":
        return True
    if operator == "Equal":
        return (toleration.get("value") or "") == (taint.get("value") or "")
    return False


def find_untolerated_taint(
    taints: Iterable[Mapping[str, Any]],
    tolerations: Iterable[Mapping[str, Any]],
    effects: Collection[str],
) -> Mapping[str, Any] | None:
    """``v1helper.FindMatchingUntoleratedTaint`` restricted to taints with one of ``effects``."""
    tolerations = list(tolerations)
    for taint in taints:
        if taint.get("effect") not in effects:
            continue
        if not any(tolerates(toleration, taint) for toleration in tolerations):
            return taint
    return None


def _requirement_matches(requirement: Mapping[str, Any], values_by_key: Mapping[str, str]) -> bool:
    key = requirement.get("key", "")
    operator = requirement.get("operator", "")
    values: list[str] = list(requirement.get("values") or [])
    present = key in values_by_key
    if operator == "In":
        return present and values_by_key[key] in values
    if operator == "NotIn":
        return not present or values_by_key[key] not in values
    if operator == "Exists":
        return present
    if operator == "DoesNotExist":
        return not present
    if operator in ("Gt", "Lt"):
        # Both sides must parse as integers; anything else is not a match (kube's rule).
        if not present or len(values) != 1:
            return False
        try:
            actual, bound = int(values_by_key[key]), int(values[0])
        except ValueError:
            return False
        return actual > bound if operator == "Gt" else actual < bound
    return False


def term_matches(term: Mapping[str, Any], node: Mapping[str, Any]) -> bool:
    """One ``NodeSelectorTerm``: its expressions (labels) and fields (``metadata.name``) ANDed.

    A term with neither matches no node, as documented for ``nodeSelectorTerms``.
    """
    expressions = term.get("matchExpressions") or ()
    fields = term.get("matchFields") or ()
    if not expressions and not fields:
        return False
    labels = labels_of(node)
    node_fields = {"metadata.name": meta(node).get("name", "")}
    return all(_requirement_matches(r, labels) for r in expressions) and all(
        _requirement_matches(r, node_fields) for r in fields
    )


def required_affinity_matches(pod_spec: Mapping[str, Any], node: Mapping[str, Any]) -> bool:
    """``nodeaffinity.GetRequiredNodeAffinity(pod).Match(node)``: ``nodeSelector`` and, if
    present, the required ``nodeSelectorTerms`` (ORed).
    """
    if not map_matches(pod_spec.get("nodeSelector") or EMPTY, labels_of(node)):
        return False
    node_affinity = (pod_spec.get("affinity") or EMPTY).get("nodeAffinity") or EMPTY
    required = node_affinity.get("requiredDuringSchedulingIgnoredDuringExecution")
    if required is None:
        return True
    return any(term_matches(term, node) for term in required.get("nodeSelectorTerms") or ())


def node_affinity_preference(pod_spec: Mapping[str, Any], node: Mapping[str, Any]) -> int:
    """The NodeAffinity score before normalisation: the weights of matching preferred terms."""
    node_affinity = (pod_spec.get("affinity") or EMPTY).get("nodeAffinity") or EMPTY
    preferred = node_affinity.get("preferredDuringSchedulingIgnoredDuringExecution") or ()
    return sum(
        int(term.get("weight") or 0) for term in preferred if term_matches(term.get("preference") or EMPTY, node)
    )
