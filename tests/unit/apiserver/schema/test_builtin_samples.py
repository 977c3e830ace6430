"""Realistic objects, as kubectl, kubelet and controllers send them, walk through the built-in schemas.

The walk uses only SchemaSet.property / items / resolve / preserves_unknown, as the pruning and
field-validation code will. Every field must be known, every value must have the schema's JSON
type (and be one of its enum values), and every required field must be present.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from kubeedge.apiserver.schema.builtin import DEFINITION_BY_GVK, builtin_schemas
from kubeedge.apiserver.schema.model import REF_PREFIX, Schema, SchemaSet

PY_TYPES = {"string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,)}


def _type_ok(expected: str, value: Any) -> bool:
    if isinstance(value, bool):
        return expected == "boolean"
    return isinstance(value, PY_TYPES.get(expected, ()))


def walk(schemas: SchemaSet, node: Schema | None, value: Any, path: str, problems: list[str]) -> None:
    node = schemas.resolve(node)
    assert node is not None
    if schemas.preserves_unknown(node) or value is None:
        return
    if node.get("x-kubernetes-int-or-string"):
        if not isinstance(value, int | str) or isinstance(value, bool):
            problems.append(f"{path}: {value!r} is neither an integer nor a string")
        return
    if "type" not in node and "oneOf" in node:
        if not any(_type_ok(choice["type"], value) for choice in node["oneOf"]):
            problems.append(f"{path}: {value!r} matches none of {node['oneOf']}")
        return
    kind = node.get("type")
    if isinstance(value, dict):
        if kind != "object":
            problems.append(f"{path}: an object where the schema has {kind}")
            return
        problems.extend(f"{path}.{name}: required" for name in node.get("required", ()) if name not in value)
        for name, child in value.items():
            field = schemas.property(node, name)
            if field is None:
                problems.append(f"{path}.{name}: unknown field")
            else:
                walk(schemas, field, child, f"{path}.{name}", problems)
    elif isinstance(value, list):
        items = schemas.items(node)
        if kind != "array" or items is None:
            problems.append(f"{path}: a list where the schema has {kind}")
            return
        for index, child in enumerate(value):
            walk(schemas, items, child, f"{path}[{index}]", problems)
    elif kind is None or not _type_ok(kind, value):
        problems.append(f"{path}: {value!r} is not a {kind}")
    elif "enum" in node and value not in node["enum"]:
        problems.append(f"{path}: {value!r} is not one of {node['enum']}")


def problems_of(obj: dict[str, Any]) -> list[str]:
    group, _, version = obj["apiVersion"].rpartition("/")
    name = DEFINITION_BY_GVK[(group, version, obj["kind"])]
    problems: list[str] = []
    walk(builtin_schemas(), {"$ref": REF_PREFIX + name}, obj, obj["kind"], problems)
    return problems


POD = """
apiVersion: v1
kind: Pod
metadata:
  name: web-7d9c
  namespace: shop
  generateName: web-
  labels: {app: web, tier: frontend}
  annotations: {kubectl.kubernetes.io/default-container: app}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-7d9c, uid: 5d1e2b3c-1111-2222-3333-444455556666,
     controller: true, blockOwnerDeletion: true}
  finalizers: [example.com/cleanup]
