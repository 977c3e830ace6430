"""``edgecore.yaml``: ``edgecore.config.kubeedge.io/v1alpha2``, kind ``EdgeCore``.

One frozen model per KubeEdge struct (``staging/.../componentconfig/edgecore/v1alpha2/types.go``)
with the keys and defaults of ``NewDefaultEdgeCoreConfig`` (spec §13.1); ``modules.edged`` lives in
:mod:`kubeedge.api.config.kubelet`. ``EdgeCore()`` is the default config without the values KubeEdge
computes from the host (``edged.hostnameOverride`` and the ``<localIP>`` in the hub addresses);
:func:`default_edgecore` adds them from a :class:`~kubeedge.api.config.host.HostFacts`.
"""

from __future__ import annotations

import enum
from typing import Annotated, Final, Self

from pydantic import Field, model_validator

from kubeedge.api.config._base import (
    OMIT_EMPTY,
    Bool,
    ConfigModel,
    Count,
    FeatureGates,
    Port,
    Str,
    StrList,
    choice,
    exactly,
    fail,
    key,
)
from kubeedge.api.config.host import HostFacts, join_host_port
from kubeedge.api.config.kubelet import Edged

__all__ = [
    "API_VERSION",
    "DEFAULT_PROJECT_ID",
    "KIND",
    "DBTest",
    "Database",
    "DeviceTwin",
    "EdgeCore",
    "EdgeCoreModules",
    "EdgeHub",
    "EdgeHubQUIC",
    "EdgeHubWebSocket",
    "EdgeStream",
    "EdgeTaskManager",
    "EventBus",
    "EventBusTLS",
    "HubProtocol",
    "MetaManager",
    "MetaServer",
    "MqttMode",
    "MqttQOS",
    "ServiceBus",
    "default_edgecore",
]

API_VERSION: Final = "edgecore.config.kubeedge.io/v1alpha2"
KIND: Final = "EdgeCore"
DEFAULT_PROJECT_ID: Final = "e632aba927ea4ac2b575ec1603d56f10"
DEFAULT_CA_FILE: Final = "/etc/kubeedge/ca/rootCA.crt"
DEFAULT_CERT_FILE: Final = "/etc/kubeedge/certs/server.crt"
DEFAULT_KEY_FILE: Final = "/etc/kubeedge/certs/server.key"


class HubProtocol(enum.StrEnum):
    """The transport EdgeHub uses to reach CloudHub (``keadm join --hub-protocol``)."""

    WEBSOCKET = "websocket"
    QUIC = "quic"


class MqttMode(enum.IntEnum):
    """Which MQTT broker EventBus uses: 0 internal only, 1 both, 2 external only."""

    INTERNAL = 0
    BOTH = 1
    EXTERNAL = 2


class MqttQOS(enum.IntEnum):
    AT_MOST_ONCE = 0
    AT_LEAST_ONCE = 1
    EXACTLY_ONCE = 2


class Database(ConfigModel):
    driver_name: Annotated[Str, OMIT_EMPTY] = "sqlite3"
    alias_name: Annotated[Str, OMIT_EMPTY] = "default"
    data_source: Annotated[Str, OMIT_EMPTY] = "/var/lib/kubeedge/edgecore.db"


class EdgeHubQUIC(ConfigModel):
    enable: Bool = False
    handshake_timeout: Annotated[Count, OMIT_EMPTY] = 30
    read_deadline: Annotated[Count, OMIT_EMPTY] = 15
    server: Annotated[Str, OMIT_EMPTY] = ""
    """``<cloud IP>:10001``; KubeEdge's default uses the host's IP (see :func:`default_edgecore`)."""
    write_deadline: Annotated[Count, OMIT_EMPTY] = 15


class EdgeHubWebSocket(ConfigModel):
    enable: Bool = True
    handshake_timeout: Annotated[Count, OMIT_EMPTY] = 30
    read_deadline: Annotated[Count, OMIT_EMPTY] = 15
    server: Annotated[Str, OMIT_EMPTY] = ""
    """``<cloud IP>:10000``; KubeEdge's default uses the host's IP (see :func:`default_edgecore`)."""
    write_deadline: Annotated[Count, OMIT_EMPTY] = 15


class EdgeHub(ConfigModel):
    enable: Bool = True
    heartbeat: Annotated[Count, OMIT_EMPTY] = 15
    """Seconds between keepalives."""
    message_qps: Annotated[Count, OMIT_EMPTY] = key("messageQPS", 30)
    message_burst: Annotated[Count, OMIT_EMPTY] = 60
    project_id: Annotated[Str, OMIT_EMPTY] = key("projectID", DEFAULT_PROJECT_ID)
    tls_ca_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CA_FILE
    tls_cert_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CERT_FILE
    tls_private_key_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_KEY_FILE
    quic: EdgeHubQUIC = Field(default_factory=EdgeHubQUIC)
    websocket: EdgeHubWebSocket = Field(default_factory=EdgeHubWebSocket)
    token: Str = ""
    http_server: Annotated[Str, OMIT_EMPTY] = ""
    """``https://<cloud IP>:10002``, the certificate server."""
    rotate_certificates: Annotated[Bool, OMIT_EMPTY] = True

    @model_validator(mode="after")
    def _one_protocol(self) -> Self:
        # KubeEdge's ValidateModuleEdgeHub: exactly one transport when the hub is enabled.
        if self.enable and self.websocket.enable == self.quic.enable:
            fail("must enable exactly one of websocket and quic (websocket.enable, quic.enable)")
        return self

    @property
    def protocol(self) -> HubProtocol:
        """The transport in use: QUIC when ``quic.enable``, else WebSocket."""
        return HubProtocol.QUIC if self.quic.enable else HubProtocol.WEBSOCKET


