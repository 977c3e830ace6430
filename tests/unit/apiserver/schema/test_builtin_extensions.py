"""Spot checks of the Kubernetes extensions, formats and enums on the built-in schemas.

Each expectation is the value kube-openapi renders from the Go types (``patchStrategy`` and
``patchMergeKey`` struct tags; ``+listType``, ``+listMapKey``, ``+mapType``/``+structType`` and
``+enum`` markers). ``None`` means Kubernetes declares nothing, so the key must be absent.
"""

from __future__ import annotations

from typing import Any

import pytest

from kubeedge.apiserver.schema.builtin import builtin_schemas

CORE = "io.k8s.api.core.v1."
APPS = "io.k8s.api.apps.v1."
META = "io.k8s.apimachinery.pkg.apis.meta.v1."
APIEXT = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1."

LT = "x-kubernetes-list-type"
KEYS = "x-kubernetes-list-map-keys"
MERGE = "x-kubernetes-patch-merge-key"
STRATEGY = "x-kubernetes-patch-strategy"
MAP_TYPE = "x-kubernetes-map-type"


def _merge_map(*keys: str, merge: str, strategy: str = "merge") -> dict[str, Any]:
    return {LT: "map", KEYS: list(keys), MERGE: merge, STRATEGY: strategy}


ATOMIC = {LT: "atomic", KEYS: None, MERGE: None, STRATEGY: None}