spec:
  serviceAccountName: web
  automountServiceAccountToken: false
  nodeSelector: {kubernetes.io/os: linux}
  priorityClassName: high
  terminationGracePeriodSeconds: 45
  dnsPolicy: ClusterFirst
  dnsConfig:
    nameservers: [1.1.1.1]
    searches: [shop.svc.cluster.local]
    options: [{name: ndots, value: "2"}, {name: edns0}]
  hostAliases: [{ip: 10.0.0.5, hostnames: [db.local]}]
  imagePullSecrets: [{name: registry}]
  readinessGates: [{conditionType: example.com/ready}]
  schedulingGates: [{name: example.com/quota}]
  securityContext:
    runAsUser: 1000
    runAsGroup: 3000
    fsGroup: 2000
    runAsNonRoot: true
    supplementalGroups: [4000]
    fsGroupChangePolicy: OnRootMismatch
    seccompProfile: {type: RuntimeDefault}
    sysctls: [{name: net.ipv4.ip_unprivileged_port_start, value: "0"}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms:
        - matchExpressions: [{key: topology.kubernetes.io/zone, operator: In, values: [a, b]}]
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 10
        preference: {matchExpressions: [{key: disk, operator: Exists}]}
    podAntiAffinity:
      preferredDuringSchedulingIgnoredDuringExecution:
      - weight: 100
        podAffinityTerm:
          labelSelector: {matchLabels: {app: web}}
          topologyKey: kubernetes.io/hostname
  tolerations:
  - {key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}
  - {key: dedicated, operator: Equal, value: web, effect: NoSchedule}
  topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: topology.kubernetes.io/zone
    whenUnsatisfiable: ScheduleAnyway
    labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}
    matchLabelKeys: [pod-template-hash]
  initContainers:
  - name: migrate
    image: registry.example.com/web:1.4.2
    command: [/bin/migrate]
    args: [--wait]
    restartPolicy: Always
    resources: {requests: {cpu: 50m, memory: 32Mi}}
  containers:
  - name: app
    image: registry.example.com/web:1.4.2
    imagePullPolicy: IfNotPresent
    workingDir: /srv
    ports:
    - {name: http, containerPort: 8080, protocol: TCP}
    - {name: metrics, containerPort: 9090}
    env:
    - {name: MODE, value: production}
    - name: POD_NAME
      valueFrom: {fieldRef: {apiVersion: v1, fieldPath: metadata.name}}
    - name: DB_PASSWORD
      valueFrom: {secretKeyRef: {name: db, key: password, optional: false}}
    - name: LOG_LEVEL
      valueFrom: {configMapKeyRef: {name: web-config, key: logLevel}}
    - name: MEM_LIMIT
      valueFrom: {resourceFieldRef: {containerName: app, resource: limits.memory, divisor: 1Mi}}
    envFrom: [{configMapRef: {name: web-env}}, {prefix: S_, secretRef: {name: web-secrets}}]
    resources:
      requests: {cpu: 250m, memory: 128Mi}
      limits: {cpu: 1, memory: 256Mi, example.com/gpu: 1}
    volumeMounts:
    - {name: config, mountPath: /etc/web, readOnly: true}
    - {name: cache, mountPath: /var/cache/web, subPath: app, mountPropagation: None}
    livenessProbe:
      httpGet: {path: /healthz, port: http, scheme: HTTP, httpHeaders: [{name: X-Probe, value: live}]}
      initialDelaySeconds: 10
      periodSeconds: 5
      failureThreshold: 3
    readinessProbe: {tcpSocket: {port: 8080}, timeoutSeconds: 2}
    startupProbe: {grpc: {port: 9090, service: ready}, failureThreshold: 30}
    lifecycle:
      postStart: {exec: {command: [/bin/sh, -c, echo started]}}
      preStop: {sleep: {seconds: 5}}
    securityContext:
      allowPrivilegeEscalation: false
      readOnlyRootFilesystem: true
      capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}
      appArmorProfile: {type: RuntimeDefault}
    terminationMessagePolicy: FallbackToLogsOnError
  volumes:
  - name: config
    configMap: {name: web-config, defaultMode: 420, items: [{key: app.yaml, path: app.yaml}]}
  - {name: cache, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - name: certs
    secret: {secretName: web-tls, optional: true}
  - name: token
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken: {path: token, expirationSeconds: 3607, audience: api}
      - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
      - downwardAPI: {items: [{path: namespace, fieldRef: {fieldPath: metadata.namespace}}]}
  - {name: host-logs, hostPath: {path: /var/log, type: Directory}}
  - {name: data, persistentVolumeClaim: {claimName: web-data}}
  - name: scratch
    ephemeral:
      volumeClaimTemplate:
        metadata: {labels: {type: scratch}}
        spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}, storageClassName: fast}
status:
  phase: Running
  qosClass: Burstable
  hostIP: 10.0.0.7
  hostIPs: [{ip: 10.0.0.7}]
  podIP: 10.244.1.9
  podIPs: [{ip: 10.244.1.9}]
  startTime: "2024-05-01T10:00:00Z"
  conditions:
  - {type: Ready, status: "True", lastProbeTime: null, lastTransitionTime: "2024-05-01T10:00:09Z"}
  containerStatuses:
  - name: app
    ready: true
    started: true
    restartCount: 0
    image: registry.example.com/web:1.4.2
    imageID: registry.example.com/web@sha256:0123
    containerID: containerd://abc
    state: {running: {startedAt: "2024-05-01T10:00:05Z"}}
    lastState: {terminated: {exitCode: 137, reason: OOMKilled, finishedAt: "2024-05-01T09:59:00Z"}}
"""

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop, labels: {app: web}}
spec:
  replicas: 3
  revisionHistoryLimit: 5
  progressDeadlineSeconds: 600
  minReadySeconds: 5
  selector: {matchLabels: {app: web}}
  strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}, annotations: {kubectl.kubernetes.io/restartedAt: "2024-05-01T10:00:00Z"}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 500m, memory: 128Mi}}
status:
  observedGeneration: 4
  replicas: 3
  updatedReplicas: 3
  readyReplicas: 3
  availableReplicas: 3
  conditions:
  - {type: Available, status: "True", reason: MinimumReplicasAvailable, message: ok,
     lastUpdateTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T10:00:00Z"}
"""

