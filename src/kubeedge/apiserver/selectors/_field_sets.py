"""Per-resource field selector tables: which labels a resource accepts and the values it offers.

Two tables from kube-apiserver, keyed by (group, plural):

* label conversion (``AddFieldLabelConversionFunc`` in ``pkg/apis/*/v1/conversion.go``): the
  accepted labels, aliases, and the error sentence for anything else. Resources without a
  conversion func accept only ``metadata.name`` and ``metadata.namespace`` and say so with
  ``DefaultMetaV1FieldSelectorConversion``'s sentence; custom resources accept their CRD
  ``selectableFields`` and use the CRD converter's sentence.
* selectable values (each registry strategy's ``GetAttrs``): ``metadata.name``, plus
  ``metadata.namespace`` for namespaced resources, plus the resource's own fields.

A label can be accepted yet have no value (pods' ``status.podIPs``): it then compares as ``""``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.validation.gotext import go_quote

if TYPE_CHECKING:
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = ["UnsupportedFieldLabel", "convert_label", "values_of"]

_NAME = "metadata.name"
_NAMESPACE = "metadata.namespace"


class UnsupportedFieldLabel(ValueError):
    """A field label the resource does not offer; the message is kube-apiserver's."""


def _core_message(label: str) -> str:
    return f"field label not supported: {label}"


def _job_message(label: str) -> str:
    return f"field label {go_quote(label)} not supported for Job"


def _default_message(label: str) -> str:
    return f'{go_quote(label)} is not a known field selector: only "metadata.name", "metadata.namespace"'


@dataclass(frozen=True, slots=True)
class _Conversion:
    labels: frozenset[str]
    message: Callable[[str], str] = _core_message
    aliases: Mapping[str, str] = field(default_factory=dict)

    def convert(self, label: str) -> str:
        if label in self.aliases:
            return self.aliases[label]
        if label in self.labels:
            return label
        raise UnsupportedFieldLabel(self.message(label))


_EVENT_LABELS = frozenset(
    {
        "involvedObject.kind",
        "involvedObject.namespace",
        "involvedObject.name",
        "involvedObject.uid",
        "involvedObject.apiVersion",
        "involvedObject.resourceVersion",
        "involvedObject.fieldPath",
        "reason",
        "reportingComponent",
        "source",
        "type",
        _NAMESPACE,
        _NAME,
    }
)

# events.k8s.io/v1 names its fields differently but shares the core Event field set.
_EVENTS_V1_ALIASES = {
    "regarding.kind": "involvedObject.kind",
    "regarding.namespace": "involvedObject.namespace",
    "regarding.name": "involvedObject.name",
    "regarding.uid": "involvedObject.uid",
    "regarding.apiVersion": "involvedObject.apiVersion",
    "regarding.resourceVersion": "involvedObject.resourceVersion",
    "regarding.fieldPath": "involvedObject.fieldPath",
    "reportingController": "reportingComponent",
    "reason": "reason",
    "source": "source",
    "type": "type",
    _NAMESPACE: _NAMESPACE,
    _NAME: _NAME,
}

_CONVERSIONS: Mapping[tuple[str, str], _Conversion] = {
    ("", "pods"): _Conversion(
        frozenset(
            {
                _NAME,
                _NAMESPACE,
                "spec.nodeName",
                "spec.restartPolicy",
                "spec.schedulerName",
                "spec.serviceAccountName",
                "spec.hostNetwork",
                "status.phase",
                "status.podIP",
                "status.podIPs",
                "status.nominatedNodeName",
            }
        ),
        # Old v1 clients send spec.host.
        aliases={"spec.host": "spec.nodeName"},
    ),
    ("", "nodes"): _Conversion(frozenset({_NAME, "spec.unschedulable"})),
    ("", "replicationcontrollers"): _Conversion(frozenset({_NAME, _NAMESPACE, "status.replicas"})),
    ("", "events"): _Conversion(_EVENT_LABELS),
    ("events.k8s.io", "events"): _Conversion(frozenset(), aliases=_EVENTS_V1_ALIASES),
    ("", "namespaces"): _Conversion(frozenset({"status.phase", _NAME})),
    ("", "secrets"): _Conversion(frozenset({"type", _NAMESPACE, _NAME})),
    ("", "services"): _Conversion(frozenset({_NAMESPACE, _NAME, "spec.clusterIP", "spec.type"})),
    ("batch", "jobs"): _Conversion(frozenset({_NAME, _NAMESPACE, "status.successful"}), _job_message),
    ("certificates.k8s.io", "certificatesigningrequests"): _Conversion(frozenset({_NAME, "spec.signerName"})),
}

_DEFAULT = _Conversion(frozenset({_NAME, _NAMESPACE}), _default_message)


