"""core/v1 kinds other than Pod: Namespace, Node, Binding, ConfigMap, Secret, Service, Endpoints, Event,
ServiceAccount, and the types only they use.

Secret.data and ConfigMap.binaryData values are base64 strings (``format: byte``); Node capacity
and allocatable are Quantity maps. Service ports are a map list keyed by (port, protocol) for
server-side apply and merged by ``port`` alone by strategic merge patch, as in Kubernetes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    CORE,
    INTSTR,
    array,
    boolean,
    byte_map,
    core,
    enum,
    int32,
    int64,
    kind,
    list_kind,
    meta,
    obj,
    quantity_map,
    ref,
    string,
    string_map,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    CORE + "AttachedVolume": obj(
        "A volume attached to a node.",
        {
            "devicePath": string(),
            "name": string(),
        },
        required=["devicePath", "name"],
    ),
    CORE + "Binding": kind(
        "Ties one object to another, e.g. a pod to a node (deprecated).",
        ("", "v1", "Binding"),
        {
            "metadata": meta("ObjectMeta"),
            "target": core("ObjectReference"),
        },
        required=["target"],
    ),
    CORE + "ClientIPConfig": obj(
        "ClientIPConfig represents the configurations of Client IP based session affinity.",
        {
            "timeoutSeconds": int32(),
        },
    ),
    CORE + "ConfigMap": kind(
        "Configuration data for pods to consume.",
        ("", "v1", "ConfigMap"),
        {
            "binaryData": byte_map(),
            "data": string_map(),
            "immutable": boolean(),
            "metadata": meta("ObjectMeta"),
        },
    ),
    CORE + "ConfigMapList": list_kind(
        "ConfigMapList is a resource containing a list of ConfigMap objects.",
        ("", "v1", "ConfigMapList"),
        core("ConfigMap"),
    ),
    CORE + "ConfigMapNodeConfigSource": obj(
        "References a ConfigMap as a config source for the Node (deprecated).",
        {
            "kubeletConfigKey": string(),
            "name": string(),
            "namespace": string(),
            "resourceVersion": string(),
            "uid": string(),
        },
        required=["kubeletConfigKey", "name", "namespace"],
    ),
    CORE + "ContainerImage": obj(
        "A container image present on a node.",
        {
            "names": array(string(), list_type="atomic"),
            "sizeBytes": int64(),
        },
    ),
    CORE + "DaemonEndpoint": obj(
        "DaemonEndpoint contains information about a single Daemon endpoint.",
        {
            "Port": int32(),
        },
        required=["Port"],
    ),
    CORE + "EndpointAddress": obj(
        "EndpointAddress is a tuple that describes single IP address.",
        {
            "hostname": string(),
            "ip": string(),
            "nodeName": string(),
            "targetRef": core("ObjectReference"),
        },
        required=["ip"],
        map_type="atomic",
    ),
    CORE + "EndpointPort": obj(
        "EndpointPort is a tuple that describes a single port.",
        {
            "appProtocol": string(),
            "name": string(),
            "port": int32(),
            "protocol": enum("SCTP", "TCP", "UDP"),
        },
        required=["port"],
        map_type="atomic",
    ),
    CORE + "EndpointSubset": obj(
        "EndpointSubset is a group of addresses with a common set of ports.",
        {
            "addresses": array(core("EndpointAddress"), list_type="atomic"),
            "notReadyAddresses": array(core("EndpointAddress"), list_type="atomic"),
            "ports": array(core("EndpointPort"), list_type="atomic"),
        },
    ),
    CORE + "Endpoints": kind(
        "The endpoints implementing a service.",
        ("", "v1", "Endpoints"),
        {
            "metadata": meta("ObjectMeta"),
            "subsets": array(core("EndpointSubset"), list_type="atomic"),
        },
    ),
    CORE + "EndpointsList": list_kind(
        "EndpointsList is a list of endpoints.", ("", "v1", "EndpointsList"), core("Endpoints")
    ),
    CORE + "Event": kind(
        "A report of an event somewhere in the cluster.",
        ("", "v1", "Event"),
        {
            "action": string(),
            "count": int32(),
            "eventTime": meta("MicroTime"),
            "firstTimestamp": meta("Time"),
            "involvedObject": core("ObjectReference"),
            "lastTimestamp": meta("Time"),
            "message": string(),
            "metadata": meta("ObjectMeta"),
            "reason": string(),
            "related": core("ObjectReference"),
            "reportingComponent": string(),
            "reportingInstance": string(),
            "series": core("EventSeries"),
            "source": core("EventSource"),
            "type": string(),
        },
        required=["involvedObject", "metadata"],
    ),
    CORE + "EventList": list_kind("EventList is a list of events.", ("", "v1", "EventList"), core("Event")),
    CORE + "EventSeries": obj(
        "Information on a series of events happening continuously for some time.",
        {
            "count": int32(),
            "lastObservedTime": meta("MicroTime"),
        },
    ),
    CORE + "EventSource": obj(
        "EventSource contains information for an event.",
        {
            "component": string(),
            "host": string(),
        },
    ),
    CORE + "LoadBalancerIngress": obj(
        "A load-balancer ingress point.",
        {
            "hostname": string(),
            "ip": string(),
            "ipMode": string(),
            "ports": array(core("PortStatus"), list_type="atomic"),
        },
    ),
    CORE + "LoadBalancerStatus": obj(
        "LoadBalancerStatus represents the status of a load-balancer.",
        {
            "ingress": array(core("LoadBalancerIngress"), list_type="atomic"),
        },
    ),
    CORE + "LocalObjectReference": obj(
        "A reference to an object by name in the same namespace.",
        {
            "name": {"type": "string", "default": ""},
        },
        map_type="atomic",
    ),
    CORE + "Namespace": kind(
        "Provides a scope for names.",
        ("", "v1", "Namespace"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("NamespaceSpec"),
            "status": core("NamespaceStatus"),
        },
    ),
    CORE + "NamespaceCondition": obj(
        "NamespaceCondition contains details about state of namespace.",
        {
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
        required=["status", "type"],
    ),
    CORE + "NamespaceList": list_kind(
        "NamespaceList is a list of Namespaces.", ("", "v1", "NamespaceList"), core("Namespace")
    ),
    CORE + "NamespaceSpec": obj(
        "NamespaceSpec describes the attributes on a Namespace.",
        {
            "finalizers": array(string(), list_type="atomic"),
        },
    ),
    CORE + "NamespaceStatus": obj(
        "NamespaceStatus is information about the current status of a Namespace.",
        {
            "conditions": array(core("NamespaceCondition"), keys=["type"], merge="type"),
            "phase": enum("Active", "Terminating"),
        },
    ),
    CORE + "Node": kind(
        "A worker node in Kubernetes.",
        ("", "v1", "Node"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("NodeSpec"),
            "status": core("NodeStatus"),
        },
    ),
    CORE + "NodeAddress": obj(
        "NodeAddress contains information for the node's address.",
        {
            "address": string(),
            "type": string(),
        },
        required=["address", "type"],
    ),
    CORE + "NodeCondition": obj(
        "NodeCondition contains condition information for a node.",
        {
            "lastHeartbeatTime": meta("Time"),
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
        required=["status", "type"],
    ),
    CORE + "NodeConfigSource": obj(
        "NodeConfigSource specifies a source of node configuration.",
        {
            "configMap": core("ConfigMapNodeConfigSource"),
        },
    ),
    CORE + "NodeConfigStatus": obj(
        "NodeConfigStatus describes the status of the config assigned by Node.Spec.ConfigSource.",
        {
            "active": core("NodeConfigSource"),
            "assigned": core("NodeConfigSource"),
            "error": string(),
            "lastKnownGood": core("NodeConfigSource"),
        },
    ),
    CORE + "NodeDaemonEndpoints": obj(
        "NodeDaemonEndpoints lists ports opened by daemons running on the Node.",
        {
            "kubeletEndpoint": core("DaemonEndpoint"),
        },
    ),
    CORE + "NodeFeatures": obj(
        "NodeFeatures describes the set of features implemented by the CRI implementation.",
        {
            "supplementalGroupsPolicy": boolean(),
        },
    ),
    CORE + "NodeList": list_kind(
        "NodeList is the whole list of all Nodes which have been registered with master.",
        ("", "v1", "NodeList"),
        core("Node"),
    ),
    CORE + "NodePodPreemptionPolicy": obj(
        "Node-level policies governing preemption of pods on the node.",
        {
            "disableResizePreemption": array(string(), list_type="atomic"),
        },
    ),
    CORE + "NodeRuntimeHandler": obj(
        "NodeRuntimeHandler is a set of runtime handler information.",
        {
            "features": core("NodeRuntimeHandlerFeatures"),
            "name": string(),
        },
    ),
    CORE + "NodeRuntimeHandlerFeatures": obj(
        "NodeRuntimeHandlerFeatures is a set of features implemented by the runtime handler.",
        {
            "recursiveReadOnlyMounts": boolean(),
            "userNamespaces": boolean(),
        },
    ),
    CORE + "NodeSpec": obj(
        "NodeSpec describes the attributes that a node is created with.",
        {
            "configSource": core("NodeConfigSource"),
            "externalID": string(),
            "podCIDR": string(),
            "podCIDRs": array(string(), list_type="set", strategy="merge"),
            "podPreemptionPolicy": core("NodePodPreemptionPolicy"),
            "providerID": string(),
            "taints": array(core("Taint"), list_type="atomic"),
            "unschedulable": boolean(),
        },
    ),
    CORE + "NodeStatus": obj(
        "NodeStatus is information about the current status of a node.",
        {
            "addresses": array(core("NodeAddress"), keys=["type"], merge="type"),
            "allocatable": quantity_map(),
            "capacity": quantity_map(),
            "conditions": array(core("NodeCondition"), keys=["type"], merge="type"),
            "config": core("NodeConfigStatus"),
            "daemonEndpoints": core("NodeDaemonEndpoints"),
            "declaredFeatures": array(string(), list_type="atomic"),
            "features": core("NodeFeatures"),
            "images": array(core("ContainerImage"), list_type="atomic"),
            "nodeInfo": core("NodeSystemInfo"),
            "phase": enum("Pending", "Running", "Terminated"),
            "runtimeHandlers": array(core("NodeRuntimeHandler"), list_type="atomic"),
            "volumesAttached": array(core("AttachedVolume"), list_type="atomic"),
            "volumesInUse": array(string(), list_type="atomic"),
        },
    ),
    CORE + "NodeSwapStatus": obj(
        "NodeSwapStatus represents swap memory information.",
        {
            "capacity": int64(),
        },
    ),
    CORE + "NodeSystemInfo": obj(
        "NodeSystemInfo is a set of ids/uuids to uniquely identify the node.",
        {
            "architecture": string(),
            "bootID": string(),
            "containerRuntimeVersion": string(),
            "kernelVersion": string(),
            "kubeProxyVersion": string(),
            "kubeletVersion": string(),
            "machineID": string(),
            "operatingSystem": string(),
            "osImage": string(),
            "runningInUserNamespace": boolean(),
            "swap": core("NodeSwapStatus"),
            "systemUUID": string(),
        },
        required=[
            "architecture",
            "bootID",
            "containerRuntimeVersion",
            "kernelVersion",
            "kubeProxyVersion",
            "kubeletVersion",
            "machineID",
            "operatingSystem",
            "osImage",
            "systemUUID",
        ],
    ),
    CORE + "ObjectReference": obj(
        "A reference to an object, enough to inspect or modify it.",
        {
            "apiVersion": string(),
            "fieldPath": string(),
            "kind": string(),
            "name": string(),
            "namespace": string(),
            "resourceVersion": string(),
            "uid": string(),
        },
        map_type="atomic",
    ),
    CORE + "PortStatus": obj(
        "The error condition of a service port.",
        {
            "error": string(),
            "port": int32(),
            "protocol": enum("SCTP", "TCP", "UDP"),
        },
        required=["port", "protocol"],
    ),
    CORE + "Secret": kind(
        "Secret data of a certain type.",
        ("", "v1", "Secret"),
        {
            "data": byte_map(),
            "immutable": boolean(),
            "metadata": meta("ObjectMeta"),
            "stringData": string_map(),
            "type": string(),
        },
    ),
    CORE + "SecretList": list_kind("SecretList is a list of Secret.", ("", "v1", "SecretList"), core("Secret")),
    CORE + "Service": kind(
        "A named abstraction of a software service, fronting a set of pods.",
        ("", "v1", "Service"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": core("ServiceSpec"),
            "status": core("ServiceStatus"),
        },
    ),
    CORE + "ServiceAccount": kind(
        "An identity for processes running in a pod, with its secrets.",
        ("", "v1", "ServiceAccount"),
        {
            "automountServiceAccountToken": boolean(),
            "imagePullSecrets": array(core("LocalObjectReference"), list_type="atomic"),
            "metadata": meta("ObjectMeta"),
            "secrets": array(core("ObjectReference"), keys=["name"], merge="name"),
        },
    ),
    CORE + "ServiceAccountList": list_kind(
        "ServiceAccountList is a list of ServiceAccount objects.",
        ("", "v1", "ServiceAccountList"),
        core("ServiceAccount"),
    ),
    CORE + "ServiceList": list_kind(
        "ServiceList holds a list of services.", ("", "v1", "ServiceList"), core("Service")
    ),
    CORE + "ServicePort": obj(
        "ServicePort contains information on service's port.",
        {
            "appProtocol": string(),
            "name": string(),
            "nodePort": int32(),
            "port": int32(),
            "protocol": {**enum("SCTP", "TCP", "UDP"), "default": "TCP"},
            "targetPort": ref(INTSTR),
        },
        required=["port"],
    ),
    CORE + "ServiceSpec": obj(
        "ServiceSpec describes the attributes that a user creates on a service.",
        {
            "allocateLoadBalancerNodePorts": boolean(),
            "clusterIP": string(),
            "clusterIPs": array(string(), list_type="atomic"),
            "externalIPs": array(string(), list_type="atomic"),
            "externalName": string(),
            "externalTrafficPolicy": enum("Cluster", "Local"),
            "healthCheckNodePort": int32(),
            "internalTrafficPolicy": enum("Cluster", "Local"),
            "ipFamilies": array(enum("", "IPv4", "IPv6"), list_type="atomic"),
            "ipFamilyPolicy": enum("PreferDualStack", "RequireDualStack", "SingleStack"),
            "loadBalancerClass": string(),
            "loadBalancerIP": string(),
            "loadBalancerSourceRanges": array(string(), list_type="atomic"),
            "ports": array(core("ServicePort"), keys=["port", "protocol"], merge="port"),
            "publishNotReadyAddresses": boolean(),
            "selector": string_map(map_type="atomic"),
            "sessionAffinity": enum("ClientIP", "None"),
            "sessionAffinityConfig": core("SessionAffinityConfig"),
            "trafficDistribution": string(),
            "type": enum("ClusterIP", "ExternalName", "LoadBalancer", "NodePort"),
        },
    ),
    CORE + "ServiceStatus": obj(
        "ServiceStatus represents the current status of a service.",
        {
            "conditions": array(meta("Condition"), keys=["type"], merge="type"),
            "loadBalancer": core("LoadBalancerStatus"),
        },
    ),
    CORE + "SessionAffinityConfig": obj(
        "SessionAffinityConfig represents the configurations of session affinity.",
        {
            "clientIP": core("ClientIPConfig"),
        },
    ),
    CORE + "Taint": obj(
        "A taint: its effect applies to any pod that does not tolerate it.",
        {
            "effect": enum("NoExecute", "NoSchedule", "PreferNoSchedule"),
            "key": string(),
            "timeAdded": meta("Time"),
            "value": string(),
        },
        required=["effect", "key"],
    ),
}