NODE = """
apiVersion: v1
kind: Node
metadata:
  name: edge-1
  labels: {kubernetes.io/hostname: edge-1, node-role.kubernetes.io/edge: ""}
  annotations: {node.alpha.kubernetes.io/ttl: "0"}
spec:
  podCIDR: 10.244.1.0/24
  podCIDRs: [10.244.1.0/24]
  providerID: kubeedge://edge-1
  taints: [{key: node-role.kubernetes.io/edge, effect: NoSchedule}]
status:
  capacity: {cpu: "4", memory: 8037564Ki, pods: "110", ephemeral-storage: 61202244Ki}
  allocatable: {cpu: 3800m, memory: 7935164Ki, pods: "110"}
  conditions:
  - {type: Ready, status: "True", reason: KubeletReady, message: kubelet is posting ready status,
     lastHeartbeatTime: "2024-05-01T10:00:00Z", lastTransitionTime: "2024-05-01T09:00:00Z"}
  addresses: [{type: InternalIP, address: 192.168.1.20}, {type: Hostname, address: edge-1}]
  daemonEndpoints: {kubeletEndpoint: {Port: 10350}}
  nodeInfo:
    machineID: 0b1c
    systemUUID: 4c4c4544
    bootID: 7f3e
    kernelVersion: 6.1.0-18-arm64
    osImage: Debian GNU/Linux 12 (bookworm)
    containerRuntimeVersion: containerd://1.7.13
    kubeletVersion: v1.32.0-kubeedge-v1.20.0
    kubeProxyVersion: ""
    operatingSystem: linux
    architecture: arm64
  images:
  - {names: ["docker.io/library/nginx@sha256:0123", "docker.io/library/nginx:1.27"], sizeBytes: 71000000}
"""

CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: devices.devices.kubeedge.io}
spec:
  group: devices.kubeedge.io
  scope: Namespaced
  names: {plural: devices, singular: device, kind: Device, listKind: DeviceList, shortNames: [dev],
          categories: [all]}
  conversion: {strategy: None}
  versions:
  - name: v1beta1
    served: true
    storage: true
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Model, type: string, jsonPath: .spec.deviceModelRef.name, priority: 0}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    selectableFields: [{jsonPath: .spec.nodeName}]
    schema:
      openAPIV3Schema:
        type: object
        description: Device is the Schema for the devices API
        required: [spec]
        properties:
          apiVersion: {type: string}
          kind: {type: string}
          metadata: {type: object}
          spec:
            type: object
            x-kubernetes-validations:
            - {rule: "self.replicas <= 10", message: too many, reason: FieldValueInvalid}
            properties:
              replicas: {type: integer, format: int32, minimum: 0, maximum: 10, default: 1}
              nodeName: {type: string, maxLength: 253, pattern: "^[a-z0-9.-]+$"}
              protocol: {type: string, enum: [modbus, opcua, bluetooth]}
              port: {x-kubernetes-int-or-string: true, anyOf: [{type: integer}, {type: string}]}
              labels: {type: object, additionalProperties: {type: string}}
              config: {type: object, x-kubernetes-preserve-unknown-fields: true}
              properties:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    visitors: {type: object, x-kubernetes-embedded-resource: false}
          status:
            type: object
            properties:
              replicas: {type: integer}
status:
  acceptedNames: {plural: devices, kind: Device}
  storedVersions: [v1beta1]
  conditions:
  - {type: Established, status: "True", reason: InitialNamesAccepted, message: ok,
     lastTransitionTime: "2024-05-01T10:00:00Z"}
