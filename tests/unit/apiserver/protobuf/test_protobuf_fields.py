"""The field-number tables: their syntax, and that they agree with the built-in schemas."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from kubeedge.apiserver.protobuf import fields
from kubeedge.apiserver.protobuf.fields import FIELDS, Field, Inline, Presence
from kubeedge.apiserver.schema.builtin import DEFINITION_BY_GVK, builtin_schemas

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

_CORE = "io.k8s.api.core.v1."
_APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."
_META = "io.k8s.apimachinery.pkg.apis.meta.v1."

# Messages the decoder handles by hand (see special.py): no table.
_SPECIAL = {
    _META + "Time",
    _META + "MicroTime",
    _META + "FieldsV1",
    "io.k8s.apimachinery.pkg.api.resource.Quantity",
    "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
    "io.k8s.apimachinery.pkg.runtime.RawExtension",
    _APIEXT + "JSON",
    _APIEXT + "JSONSchemaPropsOrArray",
    _APIEXT + "JSONSchemaPropsOrBool",
    _APIEXT + "JSONSchemaPropsOrStringArray",
}

# Schema fields (Kubernetes 1.36+ additions) whose numbers no source we could read holds yet.
# The decoder skips them like unknown fields; a client would have to be newer than 1.35 to send them.
KNOWN_GAPS: dict[str, set[str]] = {
    _CORE + "ClusterTrustBundleProjection": {"user"},
    _CORE + "ConfigMapVolumeSource": {"defaultUser"},
    _CORE + "DownwardAPIVolumeFile": {"user"},
    _CORE + "DownwardAPIVolumeSource": {"defaultUser"},
    _CORE + "EmptyDirVolumeSource": {"mode"},
    _CORE + "EvictionResponder": {"name", "priority"},
    _CORE + "GRPCAction": {"mode"},
    _CORE + "HTTPGetAction": {"protocol"},
    _CORE + "KeyToPath": {"user"},
    _CORE + "NodeAllocatableMappedResources": {"name", "quantity"},
    _CORE + "NodeAllocatableOverheadResources": {"name", "perContainer", "perPod"},
    _CORE + "NodeAllocatableResourceClaimStatus": {"containers", "mapping", "overhead", "resourceClaimName"},
    _CORE + "NodePodPreemptionPolicy": {"disableResizePreemption"},
    _CORE + "NodeSpec": {"podPreemptionPolicy"},
    _CORE + "NodeSystemInfo": {"runningInUserNamespace"},
    _CORE + "PodCertificateProjection": {"user"},
    _CORE + "PodSchedulingGroup": {"podGroupName"},
    _CORE + "PodSpec": {"evictionResponders", "schedulingGroup"},
    _CORE + "PodStatus": {"nodeAllocatableResourceClaimStatuses", "volumeHealth"},
    _CORE + "PodVolumeHealth": {"healthConditions", "lastTransitionTime", "name"},
    _CORE + "ProjectedVolumeSource": {"defaultUser"},
    _CORE + "ResourceHealth": {"message"},
    _CORE + "SecretVolumeSource": {"defaultUser"},
    _CORE + "ServiceAccountTokenProjection": {"user"},
    _CORE + "VolumeHealthCondition": {"message", "reason", "status"},
    _CORE + "VolumeMount": {"bindMountOptions"},
    _APIEXT + "CustomResourceDefinitionCondition": {"observedGeneration"},
    _APIEXT + "CustomResourceDefinitionStatus": {"observedGeneration"},
    _META + "ListMeta": {"shardInfo"},
    _META + "ShardInfo": {"selector"},
}

_TOP_LEVEL = set(DEFINITION_BY_GVK.values())


def _flat(entries: Mapping[int, Field | Inline]) -> Iterator[tuple[int, Field]]:
    for number, entry in entries.items():
        if isinstance(entry, Inline):
            yield from _flat(entry.fields)
        else:
            yield number, entry


def _is_scalar(node: Mapping[str, object]) -> bool:
    return "$ref" not in node and "allOf" not in node and node.get("type") in ("string", "integer", "boolean", "number")


def test_every_schema_field_has_a_number() -> None:
    definitions = builtin_schemas().definitions
    missing: dict[str, set[str]] = {}
    for name, node in definitions.items():
        if name in _SPECIAL:
            continue
        props = set(node.get("properties", {}))
        if name in _TOP_LEVEL:
            # apiVersion and kind of a kind travel in the envelope, not the message.
            props -= {"apiVersion", "kind"}
        mapped = {field.name for _, field in _flat(fields.table_for(name).fields)}
        if props - mapped:
            missing[name] = props - mapped
    assert missing == KNOWN_GAPS


def test_every_table_matches_its_schema() -> None:
    definitions = builtin_schemas().definitions
    for name, table in FIELDS.items():
        assert name in definitions, name
        assert name not in _SPECIAL, name
        props = definitions[name].get("properties", {})
        for _, field in _flat(table.fields):
            assert field.name in props, f"{name}.{field.name}"
            if field.presence is not Presence.OMITEMPTY:
                # Marks only mean something for scalars.
                assert _is_scalar(props[field.name]), f"{name}.{field.name}"


def test_order_lists_each_name_once_in_table_order() -> None:
    table = fields.table_for(_CORE + "Volume")
    assert table.order[0] == "name"
    assert table.order[1:4] == ("hostPath", "emptyDir", "gcePersistentDisk")
    assert len(table.order) == len(set(table.order))


@pytest.mark.parametrize(
    ("definition", "number", "expected"),
    [
        # Spot checks against upstream generated.proto.
        (_CORE + "ConfigMap", 1, Field("metadata")),
        (_CORE + "ConfigMap", 3, Field("binaryData")),
        (_CORE + "ConfigMap", 4, Field("immutable", Presence.POINTER)),
        (_CORE + "Container", 20, Field("terminationMessagePolicy")),
        (_CORE + "Container", 1, Field("name", Presence.REQUIRED)),
        (_CORE + "PodSpec", 40, Field("resources")),
        (_CORE + "PodSpec", 41, Field("hostnameOverride", Presence.POINTER)),
        (_CORE + "PodStatus", 17, Field("observedGeneration")),
        (_CORE + "Event", 10, Field("eventTime")),
        (_CORE + "ServicePort", 4, Field("targetPort")),
        ("io.k8s.api.apps.v1.DeploymentSpec", 1, Field("replicas", Presence.POINTER)),
        ("io.k8s.api.coordination.v1.LeaseSpec", 4, Field("renewTime")),
        (_META + "ObjectMeta", 17, Field("managedFields")),
        (_APIEXT + "JSONSchemaProps", 38, Field("x-kubernetes-preserve-unknown-fields", Presence.POINTER)),
        (_APIEXT + "JSONSchemaProps", 3, Field("$ref", Presence.POINTER)),
        (_APIEXT + "CustomResourceDefinitionVersion", 2, Field("served", Presence.REQUIRED)),
    ],
)
def test_spot_checks(definition: str, number: int, expected: Field) -> None:
    assert fields.table_for(definition).fields[number] == expected


def test_inline_structs() -> None:
    selector = fields.table_for(_CORE + "ConfigMapKeySelector")
    assert selector.fields[1] == Inline(fields={1: Field("name")})
    assert selector.order == ("name", "key", "optional")
    ephemeral = fields.table_for(_CORE + "EphemeralContainer")
    common = ephemeral.fields[1]
    assert isinstance(common, Inline)
    assert common.fields[1] == Field("name", Presence.REQUIRED)
    assert ephemeral.fields[2] == Field("targetContainerName")


def test_unknown_definitions_have_an_empty_table() -> None:
    table = fields.table_for("io.example.v1.Nothing")
    assert table.fields == {}
    assert table.order == ()


def test_keeps_zero() -> None:
    assert not Field("a").keeps_zero
    assert Field("a", Presence.POINTER).keeps_zero
    assert Field("a", Presence.REQUIRED).keeps_zero


def test_parse_tables_syntax() -> None:
    text = """
Outer: 1 !name, 2 {1 *inner, 3 {4 deep}},
    5 last
Empty:
"""
    tables = fields.parse_tables("p.", text)
    outer = tables["p.Outer"]
    assert outer.order == ("name", "inner", "deep", "last")
    assert outer.fields[2] == Inline(fields={1: Field("inner", Presence.POINTER), 3: Inline(fields={4: Field("deep")})})
    assert tables["p.Empty"].fields == {}


@pytest.mark.parametrize(
    "text",
    [
        "A: 1 x, 1 y",
        "A: 0 x",
        "A: 1 x, 2 x",
        "A: 1 x\nA: 2 y",
        "A: 1 {2 x",
        "A: 1 x }",
    ],
)
def test_parse_tables_rejects_mistakes(text: str) -> None:
    with pytest.raises(ValueError, match="A"):
        fields.parse_tables("", text)