FIELD_EXTENSIONS: list[tuple[str, str, dict[str, Any]]] = [
    # PodSpec
    (CORE + "PodSpec", "containers", _merge_map("name", merge="name")),
    (CORE + "PodSpec", "initContainers", _merge_map("name", merge="name")),
    (CORE + "PodSpec", "ephemeralContainers", _merge_map("name", merge="name")),
    (CORE + "PodSpec", "volumes", _merge_map("name", merge="name", strategy="merge,retainKeys")),
    (CORE + "PodSpec", "imagePullSecrets", _merge_map("name", merge="name")),
    (CORE + "PodSpec", "hostAliases", _merge_map("ip", merge="ip")),
    (CORE + "PodSpec", "tolerations", ATOMIC),
    (CORE + "PodSpec", "readinessGates", ATOMIC),
    (
        CORE + "PodSpec",
        "topologySpreadConstraints",
        _merge_map("topologyKey", "whenUnsatisfiable", merge="topologyKey"),
    ),
    (CORE + "PodSpec", "schedulingGates", _merge_map("name", merge="name")),
    (CORE + "PodSpec", "resourceClaims", _merge_map("name", merge="name", strategy="merge,retainKeys")),
    (CORE + "PodSpec", "nodeSelector", {MAP_TYPE: "atomic"}),
    # Container and EphemeralContainer
    (CORE + "Container", "env", _merge_map("name", merge="name")),
    (CORE + "Container", "ports", _merge_map("containerPort", "protocol", merge="containerPort")),
    (CORE + "Container", "volumeMounts", _merge_map("mountPath", merge="mountPath")),
    (CORE + "Container", "volumeDevices", _merge_map("devicePath", merge="devicePath")),
    (CORE + "Container", "command", ATOMIC),
    (CORE + "Container", "args", ATOMIC),
    (CORE + "Container", "envFrom", ATOMIC),
    (CORE + "Container", "resizePolicy", ATOMIC),
    (CORE + "EphemeralContainer", "env", _merge_map("name", merge="name")),
    (CORE + "EphemeralContainer", "volumeMounts", _merge_map("mountPath", merge="mountPath")),
    (CORE + "ResourceRequirements", "claims", {LT: "map", KEYS: ["name"], MERGE: None}),
    (CORE + "Capabilities", "add", ATOMIC),
    (CORE + "PodSecurityContext", "sysctls", ATOMIC),
    (CORE + "HTTPGetAction", "httpHeaders", ATOMIC),
    # PodStatus
    (CORE + "PodStatus", "conditions", _merge_map("type", merge="type")),
    (CORE + "PodStatus", "podIPs", _merge_map("ip", merge="ip")),
    (CORE + "PodStatus", "hostIPs", {LT: "atomic", MERGE: "ip", STRATEGY: "merge"}),
    (CORE + "PodStatus", "containerStatuses", ATOMIC),
    (
        CORE + "PodStatus",
        "resourceClaimStatuses",
        _merge_map("name", merge="name", strategy="merge,retainKeys"),
    ),
    (CORE + "ContainerStatus", "volumeMounts", _merge_map("mountPath", merge="mountPath")),
    # scheduling
    (CORE + "NodeSelector", "nodeSelectorTerms", ATOMIC),
    (CORE + "NodeSelectorRequirement", "values", ATOMIC),
    (CORE + "PodAffinity", "requiredDuringSchedulingIgnoredDuringExecution", ATOMIC),
    (CORE + "PodAffinityTerm", "namespaces", ATOMIC),
    (CORE + "TopologySpreadConstraint", "matchLabelKeys", ATOMIC),
    # volumes
    (CORE + "ProjectedVolumeSource", "sources", ATOMIC),
    (CORE + "ConfigMapVolumeSource", "items", ATOMIC),
    (CORE + "SecretVolumeSource", "items", ATOMIC),
    # Node, Namespace, Service, ServiceAccount, Endpoints
    (CORE + "NodeStatus", "addresses", _merge_map("type", merge="type")),
    (CORE + "NodeStatus", "conditions", _merge_map("type", merge="type")),
    (CORE + "NodeStatus", "images", ATOMIC),
    (CORE + "NodeSpec", "taints", ATOMIC),
    (CORE + "NodeSpec", "podCIDRs", {LT: "set", STRATEGY: "merge", MERGE: None}),
    (CORE + "NamespaceStatus", "conditions", _merge_map("type", merge="type")),
    (CORE + "NamespaceSpec", "finalizers", ATOMIC),
    (CORE + "ServiceSpec", "ports", _merge_map("port", "protocol", merge="port")),
    (CORE + "ServiceSpec", "selector", {MAP_TYPE: "atomic"}),
    (CORE + "ServiceSpec", "clusterIPs", ATOMIC),
    (CORE + "ServiceStatus", "conditions", _merge_map("type", merge="type")),
    (CORE + "ServiceAccount", "secrets", _merge_map("name", merge="name")),
    (CORE + "ServiceAccount", "imagePullSecrets", ATOMIC),
    (CORE + "Endpoints", "subsets", ATOMIC),
    (CORE + "EndpointSubset", "addresses", ATOMIC),
    # meta
    (META + "ObjectMeta", "ownerReferences", _merge_map("uid", merge="uid")),
    (META + "ObjectMeta", "finalizers", {LT: "set", STRATEGY: "merge", MERGE: None}),
    (META + "ObjectMeta", "managedFields", ATOMIC),
    (META + "ObjectMeta", "labels", {MAP_TYPE: None}),
    (META + "LabelSelector", "matchExpressions", ATOMIC),
    (META + "LabelSelectorRequirement", "key", {MERGE: "key", STRATEGY: "merge"}),
    (META + "DeleteOptions", "dryRun", ATOMIC),
    (META + "StatusDetails", "causes", ATOMIC),
    # apps
    (APPS + "DeploymentSpec", "strategy", {STRATEGY: "retainKeys"}),
    (APPS + "DeploymentStatus", "conditions", _merge_map("type", merge="type")),
    (APPS + "ReplicaSetStatus", "conditions", _merge_map("type", merge="type")),
    (APPS + "DaemonSetStatus", "conditions", _merge_map("type", merge="type")),
    (APPS + "DaemonSetSpec", "updateStrategy", {STRATEGY: None}),
    # apiextensions
    (APIEXT + "CustomResourceDefinitionSpec", "versions", ATOMIC),
    (APIEXT + "CustomResourceDefinitionStatus", "conditions", {LT: "map", KEYS: ["type"], MERGE: None}),
    (APIEXT + "JSONSchemaProps", "x-kubernetes-validations", _merge_map("rule", merge="rule")),
    (APIEXT + "JSONSchemaProps", "x-kubernetes-list-map-keys", ATOMIC),
]

