"""Defaults of ``apps/v1`` workloads (``pkg/apis/apps/v1/defaults.go``) and their pod templates.

Templates get the pod *spec* defaults only: ``enableServiceLinks`` and requests copied from
limits materialise on the Pods a controller creates, not in its template.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.defaults.fields import child_map, child_maps, normalize_resource_list, set_if_unset
from kubeedge.apiserver.defaults.pod import default_pod_spec

__all__ = ["default_daemon_set", "default_deployment", "default_replica_set", "default_stateful_set"]


def _template(spec: dict[str, Any]) -> None:
    template = child_map(spec, "template")
    pod_spec = child_map(template, "spec") if template is not None else None
    if pod_spec is not None:
        default_pod_spec(pod_spec)


def _spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    return child_map(obj, "spec")


def _rolling(strategy: dict[str, Any]) -> dict[str, Any]:
    rolling = strategy.get("rollingUpdate")
    if not isinstance(rolling, dict):
        rolling = strategy["rollingUpdate"] = {}
    return rolling


def default_deployment(deployment: dict[str, Any]) -> None:
    spec = _spec(deployment)
    if spec is None:
        return
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    strategy = spec.get("strategy")
    if not isinstance(strategy, dict):
        strategy = spec["strategy"] = {}
    set_if_unset(strategy, "type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = _rolling(strategy)
        for name in ("maxUnavailable", "maxSurge"):
            if rolling.get(name) is None:
                rolling[name] = "25%"
    for name, value in (("revisionHistoryLimit", 10), ("progressDeadlineSeconds", 600)):
        if spec.get(name) is None:
            spec[name] = value
    _template(spec)


def default_replica_set(replica_set: dict[str, Any]) -> None:
    spec = _spec(replica_set)
    if spec is None:
        return
    if spec.get("replicas") is None:
        spec["replicas"] = 1
    _template(spec)


def default_daemon_set(daemon_set: dict[str, Any]) -> None:
    spec = _spec(daemon_set)
    if spec is None:
        return
    strategy = spec.get("updateStrategy")
    if not isinstance(strategy, dict):
        strategy = spec["updateStrategy"] = {}
    set_if_unset(strategy, "type", "RollingUpdate")
    if strategy["type"] == "RollingUpdate":
        rolling = _rolling(strategy)
        for name, value in (("maxUnavailable", 1), ("maxSurge", 0)):
            if rolling.get(name) is None:
                rolling[name] = value
    if spec.get("revisionHistoryLimit") is None:
        spec["revisionHistoryLimit"] = 10
    _template(spec)


def default_stateful_set(stateful_set: dict[str, Any]) -> None:
    spec = _spec(stateful_set)
    if spec is None:
        return
    set_if_unset(spec, "podManagementPolicy", "OrderedReady")
    strategy = spec.get("updateStrategy")
    if not isinstance(strategy, dict):
        strategy = spec["updateStrategy"] = {}
    if not strategy.get("type"):
        strategy["type"] = "RollingUpdate"
        _rolling(strategy)
    rolling = child_map(strategy, "rollingUpdate")
    if strategy["type"] == "RollingUpdate" and rolling is not None and rolling.get("partition") is None:
        rolling["partition"] = 0
    retention = spec.get("persistentVolumeClaimRetentionPolicy")
    if not isinstance(retention, dict):
        retention = spec["persistentVolumeClaimRetentionPolicy"] = {}
    for name in ("whenDeleted", "whenScaled"):
        set_if_unset(retention, name, "Retain")
    for name, value in (("replicas", 1), ("revisionHistoryLimit", 10)):
        if spec.get(name) is None:
            spec[name] = value
    _template(spec)
    for claim in child_maps(spec, "volumeClaimTemplates"):
        claim_spec = child_map(claim, "spec")
        if claim_spec is not None:
            set_if_unset(claim_spec, "volumeMode", "Filesystem")
            resources = child_map(claim_spec, "resources")
            if resources is not None:
                normalize_resource_list(resources, "requests")
                normalize_resource_list(resources, "limits")
