"""Field numbers of core/v1 messages (``k8s.io/api/core/v1/generated.proto``); syntax in ``fields.py``.

Numbers, names, inline structs and zero-value marks are the ``protobuf``/``json`` struct tags and
field types of the Go structs (k8s.io/api v0.33, read from the type metadata of the kubectl 1.33
binary), checked against upstream ``generated.proto``. Fields added in 1.34 and 1.35 (restart
rules, file env sources, pod certificates, extended resource claims, image volume status,
declared features, pod-level status resources) come from that ``generated.proto``; marks for them
follow its ``+optional``/``+required`` comments and the API conventions (optional scalars are
pointers). Schema fields without a number here (1.36+ additions) are listed in
``tests/unit/apiserver/protobuf/test_protobuf_fields.py``.
"""

from __future__ import annotations

__all__ = ["TABLES"]

CORE_V1 = """
AWSElasticBlockStoreVolumeSource: 1 !volumeID, 2 fsType, 3 partition, 4 readOnly
Affinity: 1 nodeAffinity, 2 podAffinity, 3 podAntiAffinity
AppArmorProfile: 1 !type, 2 *localhostProfile
AttachedVolume: 1 !name, 2 !devicePath
AzureDiskVolumeSource: 1 !diskName, 2 !diskURI, 3 *cachingMode, 4 *fsType, 5 *readOnly, 6 *kind
AzureFileVolumeSource: 1 !secretName, 2 !shareName, 3 readOnly
Binding: 1 metadata, 2 target
CSIVolumeSource: 1 !driver, 2 *readOnly, 3 *fsType, 4 volumeAttributes, 5 nodePublishSecretRef
Capabilities: 1 add, 2 drop
CephFSVolumeSource: 1 monitors, 2 path, 3 user, 4 secretFile, 5 secretRef, 6 readOnly
CinderVolumeSource: 1 !volumeID, 2 fsType, 3 readOnly, 4 secretRef
ClientIPConfig: 1 *timeoutSeconds
ClusterTrustBundleProjection: 1 *name, 2 *signerName, 3 labelSelector, 5 *optional, 4 !path
ConfigMap: 1 metadata, 4 *immutable, 2 data, 3 binaryData
ConfigMapEnvSource: 1 {1 name}, 2 *optional
ConfigMapKeySelector: 1 {1 name}, 2 !key, 3 *optional
ConfigMapList: 1 metadata, 2 items
ConfigMapNodeConfigSource: 1 !namespace, 2 !name, 3 uid, 4 resourceVersion, 5 !kubeletConfigKey
ConfigMapProjection: 1 {1 name}, 2 items, 4 *optional
ConfigMapVolumeSource: 1 {1 name}, 2 items, 3 *defaultMode, 4 *optional
Container: 1 !name, 2 image, 3 command, 4 args, 5 workingDir, 6 ports, 19 envFrom, 7 env, 8 resources,
    23 resizePolicy, 24 *restartPolicy, 25 restartPolicyRules, 9 volumeMounts, 21 volumeDevices,
    10 livenessProbe, 11 readinessProbe, 22 startupProbe, 12 lifecycle, 13 terminationMessagePath,
    20 terminationMessagePolicy, 14 imagePullPolicy, 15 securityContext, 16 stdin, 17 stdinOnce, 18 tty
ContainerExtendedResourceRequest: 1 !containerName, 2 !resourceName, 3 !requestName
ContainerImage: 1 names, 2 sizeBytes
ContainerPort: 1 name, 2 hostPort, 3 !containerPort, 4 protocol, 5 hostIP
ContainerResizePolicy: 1 !resourceName, 2 !restartPolicy
ContainerRestartRule: 1 action, 2 exitCodes
ContainerRestartRuleOnExitCodes: 1 operator, 2 values
ContainerState: 1 waiting, 2 running, 3 terminated
ContainerStateRunning: 1 startedAt
ContainerStateTerminated: 1 !exitCode, 2 signal, 3 reason, 4 message, 5 startedAt, 6 finishedAt, 7 containerID
ContainerStateWaiting: 1 reason, 2 message
ContainerStatus: 1 !name, 2 state, 3 lastState, 4 !ready, 5 !restartCount, 6 !image, 7 !imageID, 8 containerID,
    9 *started, 10 allocatedResources, 11 resources, 12 volumeMounts, 13 user, 14 allocatedResourcesStatus,
    15 *stopSignal
ContainerUser: 1 linux
DaemonEndpoint: 1 !Port
DownwardAPIProjection: 1 items
DownwardAPIVolumeFile: 1 !path, 2 fieldRef, 3 resourceFieldRef, 4 *mode
DownwardAPIVolumeSource: 1 items, 2 *defaultMode
EmptyDirVolumeSource: 1 medium, 2 sizeLimit
EndpointAddress: 1 !ip, 3 hostname, 4 *nodeName, 2 targetRef
EndpointPort: 1 name, 2 !port, 3 protocol, 4 *appProtocol
EndpointSubset: 1 addresses, 2 notReadyAddresses, 3 ports
Endpoints: 1 metadata, 2 subsets
EndpointsList: 1 metadata, 2 items
EnvFromSource: 1 prefix, 2 configMapRef, 3 secretRef
EnvVar: 1 !name, 2 value, 3 valueFrom
EnvVarSource: 1 fieldRef, 2 resourceFieldRef, 3 configMapKeyRef, 4 secretKeyRef, 5 fileKeyRef
EphemeralContainer: 1 {1 !name, 2 image, 3 command, 4 args, 5 workingDir, 6 ports, 19 envFrom, 7 env,
    8 resources, 23 resizePolicy, 24 *restartPolicy, 25 restartPolicyRules, 9 volumeMounts, 21 volumeDevices,
    10 livenessProbe, 11 readinessProbe, 22 startupProbe, 12 lifecycle, 13 terminationMessagePath,
    20 terminationMessagePolicy, 14 imagePullPolicy, 15 securityContext, 16 stdin, 17 stdinOnce, 18 tty},
    2 targetContainerName
EphemeralVolumeSource: 1 volumeClaimTemplate
Event: 1 metadata, 2 involvedObject, 3 reason, 4 message, 5 source, 6 firstTimestamp, 7 lastTimestamp, 8 count,
    9 type, 10 eventTime, 11 series, 12 action, 13 related, 14 !reportingComponent, 15 !reportingInstance
EventList: 1 metadata, 2 items
EventSeries: 1 count, 2 lastObservedTime
EventSource: 1 component, 2 host
ExecAction: 1 command
FCVolumeSource: 1 targetWWNs, 2 *lun, 3 fsType, 4 readOnly, 5 wwids
FileKeySelector: 1 !volumeName, 2 !path, 3 !key, 4 *optional
FlexVolumeSource: 1 !driver, 2 fsType, 3 secretRef, 4 readOnly, 5 options
FlockerVolumeSource: 1 datasetName, 2 datasetUUID
GCEPersistentDiskVolumeSource: 1 !pdName, 2 fsType, 3 partition, 4 readOnly
GRPCAction: 1 !port, 2 *service
GitRepoVolumeSource: 1 !repository, 2 revision, 3 directory
GlusterfsVolumeSource: 1 !endpoints, 2 !path, 3 readOnly
HTTPGetAction: 1 path, 2 port, 3 host, 4 scheme, 5 httpHeaders
HTTPHeader: 1 !name, 2 !value
HostAlias: 1 !ip, 2 hostnames
HostIP: 1 !ip
HostPathVolumeSource: 1 !path, 2 *type
ISCSIVolumeSource: 1 !targetPortal, 2 !iqn, 3 !lun, 4 iscsiInterface, 5 fsType, 6 readOnly, 7 portals,
    8 chapAuthDiscovery, 11 chapAuthSession, 10 secretRef, 12 *initiatorName
ImageVolumeSource: 1 reference, 2 pullPolicy
ImageVolumeStatus: 1 !imageRef
KeyToPath: 1 !key, 2 !path, 3 *mode
Lifecycle: 1 postStart, 2 preStop, 3 *stopSignal
LifecycleHandler: 1 exec, 2 httpGet, 3 tcpSocket, 4 sleep
LinuxContainerUser: 1 !uid, 2 !gid, 3 supplementalGroups
LoadBalancerIngress: 1 ip, 2 hostname, 3 *ipMode, 4 ports
LoadBalancerStatus: 1 ingress
LocalObjectReference: 1 name
NFSVolumeSource: 1 !server, 2 !path, 3 readOnly
Namespace: 1 metadata, 2 spec, 3 status
NamespaceCondition: 1 !type, 2 !status, 4 lastTransitionTime, 5 reason, 6 message
NamespaceList: 1 metadata, 2 items
NamespaceSpec: 1 finalizers
NamespaceStatus: 1 phase, 2 conditions
Node: 1 metadata, 2 spec, 3 status
NodeAddress: 1 !type, 2 !address
NodeAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution,
    2 preferredDuringSchedulingIgnoredDuringExecution
NodeCondition: 1 !type, 2 !status, 3 lastHeartbeatTime, 4 lastTransitionTime, 5 reason, 6 message
NodeConfigSource: 2 configMap
NodeConfigStatus: 1 assigned, 2 active, 3 lastKnownGood, 4 error
NodeDaemonEndpoints: 1 kubeletEndpoint
NodeFeatures: 1 *supplementalGroupsPolicy
NodeList: 1 metadata, 2 items
NodeRuntimeHandler: 1 !name, 2 features
NodeRuntimeHandlerFeatures: 1 *recursiveReadOnlyMounts, 2 *userNamespaces
NodeSelector: 1 nodeSelectorTerms
NodeSelectorRequirement: 1 !key, 2 !operator, 3 values
NodeSelectorTerm: 1 matchExpressions, 2 matchFields
NodeSpec: 1 podCIDR, 7 podCIDRs, 3 providerID, 4 unschedulable, 5 taints, 6 configSource, 2 externalID
NodeStatus: 1 capacity, 2 allocatable, 3 phase, 4 conditions, 5 addresses, 6 daemonEndpoints, 7 nodeInfo,
    8 images, 9 volumesInUse, 10 volumesAttached, 11 config, 12 runtimeHandlers, 13 features, 14 declaredFeatures
NodeSwapStatus: 1 *capacity
NodeSystemInfo: 1 !machineID, 2 !systemUUID, 3 !bootID, 4 !kernelVersion, 5 !osImage,
    6 !containerRuntimeVersion, 7 !kubeletVersion, 8 !kubeProxyVersion, 9 !operatingSystem, 10 !architecture,
    11 swap
ObjectFieldSelector: 1 apiVersion, 2 !fieldPath
ObjectReference: 1 kind, 2 namespace, 3 name, 4 uid, 5 apiVersion, 6 resourceVersion, 7 fieldPath
PersistentVolumeClaimSpec: 1 accessModes, 4 selector, 2 resources, 3 volumeName, 5 *storageClassName,
    6 *volumeMode, 7 dataSource, 8 dataSourceRef, 9 *volumeAttributesClassName
PersistentVolumeClaimTemplate: 1 metadata, 2 spec
PersistentVolumeClaimVolumeSource: 1 !claimName, 2 readOnly
PhotonPersistentDiskVolumeSource: 1 !pdID, 2 fsType
Pod: 1 metadata, 2 spec, 3 status
PodAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution, 2 preferredDuringSchedulingIgnoredDuringExecution
PodAffinityTerm: 1 labelSelector, 2 namespaces, 3 !topologyKey, 4 namespaceSelector, 5 matchLabelKeys,
    6 mismatchLabelKeys
PodAntiAffinity: 1 requiredDuringSchedulingIgnoredDuringExecution,
    2 preferredDuringSchedulingIgnoredDuringExecution
PodCertificateProjection: 1 !signerName, 2 !keyType, 3 *maxExpirationSeconds, 4 credentialBundlePath, 5 keyPath,
    6 certificateChainPath, 7 userAnnotations
PodCondition: 1 !type, 7 observedGeneration, 2 !status, 3 lastProbeTime, 4 lastTransitionTime, 5 reason,
    6 message
PodDNSConfig: 1 nameservers, 2 searches, 3 options
PodDNSConfigOption: 1 name, 2 *value
PodExtendedResourceClaimStatus: 1 requestMappings, 2 !resourceClaimName
PodIP: 1 !ip
PodList: 1 metadata, 2 items
PodOS: 1 !name
PodReadinessGate: 1 !conditionType
PodResourceClaim: 1 !name, 3 *resourceClaimName, 4 *resourceClaimTemplateName
PodResourceClaimStatus: 1 !name, 2 *resourceClaimName
PodSchedulingGate: 1 !name
PodSecurityContext: 1 seLinuxOptions, 8 windowsOptions, 2 *runAsUser, 6 *runAsGroup, 3 *runAsNonRoot,
    4 supplementalGroups, 12 *supplementalGroupsPolicy, 5 *fsGroup, 7 sysctls, 9 *fsGroupChangePolicy,
    10 seccompProfile, 11 appArmorProfile, 13 *seLinuxChangePolicy
PodSpec: 1 volumes, 20 initContainers, 2 containers, 34 ephemeralContainers, 3 restartPolicy,
    4 *terminationGracePeriodSeconds, 5 *activeDeadlineSeconds, 6 dnsPolicy, 7 nodeSelector,
    8 serviceAccountName, 9 serviceAccount, 21 *automountServiceAccountToken, 10 nodeName, 11 hostNetwork,
    12 hostPID, 13 hostIPC, 27 *shareProcessNamespace, 14 securityContext, 15 imagePullSecrets, 16 hostname,
    17 subdomain, 18 affinity, 19 schedulerName, 22 tolerations, 23 hostAliases, 24 priorityClassName,
    25 *priority, 26 dnsConfig, 28 readinessGates, 29 *runtimeClassName, 30 *enableServiceLinks,
    31 *preemptionPolicy, 32 overhead, 33 topologySpreadConstraints, 35 *setHostnameAsFQDN, 36 os,
    37 *hostUsers, 38 schedulingGates, 39 resourceClaims, 40 resources, 41 *hostnameOverride
PodStatus: 17 observedGeneration, 1 phase, 2 conditions, 3 message, 4 reason, 11 nominatedNodeName, 5 hostIP,
    16 hostIPs, 6 podIP, 12 podIPs, 7 startTime, 10 initContainerStatuses, 8 containerStatuses, 9 qosClass,
    13 ephemeralContainerStatuses, 14 resize, 15 resourceClaimStatuses, 18 extendedResourceClaimStatus,
    19 allocatedResources, 20 resources
PodTemplateSpec: 1 metadata, 2 spec
PortStatus: 1 !port, 2 !protocol, 3 *error
PortworxVolumeSource: 1 !volumeID, 2 fsType, 3 readOnly
PreferredSchedulingTerm: 1 !weight, 2 preference
Probe: 1 {1 exec, 2 httpGet, 3 tcpSocket, 4 grpc}, 2 initialDelaySeconds, 3 timeoutSeconds, 4 periodSeconds,
    5 successThreshold, 6 failureThreshold, 7 *terminationGracePeriodSeconds
ProjectedVolumeSource: 1 sources, 2 *defaultMode
QuobyteVolumeSource: 1 !registry, 2 !volume, 3 readOnly, 4 user, 5 group, 6 tenant
RBDVolumeSource: 1 monitors, 2 !image, 3 fsType, 4 pool, 5 user, 6 keyring, 7 secretRef, 8 readOnly
ResourceClaim: 1 !name, 2 request
ResourceFieldSelector: 1 containerName, 2 !resource, 3 divisor
ResourceHealth: 1 !resourceID, 2 health
ResourceRequirements: 1 limits, 2 requests, 3 claims
ResourceStatus: 1 !name, 2 resources
SELinuxOptions: 1 user, 2 role, 3 type, 4 level
ScaleIOVolumeSource: 1 !gateway, 2 !system, 3 secretRef, 4 sslEnabled, 5 protectionDomain, 6 storagePool,
    7 storageMode, 8 volumeName, 9 fsType, 10 readOnly
SeccompProfile: 1 !type, 2 *localhostProfile
Secret: 1 metadata, 5 *immutable, 2 data, 4 stringData, 3 type
SecretEnvSource: 1 {1 name}, 2 *optional
SecretKeySelector: 1 {1 name}, 2 !key, 3 *optional
SecretList: 1 metadata, 2 items
SecretProjection: 1 {1 name}, 2 items, 4 *optional
SecretVolumeSource: 1 secretName, 2 items, 3 *defaultMode, 4 *optional
SecurityContext: 1 capabilities, 2 *privileged, 3 seLinuxOptions, 10 windowsOptions, 4 *runAsUser,
    8 *runAsGroup, 5 *runAsNonRoot, 6 *readOnlyRootFilesystem, 7 *allowPrivilegeEscalation, 9 *procMount,
    11 seccompProfile, 12 appArmorProfile
Service: 1 metadata, 2 spec, 3 status
ServiceAccount: 1 metadata, 2 secrets, 3 imagePullSecrets, 4 *automountServiceAccountToken
ServiceAccountList: 1 metadata, 2 items
ServiceAccountTokenProjection: 1 audience, 2 *expirationSeconds, 3 !path
ServiceList: 1 metadata, 2 items
ServicePort: 1 name, 2 protocol, 6 *appProtocol, 3 !port, 4 targetPort, 5 nodePort
ServiceSpec: 1 ports, 2 selector, 3 clusterIP, 18 clusterIPs, 4 type, 5 externalIPs, 7 sessionAffinity,
    8 loadBalancerIP, 9 loadBalancerSourceRanges, 10 externalName, 11 externalTrafficPolicy,
    12 healthCheckNodePort, 13 publishNotReadyAddresses, 14 sessionAffinityConfig, 19 ipFamilies,
    17 *ipFamilyPolicy, 20 *allocateLoadBalancerNodePorts, 21 *loadBalancerClass, 22 *internalTrafficPolicy,
    23 *trafficDistribution
ServiceStatus: 1 loadBalancer, 2 conditions
SessionAffinityConfig: 1 clientIP
SleepAction: 1 !seconds
StorageOSVolumeSource: 1 volumeName, 2 volumeNamespace, 3 fsType, 4 readOnly, 5 secretRef
Sysctl: 1 !name, 2 !value
TCPSocketAction: 1 port, 2 host
Taint: 1 !key, 2 value, 3 !effect, 4 timeAdded
Toleration: 1 key, 2 operator, 3 value, 4 effect, 5 *tolerationSeconds
TopologySpreadConstraint: 1 !maxSkew, 2 !topologyKey, 3 !whenUnsatisfiable, 4 labelSelector, 5 *minDomains,
    6 *nodeAffinityPolicy, 7 *nodeTaintsPolicy, 8 matchLabelKeys
TypedLocalObjectReference: 1 *apiGroup, 2 !kind, 3 !name
TypedObjectReference: 1 *apiGroup, 2 !kind, 3 !name, 4 *namespace
Volume: 1 !name, 2 {1 hostPath, 2 emptyDir, 3 gcePersistentDisk, 4 awsElasticBlockStore, 5 gitRepo, 6 secret,
    7 nfs, 8 iscsi, 9 glusterfs, 10 persistentVolumeClaim, 11 rbd, 12 flexVolume, 13 cinder, 14 cephfs,
    15 flocker, 16 downwardAPI, 17 fc, 18 azureFile, 19 configMap, 20 vsphereVolume, 21 quobyte, 22 azureDisk,
    23 photonPersistentDisk, 26 projected, 24 portworxVolume, 25 scaleIO, 27 storageos, 28 csi, 29 ephemeral,
    30 image}
VolumeDevice: 1 !name, 2 !devicePath
VolumeMount: 1 !name, 2 readOnly, 7 *recursiveReadOnly, 3 !mountPath, 4 subPath, 5 *mountPropagation,
    6 subPathExpr
VolumeMountStatus: 1 !name, 2 !mountPath, 3 readOnly, 4 *recursiveReadOnly, 5 volumeStatus
VolumeProjection: 1 secret, 2 downwardAPI, 3 configMap, 4 serviceAccountToken, 5 clusterTrustBundle,
    6 podCertificate
VolumeResourceRequirements: 1 limits, 2 requests
VolumeStatus: 1 image
VsphereVirtualDiskVolumeSource: 1 !volumePath, 2 fsType, 3 storagePolicyName, 4 storagePolicyID
WeightedPodAffinityTerm: 1 !weight, 2 podAffinityTerm
WindowsSecurityContextOptions: 1 *gmsaCredentialSpecName, 2 *gmsaCredentialSpec, 3 *runAsUserName,
    4 *hostProcess
"""

TABLES: tuple[tuple[str, str], ...] = (("io.k8s.api.core.v1.", CORE_V1),)
