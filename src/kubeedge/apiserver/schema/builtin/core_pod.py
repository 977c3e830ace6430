"""core/v1 Pod: PodSpec, PodStatus and the scheduling, affinity, security and resource-claim types.

Every list carries the list semantics Kubernetes declares for it: containers, volumes, host aliases
and scheduling gates are map lists with strategic-merge keys; tolerations, readiness gates and
the per-container status lists are atomic. The few fields younger than our reference source
(see the package docstring) follow the conventions of their siblings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    CORE,
    array,
    boolean,
    core,
    enum,
    int32,
    int64,
    kind,
    list_kind,
    meta,
    obj,
    quantity,
    quantity_map,
    string,
    string_map,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    CORE + "Affinity": obj(
        "Affinity is a group of affinity scheduling rules.",
        {
            "nodeAffinity": core("NodeAffinity"),
            "podAffinity": core("PodAffinity"),
            "podAntiAffinity": core("PodAntiAffinity"),
        },
    ),
    CORE + "ContainerExtendedResourceRequest": obj(
        "Maps a container's extended resource to a device request name.",
        {
            "containerName": string(),
            "requestName": string(),
            "resourceName": string(),
        },
        required=["containerName", "requestName", "resourceName"],
    ),
    CORE + "EvictionResponder": obj(
        "EvictionResponder allows you to specify the responder reacting to an Eviction.",
        {
            "name": string(),
            "priority": int32(),
        },
        required=["name", "priority"],
    ),
    CORE + "HostAlias": obj(
        "An IP-to-hostnames entry injected into the pod's hosts file.",
        {
            "hostnames": array(string(), list_type="atomic"),
            "ip": string(),
        },
        required=["ip"],
    ),
    CORE + "HostIP": obj(
        "HostIP represents a single IP address allocated to the host.",
        {
            "ip": string(),
        },
        required=["ip"],
    ),
    CORE + "NodeAffinity": obj(
        "Node affinity is a group of node affinity scheduling rules.",
        {
            "preferredDuringSchedulingIgnoredDuringExecution": array(
                core("PreferredSchedulingTerm"), list_type="atomic"
            ),
            "requiredDuringSchedulingIgnoredDuringExecution": core("NodeSelector"),
        },
    ),
    CORE + "NodeAllocatableMappedResources": obj(
        "NodeAllocatableMappedResources describes mapped node allocatable resource allocations.",
        {
            "name": string(),
            "quantity": quantity(),
        },
        required=["name", "quantity"],
    ),
    CORE + "NodeAllocatableOverheadResources": obj(
        "NodeAllocatableOverheadResources describes auxiliary overhead resource allocations.",
        {
            "name": string(),
            "perContainer": quantity(),
            "perPod": quantity(),
        },
        required=["name"],
    ),
    CORE + "NodeAllocatableResourceClaimStatus": obj(
        "Node allocatable resources allocated to a pod via DRA.",
        {
            "containers": array(string(), list_type="atomic"),
            "mapping": array(core("NodeAllocatableMappedResources"), keys=["name"]),
            "overhead": array(core("NodeAllocatableOverheadResources"), keys=["name"]),
            "resourceClaimName": string(),
        },
        required=["resourceClaimName"],
    ),
    CORE + "NodeSelector": obj(
        "The OR of node selector terms.",
        {
            "nodeSelectorTerms": array(core("NodeSelectorTerm"), list_type="atomic"),
        },
        required=["nodeSelectorTerms"],
        map_type="atomic",
    ),
    CORE + "NodeSelectorRequirement": obj(
        "A node selector requirement: a key, an operator and values.",
        {
            "key": string(),
            "operator": enum("DoesNotExist", "Exists", "Gt", "In", "Lt", "NotIn"),
            "values": array(string(), list_type="atomic"),
        },
        required=["key", "operator"],
    ),
    CORE + "NodeSelectorTerm": obj(
        "A null or empty node selector term matches no objects.",
        {
            "matchExpressions": array(core("NodeSelectorRequirement"), list_type="atomic"),
            "matchFields": array(core("NodeSelectorRequirement"), list_type="atomic"),
        },
        map_type="atomic",
    ),
    CORE + "Pod": kind(
        "A collection of containers that can run on a host.",
        ("", "v1", "Pod"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("PodSpec"),
            "status": core("PodStatus"),
        },
    ),
    CORE + "PodAffinity": obj(
        "Pod affinity is a group of inter pod affinity scheduling rules.",
        {
            "preferredDuringSchedulingIgnoredDuringExecution": array(
                core("WeightedPodAffinityTerm"), list_type="atomic"
            ),
            "requiredDuringSchedulingIgnoredDuringExecution": array(core("PodAffinityTerm"), list_type="atomic"),
        },
    ),
    CORE + "PodAffinityTerm": obj(
        "A set of pods this pod should (anti-)co-locate with, by topology key.",
        {
            "labelSelector": meta("LabelSelector"),
            "matchLabelKeys": array(string(), list_type="atomic"),
            "mismatchLabelKeys": array(string(), list_type="atomic"),
            "namespaceSelector": meta("LabelSelector"),
            "namespaces": array(string(), list_type="atomic"),
            "topologyKey": string(),
        },
        required=["topologyKey"],
    ),
    CORE + "PodAntiAffinity": obj(
        "Pod anti affinity is a group of inter pod anti affinity scheduling rules.",
        {
            "preferredDuringSchedulingIgnoredDuringExecution": array(
                core("WeightedPodAffinityTerm"), list_type="atomic"
            ),
            "requiredDuringSchedulingIgnoredDuringExecution": array(core("PodAffinityTerm"), list_type="atomic"),
        },
    ),
    CORE + "PodCondition": obj(
        "PodCondition contains details for the current condition of this pod.",
        {
            "lastProbeTime": meta("Time"),
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "observedGeneration": int64(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
        required=["status", "type"],
    ),
    CORE + "PodDNSConfig": obj(
        "DNS parameters of a pod in addition to those from the DNS policy.",
        {
            "nameservers": array(string(), list_type="atomic"),
            "options": array(core("PodDNSConfigOption"), list_type="atomic"),
            "searches": array(string(), list_type="atomic"),
        },
    ),
    CORE + "PodDNSConfigOption": obj(
        "PodDNSConfigOption defines DNS resolver options of a pod.",
        {
            "name": string(),
            "value": string(),
        },
    ),
    CORE + "PodExtendedResourceClaimStatus": obj(
        "Status of the claim created for extended resources backed by DRA.",
        {
            "requestMappings": array(core("ContainerExtendedResourceRequest"), list_type="atomic"),
            "resourceClaimName": string(),
        },
        required=["requestMappings", "resourceClaimName"],
    ),
    CORE + "PodIP": obj(
        "PodIP represents a single IP address allocated to the pod.",
        {
            "ip": string(),
        },
        required=["ip"],
    ),
    CORE + "PodList": list_kind("PodList is a list of Pods.", ("", "v1", "PodList"), core("Pod")),
    CORE + "PodOS": obj(
        "PodOS defines the OS parameters of a pod.",
        {
            "name": string(),
        },
        required=["name"],
    ),
    CORE + "PodReadinessGate": obj(
        "A reference to a pod condition that gates readiness.",
        {
            "conditionType": string(),
        },
        required=["conditionType"],
    ),
    CORE + "PodResourceClaim": obj(
        "References one ResourceClaim, directly or through a ResourceClaimTemplate.",
        {
            "name": string(),
            "resourceClaimName": string(),
            "resourceClaimTemplateName": string(),
        },
        required=["name"],
    ),
    CORE + "PodResourceClaimStatus": obj(
        "The generated ResourceClaim name for a PodResourceClaim.",
        {
            "name": string(),
            "resourceClaimName": string(),
        },
        required=["name"],
    ),
    CORE + "PodSchedulingGate": obj(
        "PodSchedulingGate is associated to a Pod to guard its scheduling.",
        {
            "name": string(),
        },
        required=["name"],
    ),
    CORE + "PodSchedulingGroup": obj(
        "The runtime scheduling group instance a Pod belongs to.",
        {
            "podGroupName": string(),
        },
    ),
    CORE + "PodSecurityContext": obj(
        "PodSecurityContext holds pod-level security attributes and common container settings.",
        {
            "appArmorProfile": core("AppArmorProfile"),
            "fsGroup": int64(),
            "fsGroupChangePolicy": enum("Always", "OnRootMismatch"),
            "runAsGroup": int64(),
            "runAsNonRoot": boolean(),
            "runAsUser": int64(),
            "seLinuxChangePolicy": string(),
            "seLinuxOptions": core("SELinuxOptions"),
            "seccompProfile": core("SeccompProfile"),
            "supplementalGroups": array(int64(), list_type="atomic"),
            "supplementalGroupsPolicy": enum("Merge", "Strict"),
            "sysctls": array(core("Sysctl"), list_type="atomic"),
            "windowsOptions": core("WindowsSecurityContextOptions"),
        },
    ),
    CORE + "PodSpec": obj(
        "PodSpec is a description of a pod.",
        {
            "activeDeadlineSeconds": int64(),
            "affinity": core("Affinity"),
            "automountServiceAccountToken": boolean(),
            "containers": array(core("Container"), keys=["name"], merge="name"),
            "dnsConfig": core("PodDNSConfig"),
            "dnsPolicy": enum("ClusterFirst", "ClusterFirstWithHostNet", "Default", "None"),
            "enableServiceLinks": boolean(),
            "ephemeralContainers": array(core("EphemeralContainer"), keys=["name"], merge="name"),
            "evictionResponders": array(core("EvictionResponder"), keys=["name"]),
            "hostAliases": array(core("HostAlias"), keys=["ip"], merge="ip"),
            "hostIPC": boolean(),
            "hostNetwork": boolean(),
            "hostPID": boolean(),
            "hostUsers": boolean(),
            "hostname": string(),
            "hostnameOverride": string(),
            "imagePullSecrets": array(core("LocalObjectReference"), keys=["name"], merge="name"),
            "initContainers": array(core("Container"), keys=["name"], merge="name"),
            "nodeName": string(),
            "nodeSelector": string_map(map_type="atomic"),
            "os": core("PodOS"),
            "overhead": quantity_map(),
            "preemptionPolicy": enum("Never", "PreemptLowerPriority"),
            "priority": int32(),
            "priorityClassName": string(),
            "readinessGates": array(core("PodReadinessGate"), list_type="atomic"),
            "resourceClaims": array(core("PodResourceClaim"), keys=["name"], merge="name", strategy="merge,retainKeys"),
            "resources": core("ResourceRequirements"),
            "restartPolicy": enum("Always", "Never", "OnFailure"),
            "runtimeClassName": string(),
            "schedulerName": string(),
            "schedulingGates": array(core("PodSchedulingGate"), keys=["name"], merge="name"),
            "schedulingGroup": core("PodSchedulingGroup"),
            "securityContext": core("PodSecurityContext"),
            "serviceAccount": string(),
            "serviceAccountName": string(),
            "setHostnameAsFQDN": boolean(),
            "shareProcessNamespace": boolean(),
            "subdomain": string(),
            "terminationGracePeriodSeconds": int64(),
            "tolerations": array(core("Toleration"), list_type="atomic"),
            "topologySpreadConstraints": array(
                core("TopologySpreadConstraint"),
                keys=["topologyKey", "whenUnsatisfiable"],
                merge="topologyKey",
            ),
            "volumes": array(core("Volume"), keys=["name"], merge="name", strategy="merge,retainKeys"),
        },
        required=["containers"],
    ),
    CORE + "PodStatus": obj(
        "The observed status of a pod.",
        {
            "allocatedResources": quantity_map(),
            "conditions": array(core("PodCondition"), keys=["type"], merge="type"),
            "containerStatuses": array(core("ContainerStatus"), list_type="atomic"),
            "ephemeralContainerStatuses": array(core("ContainerStatus"), list_type="atomic"),
            "extendedResourceClaimStatus": core("PodExtendedResourceClaimStatus"),
            "hostIP": string(),
            "hostIPs": array(core("HostIP"), list_type="atomic", merge="ip"),
            "initContainerStatuses": array(core("ContainerStatus"), list_type="atomic"),
            "message": string(),
            "nodeAllocatableResourceClaimStatuses": array(
                core("NodeAllocatableResourceClaimStatus"), keys=["resourceClaimName"]
            ),
            "nominatedNodeName": string(),
            "observedGeneration": int64(),
            "phase": enum("Failed", "Pending", "Running", "Succeeded", "Unknown"),
            "podIP": string(),
            "podIPs": array(core("PodIP"), keys=["ip"], merge="ip"),
            "qosClass": enum("BestEffort", "Burstable", "Guaranteed"),
            "reason": string(),
            "resize": string(),
            "resourceClaimStatuses": array(
                core("PodResourceClaimStatus"), keys=["name"], merge="name", strategy="merge,retainKeys"
            ),
            "resources": core("ResourceRequirements"),
            "startTime": meta("Time"),
            "volumeHealth": array(core("PodVolumeHealth"), keys=["name"]),
        },
    ),
    CORE + "PodTemplateSpec": obj(
        "The data a pod should have when created from a template.",
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("PodSpec"),
        },
    ),
    CORE + "PodVolumeHealth": obj(
        "Health of a volume used by a pod, as reported by the CSI node plugin.",
        {
            "healthConditions": array(core("VolumeHealthCondition"), list_type="atomic"),
            "lastTransitionTime": meta("Time"),
            "name": string(),
        },
        required=["name"],
    ),
    CORE + "PreferredSchedulingTerm": obj(
        "A weighted node selector term used for preferred scheduling.",
        {
            "preference": core("NodeSelectorTerm"),
            "weight": int32(),
        },
        required=["preference", "weight"],
    ),
    CORE + "Sysctl": obj(
        "A kernel parameter to set.",
        {
            "name": string(),
            "value": string(),
        },
        required=["name", "value"],
    ),
    CORE + "Toleration": obj(
        "Tolerates any taint matching <key,value,effect> with the given operator.",
        {
            "effect": enum("NoExecute", "NoSchedule", "PreferNoSchedule"),
            "key": string(),
            "operator": enum("Equal", "Exists", "Gt", "Lt"),
            "tolerationSeconds": int64(),
            "value": string(),
        },
    ),
    CORE + "TopologySpreadConstraint": obj(
        "TopologySpreadConstraint specifies how to spread matching pods among the given topology.",
        {
            "labelSelector": meta("LabelSelector"),
            "matchLabelKeys": array(string(), list_type="atomic"),
            "maxSkew": int32(),
            "minDomains": int32(),
            "nodeAffinityPolicy": enum("Honor", "Ignore"),
            "nodeTaintsPolicy": enum("Honor", "Ignore"),
            "topologyKey": string(),
            "whenUnsatisfiable": enum("DoNotSchedule", "ScheduleAnyway"),
        },
        required=["maxSkew", "topologyKey", "whenUnsatisfiable"],
    ),
    CORE + "VolumeHealthCondition": obj(
        "VolumeHealthCondition represents an adverse health condition reported for a volume.",
        {
            "message": string(),
            "reason": string(),
            "status": string(),
        },
        required=["reason", "status"],
    ),
    CORE + "WeightedPodAffinityTerm": obj(
        "A pod affinity term with a weight.",
        {
            "podAffinityTerm": core("PodAffinityTerm"),
            "weight": int32(),
        },
        required=["podAffinityTerm", "weight"],
    ),
}
