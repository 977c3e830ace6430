"""Field selectors: parsing and escaping, label conversion per resource, selectable values."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kubeedge.apiserver.errors import StatusError
from kubeedge.apiserver.registry.resources import ResourceInfo
from kubeedge.apiserver.selectors import fields
from kubeedge.apiserver.selectors.fields import FieldOperator, FieldRequirement, FieldSelector


def _resource(group: str, plural: str, kind: str, *, namespaced: bool = True, **extra: object) -> ResourceInfo:
    return ResourceInfo(
        group=group,
        version="v1",
        kind=kind,
        plural=plural,
        singular=kind.lower(),
        namespaced=namespaced,
        **extra,  # type: ignore[arg-type]
    )


PODS = _resource("", "pods", "Pod")
NODES = _resource("", "nodes", "Node", namespaced=False)
EVENTS = _resource("", "events", "Event")
EVENTS_V1 = _resource("events.k8s.io", "events", "Event")
NAMESPACES = _resource("", "namespaces", "Namespace", namespaced=False)
SECRETS = _resource("", "secrets", "Secret")
SERVICES = _resource("", "services", "Service")
CONFIGMAPS = _resource("", "configmaps", "ConfigMap")
DEPLOYMENTS = _resource("apps", "deployments", "Deployment")
JOBS = _resource("batch", "jobs", "Job")
RCS = _resource("", "replicationcontrollers", "ReplicationController")
CSRS = _resource("certificates.k8s.io", "certificatesigningrequests", "CertificateSigningRequest", namespaced=False)
WIDGETS = _resource("example.com", "widgets", "Widget", is_custom=True, selectable_fields=(".spec.color", ".spec.size"))
CLUSTER_WIDGETS = _resource("example.com", "gadgets", "Gadget", namespaced=False, is_custom=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ()),
        (",", ()),
        ("metadata.name=x", (("metadata.name", FieldOperator.EQUALS, "x"),)),
        ("metadata.name==x", (("metadata.name", FieldOperator.DOUBLE_EQUALS, "x"),)),
        ("metadata.name!=x", (("metadata.name", FieldOperator.NOT_EQUALS, "x"),)),
        ("metadata.name=", (("metadata.name", FieldOperator.EQUALS, ""),)),
        (
            "status.phase!=Running,metadata.name=a",
            (
                ("metadata.name", FieldOperator.EQUALS, "a"),
                ("status.phase", FieldOperator.NOT_EQUALS, "Running"),
            ),
        ),
        ("a=x\\,y", (("a", FieldOperator.EQUALS, "x,y"),)),
        ("a=x\\=y", (("a", FieldOperator.EQUALS, "x=y"),)),
        ("a=x\\\\y", (("a", FieldOperator.EQUALS, "x\\y"),)),
        ("a=!b", (("a", FieldOperator.EQUALS, "!b"),)),
        (" a = b ", ((" a ", FieldOperator.EQUALS, " b "),)),
        ("=x", (("", FieldOperator.EQUALS, "x"),)),
    ],
)
def test_parse_valid(text: str, expected: tuple[tuple[str, FieldOperator, str], ...]) -> None:
    selector = fields.parse(text)
    assert tuple((r.field, r.operator, r.value) for r in selector.requirements) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
        ("a=b,c", "invalid selector: 'a=b,c'; can't understand 'c'"),
        ("a=b=c", "invalid field selector: unescaped character in value: 61"),
        ("a!==b", "invalid field selector: unescaped character in value: 61"),
        ("a=\\x", "invalid field selector: invalid escape sequence: \\x"),
        ("a=b\\", "invalid field selector: invalid escape sequence: \\"),
    ],
)
def test_parse_invalid(text: str, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        fields.parse(text)
    assert caught.value.code == 400
    assert caught.value.message == message


def test_canonical_string_escapes_and_uses_single_equals() -> None:
    assert str(fields.parse("b==x\\,y,a!=z")) == "a!=z,b=x\\,y"
    assert str(fields.parse("")) == ""


@given(st.text(alphabet="ab,=\\!x ", max_size=12))
def test_escape_round_trips(value: str) -> None:
    selector = fields.parse("f=" + fields.escape_value(value))
    assert selector.requirements == (FieldRequirement(field="f", operator=FieldOperator.EQUALS, value=value),)


@pytest.mark.parametrize(
    ("text", "values", "expected"),
    [
        ("", {}, True),
        ("a=x", {"a": "x"}, True),
        ("a=x", {"a": "y"}, False),
        ("a=", {}, True),
        ("a!=x", {}, True),
        ("a!=", {}, False),
        ("a=x,b!=y", {"a": "x", "b": "z"}, True),
        ("a=x,b!=y", {"a": "x", "b": "y"}, False),
    ],
)
def test_matches(text: str, values: dict[str, str], expected: bool) -> None:
    assert fields.parse(text).matches(values) is expected


def test_requires_exact_match() -> None:
    selector = fields.parse("metadata.name!=a,metadata.namespace=ns,metadata.name==b")
    assert selector.requires_exact_match("metadata.name") == "b"
    assert selector.requires_exact_match("metadata.namespace") == "ns"
    assert selector.requires_exact_match("spec.nodeName") is None
    assert FieldSelector().is_empty


@pytest.mark.parametrize(
    ("resource", "label", "converted"),
    [
        (PODS, "spec.nodeName", "spec.nodeName"),
        (PODS, "spec.host", "spec.nodeName"),
        (PODS, "status.podIPs", "status.podIPs"),
        (PODS, "metadata.namespace", "metadata.namespace"),
        (NODES, "spec.unschedulable", "spec.unschedulable"),
        (EVENTS, "involvedObject.uid", "involvedObject.uid"),
        (EVENTS, "reportingComponent", "reportingComponent"),
        (EVENTS_V1, "regarding.name", "involvedObject.name"),
        (EVENTS_V1, "reportingController", "reportingComponent"),
        (NAMESPACES, "status.phase", "status.phase"),
        (SECRETS, "type", "type"),
        (SERVICES, "spec.clusterIP", "spec.clusterIP"),
        (CONFIGMAPS, "metadata.namespace", "metadata.namespace"),
        (DEPLOYMENTS, "metadata.name", "metadata.name"),
        (JOBS, "status.successful", "status.successful"),
        (RCS, "status.replicas", "status.replicas"),
        (CSRS, "spec.signerName", "spec.signerName"),
        (WIDGETS, "spec.color", "spec.color"),
        (WIDGETS, "metadata.namespace", "metadata.namespace"),
        (CLUSTER_WIDGETS, "metadata.name", "metadata.name"),
    ],
)
def test_validate_for_converts(resource: ResourceInfo, label: str, converted: str) -> None:
    selector = fields.validate_for(fields.parse(f"{label}=v"), resource)
    assert selector.requirements == (FieldRequirement(field=converted, operator=FieldOperator.EQUALS, value="v"),)


@pytest.mark.parametrize(
    ("resource", "label", "message"),
    [
        (PODS, "spec.foo", "field label not supported: spec.foo"),
        (NODES, "metadata.namespace", "field label not supported: metadata.namespace"),
        (EVENTS_V1, "involvedObject.name", "field label not supported: involvedObject.name"),
        (NAMESPACES, "metadata.namespace", "field label not supported: metadata.namespace"),
        (
            CONFIGMAPS,
            "data.x",
            '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
        ),
        (
            DEPLOYMENTS,
            "status.replicas",
            '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
        ),
        (JOBS, "spec.x", 'field label "spec.x" not supported for Job'),
        (WIDGETS, "spec.shape", "field label not supported: spec.shape"),
        (CLUSTER_WIDGETS, "metadata.namespace", "field label not supported: metadata.namespace"),
        (PODS, "metadata.name ", "field label not supported: metadata.name "),
    ],
)
def test_validate_for_rejects(resource: ResourceInfo, label: str, message: str) -> None:
    with pytest.raises(StatusError) as caught:
        fields.validate_for(fields.parse(f"{label}=v"), resource)
    assert caught.value.code == 400
    assert caught.value.message == message


def test_pod_field_values() -> None:
    pod = {
        "metadata": {"name": "web", "namespace": "prod"},
        "spec": {
            "nodeName": "n1",
            "restartPolicy": "Always",
            "schedulerName": "default-scheduler",
            "serviceAccountName": "default",
            "hostNetwork": True,
        },
        "status": {
            "phase": "Running",
            "podIPs": [{"ip": "10.0.0.5"}, {"ip": "fd00::5"}],
            "nominatedNodeName": "n2",
        },
    }
    assert fields.field_values(pod, PODS) == {
        "metadata.name": "web",
        "metadata.namespace": "prod",
        "spec.nodeName": "n1",
        "spec.restartPolicy": "Always",
        "spec.schedulerName": "default-scheduler",
        "spec.serviceAccountName": "default",
        "spec.hostNetwork": "true",
        "status.phase": "Running",
        "status.podIP": "10.0.0.5",
        "status.nominatedNodeName": "n2",
    }


def test_pod_field_values_defaults() -> None:
    values = fields.field_values({"metadata": {"name": "p"}}, PODS)
    assert values["spec.hostNetwork"] == "false"
    assert values["status.podIP"] == ""
    # status.podIPs is accepted but never set: it compares as "".
    selector = fields.validate_for(fields.parse("status.podIPs="), PODS)
    assert selector.matches(values)


@pytest.mark.parametrize(
    ("resource", "obj", "expected"),
    [
        (
            NODES,
            {"metadata": {"name": "n1"}, "spec": {"unschedulable": True}},
            {"metadata.name": "n1", "spec.unschedulable": "true"},
        ),
        (NODES, {"metadata": {"name": "n1"}}, {"metadata.name": "n1", "spec.unschedulable": "false"}),
        (
            NAMESPACES,
            {"metadata": {"name": "ns"}, "status": {"phase": "Active"}},
            {"metadata.name": "ns", "status.phase": "Active", "name": "ns"},
        ),
        (
            SECRETS,
            {"metadata": {"name": "s", "namespace": "d"}, "type": "Opaque"},
            {"metadata.name": "s", "metadata.namespace": "d", "type": "Opaque"},
        ),
        (
            SERVICES,
            {
                "metadata": {"name": "s", "namespace": "d"},
                "spec": {"clusterIP": "10.0.0.1", "type": "ClusterIP"},
            },
            {
                "metadata.name": "s",
                "metadata.namespace": "d",
                "spec.clusterIP": "10.0.0.1",
                "spec.type": "ClusterIP",
            },
        ),
        (
            JOBS,
            {"metadata": {"name": "j", "namespace": "d"}, "status": {"succeeded": 3}},
            {"metadata.name": "j", "metadata.namespace": "d", "status.successful": "3"},
        ),
        (
            RCS,
            {"metadata": {"name": "r", "namespace": "d"}},
            {"metadata.name": "r", "metadata.namespace": "d", "status.replicas": "0"},
        ),
        (
            CONFIGMAPS,
            {"metadata": {"name": "c", "namespace": "d"}, "data": {"k": "v"}},
            {"metadata.name": "c", "metadata.namespace": "d"},
        ),
        (
            WIDGETS,
            {"metadata": {"name": "w", "namespace": "d"}, "spec": {"color": "red", "size": 3}},
            {"metadata.name": "w", "metadata.namespace": "d", "spec.color": "red", "spec.size": "3"},
        ),
        (
            WIDGETS,
            {"metadata": {"name": "w", "namespace": "d"}, "spec": {"color": True}},
            {"metadata.name": "w", "metadata.namespace": "d", "spec.color": "true", "spec.size": ""},
        ),
        (CLUSTER_WIDGETS, {"metadata": {"name": "g"}}, {"metadata.name": "g"}),
    ],
)
def test_field_values(resource: ResourceInfo, obj: dict[str, Any], expected: dict[str, str]) -> None:
    assert fields.field_values(obj, resource) == expected


_EVENT_FIELDS = {
    "involvedObject.kind": "Pod",
    "involvedObject.namespace": "d",
    "involvedObject.name": "web",
    "involvedObject.uid": "u1",
    "involvedObject.apiVersion": "v1",
    "involvedObject.resourceVersion": "7",
    "involvedObject.fieldPath": "spec.containers{a}",
    "reason": "Pulled",
    "type": "Normal",
}


def test_core_event_field_values() -> None:
    event = {
        "metadata": {"name": "e", "namespace": "d"},
        "involvedObject": {
            "kind": "Pod",
            "namespace": "d",
            "name": "web",
            "uid": "u1",
            "apiVersion": "v1",
            "resourceVersion": "7",
            "fieldPath": "spec.containers{a}",
        },
        "reason": "Pulled",
        "type": "Normal",
        "source": {"component": "kubelet"},
        "reportingComponent": "kubelet-x",
    }
    assert fields.field_values(event, EVENTS) == {
        "metadata.name": "e",
        "metadata.namespace": "d",
        **_EVENT_FIELDS,
        "reportingComponent": "kubelet-x",
        "source": "kubelet",
    }


def test_events_v1_field_values_and_selection() -> None:
    event = {
        "metadata": {"name": "e", "namespace": "d"},
        "regarding": {
            "kind": "Pod",
            "namespace": "d",
            "name": "web",
            "uid": "u1",
            "apiVersion": "v1",
            "resourceVersion": "7",
            "fieldPath": "spec.containers{a}",
        },
        "reason": "Pulled",
        "type": "Normal",
        "reportingController": "kubelet",
    }
    values = fields.field_values(event, EVENTS_V1)
    assert values == {
        "metadata.name": "e",
        "metadata.namespace": "d",
        **_EVENT_FIELDS,
        "reportingComponent": "kubelet",
        "source": "kubelet",
    }
    selector = fields.validate_for(fields.parse("regarding.name=web,reportingController=kubelet"), EVENTS_V1)
    assert selector.matches(values)


def test_spec_host_selects_by_node_name() -> None:
    pod = {"metadata": {"name": "p"}, "spec": {"nodeName": "edge-1"}}
    selector = fields.validate_for(fields.parse("spec.host=edge-1"), PODS)
    assert selector.matches(fields.field_values(pod, PODS))


def test_csr_and_numeric_custom_values() -> None:
    csr = {"metadata": {"name": "c"}, "spec": {"signerName": "kubernetes.io/kubelet-serving"}}
    assert fields.field_values(csr, CSRS) == {
        "metadata.name": "c",
        "spec.signerName": "kubernetes.io/kubelet-serving",
    }
    widget = {"metadata": {"name": "w", "namespace": "d"}, "spec": {"color": None, "size": 4.0}}
    values = fields.field_values(widget, WIDGETS)
    assert (values["spec.color"], values["spec.size"]) == ("", "4")
