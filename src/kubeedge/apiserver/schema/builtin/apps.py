"""apps/v1: Deployment, ReplicaSet, DaemonSet and ControllerRevision, with specs, strategies, statuses.

DeploymentSpec.strategy carries ``x-kubernetes-patch-strategy: retainKeys`` at the use site (in an
``allOf`` wrapper around the reference), so switching RollingUpdate to Recreate by strategic merge
patch drops ``rollingUpdate``.

``spec`` is optional on all three kinds, as in the v1.32/v1.33 Go types (``json:"spec,omitempty"``);
the release-1.37 client marks it required.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    APPS,
    INTSTR,
    RUNTIME,
    apps,
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
    ref,
    string,
    with_ext,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

DEFINITIONS: dict[str, Schema] = {
    APPS + "ControllerRevision": kind(
        "An immutable snapshot of state data (a DaemonSet's or StatefulSet's template history).",
        ("apps", "v1", "ControllerRevision"),
        {
            "data": ref(RUNTIME + "RawExtension"),
            "metadata": meta("ObjectMeta"),
            "revision": int64(),
        },
        required=["revision"],
    ),
    APPS + "ControllerRevisionList": list_kind(
        "ControllerRevisionList is a resource containing a list of ControllerRevision objects.",
        ("apps", "v1", "ControllerRevisionList"),
        apps("ControllerRevision"),
    ),
    APPS + "DaemonSet": kind(
        "Runs a copy of a pod on each selected node.",
        ("apps", "v1", "DaemonSet"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": apps("DaemonSetSpec"),
            "status": apps("DaemonSetStatus"),
        },
    ),
    APPS + "DaemonSetCondition": obj(
        "DaemonSetCondition describes the state of a DaemonSet at a certain point.",
        {
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
    ),
    APPS + "DaemonSetList": list_kind(
        "DaemonSetList is a collection of daemon sets.", ("apps", "v1", "DaemonSetList"), apps("DaemonSet")
    ),
    APPS + "DaemonSetSpec": obj(
        "DaemonSetSpec is the specification of a daemon set.",
        {
            "minReadySeconds": int32(),
            "revisionHistoryLimit": int32(),
            "selector": meta("LabelSelector"),
            "template": core("PodTemplateSpec"),
            "updateStrategy": apps("DaemonSetUpdateStrategy"),
        },
        required=["selector", "template"],
    ),
    APPS + "DaemonSetStatus": obj(
        "DaemonSetStatus represents the current status of a daemon set.",
        {
            "collisionCount": int32(),
            "conditions": array(apps("DaemonSetCondition"), keys=["type"], merge="type"),
            "currentNumberScheduled": int32(),
            "desiredNumberScheduled": int32(),
            "numberAvailable": int32(),
            "numberMisscheduled": int32(),
            "numberReady": int32(),
            "numberUnavailable": int32(),
            "observedGeneration": int64(),
            "updatedNumberScheduled": int32(),
        },
        required=["currentNumberScheduled", "desiredNumberScheduled", "numberMisscheduled", "numberReady"],
    ),
    APPS + "DaemonSetUpdateStrategy": obj(
        "DaemonSetUpdateStrategy is a struct used to control the update strategy for a DaemonSet.",
        {
            "rollingUpdate": apps("RollingUpdateDaemonSet"),
            "type": enum("OnDelete", "RollingUpdate"),
        },
    ),
    APPS + "Deployment": kind(
        "Declarative updates for Pods and ReplicaSets.",
        ("apps", "v1", "Deployment"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": apps("DeploymentSpec"),
            "status": apps("DeploymentStatus"),
        },
    ),
    APPS + "DeploymentCondition": obj(
        "DeploymentCondition describes the state of a deployment at a certain point.",
        {
            "lastTransitionTime": meta("Time"),
            "lastUpdateTime": meta("Time"),
            "message": string(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
    ),
    APPS + "DeploymentList": list_kind(
        "DeploymentList is a list of Deployments.", ("apps", "v1", "DeploymentList"), apps("Deployment")
    ),
    APPS + "DeploymentSpec": obj(
        "DeploymentSpec is the specification of the desired behavior of the Deployment.",
        {
            "minReadySeconds": int32(),
            "paused": boolean(),
            "progressDeadlineSeconds": int32(),
            "replicas": int32(),
            "revisionHistoryLimit": int32(),
            "selector": meta("LabelSelector"),
            "strategy": with_ext(apps("DeploymentStrategy"), patch_strategy="retainKeys"),
            "template": core("PodTemplateSpec"),
        },
        required=["selector", "template"],
    ),
    APPS + "DeploymentStatus": obj(
        "DeploymentStatus is the most recently observed status of the Deployment.",
        {
            "availableReplicas": int32(),
            "collisionCount": int32(),
            "conditions": array(apps("DeploymentCondition"), keys=["type"], merge="type"),
            "observedGeneration": int64(),
            "readyReplicas": int32(),
            "replicas": int32(),
            "terminatingReplicas": int32(),
            "unavailableReplicas": int32(),
            "updatedReplicas": int32(),
        },
    ),
    APPS + "DeploymentStrategy": obj(
        "DeploymentStrategy describes how to replace existing pods with new ones.",
        {
            "rollingUpdate": apps("RollingUpdateDeployment"),
            "type": enum("Recreate", "RollingUpdate"),
        },
    ),
    APPS + "ReplicaSet": kind(
        "Ensures a specified number of pod replicas are running.",
        ("apps", "v1", "ReplicaSet"),
        {
            "metadata": meta("ObjectMeta"),
            "spec": apps("ReplicaSetSpec"),
            "status": apps("ReplicaSetStatus"),
        },
    ),
    APPS + "ReplicaSetCondition": obj(
        "ReplicaSetCondition describes the state of a replica set at a certain point.",
        {
            "lastTransitionTime": meta("Time"),
            "message": string(),
            "reason": string(),
            "status": string(),
            "type": string(),
        },
    ),
    APPS + "ReplicaSetList": list_kind(
        "ReplicaSetList is a collection of ReplicaSets.", ("apps", "v1", "ReplicaSetList"), apps("ReplicaSet")
    ),
    APPS + "ReplicaSetSpec": obj(
        "ReplicaSetSpec is the specification of a ReplicaSet.",
        {
            "minReadySeconds": int32(),
            "replicas": int32(),
            "selector": meta("LabelSelector"),
            "template": core("PodTemplateSpec"),
        },
        required=["selector"],
    ),
    APPS + "ReplicaSetStatus": obj(
        "ReplicaSetStatus represents the current status of a ReplicaSet.",
        {
            "availableReplicas": int32(),
            "conditions": array(apps("ReplicaSetCondition"), keys=["type"], merge="type"),
            "fullyLabeledReplicas": int32(),
            "observedGeneration": int64(),
            "readyReplicas": int32(),
            "replicas": int32(),
            "terminatingReplicas": int32(),
        },
        required=["replicas"],
    ),
    APPS + "RollingUpdateDaemonSet": obj(
        "Spec to control the desired behavior of daemon set rolling update.",
        {
            "maxSurge": ref(INTSTR),
            "maxUnavailable": ref(INTSTR),
        },
    ),
    APPS + "RollingUpdateDeployment": obj(
        "Spec to control the desired behavior of rolling update.",
        {
            "maxSurge": ref(INTSTR),
            "maxUnavailable": ref(INTSTR),
        },
    ),
}