"""

SMALL_OBJECTS = [
    {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "shop"},
        "spec": {"finalizers": ["kubernetes"]},
        "status": {"phase": "Active"},
    },
    {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "c"},
        "data": {"a": "b"},
        "binaryData": {"bin": "AAEC"},
        "immutable": True,
    },
    {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": "s"},
        "type": "kubernetes.io/tls",
        "data": {"tls.crt": "Y2VydA=="},
        "stringData": {"tls.key": "key"},
    },
    {
        "apiVersion": "v1",
        "kind": "Service",
        "metadata": {"name": "web"},
        "spec": {
            "type": "NodePort",
            "selector": {"app": "web"},
            "ipFamilies": ["IPv4"],
            "ipFamilyPolicy": "SingleStack",
            "ports": [{"name": "http", "port": 80, "targetPort": "http", "nodePort": 30080, "protocol": "TCP"}],
            "sessionAffinity": "ClientIP",
            "sessionAffinityConfig": {"clientIP": {"timeoutSeconds": 600}},
        },
        "status": {"loadBalancer": {"ingress": [{"ip": "1.2.3.4", "ports": [{"port": 80, "protocol": "TCP"}]}]}},
    },
    {
        "apiVersion": "v1",
        "kind": "Endpoints",
        "metadata": {"name": "web"},
        "subsets": [
            {
                "addresses": [
                    {
                        "ip": "10.244.1.9",
                        "nodeName": "edge-1",
                        "targetRef": {"kind": "Pod", "name": "web-7d9c", "namespace": "shop"},
                    }
                ],
                "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}],
            }
        ],
    },
    {
        "apiVersion": "v1",
        "kind": "Event",
        "metadata": {"name": "web.17c"},
        "type": "Warning",
        "reason": "BackOff",
        "involvedObject": {"kind": "Pod", "name": "web-7d9c", "fieldPath": "spec.containers{app}"},
        "source": {"component": "kubelet", "host": "edge-1"},
        "count": 3,
        "firstTimestamp": "2024-05-01T10:00:00Z",
        "eventTime": "2024-05-01T10:00:00.123456Z",
        "reportingComponent": "kubelet",
        "reportingInstance": "edge-1",
    },
    {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": "web"},
        "secrets": [{"name": "web-token"}],
        "imagePullSecrets": [{"name": "registry"}],
        "automountServiceAccountToken": False,
    },
    {
        "apiVersion": "v1",
        "kind": "Binding",
        "metadata": {"name": "web-7d9c"},
        "target": {"apiVersion": "v1", "kind": "Node", "name": "edge-1"},
    },
    {
        "apiVersion": "coordination.k8s.io/v1",
        "kind": "Lease",
        "metadata": {"name": "edge-1"},
        "spec": {
            "holderIdentity": "edge-1",
            "leaseDurationSeconds": 40,
            "renewTime": "2024-05-01T10:00:00.000001Z",
        },
    },
    {
        "apiVersion": "apps/v1",
        "kind": "DaemonSet",
        "metadata": {"name": "agent"},
        "spec": {
            "selector": {"matchLabels": {"app": "agent"}},
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
            },
            "template": {
                "metadata": {"labels": {"app": "agent"}},
                "spec": {"hostNetwork": True, "containers": [{"name": "agent", "image": "agent:1"}]},
            },
        },
    },
    {
        "apiVersion": "apps/v1",
        "kind": "ReplicaSet",
        "metadata": {"name": "web-7d9c"},
        "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}}},
        "status": {"replicas": 2, "readyReplicas": 2},
    },
    {
        "apiVersion": "autoscaling/v1",
        "kind": "Scale",
        "metadata": {"name": "web"},
        "spec": {"replicas": 5},
        "status": {"replicas": 3, "selector": "app=web"},
    },
    {
        "apiVersion": "v1",
        "kind": "DeleteOptions",
        "propagationPolicy": "Foreground",
        "gracePeriodSeconds": 0,
        "preconditions": {"uid": "5d1e", "resourceVersion": "42"},
        "dryRun": ["All"],
    },
    {
        "apiVersion": "v1",
        "kind": "Status",
        "metadata": {},
        "status": "Failure",
        "reason": "Invalid",
        "code": 422,
        "message": "bad",
        "details": {
            "name": "web",
            "kind": "pods",
            "causes": [{"reason": "FieldValueRequired", "field": "spec.containers"}],
        },
    },
]


@pytest.mark.parametrize("manifest", [POD, DEPLOYMENT, NODE, CRD], ids=["pod", "deployment", "node", "crd"])
def test_realistic_objects_walk_without_unknown_fields(manifest: str) -> None:
    assert problems_of(yaml.safe_load(manifest)) == []


@pytest.mark.parametrize("obj", SMALL_OBJECTS, ids=lambda obj: str(obj["kind"]))
def test_small_objects_walk_without_unknown_fields(obj: dict[str, Any]) -> None:
    assert problems_of(obj) == []


@pytest.mark.parametrize(
    ("patch", "problem"),
    [
        ({"nmae": "x"}, "Pod.spec.containers[0].nmae: unknown field"),
        (
            {"imagePullPolicy": "Sometimes"},
            "Pod.spec.containers[0].imagePullPolicy: 'Sometimes' is not one of",
        ),
        (
            {"ports": [{"containerPort": "80"}]},
            "Pod.spec.containers[0].ports[0].containerPort: '80' is not a integer",
        ),
        ({"ports": [{"name": "http"}]}, "Pod.spec.containers[0].ports[0].containerPort: required"),
        (
            {"resources": {"limits": {"cpu": True}}},
            "Pod.spec.containers[0].resources.limits.cpu: True matches none",
        ),
        ({"livenessProbe": {"httpGet": {"port": 1.5}}}, "livenessProbe.httpGet.port: 1.5 is neither"),
    ],
)
def test_the_walk_reports_what_kube_would_reject(patch: dict[str, Any], problem: str) -> None:
    pod = yaml.safe_load(POD)
    pod["spec"]["containers"][0].update(patch)
    assert any(problem in found for found in problems_of(pod)), problems_of(pod)
