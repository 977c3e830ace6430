"""One entry point per resource: ``validators_for(group, plural)``.

The request path calls ``create``/``update``/``status_update`` of the returned
:class:`KindValidation` and turns a non-empty result into ``StatusError.invalid``. Each callable
also runs the generic checks kube's registry adds around a kind's own validation
(``rest.BeforeCreate``/``BeforeUpdate``): on create, once the kind's rules pass, metadata is checked
again with the path-segment name rule every resource gets; on update, the metadata-update rules
and that same check run first. kube repeats some errors this way; we drop exact repeats, as
kube's error message does (``ErrorList.ToAggregate``).

Resources without rules of their own (custom resources, kinds not listed here) get the generic
metadata rules with DNS-subdomain names, as kube's custom-resource strategy applies.

Callers must have applied defaults first (``kubeedge.apiserver.defaults``), filled in
``metadata.resourceVersion`` on unconditional updates, and for services run IP/port allocation,
as kube does before it validates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import (
    access,
    apps,
    cluster,
    config,
    crd,
    endpoints,
    events,
    lease,
    meta,
    names,
    pod,
    rules,
    service,
)

__all__ = ["CreateCheck", "KindValidation", "UpdateCheck", "validators_for"]


class CreateCheck(Protocol):
    def __call__(self, obj: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]: ...


class UpdateCheck(Protocol):
    def __call__(self, new: Any, old: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class KindValidation:
    """The validation entry points of one resource.

    ``schema_errors`` carries problems found by schema validation (the OpenAPI/structural checks
    done elsewhere); they are merged in kube's order (CRDs place them where kube reports them).
    """

    namespaced: bool
    create: CreateCheck
    update: UpdateCheck
    status_update: UpdateCheck | None = None
    # Subresources with their own rules: pods/binding, */scale, namespaces/finalize.
    binding: CreateCheck | None = None
    scale: UpdateCheck | None = None
    finalize: UpdateCheck | None = None


_Create = Callable[[Any], list[FieldError]]
_Update = Callable[[Any, Any], list[FieldError]]


def _metadata(obj: Any) -> Any:
    return access.mapping(obj).get("metadata")


def _generic_create(namespaced: bool) -> _Create:
    def check(obj: Any) -> list[FieldError]:
        return meta.validate_object_meta(
            _metadata(obj),
            namespaced=namespaced,
            name_validator=names.validate_path_segment_name,
            kube_finalizers=False,
        )

    return check


def _generic_update(namespaced: bool) -> _Update:
    create = _generic_create(namespaced)

    def check(new: Any, old: Any) -> list[FieldError]:
        return meta.validate_object_meta_update(_metadata(new), _metadata(old), kube_finalizers=False) + create(new)

    return check


def _create(own: _Create, namespaced: bool, *, generic: bool = True) -> CreateCheck:
    common = _generic_create(namespaced)

    def check(obj: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
        errs = list(schema_errors) + own(obj)
        if not errs and generic:
            errs = common(obj)
        return rules.dedupe(errs)

    return check


def _update(own: _Update, namespaced: bool) -> UpdateCheck:
    common = _generic_update(namespaced)

    def check(new: Any, old: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
        return rules.dedupe(common(new, old) + list(schema_errors) + own(new, old))

    return check


def _crd_create(obj: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    errs = crd.validate_crd(obj, schema_errors=schema_errors)
    return rules.dedupe(errs or _generic_create(False)(obj))


def _crd_update(new: Any, old: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    return rules.dedupe(
        _generic_update(False)(new, old) + crd.validate_crd_update(new, old, schema_errors=schema_errors)
    )


def _kind(
    namespaced: bool,
    create: _Create,
    update: _Update,
    status_update: _Update | None = None,
    **subresources: Any,
) -> KindValidation:
    return KindValidation(
        namespaced=namespaced,
        create=_create(create, namespaced),
        update=_update(update, namespaced),
        status_update=_update(status_update, namespaced) if status_update else None,
        **subresources,
    )


def _scale_update(new: Any, old: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    return rules.dedupe(list(schema_errors) + apps.validate_scale(new))


def _binding(obj: Any, /, *, schema_errors: Sequence[FieldError] = ()) -> list[FieldError]:
    # kube's binding REST validates the target only; no generic metadata pass.
    return list(schema_errors) + pod.validate_binding(obj)


def _strict_event(obj: Any) -> list[FieldError]:
    return events.validate_event(events.core_event_fields(obj), strict=True)


def _strict_event_update(new: Any, old: Any) -> list[FieldError]:
    return events.validate_event_update(events.core_event_fields(new), events.core_event_fields(old), strict=True)


_BUILTIN: dict[tuple[str, str], KindValidation] = {
    ("", "pods"): _kind(
        True, pod.validate_pod, pod.validate_pod_update, pod.validate_pod_status_update, binding=_binding
    ),
    ("", "services"): _kind(
        True,
        service.validate_service,
        service.validate_service_update,
        service.validate_service_status_update,
    ),
    ("", "endpoints"): _kind(True, endpoints.validate_endpoints, endpoints.validate_endpoints_update),
    ("", "configmaps"): _kind(True, config.validate_config_map, config.validate_config_map_update),
    ("", "secrets"): _kind(True, config.validate_secret, config.validate_secret_update),
    ("", "serviceaccounts"): _kind(True, config.validate_service_account, config.validate_service_account_update),
    ("", "namespaces"): _kind(
        False,
        cluster.validate_namespace,
        cluster.validate_namespace_update,
        cluster.validate_namespace_status_update,
        finalize=_update(cluster.validate_namespace_finalize_update, False),
    ),
    ("", "nodes"): _kind(False, cluster.validate_node, cluster.validate_node_update, cluster.validate_node_update),
    ("", "events"): _kind(True, events.validate_event, events.validate_event_update),
    ("events.k8s.io", "events"): _kind(True, _strict_event, _strict_event_update),
    ("coordination.k8s.io", "leases"): _kind(True, lease.validate_lease, lease.validate_lease_update),
    ("apps", "deployments"): _kind(
        True,
        apps.validate_deployment,
        apps.validate_deployment_update,
        apps.validate_deployment_status_update,
        scale=_scale_update,
    ),
    ("apps", "replicasets"): _kind(
        True,
        apps.validate_replica_set,
        apps.validate_replica_set_update,
        apps.validate_replica_set_status_update,
        scale=_scale_update,
    ),
    ("apps", "daemonsets"): _kind(
        True,
        apps.validate_daemon_set,
        apps.validate_daemon_set_update,
        apps.validate_daemon_set_status_update,
    ),
    ("apiextensions.k8s.io", "customresourcedefinitions"): KindValidation(
        namespaced=False,
        create=_crd_create,
        update=_crd_update,
        status_update=_update(crd.validate_crd_status_update, False),
    ),
}


def _generic_kind(namespaced: bool) -> KindValidation:
    def own_create(obj: Any) -> list[FieldError]:
        return meta.validate_object_meta(
            _metadata(obj),
            namespaced=namespaced,
            name_validator=names.name_is_dns_subdomain,
            kube_finalizers=False,
        )

    def own_update(new: Any, old: Any) -> list[FieldError]:
        return meta.validate_object_meta_update(_metadata(new), _metadata(old), kube_finalizers=False)

    return _kind(namespaced, own_create, own_update, own_update, scale=_scale_update)


def validators_for(group: str, plural: str, *, namespaced: bool = True) -> KindValidation:
    """The validation of resource ``plural`` in API group ``group`` (``""`` for core).

    Args:
        group: the API group, ``""`` for the core group.
        plural: the resource name, e.g. ``"deployments"``.
        namespaced: scope of resources without built-in rules (custom resources); ignored for
            built-ins, whose scope is known.

    Returns:
        The resource's :class:`KindValidation`; generic metadata rules for unknown resources.
    """
    builtin = _BUILTIN.get((group, plural))
    return builtin if builtin is not None else _generic_kind(namespaced)