# Fields newer than the Kubernetes Go source we could consult (v1.31 core, v1.33 apps): their
# list semantics follow their siblings' conventions and are pinned here so a later check against
# the real types (k8s.io/api core/v1 types.go) knows exactly what to verify.
INFERRED_FIELD_EXTENSIONS: list[tuple[str, str, dict[str, Any]]] = [
    (CORE + "Container", "restartPolicyRules", ATOMIC),
    (CORE + "ContainerRestartRuleOnExitCodes", "values", {LT: "set"}),
    (CORE + "ContainerStatus", "allocatedResourcesStatus", _merge_map("name", merge="name")),
    (CORE + "ResourceStatus", "resources", {LT: "map", KEYS: ["resourceID"], MERGE: None}),
    (CORE + "PodSpec", "evictionResponders", {LT: "map", KEYS: ["name"], MERGE: None}),
    (CORE + "PodStatus", "volumeHealth", {LT: "map", KEYS: ["name"], MERGE: None}),
    (CORE + "PodStatus", "nodeAllocatableResourceClaimStatuses", {LT: "map", KEYS: ["resourceClaimName"]}),
    (CORE + "NodeAllocatableResourceClaimStatus", "mapping", {LT: "map", KEYS: ["name"]}),
    (CORE + "NodeAllocatableResourceClaimStatus", "overhead", {LT: "map", KEYS: ["name"]}),
    (CORE + "NodeAllocatableResourceClaimStatus", "containers", ATOMIC),
    (CORE + "PodVolumeHealth", "healthConditions", ATOMIC),
    (CORE + "PodExtendedResourceClaimStatus", "requestMappings", ATOMIC),
    (CORE + "NodePodPreemptionPolicy", "disableResizePreemption", ATOMIC),
    (CORE + "NodeStatus", "declaredFeatures", ATOMIC),
    (CORE + "VolumeMount", "bindMountOptions", ATOMIC),
]

DEFINITION_EXTENSIONS: list[tuple[str, dict[str, Any]]] = [
    (META + "LabelSelector", {MAP_TYPE: "atomic"}),
    (META + "OwnerReference", {MAP_TYPE: "atomic"}),
    (META + "ObjectMeta", {MAP_TYPE: None}),
    (CORE + "ObjectReference", {MAP_TYPE: "atomic"}),
    (CORE + "LocalObjectReference", {MAP_TYPE: "atomic"}),
    (CORE + "TypedLocalObjectReference", {MAP_TYPE: "atomic"}),
    (CORE + "NodeSelector", {MAP_TYPE: "atomic"}),
    (CORE + "NodeSelectorTerm", {MAP_TYPE: "atomic"}),
    (CORE + "ObjectFieldSelector", {MAP_TYPE: "atomic"}),
    (CORE + "ResourceFieldSelector", {MAP_TYPE: "atomic"}),
    (CORE + "ConfigMapKeySelector", {MAP_TYPE: "atomic"}),
    (CORE + "SecretKeySelector", {MAP_TYPE: "atomic"}),
    (CORE + "EndpointAddress", {MAP_TYPE: "atomic"}),
    (CORE + "EndpointPort", {MAP_TYPE: "atomic"}),
    (CORE + "Toleration", {MAP_TYPE: None}),
    (CORE + "Container", {MAP_TYPE: None}),
    (
        "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
        {"x-kubernetes-int-or-string": True, "format": "int-or-string"},
    ),
    ("io.k8s.apimachinery.pkg.api.resource.Quantity", {"oneOf": [{"type": "string"}, {"type": "number"}]}),
    ("io.k8s.apimachinery.pkg.runtime.RawExtension", {"x-kubernetes-preserve-unknown-fields": True}),
    (META + "FieldsV1", {"x-kubernetes-preserve-unknown-fields": True}),
    (APIEXT + "JSON", {"x-kubernetes-preserve-unknown-fields": True, "type": None}),
    (META + "Time", {"type": "string", "format": "date-time"}),
    (META + "MicroTime", {"type": "string", "format": "date-time"}),
    (CORE + "Pod", {"x-kubernetes-group-version-kind": [{"group": "", "kind": "Pod", "version": "v1"}]}),
    (
        APPS + "DeploymentList",
        {"x-kubernetes-group-version-kind": [{"group": "apps", "kind": "DeploymentList", "version": "v1"}]},
    ),
]