def _selectable_label(path: str) -> str:
    # CRD selectableFields are JSONPaths such as ".spec.color"; the field label drops the dot.
    return path[1:] if path.startswith(".") else path


def convert_label(resource: ResourceInfo, label: str) -> str:
    """The label ``resource`` stores ``label`` under, or raise :class:`UnsupportedFieldLabel`."""
    if resource.is_custom:
        if label == _NAME or (label == _NAMESPACE and resource.namespaced):
            return label
        if label in {_selectable_label(path) for path in resource.selectable_fields}:
            return label
        raise UnsupportedFieldLabel(_core_message(label))
    return _CONVERSIONS.get((resource.group, resource.plural), _DEFAULT).convert(label)


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _go_bool(value: Any) -> str:
    return "true" if value is True else "false"


def _go_int(value: Any) -> str:
    return str(int(value)) if isinstance(value, int | float) and not isinstance(value, bool) else "0"


def _pod_values(obj: Mapping[str, Any]) -> dict[str, str]:
    spec, status = _map(obj.get("spec")), _map(obj.get("status"))
    pod_ip = _str(status.get("podIP"))
    pod_ips = status.get("podIPs")
    if not pod_ip and isinstance(pod_ips, list) and pod_ips:
        pod_ip = _str(_map(pod_ips[0]).get("ip"))
    return {
        "spec.nodeName": _str(spec.get("nodeName")),
        "spec.restartPolicy": _str(spec.get("restartPolicy")),
        "spec.schedulerName": _str(spec.get("schedulerName")),
        "spec.serviceAccountName": _str(spec.get("serviceAccountName")),
        "spec.hostNetwork": _go_bool(spec.get("hostNetwork")),
        "status.phase": _str(status.get("phase")),
        "status.podIP": pod_ip,
        "status.nominatedNodeName": _str(status.get("nominatedNodeName")),
    }


def _event_values(obj: Mapping[str, Any]) -> dict[str, str]:
    # Core v1 shape (involvedObject, source) or events.k8s.io/v1 shape (regarding, deprecatedSource).
    involved = _map(obj.get("involvedObject") or obj.get("regarding"))
    reporting = _str(obj.get("reportingComponent") or obj.get("reportingController"))
    source = _str(_map(obj.get("source") or obj.get("deprecatedSource")).get("component")) or reporting
    values = {
        f"involvedObject.{key}": _str(involved.get(key))
        for key in ("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")
    }
    values.update(
        {
            "reason": _str(obj.get("reason")),
            "reportingComponent": reporting,
            "source": source,
            "type": _str(obj.get("type")),
        }
    )
    return values


_VALUES: Mapping[tuple[str, str], Callable[[Mapping[str, Any]], dict[str, str]]] = {
    ("", "pods"): _pod_values,
    ("", "nodes"): lambda obj: {"spec.unschedulable": _go_bool(_map(obj.get("spec")).get("unschedulable"))},
    ("", "replicationcontrollers"): lambda obj: {"status.replicas": _go_int(_map(obj.get("status")).get("replicas"))},
    ("", "events"): _event_values,
    ("events.k8s.io", "events"): _event_values,
    ("", "namespaces"): lambda obj: {
        "status.phase": _str(_map(obj.get("status")).get("phase")),
        "name": _str(_map(obj.get("metadata")).get("name")),
    },
    ("", "secrets"): lambda obj: {"type": _str(obj.get("type"))},
    ("", "services"): lambda obj: {
        "spec.clusterIP": _str(_map(obj.get("spec")).get("clusterIP")),
        "spec.type": _str(_map(obj.get("spec")).get("type")),
    },
    ("batch", "jobs"): lambda obj: {"status.successful": _go_int(_map(obj.get("status")).get("succeeded"))},
    ("certificates.k8s.io", "certificatesigningrequests"): lambda obj: {
        "spec.signerName": _str(_map(obj.get("spec")).get("signerName"))
    },
}


def _custom_value(obj: Mapping[str, Any], path: str) -> str:
    value: Any = obj
    for part in _selectable_label(path).split("."):
        if not isinstance(value, Mapping) or part not in value:
            return ""
        value = value[part]
    # fmt.Sprint of what the JSON decoder produced; CRDs only allow string, integer, boolean.
    if value is None:
        return ""
    if isinstance(value, bool):
        return _go_bool(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def values_of(obj: Mapping[str, Any], resource: ResourceInfo) -> dict[str, str]:
    metadata = _map(obj.get("metadata"))
    values = {_NAME: _str(metadata.get("name"))}
    if resource.namespaced:
        values[_NAMESPACE] = _str(metadata.get("namespace"))
    if resource.is_custom:
        for path in resource.selectable_fields:
            values[_selectable_label(path)] = _custom_value(obj, path)
        return values
    extra = _VALUES.get((resource.group, resource.plural))
    if extra is not None:
        values.update(extra(obj))
    return values
