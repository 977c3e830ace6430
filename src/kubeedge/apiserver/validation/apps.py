"""Deployments, ReplicaSets, DaemonSets and the Scale subresource (``apps/v1`` validation).

A controller needs a selector that its pod template's labels satisfy, non-negative counts, a
template with ``restartPolicy: Always`` and a valid rollout strategy. Selectors are immutable in
``apps/v1`` (kube enforces this in the registry strategy rather than in validation proper; we do
it here so callers need one function).
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, gotext, meta, names, rules, workloads
from kubeedge.apiserver.validation.equality import semantic_equal
from kubeedge.apiserver.validation.paths import child

__all__ = [
    "validate_daemon_set",
    "validate_daemon_set_status_update",
    "validate_daemon_set_update",
    "validate_deployment",
    "validate_deployment_status_update",
    "validate_deployment_update",
    "validate_replica_set",
    "validate_replica_set_status_update",
    "validate_replica_set_update",
    "validate_scale",
]

_REPLICAS_BEYOND = "cannot be greater than status.replicas"


def _meta(obj: dict[str, Any]) -> list[FieldError]:
    return meta.validate_object_meta(obj.get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain)


def _count(spec: dict[str, Any], name: str, path: str) -> list[FieldError]:
    return rules.non_negative(access.integer(spec.get(name)) or 0, child(path, name))


def _replicated_spec(spec: dict[str, Any], *, kind: str) -> list[FieldError]:
    """The spec shared by Deployments and ReplicaSets."""
    errs = _count(spec, "replicas", "spec")
    if kind == "ReplicaSet":
        errs += _count(spec, "minReadySeconds", "spec")
    selector = spec.get("selector")
    # kube says "deployment" for ReplicaSets too.
    selector_errs, evaluable = workloads.validate_workload_selector(selector, "spec.selector", kind="deployment")
    errs += selector_errs
    if evaluable:
        errs += workloads.validate_replicated_template(
            spec.get("template"), selector, "spec.template", kind="ReplicaSet"
        )
    else:
        errs.append(FieldError.invalid("spec.selector", gotext.go_label_selector(selector), "invalid label selector"))
    return errs


def _go_strategy(strategy: dict[str, Any]) -> gotext.GoValue:
    rolling = "nil" if strategy.get("rollingUpdate") is None else "0xc000000000"
    return gotext.GoValue(
        f"apps.DeploymentStrategy{{Type:{gotext.go_quote(access.text(strategy.get('type')))}, "
        f"RollingUpdate:(*apps.RollingUpdateDeployment)({rolling})}}"
    )


def _deployment_strategy(raw: Any) -> list[FieldError]:
    strategy = access.mapping(raw)
    kind = access.text(strategy.get("type"))
    path = "spec.strategy"
    if kind == "Recreate":
        if strategy.get("rollingUpdate") is not None:
            return [
                FieldError.forbidden(
                    child(path, "rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'"
                )
            ]
        return []
    if kind != "RollingUpdate":
        return [FieldError.not_supported(path, _go_strategy(strategy), ["Recreate", "RollingUpdate"])]
    if strategy.get("rollingUpdate") is None:
        return [FieldError.required(child(path, "rollingUpdate"), "this should be defaulted and never be nil")]
    rolling = access.mapping(strategy["rollingUpdate"])
    rolling_path = child(path, "rollingUpdate")
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errs = workloads.validate_positive_int_or_percent(unavailable, child(rolling_path, "maxUnavailable"))
    errs += workloads.validate_positive_int_or_percent(surge, child(rolling_path, "maxSurge"))
    if workloads.int_or_percent_value(unavailable) == 0 and workloads.int_or_percent_value(surge) == 0:
        errs.append(
            FieldError.invalid(
                child(rolling_path, "maxUnavailable"),
                gotext.go_int_or_string(unavailable),
                "may not be 0 when `maxSurge` is 0",
            )
        )
    return errs + workloads.not_more_than_100_percent(unavailable, child(rolling_path, "maxUnavailable"))


def _deployment_spec(raw: Any) -> list[FieldError]:
    spec = access.mapping(raw)
    errs = _replicated_spec(spec, kind="Deployment")
    errs += _deployment_strategy(spec.get("strategy"))
    errs += _count(spec, "minReadySeconds", "spec")
    if spec.get("revisionHistoryLimit") is not None:
        errs += _count(spec, "revisionHistoryLimit", "spec")
    deadline = access.integer(spec.get("progressDeadlineSeconds"))
    if deadline is not None:
        errs += rules.non_negative(deadline, "spec.progressDeadlineSeconds")
        if deadline <= (access.integer(spec.get("minReadySeconds")) or 0):
            errs.append(
                FieldError.invalid("spec.progressDeadlineSeconds", deadline, "must be greater than minReadySeconds")
            )
    return errs


def _selector_immutable(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    new_selector = access.mapping(new.get("spec")).get("selector")
    old_selector = access.mapping(old.get("spec")).get("selector")
    if semantic_equal(new_selector, old_selector) and (new_selector is None) == (old_selector is None):
        return []
    return [FieldError.invalid("spec.selector", gotext.go_label_selector(new_selector), rules.FIELD_IMMUTABLE)]


def validate_deployment(obj: Any) -> list[FieldError]:
    deployment = access.mapping(obj)
    return _meta(deployment) + _deployment_spec(deployment.get("spec"))


def validate_deployment_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    return errs + _deployment_spec(n.get("spec")) + _selector_immutable(n, o)


def _status_counts(status: dict[str, Any], fields: tuple[str, ...]) -> list[FieldError]:
    errs: list[FieldError] = []
    for name in fields:
        errs += _count(status, name, "status")
    if status.get("collisionCount") is not None:
        errs += _count(status, "collisionCount", "status")
    return errs


def _not_beyond(status: dict[str, Any], fields: tuple[str, ...]) -> list[FieldError]:
    replicas = access.integer(status.get("replicas")) or 0
    errs: list[FieldError] = []
    for name in fields:
        value = access.integer(status.get(name)) or 0
        if value > replicas:
            errs.append(FieldError.invalid(child("status", name), value, _REPLICAS_BEYOND))
    available = access.integer(status.get("availableReplicas")) or 0
    if available > (access.integer(status.get("readyReplicas")) or 0):
        errs.append(FieldError.invalid("status.availableReplicas", available, "cannot be greater than readyReplicas"))
    return errs


def _collision_not_decremented(new: dict[str, Any], old: dict[str, Any]) -> list[FieldError]:
    new_count = access.integer(new.get("collisionCount"))
    old_count = access.integer(old.get("collisionCount"))
    if old_count is not None and (new_count is None or new_count < old_count):
        return [FieldError.invalid("status.collisionCount", new_count or 0, "cannot be decremented")]
    return []


def validate_deployment_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    status = access.mapping(n.get("status"))
    errs += _status_counts(
        status,
        (
            "observedGeneration",
            "replicas",
            "updatedReplicas",
            "readyReplicas",
            "availableReplicas",
            "unavailableReplicas",
        ),
    )
    errs += _not_beyond(status, ("updatedReplicas", "readyReplicas", "availableReplicas"))
    return errs + _collision_not_decremented(status, access.mapping(o.get("status")))


def validate_replica_set(obj: Any) -> list[FieldError]:
    replica_set = access.mapping(obj)
    return _meta(replica_set) + _replicated_spec(access.mapping(replica_set.get("spec")), kind="ReplicaSet")


def validate_replica_set_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    errs += _replicated_spec(access.mapping(n.get("spec")), kind="ReplicaSet")
    return errs + _selector_immutable(n, o)


def validate_replica_set_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    status = access.mapping(n.get("status"))
    fields = ("replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration")
    errs += [e for name in fields for e in _count(status, name, "status")]
    return errs + _not_beyond(status, ("fullyLabeledReplicas", "readyReplicas", "availableReplicas"))


def _go_daemon_strategy(strategy: dict[str, Any]) -> gotext.GoValue:
    rolling = "nil" if strategy.get("rollingUpdate") is None else "0xc000000000"
    return gotext.GoValue(
        f"apps.DaemonSetUpdateStrategy{{Type:{gotext.go_quote(access.text(strategy.get('type')))}, "
        f"RollingUpdate:(*apps.RollingUpdateDaemonSet)({rolling})}}"
    )


def _daemon_strategy(raw: Any) -> list[FieldError]:
    strategy = access.mapping(raw)
    kind = access.text(strategy.get("type"))
    path = "spec.updateStrategy"
    if kind == "OnDelete":
        return []
    if kind != "RollingUpdate":
        return [FieldError.not_supported(path, _go_daemon_strategy(strategy), ["RollingUpdate", "OnDelete"])]
    if strategy.get("rollingUpdate") is None:
        return [FieldError.required(child(path, "rollingUpdate"))]
    rolling = access.mapping(strategy["rollingUpdate"])
    rolling_path = child(path, "rollingUpdate")
    unavailable, surge = rolling.get("maxUnavailable", 0), rolling.get("maxSurge", 0)
    errs = workloads.validate_positive_int_or_percent(unavailable, child(rolling_path, "maxUnavailable"))
    errs += workloads.validate_positive_int_or_percent(surge, child(rolling_path, "maxSurge"))
    errs += workloads.not_more_than_100_percent(unavailable, child(rolling_path, "maxUnavailable"))
    errs += workloads.not_more_than_100_percent(surge, child(rolling_path, "maxSurge"))
    has_unavailable = workloads.int_or_percent_value(unavailable) != 0
    has_surge = workloads.int_or_percent_value(surge) != 0
    if has_unavailable and has_surge:
        errs.append(
            FieldError.invalid(
                child(rolling_path, "maxSurge"),
                gotext.go_int_or_string(surge),
                "may not be set when maxUnavailable is non-zero",
            )
        )
    elif not has_unavailable and not has_surge:
        errs.append(FieldError.required(child(rolling_path, "maxUnavailable"), "cannot be 0 when maxSurge is 0"))
    return errs


def _daemon_spec(raw: Any) -> list[FieldError]:
    spec = access.mapping(raw)
    selector = spec.get("selector")
    errs = meta.validate_label_selector(selector, "spec.selector")
    template = access.mapping(spec.get("template"))
    labels = access.string_map(access.mapping(template.get("metadata")).get("labels"))
    evaluable = not errs
    if evaluable and not workloads.is_empty_selector(selector) and not workloads.selector_matches(selector, labels):
        errs.append(
            FieldError.invalid(
                "spec.template.metadata.labels",
                gotext.go_string_map(access.mapping(template.get("metadata")).get("labels")),
                "`selector` does not match template `labels`",
            )
        )
    if selector is not None and workloads.is_empty_selector(selector):
        errs.append(
            FieldError.invalid(
                "spec.selector", gotext.go_label_selector(selector), "empty selector is invalid for daemonset"
            )
        )
    # The label check was done above; an empty selector makes the shared helper skip it.
    errs += workloads.validate_replicated_template(template, {}, "spec.template", kind="DaemonSet")
    errs += _count(spec, "minReadySeconds", "spec")
    errs += _daemon_strategy(spec.get("updateStrategy"))
    if spec.get("revisionHistoryLimit") is not None:
        errs += _count(spec, "revisionHistoryLimit", "spec")
    return errs


def validate_daemon_set(obj: Any) -> list[FieldError]:
    daemon_set = access.mapping(obj)
    return _meta(daemon_set) + _daemon_spec(daemon_set.get("spec"))


def validate_daemon_set_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    return errs + _daemon_spec(n.get("spec")) + _selector_immutable(n, o)


def validate_daemon_set_status_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    status = access.mapping(n.get("status"))
    fields = (
        "currentNumberScheduled",
        "numberMisscheduled",
        "desiredNumberScheduled",
        "numberReady",
        "observedGeneration",
        "updatedNumberScheduled",
        "numberAvailable",
        "numberUnavailable",
    )
    errs += _status_counts(status, fields)
    return errs + _collision_not_decremented(status, access.mapping(o.get("status")))


def validate_scale(obj: Any) -> list[FieldError]:
    """An ``autoscaling/v1`` Scale written to a ``/scale`` subresource."""
    scale = access.mapping(obj)
    errs = _meta(scale)
    replicas = access.integer(access.mapping(scale.get("spec")).get("replicas")) or 0
    if replicas < 0:
        errs.append(FieldError.invalid("spec.replicas", replicas, rules.IS_NEGATIVE))
    return errs
