"""Probes and lifecycle hooks: exactly one handler each, sane timings (core validation).

A probe or hook must name one handler (``exec``, ``httpGet``, ``tcpSocket``, ``grpc``; hooks
also ``sleep``). A second one is ``Forbidden`` at its own path; none is ``Required`` on the probe.
Liveness and startup probes need ``successThreshold: 1``; readiness probes may not carry their
own ``terminationGracePeriodSeconds``.
"""

from __future__ import annotations

from typing import Any

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import access, names, rules
from kubeedge.apiserver.validation.paths import child

__all__ = [
    "validate_lifecycle",
    "validate_liveness_probe",
    "validate_port_num_or_name",
    "validate_readiness_probe",
    "validate_startup_probe",
]

_PROBE_HANDLERS = ("exec", "httpGet", "tcpSocket", "grpc")
_HOOK_HANDLERS = ("exec", "httpGet", "tcpSocket", "sleep")
_HTTP_SCHEMES = ("HTTP", "HTTPS")


def validate_port_num_or_name(port: Any, path: str) -> list[FieldError]:
    """An ``IntOrString`` port: 1..65535, or an IANA service name."""
    if isinstance(port, str):
        return rules.invalid_each(path, port, names.is_valid_port_name(port))
    number = access.integer(port) or 0
    return rules.invalid_each(path, number, names.is_valid_port_num(number))


def _http_get(action: dict[str, Any], path: str) -> list[FieldError]:
    errs: list[FieldError] = []
    if not access.text(action.get("path")):
        errs.append(FieldError.required(child(path, "path")))
    errs += validate_port_num_or_name(action.get("port"), child(path, "port"))
    scheme = access.text(action.get("scheme"))
    if scheme not in _HTTP_SCHEMES:
        errs.append(FieldError.not_supported(child(path, "scheme"), scheme, list(_HTTP_SCHEMES)))
    for header in access.items(action.get("httpHeaders")):
        header_name = access.text(access.mapping(header).get("name"))
        errs += rules.invalid_each(child(path, "httpHeaders"), header_name, names.is_http_header_name(header_name))
    return errs


def _sleep(action: dict[str, Any], path: str, grace: int | None) -> list[FieldError]:
    seconds = access.integer(action.get("seconds")) or 0
    # A missing grace period is reported elsewhere; do not pile a second error on it.
    if grace is not None and (seconds <= 0 or seconds > grace):
        detail = (
            f"must be greater than 0 and less than terminationGracePeriodSeconds ({grace}). "
            "Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep."
        )
        return [FieldError.invalid(path, seconds, detail)]
    return []


def _handler(handler: dict[str, Any], kinds: tuple[str, ...], path: str, grace: int | None) -> list[FieldError]:
    errs: list[FieldError] = []
    found = False
    for kind in kinds:
        if not access.present(handler, kind):
            continue
        kind_path = child(path, kind)
        if found:
            errs.append(FieldError.forbidden(kind_path, "may not specify more than 1 handler type"))
            continue
        found = True
        action = access.mapping(handler[kind])
        if kind == "exec":
            if not access.items(action.get("command")):
                errs.append(FieldError.required(child(kind_path, "command")))
        elif kind == "httpGet":
            errs += _http_get(action, kind_path)
        elif kind == "tcpSocket":
            errs += validate_port_num_or_name(action.get("port"), child(kind_path, "port"))
        elif kind == "grpc":
            errs += validate_port_num_or_name(access.integer(action.get("port")) or 0, child(kind_path, "port"))
        else:
            errs += _sleep(action, kind_path, grace)
    if not found:
        errs.append(FieldError.required(path, "must specify a handler type"))
    return errs


def _probe(probe: dict[str, Any], path: str, grace: int | None) -> list[FieldError]:
    errs = _handler(probe, _PROBE_HANDLERS, path, grace)
    for name in (
        "initialDelaySeconds",
        "timeoutSeconds",
        "periodSeconds",
        "successThreshold",
        "failureThreshold",
    ):
        errs += rules.non_negative(access.integer(probe.get(name)) or 0, child(path, name))
    own_grace = access.integer(probe.get("terminationGracePeriodSeconds"))
    if own_grace is not None and own_grace <= 0:
        errs.append(
            FieldError.invalid(child(path, "terminationGracePeriodSeconds"), own_grace, "must be greater than 0")
        )
    return errs


def _success_must_be_one(probe: dict[str, Any], path: str) -> list[FieldError]:
    threshold = access.integer(probe.get("successThreshold")) or 0
    if threshold != 1:
        return [FieldError.invalid(child(path, "successThreshold"), threshold, "must be 1")]
    return []


def validate_liveness_probe(probe: Any, path: str, grace: int | None) -> list[FieldError]:
    if probe is None:
        return []
    p = access.mapping(probe)
    return _probe(p, path, grace) + _success_must_be_one(p, path)


def validate_startup_probe(probe: Any, path: str, grace: int | None) -> list[FieldError]:
    return validate_liveness_probe(probe, path, grace)


def validate_readiness_probe(probe: Any, path: str, grace: int | None) -> list[FieldError]:
    if probe is None:
        return []
    p = access.mapping(probe)
    errs = _probe(p, path, grace)
    own_grace = access.integer(p.get("terminationGracePeriodSeconds"))
    if own_grace is not None:
        errs.append(
            FieldError.invalid(
                child(path, "terminationGracePeriodSeconds"), own_grace, "must not be set for readinessProbes"
            )
        )
    return errs


def validate_lifecycle(lifecycle: Any, path: str, grace: int | None) -> list[FieldError]:
    hooks = access.mapping(lifecycle)
    errs: list[FieldError] = []
    for hook in ("postStart", "preStop"):
        if access.present(hooks, hook):
            errs += _handler(access.mapping(hooks[hook]), _HOOK_HANDLERS, child(path, hook), grace)
    return errs
