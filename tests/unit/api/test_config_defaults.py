"""Defaults and key names of both config schemas, checked against spec §13 and KubeEdge's Go structs."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from kubeedge.api import config
from kubeedge.api.config import cloudcore, edgecore, kubelet
from kubeedge.api.config._schema import Kind, field_specs

HOST = config.HostFacts(hostname="edge-1", node_ip="192.168.1.10", advertise_ip="10.0.0.5")

CA, CA_KEY = "/etc/kubeedge/ca/rootCA.crt", "/etc/kubeedge/ca/rootCA.key"
CERT, KEY = "/etc/kubeedge/certs/server.crt", "/etc/kubeedge/certs/server.key"


def get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data[part]
    return data


# Spec §13.2, transcribed: key path -> KubeEdge default.
CLOUDCORE_SPEC_DEFAULTS: dict[str, Any] = {
    "apiVersion": "cloudcore.config.kubeedge.io/v1alpha1",
    "kind": "CloudCore",
    "commonConfig.tunnelPort": 10350,
    "commonConfig.monitorServer.bindAddress": "127.0.0.1:9091",
    "commonConfig.monitorServer.enableProfiling": False,
    "kubeAPIConfig.master": "",
    "kubeAPIConfig.kubeConfig": "",
    "kubeAPIConfig.contentType": "application/vnd.kubernetes.protobuf",
    "kubeAPIConfig.qps": 2500,
    "kubeAPIConfig.burst": 5000,
    "modules.cloudHub.enable": True,
    "modules.cloudHub.advertiseAddress": ["10.0.0.5"],
    "modules.cloudHub.dnsNames": [""],
    "modules.cloudHub.nodeLimit": 500,
    "modules.cloudHub.keepaliveInterval": 30,
    "modules.cloudHub.writeTimeout": 30,
    "modules.cloudHub.edgeCertSigningDuration": 365,
    "modules.cloudHub.tokenRefreshDuration": 12,
    "modules.cloudHub.tlsCAFile": CA,
    "modules.cloudHub.tlsCAKeyFile": CA_KEY,
    "modules.cloudHub.tlsCertFile": CERT,
    "modules.cloudHub.tlsPrivateKeyFile": KEY,
    "modules.cloudHub.websocket": {"enable": True, "address": "0.0.0.0", "port": 10000},
    "modules.cloudHub.quic": {"enable": False, "address": "0.0.0.0", "port": 10001, "maxIncomingStreams": 10000},
    "modules.cloudHub.https": {"enable": True, "address": "0.0.0.0", "port": 10002},
    "modules.cloudHub.unixsocket": {"enable": True, "address": "unix:///var/lib/kubeedge/kubeedge.sock"},
    "modules.cloudHub.authorization": {"enable": False, "debug": True, "modes": [{"node": {"enable": True}}]},
    "modules.edgeController.enable": True,
    "modules.edgeController.nodeUpdateFrequency": 10,
    "modules.edgeController.load.queryConfigMapWorkers": 100,
    "modules.edgeController.load.querySecretWorkers": 100,
    "modules.edgeController.load.createNodeWorkers": 100,
    "modules.edgeController.load.patchNodeWorkers": 110,
    "modules.edgeController.load.queryNodeWorkers": 500,
    "modules.edgeController.load.createLeaseWorkers": 500,
    "modules.edgeController.load.patchPodWorkers": 100,
    "modules.edgeController.load.deletePodWorkers": 100,
    "modules.edgeController.load.UpdateRuleStatusWorkers": 4,
    "modules.edgeController.load.ServiceAccountTokenWorkers": 100,
    "modules.edgeController.load.CreatePodWorks": 4,
    "modules.edgeController.buffer.updatePodStatus": 1024,
    "modules.edgeController.buffer.podEvent": 1,
    "modules.deviceController": {
        "enable": True,
        "buffer": {"updateDeviceTwins": 1024, "updateDeviceStatus": 1024, "deviceEvent": 1, "deviceModelEvent": 1},
        "load": {"updateDeviceStatusWorkers": 1},
    },
    "modules.syncController": {"enable": True},
    "modules.dynamicController": {"enable": False},
    "modules.taskManager": {
        "enable": False,
        "buffer": {"taskStatus": 1024, "taskEvent": 1},
        "load": {"taskWorkers": 1},
    },
    "modules.cloudStream": {
        "enable": False,
        "tunnelPort": 10004,
        "streamPort": 10003,
        "tlsTunnelCAFile": CA,
        "tlsTunnelCertFile": CERT,
        "tlsTunnelPrivateKeyFile": KEY,
        "tlsStreamCAFile": "/etc/kubeedge/ca/streamCA.crt",
        "tlsStreamCertFile": "/etc/kubeedge/certs/stream.crt",
        "tlsStreamPrivateKeyFile": "/etc/kubeedge/certs/stream.key",
    },
    "modules.router": {"enable": False, "address": "0.0.0.0", "port": 9443, "restTimeout": 60},
    "modules.iptablesManager": {"enable": True, "mode": "internal"},
    "featureGates": {"requireAuthorization": False, "moduleRestart": False, "disableNodeTaskV1alpha2": False},
}

# Spec §13.1, transcribed.
EDGECORE_SPEC_DEFAULTS: dict[str, Any] = {
    "apiVersion": "edgecore.config.kubeedge.io/v1alpha2",
    "kind": "EdgeCore",
    "database": {"driverName": "sqlite3", "aliasName": "default", "dataSource": "/var/lib/kubeedge/edgecore.db"},
    "featureGates": {"requireAuthorization": False, "moduleRestart": False, "disableNodeTaskV1alpha2": False},
    "edgecoreVersion": "",
    "modules.edged.enable": True,
    "modules.edged.reportEvent": False,
    "modules.edged.registerNodeNamespace": "default",
    "modules.edged.customInterfaceName": "",
    "modules.edged.hostnameOverride": "edge-1",
    "modules.edged.nodeIP": "",
    "modules.edged.podSandboxImage": "kubeedge/pause:3.6",
    "modules.edged.rootDirectory": "/var/lib/kubelet",
    "modules.edged.nodeLabels": {},
    "modules.edged.registerSchedulable": True,
    "modules.edged.maxContainerCount": -1,
    "modules.edged.maxPerPodContainerCount": 1,
    "modules.edged.tailoredKubeletConfig.address": "127.0.0.1",
    "modules.edged.tailoredKubeletConfig.readOnlyPort": 10350,
    "modules.edged.tailoredKubeletConfig.staticPodPath": "/etc/kubeedge/manifests",
    "modules.edged.tailoredKubeletConfig.clusterDomain": "cluster.local",
    "modules.edged.tailoredKubeletConfig.cgroupDriver": "cgroupfs",
    "modules.edged.tailoredKubeletConfig.containerRuntimeEndpoint": "unix:///run/containerd/containerd.sock",
    "modules.edged.tailoredKubeletConfig.nodeStatusUpdateFrequency": "10s",
    "modules.edged.tailoredKubeletConfig.nodeStatusReportFrequency": "5m0s",
    "modules.edged.tailoredKubeletConfig.nodeLeaseDurationSeconds": 40,
    "modules.edged.tailoredKubeletConfig.syncFrequency": "1m0s",
    "modules.edged.tailoredKubeletConfig.maxPods": 110,
    "modules.edgeHub.enable": True,
    "modules.edgeHub.heartbeat": 15,
    "modules.edgeHub.messageQPS": 30,
    "modules.edgeHub.messageBurst": 60,
    "modules.edgeHub.projectID": "e632aba927ea4ac2b575ec1603d56f10",
    "modules.edgeHub.tlsCaFile": CA,
    "modules.edgeHub.tlsCertFile": CERT,
    "modules.edgeHub.tlsPrivateKeyFile": KEY,
    "modules.edgeHub.httpServer": "https://192.168.1.10:10002",
    "modules.edgeHub.token": "",
    "modules.edgeHub.rotateCertificates": True,
    "modules.edgeHub.websocket": {
        "enable": True,
        "server": "192.168.1.10:10000",
        "handshakeTimeout": 30,
        "readDeadline": 15,
        "writeDeadline": 15,
    },
    "modules.edgeHub.quic": {
        "enable": False,
        "server": "192.168.1.10:10001",
        "handshakeTimeout": 30,
        "readDeadline": 15,
        "writeDeadline": 15,
    },
    "modules.eventBus.enable": True,
    "modules.eventBus.mqttMode": 2,
    "modules.eventBus.mqttServerExternal": "tcp://127.0.0.1:1883",
    "modules.eventBus.mqttServerInternal": "tcp://127.0.0.1:1884",
    "modules.eventBus.mqttQOS": 0,
    "modules.eventBus.mqttRetain": False,
    "modules.eventBus.mqttSessionQueueSize": 100,
    "modules.eventBus.mqttSubClientID": "",
    "modules.eventBus.mqttPubClientID": "",
    "modules.eventBus.mqttUsername": "",
    "modules.eventBus.mqttPassword": "",
    "modules.eventBus.eventBusTLS": {
        "enable": False,
        "tlsMqttCAFile": CA,
        "tlsMqttCertFile": CERT,
        "tlsMqttPrivateKeyFile": KEY,
    },
    "modules.metaManager.enable": True,
    "modules.metaManager.contextSendGroup": "hub",
    "modules.metaManager.contextSendModule": "websocket",
    "modules.metaManager.remoteQueryTimeout": 60,
    "modules.metaManager.metaServer": {
        "enable": False,
        "server": "127.0.0.1:10550",
        "dummyServer": "169.254.30.10:10550",
        "tlsCaFile": CA,
        "tlsCertFile": CERT,
        "tlsPrivateKeyFile": KEY,
        "serviceAccountIssuers": ["https://kubernetes.default.svc.cluster.local"],
        "apiAudiences": [],
        "serviceAccountKeyFiles": [],
    },
    "modules.serviceBus": {"enable": False, "server": "127.0.0.1", "port": 9060, "timeout": 60},
    "modules.deviceTwin": {"enable": True, "dmiSockPath": "/etc/kubeedge/"},
    "modules.dbTest": {"enable": False},
    "modules.edgeStream": {
        "enable": False,
        "server": "127.0.0.1:10004",
        "tlsTunnelCAFile": CA,
        "tlsTunnelCertFile": CERT,
        "tlsTunnelPrivateKeyFile": KEY,
        "handshakeTimeout": 30,
        "readDeadline": 15,
        "writeDeadline": 15,
    },
    "modules.taskManager": {"enable": False},
}


@pytest.mark.parametrize(("path", "expected"), CLOUDCORE_SPEC_DEFAULTS.items(), ids=list(CLOUDCORE_SPEC_DEFAULTS))
def test_cloudcore_defaults_match_spec(path: str, expected: Any) -> None:
    assert get(config.to_kubeedge_dict(config.default_cloudcore(HOST)), path) == expected


@pytest.mark.parametrize(("path", "expected"), EDGECORE_SPEC_DEFAULTS.items(), ids=list(EDGECORE_SPEC_DEFAULTS))
def test_edgecore_defaults_match_spec(path: str, expected: Any) -> None:
    assert get(config.to_kubeedge_dict(config.default_edgecore(HOST)), path) == expected


def _keys(**sections: str) -> set[str]:
    return {f"{prefix}.{name}".lstrip(".") for prefix, names in sections.items() for name in names.split()}


# Every key of KubeEdge's Go structs (types.go), pinned so a renamed or missing key fails here.
CLOUDCORE_KEYS = {"apiVersion", "kind"} | {
    path.replace("/", ".")
    for path in _keys(
        commonConfig="tunnelPort monitorServer/bindAddress monitorServer/enableProfiling",
        kubeAPIConfig="master contentType qps burst kubeConfig",
        featureGates="requireAuthorization moduleRestart disableNodeTaskV1alpha2",
        **{
            "modules.cloudHub": "enable keepaliveInterval nodeLimit tlsCAFile tlsCAKeyFile tlsCertFile "
            "tlsPrivateKeyFile writeTimeout quic/enable quic/address quic/port quic/maxIncomingStreams "
            "unixsocket/enable unixsocket/address websocket/enable websocket/address websocket/port "
            "https/enable https/address https/port advertiseAddress dnsNames edgeCertSigningDuration "
            "tokenRefreshDuration authorization/enable authorization/debug authorization/modes",
            "modules.edgeController": "enable nodeUpdateFrequency",
            "modules.edgeController.buffer": "processEvent updatePodStatus updateNodeStatus queryConfigMap "
            "querySecret podEvent configMapEvent secretEvent rulesEvent ruleEndpointsEvent queryPersistentVolume "
            "queryPersistentVolumeClaim queryVolumeAttachment createNode patchNode queryNode updateNode patchPod "
            "deletePod createLease queryLease serviceAccountToken createPod certificateSigningRequest",
            "modules.edgeController.load": "processEventWorkers updatePodStatusWorkers updateNodeStatusWorkers "
            "queryConfigMapWorkers querySecretWorkers queryPersistentVolumeWorkers "
            "queryPersistentVolumeClaimWorkers queryVolumeAttachmentWorkers createNodeWorkers patchNodeWorkers "
            "queryNodeWorkers updateNodeWorkers patchPodWorkers deletePodWorkers createLeaseWorkers "
            "queryLeaseWorkers UpdateRuleStatusWorkers ServiceAccountTokenWorkers CreatePodWorks "
            "certificateSigningRequestWorkers",
            "modules.deviceController": "enable buffer/updateDeviceTwins buffer/updateDeviceStatus "
            "buffer/deviceEvent buffer/deviceModelEvent load/updateDeviceStatusWorkers",
            "modules.taskManager": "enable buffer/taskStatus buffer/taskEvent load/taskWorkers",
            "modules.syncController": "enable",
            "modules.dynamicController": "enable",
            "modules.cloudStream": "enable tlsTunnelCAFile tlsTunnelCertFile tlsTunnelPrivateKeyFile tunnelPort "
            "tlsStreamCAFile tlsStreamCertFile tlsStreamPrivateKeyFile streamPort",
            "modules.router": "enable address port restTimeout",
            "modules.iptablesManager": "enable mode",
        },
    )
}

KUBELET_KEYS = (
    "staticPodPath podLogsDir syncFrequency fileCheckFrequency address readOnlyPort registryPullQPS registryBurst "
    "eventRecordQPS eventBurst enableDebuggingHandlers enableContentionProfiling oomScoreAdj clusterDomain clusterDNS "
    "streamingConnectionIdleTimeout nodeStatusUpdateFrequency nodeStatusReportFrequency nodeLeaseDurationSeconds "
    "imageMinimumGCAge imageMaximumGCAge imageGCHighThresholdPercent imageGCLowThresholdPercent "
    "volumeStatsAggPeriod kubeletCgroups systemCgroups cgroupRoot cgroupsPerQOS cgroupDriver cpuManagerPolicy "
    "cpuManagerPolicyOptions cpuManagerReconcilePeriod memoryManagerPolicy topologyManagerPolicy "
    "topologyManagerScope topologyManagerPolicyOptions qosReserved runtimeRequestTimeout hairpinMode maxPods "
    "podCIDR podPidsLimit resolvConf cpuCFSQuota cpuCFSQuotaPeriod nodeStatusMaxImages maxOpenFiles contentType "
    "serializeImagePulls maxParallelImagePulls evictionHard evictionSoft evictionSoftGracePeriod "
    "evictionPressureTransitionPeriod evictionMaxPodGracePeriod evictionMinimumReclaim podsPerCore "
    "enableControllerAttachDetach protectKernelDefaults makeIPTablesUtilChains iptablesMasqueradeBit "
    "iptablesDropBit featureGates failSwapOn memorySwap/swapBehavior containerLogMaxSize containerLogMaxFiles "
    "containerLogMaxWorkers containerLogMonitorInterval configMapAndSecretChangeDetectionStrategy systemReserved "
    "kubeReserved reservedSystemCPUs showHiddenMetricsForVersion systemReservedCgroup kubeReservedCgroup "
    "enforceNodeAllocatable allowedUnsafeSysctls volumePluginDir kernelMemcgNotification logging/format "
    "logging/flushFrequency logging/verbosity logging/vmodule logging/options/text/splitStream "
    "logging/options/text/infoBufferSize logging/options/json/splitStream logging/options/json/infoBufferSize "
    "enableSystemLogHandler enableSystemLogQuery shutdownGracePeriod shutdownGracePeriodCriticalPods "
    "shutdownGracePeriodByPodPriority reservedMemory enableProfilingHandler enableDebugFlagsHandler seccompDefault "
    "memoryThrottlingFactor registerWithTaints registerNode localStorageCapacityIsolation containerRuntimeEndpoint "
    "imageServiceEndpoint"
)

EDGECORE_KEYS = {"apiVersion", "kind", "edgecoreVersion"} | {
    path.replace("/", ".")
    for path in _keys(
        database="driverName aliasName dataSource",
        featureGates="requireAuthorization moduleRestart disableNodeTaskV1alpha2",
        **{
            "modules.edged": "enable reportEvent hostnameOverride nodeIP runtimeCgroups podSandboxImage "
            "rootDirectory windowsService windowsPriorityClass experimentalMounterPath "
            "experimentalNodeAllocatableIgnoreEvictionThreshold nodeLabels minimumGCAge maxPerPodContainerCount "
            "maxContainerCount registerSchedulable keepTerminatedPodVolumes seccompDefault customInterfaceName "
            "registerNodeNamespace",
            "modules.edged.tailoredKubeletConfig": KUBELET_KEYS,
            "modules.edgeHub": "enable heartbeat messageQPS messageBurst projectID tlsCaFile tlsCertFile "
            "tlsPrivateKeyFile token httpServer rotateCertificates quic/enable quic/handshakeTimeout "
            "quic/readDeadline quic/server quic/writeDeadline websocket/enable websocket/handshakeTimeout "
            "websocket/readDeadline websocket/server websocket/writeDeadline",
            "modules.eventBus": "enable mqttQOS mqttRetain mqttSessionQueueSize mqttServerInternal "
            "mqttServerExternal mqttSubClientID mqttPubClientID mqttUsername mqttPassword mqttMode "
            "eventBusTLS/enable eventBusTLS/tlsMqttCAFile eventBusTLS/tlsMqttCertFile "
            "eventBusTLS/tlsMqttPrivateKeyFile",
            "modules.metaManager": "enable contextSendGroup contextSendModule remoteQueryTimeout metaServer/enable "
            "metaServer/server metaServer/tlsCaFile metaServer/tlsCertFile metaServer/tlsPrivateKeyFile "
            "metaServer/serviceAccountIssuers metaServer/apiAudiences metaServer/serviceAccountKeyFiles "
            "metaServer/dummyServer",
            "modules.serviceBus": "enable server port timeout",
            "modules.deviceTwin": "enable dmiSockPath",
            "modules.dbTest": "enable",
            "modules.edgeStream": "enable tlsTunnelCAFile tlsTunnelCertFile tlsTunnelPrivateKeyFile "
            "handshakeTimeout readDeadline server writeDeadline",
            "modules.taskManager": "enable",
        },
    )
}


def _all_keys(model: type[BaseModel], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, spec in field_specs(model).items():
        if spec.kind is Kind.STRUCT and spec.model is not None:
            paths |= _all_keys(spec.model, f"{prefix}{key}.")
        else:
            paths.add(f"{prefix}{key}")
    return paths


def test_cloudcore_has_every_kubeedge_key() -> None:
    assert _all_keys(config.CloudCore) == CLOUDCORE_KEYS


def test_edgecore_has_every_kubeedge_key() -> None:
    assert _all_keys(config.EdgeCore) == EDGECORE_KEYS


def test_kubelet_defaults_are_kubeedges() -> None:
    kubelet_config = kubelet.TailoredKubeletConfiguration()
    assert kubelet_config.eviction_hard == kubelet.DEFAULT_EVICTION_HARD
    assert kubelet_config.streaming_connection_idle_timeout == timedelta(hours=4)
    assert kubelet_config.oom_score_adj == -999
    assert kubelet_config.pod_pids_limit == -1
    assert kubelet_config.image_gc_high_threshold_percent == 85
    assert kubelet_config.image_gc_low_threshold_percent == 80
    assert kubelet_config.memory_manager_policy == "None"
    assert kubelet_config.enforce_node_allocatable == ("pods",)
    assert kubelet_config.config_map_and_secret_change_detection_strategy is kubelet.ChangeDetectionStrategy.GET
    assert kubelet_config.max_parallel_image_pulls is None
    assert kubelet_config.logging.flush_frequency == timedelta(seconds=5)


def test_pure_defaults_leave_host_values_empty() -> None:
    assert config.CloudCore().modules.cloud_hub.advertise_address == ()
    edge = config.EdgeCore()
    assert edge.modules.edged.hostname_override == ""
    assert edge.modules.edge_hub.websocket.server == ""
    assert edge.modules.edge_hub.http_server == ""


def test_host_values_are_filled_from_host_facts() -> None:
    ipv6 = config.HostFacts(hostname="edge-6", node_ip="fd00::10", advertise_ip="fd00::1")
    assert config.default_cloudcore(ipv6).modules.cloud_hub.advertise_address == ("fd00::1",)
    hub = config.default_edgecore(ipv6).modules.edge_hub
    assert hub.websocket.server == "[fd00::10]:10000"
    assert hub.quic.server == "[fd00::10]:10001"
    assert hub.http_server == "https://[fd00::10]:10002"
    assert config.default_edgecore(ipv6).modules.edged.hostname_override == "edge-6"


def _sections(model: BaseModel) -> list[BaseModel]:
    found = [model]
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, BaseModel):
                found += _sections(item)
    return found


@pytest.mark.parametrize("root", [config.default_cloudcore(HOST), config.default_edgecore(HOST)], ids=["cloud", "edge"])
def test_every_section_is_frozen_and_closed(root: BaseModel) -> None:
    sections = _sections(root)
    assert len(sections) > 20
    for section in sections:
        assert section.model_config.get("frozen") is True
        assert section.model_config.get("extra") == "forbid"
        name = next(iter(type(section).model_fields))
        with pytest.raises(ValidationError, match="frozen"):
            setattr(section, name, getattr(section, name))


def test_module_enable_flags_for_composition_roots() -> None:
    cloud = config.CloudCore().modules
    assert (cloud.cloud_hub.enable, cloud.edge_controller.enable, cloud.device_controller.enable) == (True,) * 3
    assert (cloud.sync_controller.enable, cloud.dynamic_controller.enable, cloud.task_manager.enable) == (
        True,
        False,
        False,
    )
    assert (cloud.cloud_stream.enable, cloud.router.enable, cloud.iptables_manager.enable) == (False, False, True)
    edge = config.EdgeCore().modules
    enabled = {name for name in type(edge).model_fields if getattr(edge, name).enable}
    assert enabled == {"edged", "edge_hub", "event_bus", "meta_manager", "device_twin"}


def test_enums() -> None:
    assert config.CloudCore().modules.iptables_manager.mode is config.IptablesMode.INTERNAL
    assert config.EdgeCore().modules.event_bus.mqtt_mode is config.MqttMode.EXTERNAL
    assert config.EdgeCore().modules.event_bus.mqtt_qos is config.MqttQOS.AT_MOST_ONCE
    assert config.EdgeCore().modules.edged.tailored_kubelet_config.cgroup_driver is config.CgroupDriver.CGROUPFS


def test_hub_protocol_follows_the_enabled_transport() -> None:
    hub = config.EdgeCore().modules.edge_hub
    assert hub.protocol is config.HubProtocol.WEBSOCKET
    quic = edgecore.EdgeHub(quic=edgecore.EdgeHubQUIC(enable=True), websocket=edgecore.EdgeHubWebSocket(enable=False))
    assert quic.protocol is config.HubProtocol.QUIC
    with pytest.raises(ValidationError, match="exactly one of websocket and quic"):
        edgecore.EdgeHub(websocket=edgecore.EdgeHubWebSocket(enable=False))
    assert not edgecore.EdgeHub(enable=False, websocket=edgecore.EdgeHubWebSocket(enable=False)).enable


def test_adjust_for_node_limit_is_kubeedges_adjust_cloudcore_config() -> None:
    default = config.default_cloudcore(HOST)
    assert config.adjust_for_node_limit(default) is default
    hub = default.modules.cloud_hub.model_copy(update={"node_limit": 1000})
    big = default.model_copy(update={"modules": default.modules.model_copy(update={"cloud_hub": hub})})
    adjusted = config.adjust_for_node_limit(big)
    assert (adjusted.kube_api_config.qps, adjusted.kube_api_config.burst) == (5000, 10000)
    load = adjusted.modules.edge_controller.load
    assert (load.query_node_workers, load.patch_node_workers, load.create_lease_workers) == (1000, 120, 1000)
    buffer = adjusted.modules.edge_controller.buffer
    assert (buffer.patch_node, buffer.query_node, buffer.create_lease) == (1524, 2024, 2024)
    assert config.adjust_for_node_limit(adjusted) is adjusted


def test_api_version_and_kind_are_checked_by_the_models() -> None:
    with pytest.raises(ValidationError, match=r"must be \"CloudCore\", got \"EdgeCore\""):
        cloudcore.CloudCore.model_validate({"kind": "EdgeCore"})
    with pytest.raises(ValidationError, match=r'must be "edgecore\.config\.kubeedge\.io/v1alpha2"'):
        edgecore.EdgeCore.model_validate({"apiVersion": "edgecore.config.kubeedge.io/v1alpha1"})