FIELD_SCHEMAS: list[tuple[str, str, dict[str, Any]]] = [
    (
        CORE + "Secret",
        "data",
        {"type": "object", "additionalProperties": {"type": "string", "format": "byte"}},
    ),
    (
        CORE + "ConfigMap",
        "binaryData",
        {"type": "object", "additionalProperties": {"type": "string", "format": "byte"}},
    ),
    (META + "ObjectMeta", "labels", {"type": "object", "additionalProperties": {"type": "string"}}),
    (META + "ObjectMeta", "generation", {"type": "integer", "format": "int64"}),
    (CORE + "ContainerPort", "containerPort", {"type": "integer", "format": "int32"}),
    (CORE + "PodSpec", "terminationGracePeriodSeconds", {"type": "integer", "format": "int64"}),
    (CORE + "PodSecurityContext", "runAsUser", {"type": "integer", "format": "int64"}),
    (APIEXT + "JSONSchemaProps", "maximum", {"type": "number", "format": "double"}),
    (APIEXT + "WebhookClientConfig", "caBundle", {"type": "string", "format": "byte"}),
    (CORE + "Container", "imagePullPolicy", {"type": "string", "enum": ["Always", "IfNotPresent", "Never"]}),
    (
        CORE + "ContainerPort",
        "protocol",
        {"type": "string", "enum": ["SCTP", "TCP", "UDP"], "default": "TCP"},
    ),
    (CORE + "PodSpec", "restartPolicy", {"type": "string", "enum": ["Always", "Never", "OnFailure"]}),
    (
        CORE + "PodSpec",
        "dnsPolicy",
        {"type": "string", "enum": ["ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"]},
    ),
    (
        CORE + "ServiceSpec",
        "type",
        {"type": "string", "enum": ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]},
    ),
    (CORE + "Taint", "effect", {"type": "string", "enum": ["NoExecute", "NoSchedule", "PreferNoSchedule"]}),
    (APPS + "DeploymentStrategy", "type", {"type": "string", "enum": ["Recreate", "RollingUpdate"]}),
    (
        CORE + "PodStatus",
        "phase",
        {"type": "string", "enum": ["Failed", "Pending", "Running", "Succeeded", "Unknown"]},
    ),
    (CORE + "PodCondition", "type", {"type": "string"}),
    (META + "DeleteOptions", "propagationPolicy", {"type": "string"}),
]


@pytest.mark.parametrize(("definition", "field", "expected"), FIELD_EXTENSIONS + INFERRED_FIELD_EXTENSIONS)
def test_field_extensions(definition: str, field: str, expected: dict[str, Any]) -> None:
    node = builtin_schemas().definition(definition)["properties"][field]
    for key, value in expected.items():
        assert node.get(key) == value, key


@pytest.mark.parametrize(("definition", "expected"), DEFINITION_EXTENSIONS)
def test_definition_extensions(definition: str, expected: dict[str, Any]) -> None:
    node = builtin_schemas().definition(definition)
    for key, value in expected.items():
        assert node.get(key) == value, key


@pytest.mark.parametrize(("definition", "field", "expected"), FIELD_SCHEMAS)
def test_field_schemas(definition: str, field: str, expected: dict[str, Any]) -> None:
    schemas = builtin_schemas()
    assert schemas.property(schemas.definition(definition), field) == expected


@pytest.mark.parametrize(
    ("definition", "required"),
    [
        (CORE + "Container", ["name"]),
        (CORE + "PodSpec", ["containers"]),
        (META + "ObjectMeta", []),
        (META + "OwnerReference", ["apiVersion", "kind", "name", "uid"]),
        (META + "WatchEvent", ["object", "type"]),
        (CORE + "ContainerPort", ["containerPort"]),
        (CORE + "ServicePort", ["port"]),
        (APPS + "DeploymentSpec", ["selector", "template"]),
        (CORE + "Binding", ["target"]),
        (APIEXT + "CustomResourceDefinitionSpec", ["group", "names", "scope", "versions"]),
    ],
)
def test_required_fields(definition: str, required: list[str]) -> None:
    assert sorted(builtin_schemas().definition(definition).get("required", [])) == sorted(required)


def test_deployment_strategy_keeps_its_extension_when_resolved() -> None:
    schemas = builtin_schemas()
    strategy = schemas.property(schemas.definition(APPS + "DeploymentSpec"), "strategy")
    assert strategy is not None
    assert strategy[STRATEGY] == "retainKeys"
    assert "rollingUpdate" in strategy["properties"]


def test_security_profiles_are_unions_on_type() -> None:
    for name in ("SeccompProfile", "AppArmorProfile"):
        unions = builtin_schemas().definition(CORE + name)["x-kubernetes-unions"]
        assert unions == [
            {"discriminator": "type", "fields-to-discriminateBy": {"localhostProfile": "LocalhostProfile"}}
        ]
