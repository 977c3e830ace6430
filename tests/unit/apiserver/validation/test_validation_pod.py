"""Pod create validation: containers, ports, env, resources, probes, scheduling, policies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import names, pod
from kubeedge.apiserver.validation.gotext import GoValue

LABEL_MSG = names.is_dns1123_label("X")[0]
LABEL_VALUE_MSG = names.is_valid_label_value("-x")[0]
C0 = "spec.containers[0]"


def container(name: str = "web", **extra: Any) -> dict[str, Any]:
    return {
        "name": name,
        "image": "nginx:1.25",
        "imagePullPolicy": "IfNotPresent",
        "terminationMessagePath": "/dev/termination-log",
        "terminationMessagePolicy": "File",
        **extra,
    }


def valid_pod() -> dict[str, Any]:
    """A Pod as stored after defaulting (what kubectl run produces)."""
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "web", "namespace": "default", "labels": {"app": "web"}},
        "spec": {
            "containers": [
                container(
                    ports=[{"name": "http", "containerPort": 80, "protocol": "TCP"}],
                    env=[{"name": "MODE", "value": "prod"}],
                    resources={
                        "limits": {"cpu": "1", "memory": "128Mi"},
                        "requests": {"cpu": "500m", "memory": "64Mi"},
                    },
                    volumeMounts=[{"name": "data", "mountPath": "/data"}],
                    livenessProbe={
                        "httpGet": {"path": "/", "port": 80, "scheme": "HTTP"},
                        "timeoutSeconds": 1,
                        "periodSeconds": 10,
                        "successThreshold": 1,
                        "failureThreshold": 3,
                    },
                )
            ],
            "volumes": [{"name": "data", "emptyDir": {}}],
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30,
            "securityContext": {},
            "schedulerName": "default-scheduler",
            "serviceAccountName": "default",
            "enableServiceLinks": True,
        },
    }


Mutation = Callable[[dict[str, Any]], None]


def spec(p: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = p["spec"]
    return result


def c0(p: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = p["spec"]["containers"][0]
    return result


CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    ("no containers", lambda p: spec(p).update(containers=[]), [FieldError.required("spec.containers")]),
    ("container name missing", lambda p: c0(p).pop("name"), [FieldError.required(f"{C0}.name")]),
    (
        "container name not a label",
        lambda p: c0(p).update(name="Web"),
        [FieldError.invalid(f"{C0}.name", "Web", LABEL_MSG)],
    ),
    (
        "init container shares a name",
        lambda p: spec(p).update(initContainers=[container("web")]),
        [FieldError.duplicate("spec.initContainers[0].name", "web")],
    ),
    (
        "regular containers share a name",
        lambda p: spec(p)["containers"].append(container("web")),
        [FieldError.duplicate("spec.containers[1].name", "web")],
    ),
    ("image missing", lambda p: c0(p).pop("image"), [FieldError.required(f"{C0}.image")]),
    (
        "image padded",
        lambda p: c0(p).update(image=" nginx"),
        [FieldError.invalid(f"{C0}.image", " nginx", "must not have leading or trailing whitespace")],
    ),
    (
        "termination message policy",
        lambda p: c0(p).update(terminationMessagePolicy="Stderr"),
        [FieldError.not_supported(f"{C0}.terminationMessagePolicy", "Stderr", ["File", "FallbackToLogsOnError"])],
    ),
    (
        "pull policy missing",
        lambda p: c0(p).pop("imagePullPolicy"),
        [FieldError.required(f"{C0}.imagePullPolicy")],
    ),
    (
        "pull policy unknown",
        lambda p: c0(p).update(imagePullPolicy="Sometimes"),
        [FieldError.not_supported(f"{C0}.imagePullPolicy", "Sometimes", ["Always", "IfNotPresent", "Never"])],
    ),
    (
        "container port missing",
        lambda p: c0(p)["ports"][0].pop("containerPort"),
        [FieldError.required(f"{C0}.ports[0].containerPort")],
    ),
    (
        "container port out of range",
        lambda p: c0(p)["ports"][0].update(containerPort=70000),
        [FieldError.invalid(f"{C0}.ports[0].containerPort", 70000, "must be between 1 and 65535, inclusive")],
    ),
    (
        "protocol unknown",
        lambda p: c0(p)["ports"][0].update(protocol="HTTP"),
        [FieldError.not_supported(f"{C0}.ports[0].protocol", "HTTP", ["SCTP", "TCP", "UDP"])],
    ),
    (
        "protocol missing",
        lambda p: c0(p)["ports"][0].pop("protocol"),
        [FieldError.required(f"{C0}.ports[0].protocol")],
    ),
    (
        "port names unique",
        lambda p: c0(p)["ports"].append({"name": "http", "containerPort": 81, "protocol": "TCP"}),
        [FieldError.duplicate(f"{C0}.ports[1].name", "http")],
    ),
    (
        "port name format",
        lambda p: c0(p)["ports"][0].update(name="HTTP"),
        [
            FieldError.invalid(
                f"{C0}.ports[0].name",
                "HTTP",
                "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
            ),
            FieldError.invalid(f"{C0}.ports[0].name", "HTTP", "must contain at least one letter (a-z)"),
        ],
    ),
    (
        "host ports collide",
        lambda p: spec(p).update(
            containers=[
                container("a", ports=[{"containerPort": 80, "hostPort": 8080, "protocol": "TCP"}]),
                container("b", ports=[{"containerPort": 81, "hostPort": 8080, "protocol": "TCP"}]),
            ]
        ),
        [FieldError.duplicate("spec.containers[1].ports[0].hostPort", "TCP//8080")],
    ),
    ("env name missing", lambda p: c0(p)["env"][0].pop("name"), [FieldError.required(f"{C0}.env[0].name")]),
    (
        "env name with =",
        lambda p: c0(p)["env"][0].update(name="A=B"),
        [FieldError.invalid(f"{C0}.env[0].name", "A=B", names.is_relaxed_env_var_name("=")[0])],
    ),
    (
        "valueFrom without source",
        lambda p: c0(p)["env"][0].update(value="", valueFrom={}),
        [
            FieldError.invalid(
                f"{C0}.env[0].valueFrom",
                "",
                "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
            )
        ],
    ),
    (
        "valueFrom with value",
        lambda p: c0(p)["env"][0].update(valueFrom={"secretKeyRef": {"name": "s", "key": "k"}}),
        [FieldError.invalid(f"{C0}.env[0].valueFrom", "", "may not be specified when `value` is not empty")],
    ),
    (
        "valueFrom with two sources",
        lambda p: c0(p)["env"][0].update(
            value="",
            valueFrom={
                "secretKeyRef": {"name": "s", "key": "k"},
                "configMapKeyRef": {"name": "c", "key": "k"},
            },
        ),
        [FieldError.invalid(f"{C0}.env[0].valueFrom", "", "may not have more than one field specified at a time")],
    ),
    (
        "fieldRef to an unsupported path",
        lambda p: c0(p)["env"][0].update(
            value="", valueFrom={"fieldRef": {"apiVersion": "v1", "fieldPath": "spec.schedulerName"}}
        ),
        [
            FieldError.not_supported(
                f"{C0}.env[0].valueFrom.fieldRef.fieldPath",
                "spec.schedulerName",
                [
                    "metadata.name",
                    "metadata.namespace",
                    "metadata.uid",
                    "spec.nodeName",
                    "spec.serviceAccountName",
                    "status.hostIP",
                    "status.hostIPs",
                    "status.podIP",
                    "status.podIPs",
                ],
            )
        ],
    ),
    (
        "fieldRef to an unknown path",
        lambda p: c0(p)["env"][0].update(value="", valueFrom={"fieldRef": {"apiVersion": "v1", "fieldPath": "x.y"}}),
        [
            FieldError.invalid(
                f"{C0}.env[0].valueFrom.fieldRef.fieldPath",
                "x.y",
                "error converting fieldPath: field label not supported: x.y",
            )
        ],
    ),
    (
        "fieldRef label subscript",
        lambda p: c0(p)["env"][0].update(
            value="", valueFrom={"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.labels['-bad']"}}
        ),
        [FieldError.invalid(f"{C0}.env[0].valueFrom.fieldRef", "-bad", names.is_qualified_name("-bad")[0])],
    ),
    (
        "secretKeyRef needs a key",
        lambda p: c0(p)["env"][0].update(value="", valueFrom={"secretKeyRef": {"name": "s"}}),
        [FieldError.required(f"{C0}.env[0].valueFrom.secretKeyRef.key")],
    ),
    (
        "resourceFieldRef divisor",
        lambda p: c0(p)["env"][0].update(
            value="", valueFrom={"resourceFieldRef": {"resource": "limits.cpu", "divisor": "1k"}}
        ),
        [
            FieldError.invalid(
                f"{C0}.env[0].valueFrom.resourceFieldRef.divisor",
                "limits.cpu",
                "only divisor's values 1m and 1 are supported with the cpu resource",
            )
        ],
    ),
    (
        "envFrom without source",
        lambda p: c0(p).update(envFrom=[{"prefix": "P_"}]),
        [FieldError.invalid(f"{C0}.envFrom", "", "must specify one of: `configMapRef` or `secretRef`")],
    ),
    (
        "envFrom with two sources",
        lambda p: c0(p).update(envFrom=[{"configMapRef": {"name": "c"}, "secretRef": {"name": "s"}}]),
        [FieldError.invalid(f"{C0}.envFrom", "", "may not have more than one field specified at a time")],
    ),
    (
        "requests above limits",
        lambda p: c0(p)["resources"]["requests"].update(cpu="2"),
        [FieldError.invalid(f"{C0}.resources.requests", "2", "must be less than or equal to cpu limit of 1")],
    ),
    (
        "negative quantity",
        lambda p: c0(p)["resources"]["limits"].update(memory="-1"),
        [
            FieldError.invalid(f"{C0}.resources.limits[memory]", "-1", "must be greater than or equal to 0"),
            FieldError.invalid(f"{C0}.resources.requests", "64Mi", "must be less than or equal to memory limit of -1"),
        ],
    ),
    (
        "unparseable quantity",
        lambda p: c0(p)["resources"]["limits"].update(memory="1 Gi"),
        [
            FieldError.invalid(
                f"{C0}.resources.limits[memory]",
                "1 Gi",
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
            )
        ],
    ),
    (
        "resource that is not for containers",
        lambda p: c0(p)["resources"]["limits"].update(pods="1"),
        [FieldError.invalid(f"{C0}.resources.limits[pods]", "pods", "must be a standard resource for containers")],
    ),
    (
        "unqualified unknown resource",
        lambda p: c0(p)["resources"]["limits"].update(gpu="1"),
        [
            FieldError.invalid(
                f"{C0}.resources.limits[gpu]", "gpu", "must be a standard resource type or fully qualified"
            ),
            FieldError.invalid(f"{C0}.resources.limits[gpu]", "gpu", "must be a standard resource for containers"),
        ],
    ),
    (
        "extended resource must be whole",
        lambda p: c0(p)["resources"].update(limits={"example.com/gpu": "0.5"}, requests={}),
        [FieldError.invalid(f"{C0}.resources.limits[example.com/gpu]", GoValue("500m"), "must be an integer")],
    ),
    (
        "extended resource requests equal limits",
        lambda p: c0(p)["resources"].update(limits={"example.com/gpu": "2"}, requests={"example.com/gpu": "1"}),
        [FieldError.invalid(f"{C0}.resources.requests", "1", "must be equal to example.com/gpu limit of 2")],
    ),
    (
        "extended resource needs a limit",
        lambda p: c0(p)["resources"].update(limits={}, requests={"example.com/gpu": "1"}),
        [FieldError.required(f"{C0}.resources.limits", "Limit must be set for non overcommitable resources")],
    ),
    (
        "hugepages need cpu or memory",
        lambda p: c0(p)["resources"].update(limits={"hugepages-2Mi": "4Mi"}, requests={"hugepages-2Mi": "4Mi"}),
        [FieldError.forbidden(f"{C0}.resources", "HugePages require cpu or memory")],
    ),
    (
        "hugepages in whole pages",
        lambda p: c0(p)["resources"].update(limits={"hugepages-2Mi": "3Mi", "memory": "1Gi"}, requests={}),
        [
            FieldError.invalid(
                f"{C0}.resources.limits[hugepages-2Mi]",
                "3Mi",
                "3Mi is not positive integer multiple of hugepages-2Mi",
            )
        ],
    ),
    (
        "probe without handler",
        lambda p: c0(p)["livenessProbe"].pop("httpGet"),
        [FieldError.required(f"{C0}.livenessProbe", "must specify a handler type")],
    ),
    (
        "probe with two handlers",
        lambda p: c0(p)["livenessProbe"].update(tcpSocket={"port": 80}),
        [FieldError.forbidden(f"{C0}.livenessProbe.tcpSocket", "may not specify more than 1 handler type")],
    ),
    (
        "liveness success threshold",
        lambda p: c0(p)["livenessProbe"].update(successThreshold=2),
        [FieldError.invalid(f"{C0}.livenessProbe.successThreshold", 2, "must be 1")],
    ),
    (
        "negative probe timing",
        lambda p: c0(p)["livenessProbe"].update(periodSeconds=-1),
        [FieldError.invalid(f"{C0}.livenessProbe.periodSeconds", -1, "must be greater than or equal to 0")],
    ),
    (
        "probe http path and scheme",
        lambda p: c0(p)["livenessProbe"].update(httpGet={"port": "web-port-too-long", "scheme": "FTP"}),
        [
            FieldError.required(f"{C0}.livenessProbe.httpGet.path"),
            FieldError.invalid(
                f"{C0}.livenessProbe.httpGet.port", "web-port-too-long", "must be no more than 15 characters"
            ),
            FieldError.not_supported(f"{C0}.livenessProbe.httpGet.scheme", "FTP", ["HTTP", "HTTPS"]),
        ],
    ),
    (
        "exec probe needs a command",
        lambda p: c0(p).update(readinessProbe={"exec": {"command": []}, "successThreshold": 1}),
        [FieldError.required(f"{C0}.readinessProbe.exec.command")],
    ),
    (
        "readiness probe grace period",
        lambda p: c0(p).update(readinessProbe={"exec": {"command": ["true"]}, "terminationGracePeriodSeconds": 10}),
        [
            FieldError.invalid(
                f"{C0}.readinessProbe.terminationGracePeriodSeconds",
                10,
                "must not be set for readinessProbes",
            )
        ],
    ),
    (
        "lifecycle sleep longer than grace",
        lambda p: c0(p).update(lifecycle={"preStop": {"sleep": {"seconds": 60}}}),
        [
            FieldError.invalid(
                f"{C0}.lifecycle.preStop.sleep",
                60,
                "must be greater than 0 and less than terminationGracePeriodSeconds (30). "
                "Enable AllowPodLifecycleSleepActionZeroValue feature gate for zero sleep.",
            )
        ],
    ),
    (
        "init container probes",
        lambda p: spec(p).update(initContainers=[container("init", livenessProbe={"exec": {"command": ["x"]}})]),
        [
            FieldError.forbidden(
                "spec.initContainers[0].livenessProbe",
                "may not be set for init containers without restartPolicy=Always",
            )
        ],
    ),
    (
        "sidecar restart policy",
        lambda p: spec(p).update(initContainers=[container("init", restartPolicy="OnFailure")]),
        [FieldError.not_supported("spec.initContainers[0].restartPolicy", "OnFailure", ["Always"])],
    ),
    (
        "regular container restart policy",
        lambda p: c0(p).update(restartPolicy="Always"),
        [FieldError.forbidden(f"{C0}.restartPolicy", "may not be set for non-init containers")],
    ),
    (
        "pod restart policy",
        lambda p: spec(p).update(restartPolicy="Sometimes"),
        [FieldError.not_supported("spec.restartPolicy", "Sometimes", ["Always", "OnFailure", "Never"])],
    ),
    ("dns policy missing", lambda p: spec(p).pop("dnsPolicy"), [FieldError.required("spec.dnsPolicy")]),
    (
        "dns policy None needs config",
        lambda p: spec(p).update(dnsPolicy="None"),
        [FieldError.required("spec.dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None")],
    ),
    (
        "grace period missing",
        lambda p: spec(p).pop("terminationGracePeriodSeconds"),
        [FieldError.required("spec.terminationGracePeriodSeconds")],
    ),
    (
        "active deadline",
        lambda p: spec(p).update(activeDeadlineSeconds=0),
        [FieldError.invalid("spec.activeDeadlineSeconds", 0, "must be between 1 and 2147483647, inclusive")],
    ),
    (
        "node selector labels",
        lambda p: spec(p).update(nodeSelector={"disk": "-ssd"}),
        [FieldError.invalid("spec.nodeSelector", "-ssd", LABEL_VALUE_MSG.replace("-x", "-ssd"))],
    ),
    (
        "toleration Exists with a value",
        lambda p: spec(p).update(tolerations=[{"key": "k", "operator": "Exists", "value": "v"}]),
        [FieldError.invalid("spec.tolerations[0].operator", "v", "value must be empty when `operator` is 'Exists'")],
    ),
    (
        "toleration effect",
        lambda p: spec(p).update(tolerations=[{"key": "k", "operator": "Equal", "effect": "Never"}]),
        [
            FieldError.not_supported(
                "spec.tolerations[0].effect", "Never", ["NoSchedule", "PreferNoSchedule", "NoExecute"]
            )
        ],
    ),
    (
        "toleration without key",
        lambda p: spec(p).update(tolerations=[{"operator": "Equal"}]),
        [
            FieldError.invalid(
                "spec.tolerations[0].operator",
                "Equal",
                'operator must be Exists when `key` is empty, which means "match all values and all keys"',
            )
        ],
    ),
    (
        "tolerationSeconds needs NoExecute",
        lambda p: spec(p).update(
            tolerations=[{"key": "k", "operator": "Exists", "effect": "NoSchedule", "tolerationSeconds": 5}]
        ),
        [
            FieldError.invalid(
                "spec.tolerations[0].effect",
                "NoSchedule",
                "effect must be 'NoExecute' when `tolerationSeconds` is set",
            )
        ],
    ),
    (
        "toleration operator",
        lambda p: spec(p).update(tolerations=[{"key": "k", "operator": "Gt"}]),
        [FieldError.not_supported("spec.tolerations[0].operator", "Gt", ["Equal", "Exists"])],
    ),
    (
        "node affinity without terms",
        lambda p: spec(p).update(
            affinity={"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": []}}}
        ),
        [
            FieldError.required(
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
                "must have at least one node selector term",
            )
        ],
    ),
    (
        "node affinity In without values",
        lambda p: spec(p).update(
            affinity={
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [{"matchExpressions": [{"key": "zone", "operator": "In"}]}]
                    }
                }
            }
        ),
        [
            FieldError.required(
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                ".matchExpressions[0].values",
                "must be specified when `operator` is 'In' or 'NotIn'",
            )
        ],
    ),
    (
        "node affinity field selector",
        lambda p: spec(p).update(
            affinity={
                "nodeAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": {
                        "nodeSelectorTerms": [{"matchFields": [{"key": "spec.x", "operator": "In", "values": ["a"]}]}]
                    }
                }
            }
        ),
        [
            FieldError.invalid(
                "spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0]"
                ".matchFields[0].key",
                "spec.x",
                "not a valid field selector key",
            )
        ],
    ),
    (
        "preferred weight",
        lambda p: spec(p).update(
            affinity={
                "nodeAffinity": {
                    "preferredDuringSchedulingIgnoredDuringExecution": [
                        {
                            "weight": 0,
                            "preference": {"matchExpressions": [{"key": "z", "operator": "Exists"}]},
                        }
                    ]
                }
            }
        ),
        [
            FieldError.invalid(
                "spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight",
                0,
                "must be in the range 1-100",
            )
        ],
    ),
    (
        "pod anti-affinity topology key",
        lambda p: spec(p).update(
            affinity={
                "podAntiAffinity": {
                    "requiredDuringSchedulingIgnoredDuringExecution": [{"labelSelector": {"matchLabels": {"a": "b"}}}]
                }
            }
        ),
        [
            FieldError.required(
                "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                "can not be empty",
            ),
            *(
                FieldError.invalid(
                    "spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey",
                    "",
                    m,
                )
                for m in names.is_qualified_name("")
            ),
        ],
    ),
    (
        "topology spread",
        lambda p: spec(p).update(
            topologySpreadConstraints=[{"maxSkew": 0, "topologyKey": "zone", "whenUnsatisfiable": "Maybe"}]
        ),
        [
            FieldError.invalid("spec.topologySpreadConstraints[0].maxSkew", 0, "must be greater than zero"),
            FieldError.not_supported(
                "spec.topologySpreadConstraints[0].whenUnsatisfiable",
                "Maybe",
                ["DoNotSchedule", "ScheduleAnyway"],
            ),
        ],
    ),
    (
        "pod security context ids",
        lambda p: spec(p).update(securityContext={"runAsUser": -1, "fsGroup": 2**32}),
        [
            FieldError.invalid("spec.securityContext.fsGroup", 2**32, "must be between 0 and 4294967295, inclusive"),
            FieldError.invalid("spec.securityContext.runAsUser", -1, "must be between 0 and 4294967295, inclusive"),
        ],
    ),
    (
        "seccomp type",
        lambda p: c0(p).update(securityContext={"seccompProfile": {"type": "Localhost"}}),
        [
            FieldError.required(
                f"{C0}.securityContext.seccompProfile.localhostProfile",
                "must be set when seccomp type is Localhost",
            )
        ],
    ),
    (
        "scheduling gates",
        lambda p: spec(p).update(schedulingGates=[{"name": "example.com/gate"}, {"name": "example.com/gate"}]),
        [FieldError.duplicate("spec.schedulingGates[1]", "example.com/gate")],
    ),
    (
        "node name with gates",
        lambda p: spec(p).update(nodeName="edge-1", schedulingGates=[{"name": "example.com/gate"}]),
        [FieldError.forbidden("spec.nodeName", "cannot be set until all schedulingGates have been cleared")],
    ),
    (
        "ephemeral containers on create",
        lambda p: spec(p).update(ephemeralContainers=[container("debug")]),
        [FieldError.forbidden("spec.ephemeralContainers", "cannot be set on create")],
    ),
    (
        "host network port",
        lambda p: spec(p).update(hostNetwork=True),
        [FieldError.invalid(f"{C0}.ports[0].hostPort", 0, "must match `containerPort` when `hostNetwork` is true")],
    ),
    (
        "deletion cost annotation",
        lambda p: p["metadata"].update(annotations={"controller.kubernetes.io/pod-deletion-cost": "+5"}),
        [
            FieldError.invalid(
                "metadata.annotations[controller.kubernetes.io/pod-deletion-cost]",
                "+5",
                "must be a 32bit integer",
            )
        ],
    ),
    (
        "mirror pod needs a node",
        lambda p: p["metadata"].update(annotations={"kubernetes.io/config.mirror": "hash"}),
        [
            FieldError.invalid(
                "metadata.annotations[kubernetes.io/config.mirror]",
                "hash",
                "must set spec.nodeName if mirror pod annotation is set",
            )
        ],
    ),
    (
        "image pull secrets carry only a name",
        lambda p: spec(p).update(imagePullSecrets=[{"name": "reg", "namespace": "x"}]),
        [
            FieldError.invalid(
                "spec.imagePullSecrets[0]",
                GoValue('core.LocalObjectReference{Name:"reg"}'),
                "only name may be set",
            )
        ],
    ),
    (
        "os name",
        lambda p: spec(p).update(os={"name": "plan9"}),
        [FieldError.not_supported("spec.os", "plan9", ["linux", "windows"])],
    ),
]


@pytest.mark.parametrize(("mutate", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_pod(mutate: Mutation, expected: list[FieldError]) -> None:
    p = valid_pod()
    mutate(p)
    assert pod.validate_pod(p) == expected


def test_valid_pod() -> None:
    assert pod.validate_pod(valid_pod()) == []


def test_sidecar_may_have_probes() -> None:
    p = valid_pod()
    spec(p)["initContainers"] = [
        container(
            "proxy",
            restartPolicy="Always",
            readinessProbe={"tcpSocket": {"port": 15000}, "successThreshold": 1},
        )
    ]
    assert pod.validate_pod(p) == []


def test_binding() -> None:
    assert pod.validate_binding({"target": {"kind": "Node", "name": "edge-1"}}) == []
    assert pod.validate_binding({"target": {"kind": "Pod"}}) == [
        FieldError.not_supported("target.kind", "Pod", ["Node", "<empty>"]),
        FieldError.required("target.name"),
    ]
