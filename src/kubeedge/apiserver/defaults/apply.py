"""Dispatch by resource: which defaults apply to ``(group, plural)``.

:func:`apply_defaults` is kube's defaulting (``SetDefaults_*`` plus the canonical re-encoding of
quantities); it runs on every write, create or update, and is idempotent.
:func:`apply_create_defaults` adds the create-only effects of registry strategies and admission
(see :mod:`kubeedge.apiserver.defaults.create`); call it after :func:`apply_defaults` and after
any status reset the registry performs. Both mutate ``obj`` in place: callers pass the fresh copy
decoded from the request, which nothing else holds yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kubeedge.apiserver.defaults import apps, core, crd, create, pod

__all__ = ["apply_create_defaults", "apply_defaults"]

_Defaulter = Callable[[dict[str, Any]], None]

_DEFAULTS: dict[tuple[str, str], _Defaulter] = {
    ("", "pods"): pod.default_pod,
    ("", "services"): core.default_service,
    ("", "secrets"): core.default_secret,
    ("", "namespaces"): core.default_namespace,
    ("", "nodes"): core.default_node,
    ("", "endpoints"): core.default_endpoints,
    ("apps", "deployments"): apps.default_deployment,
    ("apps", "replicasets"): apps.default_replica_set,
    ("apps", "daemonsets"): apps.default_daemon_set,
    ("apps", "statefulsets"): apps.default_stateful_set,
    ("apiextensions.k8s.io", "customresourcedefinitions"): crd.default_crd,
}

_CREATE: dict[tuple[str, str], _Defaulter] = {
    ("", "pods"): create.prepare_pod,
    ("", "namespaces"): create.prepare_namespace,
    ("apiextensions.k8s.io", "customresourcedefinitions"): create.prepare_crd,
}


def apply_defaults(group: str, plural: str, obj: dict[str, Any]) -> None:
    """Fill in kube's defaults for a resource written by create or update.

    Mutates ``obj`` in place (it must be the request's own fresh copy). Resources without
    defaults (ConfigMaps, Events, Leases, ServiceAccounts, custom resources...) are left as is.

    Args:
        group: API group, ``""`` for core.
        plural: resource name, e.g. ``"pods"``.
        obj: the decoded object.
    """
    defaulter = _DEFAULTS.get((group, plural))
    if defaulter is not None and isinstance(obj, dict):
        defaulter(obj)


def apply_create_defaults(group: str, plural: str, obj: dict[str, Any]) -> None:
    """Apply the create-only mutations (admission defaults, create-time status); mutates ``obj``."""
    preparer = _CREATE.get((group, plural))
    if preparer is not None and isinstance(obj, dict):
        preparer(obj)