class EventBusTLS(ConfigModel):
    enable: Bool = False
    tls_mqtt_ca_file: Annotated[Str, OMIT_EMPTY] = key("tlsMqttCAFile", DEFAULT_CA_FILE)
    tls_mqtt_cert_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CERT_FILE
    tls_mqtt_private_key_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_KEY_FILE


class EventBus(ConfigModel):
    enable: Bool = True
    mqtt_qos: Annotated[MqttQOS, choice(MqttQOS)] = key("mqttQOS", MqttQOS.AT_MOST_ONCE)
    mqtt_retain: Bool = False
    mqtt_session_queue_size: Annotated[Count, OMIT_EMPTY] = 100
    mqtt_server_internal: Annotated[Str, OMIT_EMPTY] = "tcp://127.0.0.1:1884"
    mqtt_server_external: Annotated[Str, OMIT_EMPTY] = "tcp://127.0.0.1:1883"
    mqtt_sub_client_id: Str = key("mqttSubClientID", "")
    mqtt_pub_client_id: Str = key("mqttPubClientID", "")
    mqtt_username: Str = ""
    mqtt_password: Str = ""
    mqtt_mode: Annotated[MqttMode, choice(MqttMode)] = MqttMode.EXTERNAL
    event_bus_tls: EventBusTLS = key("eventBusTLS", factory=EventBusTLS)


class MetaServer(ConfigModel):
    enable: Bool = False
    server: Str = "127.0.0.1:10550"
    tls_ca_file: Str = DEFAULT_CA_FILE
    tls_cert_file: Str = DEFAULT_CERT_FILE
    tls_private_key_file: Str = DEFAULT_KEY_FILE
    service_account_issuers: StrList = ("https://kubernetes.default.svc.cluster.local",)
    api_audiences: StrList = key("apiAudiences", ())
    service_account_key_files: StrList = ()
    dummy_server: Str = "169.254.30.10:10550"


class MetaManager(ConfigModel):
    enable: Bool = True
    context_send_group: Annotated[Str, OMIT_EMPTY] = "hub"
    context_send_module: Annotated[Str, OMIT_EMPTY] = "websocket"
    remote_query_timeout: Annotated[Count, OMIT_EMPTY] = 60
    """Seconds."""
    meta_server: MetaServer = Field(default_factory=MetaServer)


class ServiceBus(ConfigModel):
    enable: Bool = False
    server: Str = "127.0.0.1"
    port: Port = 9060
    timeout: Count = 60
    """Seconds."""


class DeviceTwin(ConfigModel):
    enable: Bool = True
    dmi_sock_path: Annotated[Str, OMIT_EMPTY] = "/etc/kubeedge/"
    """Directory of ``dmi.sock`` (a path ending in ``.sock`` is reduced to its directory)."""


class DBTest(ConfigModel):
    enable: Bool = False


class EdgeStream(ConfigModel):
    enable: Bool = False
    tls_tunnel_ca_file: Annotated[Str, OMIT_EMPTY] = key("tlsTunnelCAFile", DEFAULT_CA_FILE)
    tls_tunnel_cert_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_CERT_FILE
    tls_tunnel_private_key_file: Annotated[Str, OMIT_EMPTY] = DEFAULT_KEY_FILE
    handshake_timeout: Annotated[Count, OMIT_EMPTY] = 30
    read_deadline: Annotated[Count, OMIT_EMPTY] = 15
    server: Annotated[Str, OMIT_EMPTY] = "127.0.0.1:10004"
    """The cloud's stream tunnel; ``keadm join`` sets ``<cloud host>:10004``."""
    write_deadline: Annotated[Count, OMIT_EMPTY] = 15


class EdgeTaskManager(ConfigModel):
    enable: Bool = False


class EdgeCoreModules(ConfigModel):
    edged: Edged = Field(default_factory=Edged)
    edge_hub: EdgeHub = Field(default_factory=EdgeHub)
    event_bus: EventBus = Field(default_factory=EventBus)
    meta_manager: MetaManager = Field(default_factory=MetaManager)
    service_bus: ServiceBus = Field(default_factory=ServiceBus)
    device_twin: DeviceTwin = Field(default_factory=DeviceTwin)
    db_test: DBTest = Field(default_factory=DBTest)
    edge_stream: EdgeStream = Field(default_factory=EdgeStream)
    task_manager: EdgeTaskManager = Field(default_factory=EdgeTaskManager)


class EdgeCore(ConfigModel):
    """The whole ``edgecore.yaml``."""

    api_version: Annotated[str, exactly(API_VERSION)] = API_VERSION
    kind: Annotated[str, exactly(KIND)] = KIND
    database: Database = Field(default_factory=Database)
    modules: EdgeCoreModules = Field(default_factory=EdgeCoreModules)
    feature_gates: Annotated[FeatureGates, OMIT_EMPTY] = Field(default_factory=FeatureGates)
    edgecore_version: Annotated[Str, OMIT_EMPTY] = key("edgecoreVersion", "")


def default_edgecore(host: HostFacts) -> EdgeCore:
    """KubeEdge's ``NewDefaultEdgeCoreConfig()``: the defaults plus the host's name and IP."""
    hub = EdgeHub(
        websocket=EdgeHubWebSocket(server=join_host_port(host.node_ip, 10000)),
        quic=EdgeHubQUIC(server=join_host_port(host.node_ip, 10001)),
        http_server=f"https://{join_host_port(host.node_ip, 10002)}",
    )
    modules = EdgeCoreModules(edged=Edged(hostname_override=host.hostname), edge_hub=hub)
    return EdgeCore(modules=modules)
