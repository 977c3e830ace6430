"""Leases (``coordination.k8s.io``): positive durations, non-negative transition counts.

kube validates lease metadata with apimachinery's generic rules (no standard-finalizer check).
``strategy``/``preferredHolder`` belong to the CoordinatedLeaderElection feature, off in kube
1.32, and are dropped by kube's strategy before validation; we do not validate them.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, meta, names, rules

__all__ = ["validate_lease", "validate_lease_update"]


def _spec(raw: Any) -> list[FieldError]:
    spec = access.mapping(raw)
    errs: list[FieldError] = []
    duration = access.integer(spec.get("leaseDurationSeconds"))
    if duration is not None and duration <= 0:
        errs.append(FieldError.invalid("spec.leaseDurationSeconds", duration, "must be greater than 0"))
    transitions = access.integer(spec.get("leaseTransitions"))
    if transitions is not None and transitions < 0:
        errs.append(FieldError.invalid("spec.leaseTransitions", transitions, rules.IS_NEGATIVE))
    return errs


def validate_lease(obj: Any) -> list[FieldError]:
    lease = access.mapping(obj)
    errs = meta.validate_object_meta(
        lease.get("metadata"),
        namespaced=True,
        name_validator=names.name_is_dns_subdomain,
        kube_finalizers=False,
    )
    return errs + _spec(lease.get("spec"))


def validate_lease_update(new: Any, old: Any) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"), kube_finalizers=False)
    return errs + _spec(n.get("spec"))
