"""Scheduling constraints: node selector terms, (anti-)affinity, tolerations, topology spread.

These mirror core validation's selector rules: ``In``/``NotIn`` need values, ``Exists`` and
``DoesNotExist`` forbid them, ``Gt``/``Lt`` take exactly one; weights are 1-100; a toleration with
no key must use ``Exists``. Required node affinity checks label *values* strictly, preferred
affinity does not (kube lets a preference name any value).
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, names, rules
from kubeedge.apiserver.validation.meta import validate_label_name, validate_label_selector
from kubeedge.apiserver.validation.paths import child, index

__all__ = [
    "TAINT_EFFECTS",
    "validate_affinity",
    "validate_node_selector",
    "validate_taint_effect",
    "validate_tolerations",
    "validate_topology_spread_constraints",
]

TAINT_EFFECTS = ("NoSchedule", "PreferNoSchedule", "NoExecute")
_WHEN_UNSATISFIABLE = ("DoNotSchedule", "ScheduleAnyway")
_NODE_INCLUSION_POLICIES = ("Honor", "Ignore")
_NOT_POSITIVE = "must be greater than zero"


def _requirement(raw: Any, path: str, *, strict_values: bool) -> list[FieldError]:
    req = access.mapping(raw)
    operator = access.text(req.get("operator"))
    values = [access.text(v) for v in access.items(req.get("values"))]
    values_path = child(path, "values")
    errs: list[FieldError] = []
    if operator in ("In", "NotIn"):
        if not values:
            errs.append(FieldError.required(values_path, "must be specified when `operator` is 'In' or 'NotIn'"))
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            errs.append(
                FieldError.forbidden(values_path, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
            )
    elif operator in ("Gt", "Lt"):
        if len(values) != 1:
            errs.append(
                FieldError.required(values_path, "must be specified single value when `operator` is 'Lt' or 'Gt'")
            )
    else:
        errs.append(FieldError.invalid(child(path, "operator"), operator, "not a valid selector operator"))
    errs += validate_label_name(access.text(req.get("key")), child(path, "key"))
    if strict_values:
        for i, value in enumerate(values):
            errs += rules.invalid_each(index(values_path, i), value, names.is_valid_label_value(value))
    return errs


def _field_requirement(raw: Any, path: str) -> list[FieldError]:
    req = access.mapping(raw)
    operator = access.text(req.get("operator"))
    values = [access.text(v) for v in access.items(req.get("values"))]
    errs: list[FieldError] = []
    if operator in ("In", "NotIn"):
        if len(values) != 1:
            errs.append(
                FieldError.required(
                    child(path, "values"),
                    "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
                )
            )
    else:
        errs.append(FieldError.invalid(child(path, "operator"), operator, "not a valid selector operator"))
    key = access.text(req.get("key"))
    if key != "metadata.name":
        errs.append(FieldError.invalid(child(path, "key"), key, "not a valid field selector key"))
    else:
        for i, value in enumerate(values):
            errs += rules.invalid_each(
                index(child(path, "values"), i), value, names.name_is_dns_subdomain(value, False)
            )
    return errs


def _term(raw: Any, path: str, *, strict_values: bool) -> list[FieldError]:
    term = access.mapping(raw)
    errs: list[FieldError] = []
    for j, req in enumerate(access.items(term.get("matchExpressions"))):
        errs += _requirement(req, index(child(path, "matchExpressions"), j), strict_values=strict_values)
    for j, req in enumerate(access.items(term.get("matchFields"))):
        errs += _field_requirement(req, index(child(path, "matchFields"), j))
    return errs


def validate_node_selector(raw: Any, path: str) -> list[FieldError]:
    """A required ``NodeSelector``: at least one term, values checked strictly."""
    terms = access.items(access.mapping(raw).get("nodeSelectorTerms"))
    terms_path = child(path, "nodeSelectorTerms")
    if not terms:
        return [FieldError.required(terms_path, "must have at least one node selector term")]
    errs: list[FieldError] = []
    for i, term in enumerate(terms):
        errs += _term(term, index(terms_path, i), strict_values=True)
    return errs


def _weight(raw: dict[str, Any], path: str) -> list[FieldError]:
    weight = access.integer(raw.get("weight")) or 0
    if not 1 <= weight <= 100:
        return [FieldError.invalid(child(path, "weight"), weight, "must be in the range 1-100")]
    return []


def _label_keys(keys: Any, path: str, selector: Any) -> list[FieldError]:
    values = [access.text(k) for k in access.items(keys)]
    if not values:
        return []
    if selector is None:
        return [FieldError.forbidden(path, "must not be specified when labelSelector is not set")]
    errs: list[FieldError] = []
    for i, key in enumerate(values):
        errs += validate_label_name(key, index(path, i))
    return errs


def _pod_affinity_term(raw: Any, path: str) -> list[FieldError]:
    term = access.mapping(raw)
    errs = validate_label_selector(term.get("labelSelector"), child(path, "labelSelector"))
    errs += validate_label_selector(term.get("namespaceSelector"), child(path, "namespaceSelector"))
    for namespace in access.items(term.get("namespaces")):
        text = access.text(namespace)
        # kube reports these at ".namespace" (singular).
        errs += rules.invalid_each(child(path, "namespace"), text, names.name_is_dns_label(text, False))
    selector = term.get("labelSelector")
    match_keys = [access.text(k) for k in access.items(term.get("matchLabelKeys"))]
    errs += _label_keys(term.get("matchLabelKeys"), child(path, "matchLabelKeys"), selector)
    errs += _label_keys(term.get("mismatchLabelKeys"), child(path, "mismatchLabelKeys"), selector)
    mismatch = {access.text(k) for k in access.items(term.get("mismatchLabelKeys"))}
    for i, key in enumerate(match_keys):
        if key in mismatch:
            errs.append(
                FieldError.invalid(
                    index(child(path, "matchLabelKeys"), i),
                    key,
                    "exists in both matchLabelKeys and mismatchLabelKeys",
                )
            )
    topology_key = access.text(term.get("topologyKey"))
    if not topology_key:
        errs.append(FieldError.required(child(path, "topologyKey"), "can not be empty"))
    return errs + validate_label_name(topology_key, child(path, "topologyKey"))


def _pod_affinity(raw: Any, path: str) -> list[FieldError]:
    affinity = access.mapping(raw)
    errs: list[FieldError] = []
    required_path = child(path, "requiredDuringSchedulingIgnoredDuringExecution")
    for i, term in enumerate(access.items(affinity.get("requiredDuringSchedulingIgnoredDuringExecution"))):
        errs += _pod_affinity_term(term, index(required_path, i))
    preferred_path = child(path, "preferredDuringSchedulingIgnoredDuringExecution")
    for i, raw_term in enumerate(access.items(affinity.get("preferredDuringSchedulingIgnoredDuringExecution"))):
        weighted = access.mapping(raw_term)
        term_path = index(preferred_path, i)
        errs += _weight(weighted, term_path)
        errs += _pod_affinity_term(weighted.get("podAffinityTerm"), child(term_path, "podAffinityTerm"))
    return errs


def validate_affinity(raw: Any, path: str) -> list[FieldError]:
    if raw is None:
        return []
    affinity = access.mapping(raw)
    errs: list[FieldError] = []
    if access.present(affinity, "nodeAffinity"):
        node = access.mapping(affinity["nodeAffinity"])
        node_path = child(path, "nodeAffinity")
        required = node.get("requiredDuringSchedulingIgnoredDuringExecution")
        if required is not None:
            errs += validate_node_selector(required, child(node_path, "requiredDuringSchedulingIgnoredDuringExecution"))
        preferred_path = child(node_path, "preferredDuringSchedulingIgnoredDuringExecution")
        for i, raw_term in enumerate(access.items(node.get("preferredDuringSchedulingIgnoredDuringExecution"))):
            term = access.mapping(raw_term)
            term_path = index(preferred_path, i)
            errs += _weight(term, term_path)
            errs += _term(term.get("preference"), child(term_path, "preference"), strict_values=False)
    for name in ("podAffinity", "podAntiAffinity"):
        if access.present(affinity, name):
            errs += _pod_affinity(affinity[name], child(path, name))
    return errs


def validate_taint_effect(effect: str, path: str, *, allow_empty: bool) -> list[FieldError]:
    if not allow_empty and not effect:
        return [FieldError.required(path)]
    if effect not in TAINT_EFFECTS:
        return [FieldError.not_supported(path, effect, list(TAINT_EFFECTS))]
    return []


def validate_tolerations(tolerations: Any, path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    for i, raw in enumerate(access.items(tolerations)):
        tol_path = index(path, i)
        tol = access.mapping(raw)
        key = access.text(tol.get("key"))
        operator = access.text(tol.get("operator"))
        value = access.text(tol.get("value"))
        effect = access.text(tol.get("effect"))
        if key:
            errs += validate_label_name(key, child(tol_path, "key"))
        if not key and operator != "Exists":
            errs.append(
                FieldError.invalid(
                    child(tol_path, "operator"),
                    operator,
                    'operator must be Exists when `key` is empty, which means "match all values and all keys"',
                )
            )
        if tol.get("tolerationSeconds") is not None and effect != "NoExecute":
            errs.append(
                FieldError.invalid(
                    child(tol_path, "effect"),
                    effect,
                    "effect must be 'NoExecute' when `tolerationSeconds` is set",
                )
            )
        if operator in ("Equal", ""):
            problems = names.is_valid_label_value(value)
            if problems:
                errs.append(FieldError.invalid(child(tol_path, "operator"), value, ";".join(problems)))
        elif operator == "Exists":
            if value:
                errs.append(
                    FieldError.invalid(
                        child(tol_path, "operator"), value, "value must be empty when `operator` is 'Exists'"
                    )
                )
        else:
            errs.append(FieldError.not_supported(child(tol_path, "operator"), operator, ["Equal", "Exists"]))
        if effect:
            errs += validate_taint_effect(effect, child(tol_path, "effect"), allow_empty=True)
    return errs


def validate_topology_spread_constraints(constraints: Any, path: str) -> list[FieldError]:
    entries = [access.mapping(c) for c in access.items(constraints)]
    errs: list[FieldError] = []
    for i, constraint in enumerate(entries):
        c_path = index(path, i)
        max_skew = access.integer(constraint.get("maxSkew")) or 0
        if max_skew <= 0:
            errs.append(FieldError.invalid(child(c_path, "maxSkew"), max_skew, _NOT_POSITIVE))
        topology_key = access.text(constraint.get("topologyKey"))
        if not topology_key:
            errs.append(FieldError.required(child(c_path, "topologyKey"), "can not be empty"))
        action = access.text(constraint.get("whenUnsatisfiable"))
        if action not in _WHEN_UNSATISFIABLE:
            errs.append(FieldError.not_supported(child(c_path, "whenUnsatisfiable"), action, list(_WHEN_UNSATISFIABLE)))
        for later in entries[i + 1 :]:
            if (access.text(later.get("topologyKey")), access.text(later.get("whenUnsatisfiable"))) == (
                topology_key,
                action,
            ):
                errs.append(
                    FieldError.duplicate(
                        child(c_path, "{topologyKey, whenUnsatisfiable}"), f"{{{topology_key}, {action}}}"
                    )
                )
                break
        min_domains = access.integer(constraint.get("minDomains"))
        if min_domains is not None:
            if min_domains <= 0:
                errs.append(FieldError.invalid(child(c_path, "minDomains"), min_domains, _NOT_POSITIVE))
            if action != "DoNotSchedule":
                errs.append(
                    FieldError.invalid(
                        child(c_path, "minDomains"),
                        min_domains,
                        f"can only use minDomains if whenUnsatisfiable=DoNotSchedule, not {action}",
                    )
                )
        for policy_name in ("nodeAffinityPolicy", "nodeTaintsPolicy"):
            if constraint.get(policy_name) is not None:
                policy = access.text(constraint[policy_name])
                if policy not in _NODE_INCLUSION_POLICIES:
                    errs.append(
                        FieldError.not_supported(child(c_path, policy_name), policy, list(_NODE_INCLUSION_POLICIES))
                    )
        errs += _label_keys(
            constraint.get("matchLabelKeys"), child(c_path, "matchLabelKeys"), constraint.get("labelSelector")
        )
        errs += validate_label_selector(constraint.get("labelSelector"), child(c_path, "labelSelector"))
    return errs
