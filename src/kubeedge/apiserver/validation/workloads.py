"""Pieces shared by the workload controllers' validation (``pkg/apis/apps/validation``).

* ``IntOrString`` rollout knobs (``maxSurge: 25%`` or ``maxUnavailable: 1``);
* the label selector as kube *evaluates* it (``LabelSelectorAsSelector``): an absent selector
  selects nothing, an empty one everything;
* the pod template of a controller, which must carry the labels its selector looks for.
"""

from __future__ import annotations

import re
from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, names, rules
from kubeedge.apiserver.validation.meta import validate_label_selector
from kubeedge.apiserver.validation.paths import child
from kubeedge.apiserver.validation.pod_spec import validate_pod_template_spec

__all__ = [
    "int_or_percent_value",
    "is_empty_selector",
    "not_more_than_100_percent",
    "selector_matches",
    "validate_positive_int_or_percent",
    "validate_replicated_template",
    "validate_workload_selector",
]


def _is_percent(value: str) -> bool:
    return not names.is_valid_percent(value)


def int_or_percent_value(value: Any) -> int:
    """``getIntOrPercentValue``: the number of a ``"25%"`` or of an int; 0 when unparseable."""
    if isinstance(value, str):
        if _is_percent(value):
            return int(value[:-1])
        return int(value) if re.fullmatch("[+-]?[0-9]+", value) else 0
    return access.integer(value) or 0


def validate_positive_int_or_percent(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str):
        return rules.invalid_each(path, gotext.go_int_or_string(value), names.is_valid_percent(value))
    return rules.non_negative(access.integer(value) or 0, path)


def not_more_than_100_percent(value: Any, path: str) -> list[FieldError]:
    if isinstance(value, str) and _is_percent(value) and int(value[:-1]) > 100:
        return [FieldError.invalid(path, gotext.go_int_or_string(value), "must not be greater than 100%")]
    return []


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """Whether a (valid) ``LabelSelector`` selects ``labels``; ``None`` selects nothing."""
    if selector is None:
        return False
    sel = access.mapping(selector)
    for name, value in access.string_map(sel.get("matchLabels")).items():
        if labels.get(name) != value:
            return False
    for raw in access.items(sel.get("matchExpressions")):
        expr = access.mapping(raw)
        name = access.text(expr.get("key"))
        operator = access.text(expr.get("operator"))
        values = {access.text(v) for v in access.items(expr.get("values"))}
        present = name in labels
        if operator == "In" and not (present and labels[name] in values):
            return False
        if operator == "NotIn" and present and labels[name] in values:
            return False
        if operator == "Exists" and not present:
            return False
        if operator == "DoesNotExist" and present:
            return False
    return True


def is_empty_selector(selector: Any) -> bool:
    """A present selector with no terms: kube evaluates it as "everything"."""
    sel = access.mapping(selector)
    return (
        selector is not None
        and not access.mapping(sel.get("matchLabels"))
        and not access.items(sel.get("matchExpressions"))
    )


def validate_replicated_template(template: Any, selector: Any, path: str, *, kind: str) -> list[FieldError]:
    """``ValidatePodTemplateSpecFor{ReplicaSet,...}``: labels match, ``restartPolicy: Always``."""
    tmpl = access.mapping(template)
    labels = access.string_map(access.mapping(tmpl.get("metadata")).get("labels"))
    errs: list[FieldError] = []
    # An absent selector selects nothing, so it "does not match" even as it is reported missing.
    if not is_empty_selector(selector) and not selector_matches(selector, labels):
        errs.append(
            FieldError.invalid(
                child(path, "metadata", "labels"),
                gotext.go_string_map(access.mapping(tmpl.get("metadata")).get("labels")),
                "`selector` does not match template `labels`",
            )
        )
    errs += validate_pod_template_spec(tmpl, path)
    spec = access.mapping(tmpl.get("spec"))
    restart_policy = access.text(spec.get("restartPolicy"))
    if restart_policy != "Always":
        errs.append(FieldError.not_supported(child(path, "spec", "restartPolicy"), restart_policy, ["Always"]))
    if spec.get("activeDeadlineSeconds") is not None:
        errs.append(
            FieldError.forbidden(
                child(path, "spec", "activeDeadlineSeconds"),
                f"activeDeadlineSeconds in {kind} is not Supported",
            )
        )
    return errs


def validate_workload_selector(selector: Any, path: str, *, kind: str) -> tuple[list[FieldError], bool]:
    """A required selector; returns the errors and whether kube could evaluate it."""
    if selector is None:
        return [FieldError.required(path)], True
    errs = validate_label_selector(selector, path)
    evaluable = not errs
    if is_empty_selector(selector):
        errs.append(
            FieldError.invalid(path, gotext.go_label_selector(selector), f"empty selector is invalid for {kind}")
        )
    return errs, evaluable
