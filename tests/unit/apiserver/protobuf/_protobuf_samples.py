"""Realistic objects in the exact JSON form Go prints them (the decoder's expected output).

"Exact" means: no zero-valued ``omitempty`` scalars, every non-``omitempty`` scalar present,
timestamps in RFC 3339 (MicroTime with six digits), integral numbers as ints. Round trips
through ``_protobuf_encode`` must give them back unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["SAMPLES"]

_FIXTURES = Path(__file__).parent / "fixtures"

_NODE_INFO = {
    "machineID": "m",
    "systemUUID": "s",
    "bootID": "b",
    "kernelVersion": "6.1.0",
    "osImage": "Debian",
    "containerRuntimeVersion": "containerd://1.7.0",
    "kubeletVersion": "v1.32.0-kubeedge",
    "kubeProxyVersion": "",
    "operatingSystem": "linux",
    "architecture": "arm64",
}

_META = {
    "name": "x",
    "namespace": "default",
    "uid": "0b6c2d8e-2f0a-4b6f-9d7e-1a2b3c4d5e6f",
    "resourceVersion": "42",
    "generation": 3,
    "creationTimestamp": "2024-01-02T03:04:05Z",
    "deletionTimestamp": "2024-01-02T03:05:05Z",
    "deletionGracePeriodSeconds": 0,
    "labels": {"app": "x", "tier": "edge"},
    "annotations": {"a": "", "kubeedge.io/note": "yes"},
    "ownerReferences": [
        {
            "apiVersion": "apps/v1",
            "kind": "ReplicaSet",
            "name": "x-1",
            "uid": "u-1",
            "controller": True,
            "blockOwnerDeletion": False,
        }
    ],
    "finalizers": ["kubeedge.io/cleanup"],
    "managedFields": [
        {
            "manager": "kubectl",
            "operation": "Apply",
            "apiVersion": "v1",
            "time": "2024-01-02T03:04:05Z",
            "fieldsType": "FieldsV1",
            "fieldsV1": {"f:metadata": {"f:labels": {"f:app": {}}}},
        }
    ],
}

_DEPLOYMENT = {
    "kind": "Deployment",
    "apiVersion": "apps/v1",
    "metadata": {"name": "web", "namespace": "default", "creationTimestamp": None, "labels": {"app": "web"}},
    "spec": {
        "replicas": 0,
        "selector": {
            "matchLabels": {"app": "web"},
            "matchExpressions": [{"key": "tier", "operator": "NotIn", "values": ["db"]}],
        },
        "template": {
            "metadata": {"creationTimestamp": None, "labels": {"app": "web"}},
            "spec": {
                "containers": [
                    {
                        "name": "nginx",
                        "image": "nginx:1.27",
                        "ports": [{"containerPort": 80, "protocol": "TCP"}],
                        "resources": {"limits": {"cpu": "1", "memory": "1Gi"}},
                    }
                ],
                "securityContext": {"supplementalGroups": [-1, 0, 4294967296]},
            },
        },
        "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}},
        "minReadySeconds": 5,
        "revisionHistoryLimit": 10,
        "paused": True,
        "progressDeadlineSeconds": 600,
    },
    "status": {
        "observedGeneration": 2,
        "replicas": 3,
        "updatedReplicas": 3,
        "readyReplicas": 2,
        "availableReplicas": 2,
        "unavailableReplicas": 1,
        "conditions": [
            {
                "type": "Available",
                "status": "False",
                "lastUpdateTime": "2024-01-02T03:04:05Z",
                "lastTransitionTime": "2024-01-02T03:04:05Z",
                "reason": "MinimumReplicasUnavailable",
                "message": "Deployment does not have minimum availability.",
            }
        ],
        "collisionCount": 0,
    },
}

_NODE = {
    "kind": "Node",
    "apiVersion": "v1",
    "metadata": {"name": "edge-1", "creationTimestamp": None, "labels": {"node-role.kubernetes.io/edge": ""}},
    "spec": {
        "podCIDR": "10.244.1.0/24",
        "podCIDRs": ["10.244.1.0/24", "fd00::/64"],
        "unschedulable": True,
        "taints": [
            {"key": "node.kubernetes.io/unreachable", "effect": "NoExecute", "timeAdded": "2024-01-02T03:04:05Z"}
        ],
    },
    "status": {
        "capacity": {"cpu": "4", "memory": "8029624Ki", "pods": "110"},
        "allocatable": {"cpu": "3800m", "memory": "7500Mi", "pods": "110"},
        "phase": "Running",
        "conditions": [
            {
                "type": "Ready",
                "status": "True",
                "lastHeartbeatTime": "2024-01-02T03:04:05Z",
                "lastTransitionTime": None,
                "reason": "EdgeReady",
                "message": "edge is posting ready status",
            }
        ],
        "addresses": [{"type": "InternalIP", "address": "192.168.1.10"}, {"type": "Hostname", "address": "edge-1"}],
        "daemonEndpoints": {"kubeletEndpoint": {"Port": 10350}},
        "nodeInfo": _NODE_INFO,
        "images": [{"names": ["nginx@sha256:abc", "nginx:1.27"], "sizeBytes": 67108864}],
        "volumesInUse": ["kubernetes.io/csi/x"],
        "volumesAttached": [{"name": "kubernetes.io/csi/x", "devicePath": ""}],
    },
}

_LEASE = {
    "kind": "Lease",
    "apiVersion": "coordination.k8s.io/v1",
    "metadata": {"name": "edge-1", "namespace": "kube-node-lease", "creationTimestamp": None},
    "spec": {
        "holderIdentity": "edge-1",
        "leaseDurationSeconds": 40,
        "acquireTime": "2024-01-02T03:04:05.000000Z",
        "renewTime": "2024-01-02T03:04:45.123456Z",
        "leaseTransitions": 0,
    },
}

_SERVICE = {
    "kind": "Service",
    "apiVersion": "v1",
    "metadata": {"name": "svc", "namespace": "default", "creationTimestamp": None},
    "spec": {
        "ports": [
            {"name": "http", "protocol": "TCP", "port": 80, "targetPort": "http"},
            {"name": "metrics", "protocol": "TCP", "appProtocol": "http", "port": 9090, "targetPort": 9091},
            {"name": "zero", "protocol": "UDP", "port": 53, "targetPort": 0, "nodePort": 30053},
        ],
        "selector": {"app": "web"},
        "clusterIP": "10.96.0.10",
        "clusterIPs": ["10.96.0.10"],
        "type": "NodePort",
        "sessionAffinity": "ClientIP",
        "externalTrafficPolicy": "Local",
        "healthCheckNodePort": 31000,
        "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 10800}},
        "ipFamilies": ["IPv4"],
        "ipFamilyPolicy": "SingleStack",
        "internalTrafficPolicy": "Cluster",
    },
    "status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4", "ports": [{"port": 80, "protocol": "TCP"}]}]}},
}

_EVENT = {
    "kind": "Event",
    "apiVersion": "v1",
    "metadata": {"name": "x.17a", "namespace": "default", "creationTimestamp": None},
    "involvedObject": {"kind": "Pod", "namespace": "default", "name": "x", "uid": "u", "apiVersion": "v1"},
    "reason": "Started",
    "message": "Started container x",
    "source": {"component": "edged", "host": "edge-1"},
    "firstTimestamp": "2024-01-02T03:04:05Z",
    "lastTimestamp": None,
    "count": 2,
    "type": "Normal",
    "eventTime": "2024-01-02T03:04:05.654321Z",
    "series": {"count": 2, "lastObservedTime": "2024-01-02T03:04:06.000001Z"},
    "action": "Start",
    "reportingComponent": "",
    "reportingInstance": "",
}

_CRD = {
    "kind": "CustomResourceDefinition",
    "apiVersion": "apiextensions.k8s.io/v1",
    "metadata": {"name": "devices.devices.kubeedge.io", "creationTimestamp": None},
    "spec": {
        "group": "devices.kubeedge.io",
        "names": {
            "plural": "devices",
            "singular": "device",
            "shortNames": ["dev"],
            "kind": "Device",
            "listKind": "DeviceList",
            "categories": ["all"],
        },
        "scope": "Namespaced",
        "versions": [
            {
                "name": "v1beta1",
                "served": True,
                "storage": False,
                "deprecated": True,
                "deprecationWarning": "use v1",
                "schema": {
                    "openAPIV3Schema": {
                        "$schema": "http://json-schema.org/draft-04/schema#",
                        "description": "Device is the Schema for the devices API",
                        "type": "object",
                        "required": ["spec"],
                        "properties": {
                            "spec": {
                                "type": "object",
                                "properties": {
                                    "replicas": {
                                        "type": "integer",
                                        "format": "int32",
                                        "maximum": 10,
                                        "exclusiveMaximum": True,
                                        "minimum": -1.5,
                                        "multipleOf": 0.5,
                                        "default": 1,
                                    },
                                    "mode": {"type": "string", "enum": ["a", "b", None], "nullable": True},
                                    "port": {
                                        "x-kubernetes-int-or-string": True,
                                        "anyOf": [{"type": "integer"}, {"type": "string"}],
                                    },
                                    "tags": {
                                        "type": "array",
                                        "items": {"type": "string", "maxLength": 63, "minLength": 0},
                                        "maxItems": 16,
                                        "uniqueItems": True,
                                        "x-kubernetes-list-type": "set",
                                    },
                                    "tuple": {"type": "array", "items": [{"type": "string"}, {"type": "integer"}]},
                                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                                    "closed": {"type": "object", "additionalProperties": False},
                                    "raw": {"type": "object", "x-kubernetes-preserve-unknown-fields": True},
                                    "embedded": {
                                        "type": "object",
                                        "x-kubernetes-embedded-resource": True,
                                        "x-kubernetes-preserve-unknown-fields": False,
                                    },
                                    "props": {
                                        "type": "array",
                                        "x-kubernetes-list-type": "map",
                                        "x-kubernetes-list-map-keys": ["name"],
                                        "items": {
                                            "type": "object",
                                            "required": ["name"],
                                            "properties": {"name": {"type": "string", "pattern": "^[a-z]+$"}},
                                            "x-kubernetes-map-type": "atomic",
                                        },
                                    },
                                },
                                "dependencies": {"a": ["b", "c"], "d": {"required": ["e"]}},
                                "x-kubernetes-validations": [
                                    {
                                        "rule": "self.replicas >= 0",
                                        "message": "non-negative",
                                        "reason": "FieldValueInvalid",
                                        "fieldPath": ".replicas",
                                        "optionalOldSelf": False,
                                        "messageExpression": "'bad'",
                                    }
                                ],
                            },
                            "status": {"type": "object", "not": {"required": ["x"]}, "oneOf": [{"required": ["y"]}]},
                        },
                        "example": {"spec": {}},
                        "externalDocs": {"description": "docs", "url": "https://kubeedge.io"},
                    }
                },
                "subresources": {
                    "status": {},
                    "scale": {"specReplicasPath": ".spec.replicas", "statusReplicasPath": ".status.replicas"},
                },
                "additionalPrinterColumns": [
                    {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"},
                    {"name": "Mode", "type": "string", "priority": 1, "description": "mode", "jsonPath": ".spec.mode"},
                ],
                "selectableFields": [{"jsonPath": ".spec.mode"}],
            }
        ],
        "conversion": {
            "strategy": "Webhook",
            "webhook": {
                "clientConfig": {
                    "service": {"namespace": "kubeedge", "name": "conv", "path": "/convert", "port": 443},
                    "caBundle": "LS0tLS1CRUdJTg==",
                },
                "conversionReviewVersions": ["v1"],
            },
        },
    },
    "status": {
        "conditions": [
            {
                "type": "Established",
                "status": "True",
                "lastTransitionTime": "2024-01-02T03:04:05Z",
                "reason": "InitialNamesAccepted",
            }
        ],
        "acceptedNames": {"plural": "devices", "kind": "Device"},
        "storedVersions": ["v1beta1"],
    },
}


def _debug_source_pod() -> dict[str, Any]:
    pod: dict[str, Any] = json.loads((_FIXTURES / "debug-copy-source.json").read_text())
    return pod


SAMPLES: dict[str, dict[str, Any]] = {
    "pod": _debug_source_pod(),
    "pod-metadata": {"kind": "Pod", "apiVersion": "v1", "metadata": _META, "spec": {"containers": [{"name": "c"}]}},
    "deployment": _DEPLOYMENT,
    "configmap": {
        "kind": "ConfigMap",
        "apiVersion": "v1",
        "metadata": {"name": "cm", "creationTimestamp": None},
        "immutable": False,
        "data": {"": "empty key", "a": "", "z": "ünïcode ✓"},
        "binaryData": {"blob": "AAECA/7/", "empty": ""},
    },
    "secret": {
        "kind": "Secret",
        "apiVersion": "v1",
        "metadata": {"name": "s", "namespace": "kubeedge", "creationTimestamp": None},
        "immutable": True,
        "data": {"token": "c2VjcmV0", "tls.crt": "LS0tLS0="},
        "stringData": {"plain": "text"},
        "type": "kubernetes.io/tls",
    },
    "node": _NODE,
    "lease": _LEASE,
    "service": _SERVICE,
    "namespace": {
        "kind": "Namespace",
        "apiVersion": "v1",
        "metadata": {"name": "kubeedge", "creationTimestamp": None},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {
            "phase": "Terminating",
            "conditions": [{"type": "NamespaceDeletionContentFailure", "status": "False", "lastTransitionTime": None}],
        },
    },
    "event": _EVENT,
    "crd": _CRD,
    "delete-options": {
        "kind": "DeleteOptions",
        "apiVersion": "apps/v1",
        "gracePeriodSeconds": 0,
        "preconditions": {"uid": "u", "resourceVersion": "7"},
        "orphanDependents": False,
        "propagationPolicy": "Foreground",
        "dryRun": ["All"],
    },
    "scale": {
        "kind": "Scale",
        "apiVersion": "autoscaling/v1",
        "metadata": {"name": "web", "namespace": "default", "creationTimestamp": None},
        "spec": {"replicas": 5},
        "status": {"replicas": 0, "selector": "app=web"},
    },
    "binding": {
        "kind": "Binding",
        "apiVersion": "v1",
        "metadata": {"name": "x", "namespace": "default", "creationTimestamp": None},
        "target": {"kind": "Node", "name": "edge-1"},
    },
}
