"""Deployments, ReplicaSets, DaemonSets and Scale."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from kubeedge.apiserver.errors import FieldError
from kubeedge.apiserver.validation import apps
from kubeedge.apiserver.validation.gotext import GoValue

MISMATCH = "`selector` does not match template `labels`"


def template(labels: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "metadata": {"labels": {"app": "web"} if labels is None else labels},
        "spec": {
            "containers": [
                {
                    "name": "web",
                    "image": "nginx:1.25",
                    "imagePullPolicy": "IfNotPresent",
                    "terminationMessagePath": "/dev/termination-log",
                    "terminationMessagePolicy": "File",
                }
            ],
            "restartPolicy": "Always",
            "dnsPolicy": "ClusterFirst",
            "terminationGracePeriodSeconds": 30,
            "securityContext": {},
            "schedulerName": "default-scheduler",
        },
    }


def deployment() -> dict[str, Any]:
    return {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "web", "namespace": "default"},
        "spec": {
            "replicas": 2,
            "selector": {"matchLabels": {"app": "web"}},
            "template": template(),
            "strategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"},
            },
            "revisionHistoryLimit": 10,
            "progressDeadlineSeconds": 600,
        },
    }


Mutation = Callable[[dict[str, Any]], None]


def spec(d: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = d["spec"]
    return result


DEPLOYMENT_CASES: list[tuple[str, Mutation, list[FieldError]]] = [
    (
        "negative replicas",
        lambda d: spec(d).update(replicas=-1),
        [FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0")],
    ),
    (
        "selector missing",
        lambda d: spec(d).pop("selector"),
        [
            FieldError.required("spec.selector"),
            FieldError.invalid("spec.template.metadata.labels", GoValue('map[string]string{"app":"web"}'), MISMATCH),
        ],
    ),
    (
        "selector does not match",
        lambda d: spec(d)["template"]["metadata"].update(labels={"app": "other"}),
        [FieldError.invalid("spec.template.metadata.labels", GoValue('map[string]string{"app":"other"}'), MISMATCH)],
    ),
    (
        "expression selector matches",
        lambda d: spec(d).update(selector={"matchExpressions": [{"key": "app", "operator": "In", "values": ["web"]}]}),
        [],
    ),
    (
        "empty selector",
        lambda d: spec(d).update(selector={}),
        [
            FieldError.invalid(
                "spec.selector",
                GoValue(
                    "v1.LabelSelector{MatchLabels:map[string]string(nil), "
                    "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
                ),
                "empty selector is invalid for deployment",
            )
        ],
    ),
    (
        "unusable selector skips the template",
        lambda d: spec(d).update(selector={"matchExpressions": [{"key": "app", "operator": "In"}]}),
        [
            FieldError.required(
                "spec.selector.matchExpressions[0].values",
                "must be specified when `operator` is 'In' or 'NotIn'",
            ),
            FieldError.invalid(
                "spec.selector",
                GoValue(
                    "v1.LabelSelector{MatchLabels:map[string]string(nil), "
                    "MatchExpressions:[]v1.LabelSelectorRequirement"
                    '{v1.LabelSelectorRequirement{Key:"app", Operator:"In", Values:[]string(nil)}}}'
                ),
                "invalid label selector",
            ),
        ],
    ),
    (
        "template restart policy",
        lambda d: spec(d)["template"]["spec"].update(restartPolicy="Never"),
        [FieldError.not_supported("spec.template.spec.restartPolicy", "Never", ["Always"])],
    ),
    (
        "template deadline",
        lambda d: spec(d)["template"]["spec"].update(activeDeadlineSeconds=10),
        [
            FieldError.forbidden(
                "spec.template.spec.activeDeadlineSeconds",
                "activeDeadlineSeconds in ReplicaSet is not Supported",
            )
        ],
    ),
    (
        "template pod spec is validated",
        lambda d: spec(d)["template"]["spec"]["containers"][0].pop("image"),
        [FieldError.required("spec.template.spec.containers[0].image")],
    ),
    (
        "template labels reported without metadata",
        lambda d: spec(d)["template"]["metadata"]["labels"].update(extra="-x"),
        [
            FieldError.invalid(
                "spec.template.labels",
                "-x",
                "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and "
                "must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', "
                "regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            )
        ],
    ),
    (
        "surge and unavailable both zero",
        lambda d: spec(d)["strategy"].update(rollingUpdate={"maxSurge": 0, "maxUnavailable": "0%"}),
        [
            FieldError.invalid(
                "spec.strategy.rollingUpdate.maxUnavailable",
                GoValue('intstr.IntOrString{Type:1, IntVal:0, StrVal:"0%"}'),
                "may not be 0 when `maxSurge` is 0",
            )
        ],
    ),
    (
        "unavailable over 100%",
        lambda d: spec(d)["strategy"]["rollingUpdate"].update(maxUnavailable="110%"),
        [
            FieldError.invalid(
                "spec.strategy.rollingUpdate.maxUnavailable",
                GoValue('intstr.IntOrString{Type:1, IntVal:0, StrVal:"110%"}'),
                "must not be greater than 100%",
            )
        ],
    ),
    (
        "surge not a percent",
        lambda d: spec(d)["strategy"]["rollingUpdate"].update(maxSurge="1"),
        [
            FieldError.invalid(
                "spec.strategy.rollingUpdate.maxSurge",
                GoValue('intstr.IntOrString{Type:1, IntVal:0, StrVal:"1"}'),
                "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', "
                "regex used for validation is '[0-9]+%')",
            )
        ],
    ),
    (
        "recreate with rolling update",
        lambda d: spec(d)["strategy"].update(type="Recreate"),
        [
            FieldError.forbidden(
                "spec.strategy.rollingUpdate", "may not be specified when strategy `type` is 'Recreate'"
            )
        ],
    ),
    (
        "unknown strategy",
        lambda d: spec(d).update(strategy={"type": "BlueGreen"}),
        [
            FieldError.not_supported(
                "spec.strategy",
                GoValue(
                    'apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}'
                ),
                ["Recreate", "RollingUpdate"],
            )
        ],
    ),
    (
        "revision history",
        lambda d: spec(d).update(revisionHistoryLimit=-1),
        [FieldError.invalid("spec.revisionHistoryLimit", -1, "must be greater than or equal to 0")],
    ),
    (
        "progress deadline",
        lambda d: spec(d).update(progressDeadlineSeconds=5, minReadySeconds=5),
        [FieldError.invalid("spec.progressDeadlineSeconds", 5, "must be greater than minReadySeconds")],
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"), [c[1:] for c in DEPLOYMENT_CASES], ids=[c[0] for c in DEPLOYMENT_CASES]
)
def test_deployment(mutate: Mutation, expected: list[FieldError]) -> None:
    d = deployment()
    mutate(d)
    assert apps.validate_deployment(d) == expected


def test_valid_deployment() -> None:
    assert apps.validate_deployment(deployment()) == []


def _stored(obj: dict[str, Any]) -> dict[str, Any]:
    obj["metadata"].update(uid="u", resourceVersion="12", generation=3)
    return obj


def test_selector_is_immutable() -> None:
    old = _stored(deployment())
    new = copy.deepcopy(old)
    spec(new)["selector"] = {"matchLabels": {"app": "web", "tier": "front"}}
    spec(new)["template"]["metadata"]["labels"]["tier"] = "front"
    assert apps.validate_deployment_update(new, old) == [
        FieldError.invalid(
            "spec.selector",
            GoValue(
                'v1.LabelSelector{MatchLabels:map[string]string{"app":"web", "tier":"front"}, '
                "MatchExpressions:[]v1.LabelSelectorRequirement(nil)}"
            ),
            "field is immutable",
        )
    ]
    scaled = copy.deepcopy(old)
    spec(scaled)["replicas"] = 5
    assert apps.validate_deployment_update(scaled, old) == []


def test_deployment_status() -> None:
    old = _stored(deployment())
    old["status"] = {"collisionCount": 2}
    new = copy.deepcopy(old)
    new["status"] = {"replicas": 1, "readyReplicas": 2, "availableReplicas": 3, "observedGeneration": -1}
    assert apps.validate_deployment_status_update(new, old) == [
        FieldError.invalid("status.observedGeneration", -1, "must be greater than or equal to 0"),
        FieldError.invalid("status.readyReplicas", 2, "cannot be greater than status.replicas"),
        FieldError.invalid("status.availableReplicas", 3, "cannot be greater than status.replicas"),
        FieldError.invalid("status.availableReplicas", 3, "cannot be greater than readyReplicas"),
        FieldError.invalid("status.collisionCount", 0, "cannot be decremented"),
    ]


def test_replica_set() -> None:
    rs = deployment()
    rs["kind"] = "ReplicaSet"
    del spec(rs)["strategy"], spec(rs)["revisionHistoryLimit"], spec(rs)["progressDeadlineSeconds"]
    assert apps.validate_replica_set(rs) == []
    spec(rs)["minReadySeconds"] = -1
    assert apps.validate_replica_set(rs) == [
        FieldError.invalid("spec.minReadySeconds", -1, "must be greater than or equal to 0")
    ]


def daemon_set() -> dict[str, Any]:
    return {
        "metadata": {"name": "edge-agent", "namespace": "kubeedge"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": template(),
            "updateStrategy": {
                "type": "RollingUpdate",
                "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0},
            },
            "revisionHistoryLimit": 10,
        },
    }


def test_daemon_set() -> None:
    assert apps.validate_daemon_set(daemon_set()) == []
    ds = daemon_set()
    spec(ds)["updateStrategy"]["rollingUpdate"] = {"maxUnavailable": 1, "maxSurge": 1}
    spec(ds)["template"]["spec"]["activeDeadlineSeconds"] = 5
    assert apps.validate_daemon_set(ds) == [
        FieldError.forbidden(
            "spec.template.spec.activeDeadlineSeconds", "activeDeadlineSeconds in DaemonSet is not Supported"
        ),
        FieldError.invalid(
            "spec.updateStrategy.rollingUpdate.maxSurge",
            GoValue('intstr.IntOrString{Type:0, IntVal:1, StrVal:""}'),
            "may not be set when maxUnavailable is non-zero",
        ),
    ]
    ds = daemon_set()
    spec(ds)["updateStrategy"] = {
        "type": "RollingUpdate",
        "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 0},
    }
    del spec(ds)["selector"]
    assert apps.validate_daemon_set(ds) == [
        FieldError.invalid("spec.template.metadata.labels", GoValue('map[string]string{"app":"web"}'), MISMATCH),
        FieldError.required("spec.updateStrategy.rollingUpdate.maxUnavailable", "cannot be 0 when maxSurge is 0"),
    ]


def test_scale() -> None:
    scale = {"metadata": {"name": "web", "namespace": "default"}, "spec": {"replicas": -1}}
    assert apps.validate_scale(scale) == [FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0")]
