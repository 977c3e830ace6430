"""Events (core ``events.go``): the legacy rules every event passes, the strict ``events.k8s.io`` ones.

Events written through ``/api/v1`` only get the legacy checks (namespace agreement with the
involved object, and - for new-style events carrying ``eventTime`` - reporting fields and length
limits). Events written through ``events.k8s.io/v1`` also get metadata validation, need
``eventTime`` and a ``Normal``/``Warning`` type, and may not set the deprecated fields.

kube validates its internal type, so errors name internal fields even for ``events.k8s.io``
requests (``message`` for ``note``, ``involvedObject`` for ``regarding``).
:func:`core_event_fields` maps an ``events.k8s.io/v1`` object onto those names first.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, meta, names, rules

__all__ = ["core_event_fields", "validate_event", "validate_event_update"]

REPORTING_INSTANCE_LIMIT = 128
ACTION_LIMIT = 128
REASON_LIMIT = 128
NOTE_LIMIT = 1024
_RENAMED = {
    "regarding": "involvedObject",
    "note": "message",
    "deprecatedSource": "source",
    "deprecatedFirstTimestamp": "firstTimestamp",
    "deprecatedLastTimestamp": "lastTimestamp",
    "deprecatedCount": "count",
}
_IMMUTABLE = (
    "involvedObject",
    "reason",
    "message",
    "source",
    "firstTimestamp",
    "lastTimestamp",
    "count",
    "reason",
    "type",
    "eventTime",
    "action",
    "related",
    "reportingController",
    "reportingInstance",
)


def core_event_fields(obj: Any) -> dict[str, Any]:
    """An ``events.k8s.io/v1`` Event with its fields renamed to core's."""
    return {_RENAMED.get(k, k): v for k, v in access.mapping(obj).items()}


def _limit(event: dict[str, Any], field: str, limit: int) -> list[FieldError]:
    value = access.text(event.get(field))
    errs: list[FieldError] = []
    if not value and field != "message":
        errs.append(FieldError.required(field))
    if len(value.encode()) > limit:
        errs.append(FieldError.invalid(field, "", f"can have at most {limit} characters"))
    return errs


def _legacy(event: dict[str, Any]) -> list[FieldError]:
    namespace = access.text(access.mapping(event.get("metadata")).get("namespace"))
    involved = access.text(access.mapping(event.get("involvedObject")).get("namespace"))
    mismatch = FieldError.invalid("involvedObject.namespace", involved, "does not match event.namespace")
    errs: list[FieldError] = []
    if not event.get("eventTime"):
        if (not involved and namespace not in ("", "default")) or (involved and namespace != involved):
            errs.append(mismatch)
    else:
        if not involved and namespace not in ("default", "kube-system"):
            errs.append(mismatch)
        controller = access.text(event.get("reportingController"))
        if not controller:
            errs.append(FieldError.required("reportingController"))
        errs += rules.invalid_each("reportingController", controller, names.is_qualified_name(controller))
        errs += _limit(event, "reportingInstance", REPORTING_INSTANCE_LIMIT)
        errs += _limit(event, "action", ACTION_LIMIT)
        errs += _limit(event, "reason", REASON_LIMIT)
        errs += _limit(event, "message", NOTE_LIMIT)
    return errs + rules.invalid_each("namespace", namespace, names.is_dns1123_subdomain(namespace))


def _series(event: dict[str, Any]) -> list[FieldError]:
    if event.get("series") is None:
        return []
    series = access.mapping(event["series"])
    errs: list[FieldError] = []
    if (access.integer(series.get("count")) or 0) < 2:
        errs.append(FieldError.invalid("series.count", "", "should be at least 2"))
    if not series.get("lastObservedTime"):
        errs.append(FieldError.required("series.lastObservedTime"))
    return errs


def validate_event(obj: Any, *, strict: bool = False) -> list[FieldError]:
    """Validate an Event being created; ``strict`` for ``events.k8s.io`` requests."""
    event = access.mapping(obj)
    errs = _legacy(event)
    if not strict:
        return errs
    errs += meta.validate_object_meta(
        event.get("metadata"), namespaced=True, name_validator=names.name_is_dns_subdomain
    )
    errs += _series(event)
    if not event.get("eventTime"):
        errs.append(FieldError.required("eventTime"))
    kind = access.text(event.get("type"))
    if kind not in ("Normal", "Warning"):
        errs.append(FieldError.invalid("type", "", f"has invalid value: {kind}"))
    for field in ("firstTimestamp", "lastTimestamp"):
        if event.get(field):
            errs.append(FieldError.invalid(field, "", "needs to be unset"))
    if access.integer(event.get("count")):
        errs.append(FieldError.invalid("count", "", "needs to be unset"))
    source = access.mapping(event.get("source"))
    if access.text(source.get("component")) or access.text(source.get("host")):
        errs.append(FieldError.invalid("source", "", "needs to be unset"))
    return errs


def validate_event_update(new: Any, old: Any, *, strict: bool = False) -> list[FieldError]:
    n, o = access.mapping(new), access.mapping(old)
    errs = _legacy(n)
    if not strict:
        return errs
    errs += meta.validate_object_meta_update(n.get("metadata"), o.get("metadata"))
    if n.get("series") != o.get("series"):
        errs += _series(n)
    for field in _IMMUTABLE:
        errs += rules.immutable(n.get(field), o.get(field), field)
    return errs
