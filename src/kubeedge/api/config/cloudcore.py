"""``cloudcore.yaml``: ``cloudcore.config.kubeedge.io/v1alpha1``, kind ``CloudCore``.

One frozen model per KubeEdge struct (``staging/.../componentconfig/cloudcore/v1alpha1/types.go``),
with the keys and defaults of ``NewDefaultCloudCoreConfig`` (spec §13.2). ``CloudCore()`` is that
default config minus the one value KubeEdge computes from the host, ``cloudHub.advertiseAddress``;
:func:`default_cloudcore` fills it from :class:`~kubeedge.api.config.host.HostFacts`, so the models
stay pure. Each module section has ``enable``, which the composition root reads to decide what to
build.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated, Final

from pydantic import BeforeValidator, Field

from kubeedge.api.config._base import (
    OMIT_EMPTY,
    Bool,
    ConfigModel,
    Count,
    FeatureGates,
    HostPort,
    IPAddress,
    Port,
    Positive,
    Str,
    StrList,
    choice,
    describe,
    exactly,
    fail,
    key,
)

if TYPE_CHECKING:
    from kubeedge.api.config.host import HostFacts

__all__ = [
    "API_VERSION",
    "DEFAULT_NODE_LIMIT",
    "KIND",
    "AuthorizationMode",
    "CloudCore",
    "CloudCoreModules",
    "CloudHub",
    "CloudHubAuthorization",
    "CloudHubHTTPS",
    "CloudHubQUIC",
    "CloudHubUnixSocket",
    "CloudHubWebSocket",
    "CloudStream",
    "CommonConfig",
    "DeviceController",
    "DeviceControllerBuffer",
    "DeviceControllerLoad",
    "DynamicController",
    "EdgeController",
    "EdgeControllerBuffer",
    "EdgeControllerLoad",
    "IptablesManager",
    "IptablesMode",
    "KubeAPIConfig",
    "MonitorServer",
    "NodeAuthorization",
    "Router",
    "SyncController",
    "TaskManager",
    "TaskManagerBuffer",
    "TaskManagerLoad",
    "adjust_for_node_limit",
    "default_cloudcore",
]

API_VERSION: Final = "cloudcore.config.kubeedge.io/v1alpha1"
KIND: Final = "CloudCore"
DEFAULT_NODE_LIMIT: Final = 500
DEFAULT_CA_FILE: Final = "/etc/kubeedge/ca/rootCA.crt"
DEFAULT_CA_KEY_FILE: Final = "/etc/kubeedge/ca/rootCA.key"
DEFAULT_CERT_FILE: Final = "/etc/kubeedge/certs/server.crt"
DEFAULT_KEY_FILE: Final = "/etc/kubeedge/certs/server.key"


class IptablesMode(enum.StrEnum):
    """Where the iptables manager runs: inside cloudcore, or as a separate DaemonSet."""

    INTERNAL = "internal"
    EXTERNAL = "external"


def _unix_socket(value: object) -> str:
    if not isinstance(value, str) or not value.lower().startswith("unix://"):
        fail(f'must start with "unix://", got {describe(value)}')
    return value


class MonitorServer(ConfigModel):
    bind_address: Annotated[HostPort, OMIT_EMPTY] = "127.0.0.1:9091"
    enable_profiling: Annotated[Bool, OMIT_EMPTY] = False


class CommonConfig(ConfigModel):
    tunnel_port: Annotated[Port, OMIT_EMPTY] = 10350
    monitor_server: MonitorServer = Field(default_factory=MonitorServer)


class KubeAPIConfig(ConfigModel):
    master: Str = ""
    content_type: Annotated[Str, OMIT_EMPTY] = "application/vnd.kubernetes.protobuf"
    qps: Annotated[Count, OMIT_EMPTY] = 5 * DEFAULT_NODE_LIMIT
    burst: Annotated[Count, OMIT_EMPTY] = 10 * DEFAULT_NODE_LIMIT
    kube_config: Str = ""


class CloudHubQUIC(ConfigModel):
    enable: Bool = False
    address: Annotated[IPAddress, OMIT_EMPTY] = "0.0.0.0"
    port: Annotated[Port, OMIT_EMPTY] = 10001
    max_incoming_streams: Annotated[Count, OMIT_EMPTY] = 10000


class CloudHubUnixSocket(ConfigModel):
    enable: Bool = True
    address: Annotated[str, BeforeValidator(_unix_socket), OMIT_EMPTY] = "unix:///var/lib/kubeedge/kubeedge.sock"


class CloudHubWebSocket(ConfigModel):
    enable: Bool = True
    address: Annotated[IPAddress, OMIT_EMPTY] = "0.0.0.0"
    port: Annotated[Port, OMIT_EMPTY] = 10000


class CloudHubHTTPS(ConfigModel):
    enable: Bool = True
    address: Annotated[IPAddress, OMIT_EMPTY] = "0.0.0.0"
    port: Annotated[Port, OMIT_EMPTY] = 10002


class NodeAuthorization(ConfigModel):
    enable: Bool = False


class AuthorizationMode(ConfigModel):
    node: NodeAuthorization | None = None


def _default_modes() -> tuple[AuthorizationMode, ...]:
    return (AuthorizationMode(node=NodeAuthorization(enable=True)),)


class CloudHubAuthorization(ConfigModel):
    enable: Bool = False
    debug: Bool = True
    modes: tuple[AuthorizationMode, ...] = Field(default_factory=_default_modes)


class CloudHub(ConfigModel):
    enable: Bool = True
    keepalive_interval: Annotated[Count, OMIT_EMPTY] = 30
    node_limit: Annotated[Count, OMIT_EMPTY] = DEFAULT_NODE_LIMIT
    tls_ca_file: Annotated[Str, OMIT_EMPTY] = key("tlsCAFile", DEFAULT_CA_FILE)
    tls_ca_key_file: Annotated[Str, OMIT_EMPTY] = key("tlsCAKeyFile", DEFAULT_CA_KEY_FILE)
    tls_cert_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CERT_FILE
    tls_private_key_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_KEY_FILE
    write_timeout: Annotated[Count, OMIT_EMPTY] = 30
    quic: CloudHubQUIC = Field(default_factory=CloudHubQUIC)
    unix_socket: CloudHubUnixSocket = key("unixsocket", factory=CloudHubUnixSocket)
    websocket: CloudHubWebSocket = Field(default_factory=CloudHubWebSocket)
    https: CloudHubHTTPS = Field(default_factory=CloudHubHTTPS)
    advertise_address: Annotated[tuple[IPAddress, ...], OMIT_EMPTY] = ()
    """Computed from the host in KubeEdge (see :func:`default_cloudcore`); required when enabled."""
    dns_names: Annotated[StrList, OMIT_EMPTY] = ("",)
    edge_cert_signing_duration: Annotated[Count, OMIT_EMPTY] = 365
    """Validity of signed edge certificates, in days."""
    token_refresh_duration: Annotated[Positive, OMIT_EMPTY] = 12
    """How often the join token is regenerated, in hours."""
    authorization: CloudHubAuthorization = Field(default_factory=CloudHubAuthorization)


class EdgeControllerBuffer(ConfigModel):
    """Channel sizes of the EdgeController (``getDefaultEdgeControllerBuffer``)."""

    process_event: Annotated[Count, OMIT_EMPTY] = 1024
    update_pod_status: Annotated[Count, OMIT_EMPTY] = 1024
    update_node_status: Annotated[Count, OMIT_EMPTY] = 1024
    query_config_map: Annotated[Count, OMIT_EMPTY] = 1024
    query_secret: Annotated[Count, OMIT_EMPTY] = 1024
    pod_event: Annotated[Count, OMIT_EMPTY] = 1
    config_map_event: Annotated[Count, OMIT_EMPTY] = 1
    secret_event: Annotated[Count, OMIT_EMPTY] = 1
    rules_event: Annotated[Count, OMIT_EMPTY] = 1
    rule_endpoints_event: Annotated[Count, OMIT_EMPTY] = 1
    query_persistent_volume: Annotated[Count, OMIT_EMPTY] = 1024
    query_persistent_volume_claim: Annotated[Count, OMIT_EMPTY] = 1024
    query_volume_attachment: Annotated[Count, OMIT_EMPTY] = 1024
    create_node: Annotated[Count, OMIT_EMPTY] = 1024
    patch_node: Annotated[Count, OMIT_EMPTY] = 1024 + DEFAULT_NODE_LIMIT // 2
    query_node: Annotated[Count, OMIT_EMPTY] = 1024 + DEFAULT_NODE_LIMIT
    update_node: Annotated[Count, OMIT_EMPTY] = 1024
    patch_pod: Annotated[Count, OMIT_EMPTY] = 1024
    delete_pod: Annotated[Count, OMIT_EMPTY] = 1024
    create_lease: Annotated[Count, OMIT_EMPTY] = 1024 + DEFAULT_NODE_LIMIT
    query_lease: Annotated[Count, OMIT_EMPTY] = 1024
    service_account_token: Annotated[Count, OMIT_EMPTY] = 1024
    create_pod: Annotated[Count, OMIT_EMPTY] = 1024
    certificate_signing_request: Annotated[Count, OMIT_EMPTY] = 1024


class EdgeControllerLoad(ConfigModel):
    """Worker counts of the EdgeController (``getDefaultEdgeControllerLoad``); three keys are
    capitalised in KubeEdge and stay so here."""

    process_event_workers: Annotated[Count, OMIT_EMPTY] = 4
    update_pod_status_workers: Annotated[Count, OMIT_EMPTY] = 1
    update_node_status_workers: Annotated[Count, OMIT_EMPTY] = 1
    query_config_map_workers: Annotated[Count, OMIT_EMPTY] = 100
    query_secret_workers: Annotated[Count, OMIT_EMPTY] = 100
    query_persistent_volume_workers: Annotated[Count, OMIT_EMPTY] = 4
    query_persistent_volume_claim_workers: Annotated[Count, OMIT_EMPTY] = 4
    query_volume_attachment_workers: Annotated[Count, OMIT_EMPTY] = 4
    create_node_workers: Annotated[Count, OMIT_EMPTY] = 100
    patch_node_workers: Annotated[Count, OMIT_EMPTY] = 100 + DEFAULT_NODE_LIMIT // 50
    query_node_workers: Annotated[Count, OMIT_EMPTY] = DEFAULT_NODE_LIMIT
    update_node_workers: Annotated[Count, OMIT_EMPTY] = 4
    patch_pod_workers: Annotated[Count, OMIT_EMPTY] = 100
    delete_pod_workers: Annotated[Count, OMIT_EMPTY] = 100
    create_lease_workers: Annotated[Count, OMIT_EMPTY] = DEFAULT_NODE_LIMIT
    query_lease_workers: Annotated[Count, OMIT_EMPTY] = 100
    update_rule_status_workers: Annotated[Count, OMIT_EMPTY] = key("UpdateRuleStatusWorkers", 4)
    service_account_token_workers: Annotated[Count, OMIT_EMPTY] = key("ServiceAccountTokenWorkers", 100)
    create_pod_works: Annotated[Count, OMIT_EMPTY] = key("CreatePodWorks", 4)
    certificate_signing_request_workers: Annotated[Count, OMIT_EMPTY] = 4


class EdgeController(ConfigModel):
    enable: Bool = True
    node_update_frequency: Annotated[Positive, OMIT_EMPTY] = 10
    """Seconds."""
    buffer: EdgeControllerBuffer = Field(default_factory=EdgeControllerBuffer)
    load: EdgeControllerLoad = Field(default_factory=EdgeControllerLoad)


class DeviceControllerBuffer(ConfigModel):
    update_device_twins: Annotated[Count, OMIT_EMPTY] = 1024
    update_device_status: Annotated[Count, OMIT_EMPTY] = 1024
    device_event: Annotated[Count, OMIT_EMPTY] = 1
    device_model_event: Annotated[Count, OMIT_EMPTY] = 1


class DeviceControllerLoad(ConfigModel):
    update_device_status_workers: Annotated[Count, OMIT_EMPTY] = 1


class DeviceController(ConfigModel):
    enable: Bool = True
    buffer: DeviceControllerBuffer = Field(default_factory=DeviceControllerBuffer)
    load: DeviceControllerLoad = Field(default_factory=DeviceControllerLoad)


class TaskManagerBuffer(ConfigModel):
    task_status: Annotated[Count, OMIT_EMPTY] = 1024
    task_event: Annotated[Count, OMIT_EMPTY] = 1


class TaskManagerLoad(ConfigModel):
    task_workers: Annotated[Count, OMIT_EMPTY] = 1


class TaskManager(ConfigModel):
    enable: Bool = False
    buffer: TaskManagerBuffer = Field(default_factory=TaskManagerBuffer)
    load: TaskManagerLoad = Field(default_factory=TaskManagerLoad)


class SyncController(ConfigModel):
    enable: Bool = True


class DynamicController(ConfigModel):
    enable: Bool = False


class CloudStream(ConfigModel):
    enable: Bool = False
    tls_tunnel_ca_file: Annotated[Str, OMIT_EMPTY] = key("tlsTunnelCAFile", DEFAULT_CA_FILE)
    tls_tunnel_cert_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CERT_FILE
    tls_tunnel_private_key_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_KEY_FILE
    tunnel_port: Annotated[Port, OMIT_EMPTY] = 10004
    tls_stream_ca_file: Annotated[Str, OMIT_EMPTY] = key("tlsStreamCAFile", "/etc/kubeedge/ca/streamCA.crt")
    tls_stream_cert_file: Annotated[Str, OMIT_EMPTY] = "/etc/kubeedge/certs/stream.crt"
    tls_stream_private_key_file: Annotated[Str, OMIT_EMPTY] = "/etc/kubeedge/certs/stream.key"
    stream_port: Annotated[Port, OMIT_EMPTY] = 10003


class Router(ConfigModel):
    enable: Bool = False
    address: Annotated[IPAddress, OMIT_EMPTY] = "0.0.0.0"
    port: Annotated[Port, OMIT_EMPTY] = 9443
    rest_timeout: Annotated[Count, OMIT_EMPTY] = 60
    """Seconds."""


class IptablesManager(ConfigModel):
    enable: Bool = True
    mode: Annotated[IptablesMode, choice(IptablesMode), OMIT_EMPTY] = IptablesMode.INTERNAL


class CloudCoreModules(ConfigModel):
    cloud_hub: CloudHub = Field(default_factory=CloudHub)
    edge_controller: EdgeController = Field(default_factory=EdgeController)
    device_controller: DeviceController = Field(default_factory=DeviceController)
    task_manager: TaskManager = Field(default_factory=TaskManager)
    sync_controller: SyncController = Field(default_factory=SyncController)
    dynamic_controller: DynamicController = Field(default_factory=DynamicController)
    cloud_stream: CloudStream = Field(default_factory=CloudStream)
    router: Router = Field(default_factory=Router)
    iptables_manager: IptablesManager = Field(default_factory=IptablesManager)


class CloudCore(ConfigModel):
    """The whole ``cloudcore.yaml``."""

    api_version: Annotated[str, exactly(API_VERSION)] = API_VERSION
    kind: Annotated[str, exactly(KIND)] = KIND
    common_config: CommonConfig = Field(default_factory=CommonConfig)
    kube_api_config: KubeAPIConfig = key("kubeAPIConfig", factory=KubeAPIConfig)
    modules: CloudCoreModules = Field(default_factory=CloudCoreModules)
    feature_gates: Annotated[FeatureGates, OMIT_EMPTY] = Field(default_factory=FeatureGates)


def default_cloudcore(host: HostFacts) -> CloudCore:
    """KubeEdge's ``NewDefaultCloudCoreConfig()``: the defaults plus the host's advertise address."""
    hub = CloudHub(advertise_address=(host.advertise_ip,))
    return CloudCore(modules=CloudCoreModules(cloud_hub=hub))


def adjust_for_node_limit(config: CloudCore) -> CloudCore:
    """KubeEdge's ``AdjustCloudCoreConfig``: scale API rates, workers and buffers to ``nodeLimit``.

    cloudcore applies this at start-up (and warns when it changed something): ``qps``/``burst`` are
    set to 5x/10x ``nodeLimit``, and the node- and lease-related workers and buffers are raised to at
    least what ``nodeLimit`` needs. Returns ``config`` itself when nothing changes.
    """
    limit = config.modules.cloud_hub.node_limit
    controller = config.modules.edge_controller
    api = config.kube_api_config.model_copy(update={"qps": 5 * limit, "burst": 10 * limit})
    load = controller.load.model_copy(
        update={
            "query_node_workers": max(controller.load.query_node_workers, limit),
            "patch_node_workers": max(controller.load.patch_node_workers, 100 + limit // 50),
            "create_lease_workers": max(controller.load.create_lease_workers, limit),
        }
    )
    buffer = controller.buffer.model_copy(
        update={
            "patch_node": max(controller.buffer.patch_node, 1024 + limit // 2),
            "query_node": max(controller.buffer.query_node, 1024 + limit),
            "create_lease": max(controller.buffer.create_lease, 1024 + limit),
        }
    )
    if api == config.kube_api_config and load == controller.load and buffer == controller.buffer:
        return config
    modules = config.modules.model_copy(
        update={"edge_controller": controller.model_copy(update={"load": load, "buffer": buffer})}
    )
    return config.model_copy(update={"kube_api_config": api, "modules": modules})
