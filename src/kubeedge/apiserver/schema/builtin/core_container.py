"""core/v1 Container and EphemeralContainer, with what they refer to: ports, env, probes, lifecycle
handlers, resources, mounts, security contexts and container status.

An EphemeralContainer has every field of a Container plus ``targetContainerName`` (kube's
EphemeralContainerCommon), so both are built from one field table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.schema.builtin._dsl import (
    CORE,
    INTSTR,
    array,
    boolean,
    core,
    enum,
    int32,
    int64,
    meta,
    obj,
    quantity,
    quantity_map,
    ref,
    string,
)

if TYPE_CHECKING:
    from kubeedge.apiserver.schema.model import Schema

__all__ = ["DEFINITIONS"]

# Container's fields; EphemeralContainer has the same plus targetContainerName. Each use builds
# its own definition dict, and builtin_schemas() copies the whole tree, so nothing is shared.
_CONTAINER_FIELDS: dict[str, Schema] = {
    "args": array(string(), list_type="atomic"),
    "command": array(string(), list_type="atomic"),
    "env": array(core("EnvVar"), keys=["name"], merge="name"),
    "envFrom": array(core("EnvFromSource"), list_type="atomic"),
    "image": string(),
    "imagePullPolicy": enum("Always", "IfNotPresent", "Never"),
    "lifecycle": core("Lifecycle"),
    "livenessProbe": core("Probe"),
    "name": string(),
    "ports": array(core("ContainerPort"), keys=["containerPort", "protocol"], merge="containerPort"),
    "readinessProbe": core("Probe"),
    "resizePolicy": array(core("ContainerResizePolicy"), list_type="atomic"),
    "resources": core("ResourceRequirements"),
    "restartPolicy": string(),
    "restartPolicyRules": array(core("ContainerRestartRule"), list_type="atomic"),
    "securityContext": core("SecurityContext"),
    "startupProbe": core("Probe"),
    "stdin": boolean(),
    "stdinOnce": boolean(),
    "terminationMessagePath": string(),
    "terminationMessagePolicy": enum("FallbackToLogsOnError", "File"),
    "tty": boolean(),
    "volumeDevices": array(core("VolumeDevice"), keys=["devicePath"], merge="devicePath"),
    "volumeMounts": array(core("VolumeMount"), keys=["mountPath"], merge="mountPath"),
    "workingDir": string(),
}

DEFINITIONS: dict[str, Schema] = {
    CORE + "AppArmorProfile": obj(
        "AppArmorProfile defines a pod or container's AppArmor settings.",
        {
            "localhostProfile": string(),
            "type": enum("Localhost", "RuntimeDefault", "Unconfined"),
        },
        required=["type"],
        unions=[{"discriminator": "type", "fields-to-discriminateBy": {"localhostProfile": "LocalhostProfile"}}],
    ),
    CORE + "Capabilities": obj(
        "Adds and removes POSIX capabilities from running containers.",
        {
            "add": array(string(), list_type="atomic"),
            "drop": array(string(), list_type="atomic"),
        },
    ),
    CORE + "ConfigMapEnvSource": obj(
        "ConfigMapEnvSource selects a ConfigMap to populate the environment variables with.",
        {
            "name": string(),
            "optional": boolean(),
        },
    ),
    CORE + "ConfigMapKeySelector": obj(
        "Selects a key from a ConfigMap.",
        {
            "key": string(),
            "name": string(),
            "optional": boolean(),
        },
        required=["key"],
        map_type="atomic",
    ),
    CORE + "Container": obj(
        "A single application container that you want to run within a pod.",
        _CONTAINER_FIELDS,
        required=["name"],
    ),
    CORE + "ContainerPort": obj(
        "ContainerPort represents a network port in a single container.",
        {
            "containerPort": int32(),
            "hostIP": string(),
            "hostPort": int32(),
            "name": string(),
            "protocol": {**enum("SCTP", "TCP", "UDP"), "default": "TCP"},
        },
        required=["containerPort"],
    ),
    CORE + "ContainerResizePolicy": obj(
        "ContainerResizePolicy represents resource resize policy for the container.",
        {
            "resourceName": string(),
            "restartPolicy": string(),
        },
        required=["resourceName", "restartPolicy"],
    ),
    CORE + "ContainerRestartRule": obj(
        "ContainerRestartRule describes how a container exit is handled.",
        {
            "action": string(),
            "exitCodes": core("ContainerRestartRuleOnExitCodes"),
        },
        required=["action"],
    ),
    CORE + "ContainerRestartRuleOnExitCodes": obj(
        "Matches a container exit against a set of exit codes.",
        {
            "operator": string(),
            "values": array(int32(), list_type="set"),
        },
        required=["operator"],
    ),
    CORE + "ContainerState": obj(
        "ContainerState holds a possible state of container.",
        {
            "running": core("ContainerStateRunning"),
            "terminated": core("ContainerStateTerminated"),
            "waiting": core("ContainerStateWaiting"),
        },
    ),
    CORE + "ContainerStateRunning": obj(
        "ContainerStateRunning is a running state of a container.",
        {
            "startedAt": meta("Time"),
        },
    ),
    CORE + "ContainerStateTerminated": obj(
        "ContainerStateTerminated is a terminated state of a container.",
        {
            "containerID": string(),
            "exitCode": int32(),
            "finishedAt": meta("Time"),
            "message": string(),
            "reason": string(),
            "signal": int32(),
            "startedAt": meta("Time"),
        },
        required=["exitCode"],
    ),
    CORE + "ContainerStateWaiting": obj(
        "ContainerStateWaiting is a waiting state of a container.",
        {
            "message": string(),
            "reason": string(),
        },
    ),
    CORE + "ContainerStatus": obj(
        "ContainerStatus contains details for the current status of this container.",
        {
            "allocatedResources": quantity_map(),
            "allocatedResourcesStatus": array(core("ResourceStatus"), keys=["name"], merge="name"),
            "containerID": string(),
            "image": string(),
            "imageID": string(),
            "lastState": core("ContainerState"),
            "name": string(),
            "ready": boolean(),
            "resources": core("ResourceRequirements"),
            "restartCount": int32(),
            "started": boolean(),
            "state": core("ContainerState"),
            "stopSignal": string(),
            "user": core("ContainerUser"),
            "volumeMounts": array(core("VolumeMountStatus"), keys=["mountPath"], merge="mountPath"),
        },
        required=["image", "imageID", "name", "ready", "restartCount"],
    ),
    CORE + "ContainerUser": obj(
        "User identity information of a container's first process.",
        {
            "linux": core("LinuxContainerUser"),
        },
    ),
    CORE + "EnvFromSource": obj(
        "A source (ConfigMap or Secret) of a set of environment variables.",
        {
            "configMapRef": core("ConfigMapEnvSource"),
            "prefix": string(),
            "secretRef": core("SecretEnvSource"),
        },
    ),
    CORE + "EnvVar": obj(
        "EnvVar represents an environment variable present in a Container.",
        {
            "name": string(),
            "value": string(),
            "valueFrom": core("EnvVarSource"),
        },
        required=["name"],
    ),
    CORE + "EnvVarSource": obj(
        "EnvVarSource represents a source for the value of an EnvVar.",
        {
            "configMapKeyRef": core("ConfigMapKeySelector"),
            "fieldRef": core("ObjectFieldSelector"),
            "fileKeyRef": core("FileKeySelector"),
            "resourceFieldRef": core("ResourceFieldSelector"),
            "secretKeyRef": core("SecretKeySelector"),
        },
    ),
    CORE + "EphemeralContainer": obj(
        "A temporary container added to a running Pod, e.g. for debugging.",
        {**_CONTAINER_FIELDS, "targetContainerName": string()},
        required=["name"],
    ),
    CORE + "ExecAction": obj(
        'ExecAction describes a "run in container" action.',
        {
            "command": array(string(), list_type="atomic"),
        },
    ),
    CORE + "FileKeySelector": obj(
        "FileKeySelector selects a key of the env file.",
        {
            "key": string(),
            "optional": boolean(),
            "path": string(),
            "volumeName": string(),
        },
        required=["key", "path", "volumeName"],
        map_type="atomic",
    ),
    CORE + "GRPCAction": obj(
        "GRPCAction specifies an action involving a GRPC service.",
        {
            "mode": string(),
            "port": int32(),
            "service": string(),
        },
        required=["port"],
    ),
    CORE + "HTTPGetAction": obj(
        "HTTPGetAction describes an action based on HTTP Get requests.",
        {
            "host": string(),
            "httpHeaders": array(core("HTTPHeader"), list_type="atomic"),
            "path": string(),
            "port": ref(INTSTR),
            "protocol": string(),
            "scheme": enum("HTTP", "HTTPS"),
        },
        required=["port"],
    ),
    CORE + "HTTPHeader": obj(
        "A custom header used in HTTP probes.",
        {
            "name": string(),
            "value": string(),
        },
        required=["name", "value"],
    ),
    CORE + "ImageVolumeStatus": obj(
        "ImageVolumeStatus represents the image-based volume status.",
        {
            "imageRef": string(),
        },
        required=["imageRef"],
    ),
    CORE + "Lifecycle": obj(
        "Actions taken in response to container lifecycle events.",
        {
            "postStart": core("LifecycleHandler"),
            "preStop": core("LifecycleHandler"),
            "stopSignal": string(),
        },
    ),
    CORE + "LifecycleHandler": obj(
        "LifecycleHandler defines a specific action that should be taken in a lifecycle hook.",
        {
            "exec": core("ExecAction"),
            "httpGet": core("HTTPGetAction"),
            "sleep": core("SleepAction"),
            "tcpSocket": core("TCPSocketAction"),
        },
    ),
    CORE + "LinuxContainerUser": obj(
        "User identity information in Linux containers.",
        {
            "gid": int64(),
            "supplementalGroups": array(int64(), list_type="atomic"),
            "uid": int64(),
        },
        required=["gid", "uid"],
    ),
    CORE + "ObjectFieldSelector": obj(
        "ObjectFieldSelector selects an APIVersioned field of an object.",
        {
            "apiVersion": string(),
            "fieldPath": string(),
        },
        required=["fieldPath"],
        map_type="atomic",
    ),
    CORE + "Probe": obj(
        "A health check performed against a container.",
        {
            "exec": core("ExecAction"),
            "failureThreshold": int32(),
            "grpc": core("GRPCAction"),
            "httpGet": core("HTTPGetAction"),
            "initialDelaySeconds": int32(),
            "periodSeconds": int32(),
            "successThreshold": int32(),
            "tcpSocket": core("TCPSocketAction"),
            "terminationGracePeriodSeconds": int64(),
            "timeoutSeconds": int32(),
        },
    ),
    CORE + "ResourceClaim": obj(
        "ResourceClaim references one entry in PodSpec.ResourceClaims.",
        {
            "name": string(),
            "request": string(),
        },
        required=["name"],
    ),
    CORE + "ResourceFieldSelector": obj(
        "Selects a container resource (cpu, memory) and its output format.",
        {
            "containerName": string(),
            "divisor": quantity(),
            "resource": string(),
        },
        required=["resource"],
        map_type="atomic",
    ),
    CORE + "ResourceHealth": obj(
        "ResourceHealth represents the health of a resource.",
        {
            "health": string(),
            "message": string(),
            "resourceID": string(),
        },
        required=["resourceID"],
    ),
    CORE + "ResourceRequirements": obj(
        "The compute resource requirements of a container.",
        {
            "claims": array(core("ResourceClaim"), keys=["name"]),
            "limits": quantity_map(),
            "requests": quantity_map(),
        },
    ),
    CORE + "ResourceStatus": obj(
        "ResourceStatus represents the status of a single resource allocated to a Pod.",
        {
            "name": string(),
            "resources": array(core("ResourceHealth"), keys=["resourceID"]),
        },
        required=["name"],
    ),
    CORE + "SELinuxOptions": obj(
        "The SELinux labels applied to a container.",
        {
            "level": string(),
            "role": string(),
            "type": string(),
            "user": string(),
        },
    ),
    CORE + "SeccompProfile": obj(
        "SeccompProfile defines a pod/container's seccomp profile settings.",
        {
            "localhostProfile": string(),
            "type": enum("Localhost", "RuntimeDefault", "Unconfined"),
        },
        required=["type"],
        unions=[{"discriminator": "type", "fields-to-discriminateBy": {"localhostProfile": "LocalhostProfile"}}],
    ),
    CORE + "SecretEnvSource": obj(
        "SecretEnvSource selects a Secret to populate the environment variables with.",
        {
            "name": string(),
            "optional": boolean(),
        },
    ),
    CORE + "SecretKeySelector": obj(
        "SecretKeySelector selects a key of a Secret.",
        {
            "key": string(),
            "name": string(),
            "optional": boolean(),
        },
        required=["key"],
        map_type="atomic",
    ),
    CORE + "SecurityContext": obj(
        "SecurityContext holds security configuration that will be applied to a container.",
        {
            "allowPrivilegeEscalation": boolean(),
            "appArmorProfile": core("AppArmorProfile"),
            "capabilities": core("Capabilities"),
            "privileged": boolean(),
            "procMount": enum("Default", "Unmasked"),
            "readOnlyRootFilesystem": boolean(),
            "runAsGroup": int64(),
            "runAsNonRoot": boolean(),
            "runAsUser": int64(),
            "seLinuxOptions": core("SELinuxOptions"),
            "seccompProfile": core("SeccompProfile"),
            "windowsOptions": core("WindowsSecurityContextOptions"),
        },
    ),
    CORE + "SleepAction": obj(
        'SleepAction describes a "sleep" action.',
        {
            "seconds": int64(),
        },
        required=["seconds"],
    ),
    CORE + "TCPSocketAction": obj(
        "An action based on opening a socket.",
        {
            "host": string(),
            "port": ref(INTSTR),
        },
        required=["port"],
    ),
    CORE + "VolumeDevice": obj(
        "volumeDevice describes a mapping of a raw block device within a container.",
        {
            "devicePath": string(),
            "name": string(),
        },
        required=["devicePath", "name"],
    ),
    CORE + "VolumeMount": obj(
        "VolumeMount describes a mounting of a Volume within a container.",
        {
            "bindMountOptions": array(string(), list_type="atomic"),
            "mountPath": string(),
            "mountPropagation": enum("Bidirectional", "HostToContainer", "None"),
            "name": string(),
            "readOnly": boolean(),
            "recursiveReadOnly": string(),
            "subPath": string(),
            "subPathExpr": string(),
        },
        required=["mountPath", "name"],
    ),
    CORE + "VolumeMountStatus": obj(
        "VolumeMountStatus shows status of volume mounts.",
        {
            "mountPath": string(),
            "name": string(),
            "readOnly": boolean(),
            "recursiveReadOnly": string(),
            "volumeStatus": core("VolumeStatus"),
        },
        required=["mountPath", "name"],
    ),
    CORE + "VolumeStatus": obj(
        "VolumeStatus represents the status of a mounted volume.",
        {
            "image": core("ImageVolumeStatus"),
        },
    ),
    CORE + "WindowsSecurityContextOptions": obj(
        "WindowsSecurityContextOptions contain Windows-specific options and credentials.",
        {
            "gmsaCredentialSpec": string(),
            "gmsaCredentialSpecName": string(),
            "hostProcess": boolean(),
            "runAsUserName": string(),
        },
    ),
}
