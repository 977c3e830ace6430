"""Loading cloudcore.yaml and edgecore.yaml: merging over defaults, and one clear error per bad file."""

from __future__ import annotations

import os
import textwrap
from datetime import timedelta
from typing import TYPE_CHECKING

import pytest

from kubeedge.api import config
from kubeedge.errors import ConfigError, PermanentError

if TYPE_CHECKING:
    from pathlib import Path

HOST = config.HostFacts(hostname="edge-1", node_ip="192.168.1.10", advertise_ip="10.0.0.5")
CLOUD_HEAD = "apiVersion: cloudcore.config.kubeedge.io/v1alpha1\nkind: CloudCore\n"
EDGE_HEAD = "apiVersion: edgecore.config.kubeedge.io/v1alpha2\nkind: EdgeCore\n"


def write(tmp_path: Path, text: str, name: str = "core.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def cloud_error(body: str) -> str:
    with pytest.raises(ConfigError) as info:
        config.parse_cloudcore(CLOUD_HEAD + textwrap.dedent(body), source="cloudcore.yaml", host=HOST)
    return str(info.value)


def edge_error(body: str) -> str:
    with pytest.raises(ConfigError) as info:
        config.parse_edgecore(EDGE_HEAD + textwrap.dedent(body), source="edgecore.yaml", host=HOST)
    return str(info.value)


# -- loading good files -------------------------------------------------------------------------


def test_load_full_default_files(tmp_path: Path) -> None:
    cloud = write(tmp_path, config.render_default_cloudcore(HOST), "cloudcore.yaml")
    edge = write(tmp_path, config.render_default_edgecore(HOST), "edgecore.yaml")
    assert config.load_cloudcore(cloud, host=HOST) == config.default_cloudcore(HOST)
    assert config.load_edgecore(str(edge), host=HOST) == config.default_edgecore(HOST)


def test_load_min_files(tmp_path: Path) -> None:
    cloud = config.load_cloudcore(write(tmp_path, config.render_min_cloudcore(HOST)), host=HOST)
    assert cloud.modules.cloud_hub.node_limit == 1000
    assert cloud.modules.cloud_hub.token_refresh_duration == 12
    assert cloud.kube_api_config.qps == 2500
    edge = config.load_edgecore(write(tmp_path, config.render_min_edgecore(HOST)), host=HOST)
    assert edge == config.default_edgecore(HOST)


def test_partial_file_keeps_defaults_for_missing_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        CLOUD_HEAD
        + textwrap.dedent(
            """
        kubeAPIConfig:
          kubeConfig: /root/.kube/config
        modules:
          cloudHub:
            advertiseAddress: [192.168.0.1, 192.168.0.2]
            websocket:
              port: 20000
          cloudStream:
            enable: true
        """
        ),
    )
    loaded = config.load_cloudcore(path, host=HOST)
    default = config.default_cloudcore(HOST)
    hub = loaded.modules.cloud_hub
    assert loaded.kube_api_config.kube_config == "/root/.kube/config"
    assert loaded.kube_api_config.qps == default.kube_api_config.qps
    assert hub.advertise_address == ("192.168.0.1", "192.168.0.2")
    assert hub.websocket.port == 20000
    assert hub.websocket.address == "0.0.0.0"
    assert hub.https == default.modules.cloud_hub.https
    assert loaded.modules.cloud_stream.enable
    assert loaded.modules.cloud_stream.tunnel_port == 10004
    assert loaded.modules.edge_controller == default.modules.edge_controller


def test_head_only_file_is_the_default_config() -> None:
    assert config.parse_cloudcore(CLOUD_HEAD, host=HOST) == config.default_cloudcore(HOST)
    assert config.parse_edgecore(EDGE_HEAD, host=HOST) == config.default_edgecore(HOST)


def test_explicit_values_win_over_host_values() -> None:
    edge = config.parse_edgecore(
        EDGE_HEAD
        + textwrap.dedent(
            """
            modules:
              edged: {hostnameOverride: node-b, nodeIP: 10.1.1.1}
              edgeHub:
                httpServer: https://cloud:10002
                websocket: {server: "cloud:10000"}
            """
        ),
        host=HOST,
    )
    assert edge.modules.edged.hostname_override == "node-b"
    assert edge.modules.edged.node_ip == "10.1.1.1"
    assert edge.modules.edge_hub.http_server == "https://cloud:10002"
    assert edge.modules.edge_hub.websocket.server == "cloud:10000"
    assert edge.modules.edge_hub.quic.server == "192.168.1.10:10001"


def test_maps_merge_with_defaults_and_lists_replace_as_in_go() -> None:
    edge = config.parse_edgecore(
        EDGE_HEAD
        + textwrap.dedent(
            """
            modules:
              edged:
                nodeLabels: {zone: a}
                tailoredKubeletConfig:
                  evictionHard: {memory.available: 1Gi}
                  enforceNodeAllocatable: [pods, kube-reserved]
                  clusterDNS: [10.96.0.10]
            """
        ),
        host=HOST,
    )
    kubelet = edge.modules.edged.tailored_kubelet_config
    assert kubelet.eviction_hard == {
        "memory.available": "1Gi",
        "nodefs.available": "10%",
        "nodefs.inodesFree": "5%",
        "imagefs.available": "15%",
    }
    assert kubelet.enforce_node_allocatable == ("pods", "kube-reserved")
    assert kubelet.cluster_dns == ("10.96.0.10",)
    assert edge.modules.edged.node_labels == {"zone": "a"}


def test_null_empties_maps_and_lists_and_keeps_scalar_defaults() -> None:
    edge = config.parse_edgecore(
        EDGE_HEAD
        + textwrap.dedent(
            """
            modules:
              edgeHub:
                token:
                heartbeat: ~
              edged:
                nodeLabels:
                tailoredKubeletConfig:
                  evictionHard: null
                  enforceNodeAllocatable: null
                  maxParallelImagePulls: null
            """
        ),
        host=HOST,
    )
    assert edge.modules.edge_hub.token == ""
    assert edge.modules.edge_hub.heartbeat == 15
    kubelet = edge.modules.edged.tailored_kubelet_config
    assert kubelet.eviction_hard == {}
    assert kubelet.enforce_node_allocatable == ()
    assert kubelet.max_parallel_image_pulls is None


def test_typed_values_from_yaml() -> None:
    edge = config.parse_edgecore(
        EDGE_HEAD
        + textwrap.dedent(
            """
            featureGates: {moduleRestart: true}
            modules:
              eventBus: {mqttMode: 0, mqttQOS: 1}
              edgeHub: {quic: {enable: true}, websocket: {enable: false}}
              edged:
                tailoredKubeletConfig:
                  syncFrequency: 1m30s
                  cgroupDriver: systemd
                  registerWithTaints: [{key: dedicated, value: edge, effect: NoSchedule}]
                  logging: {flushFrequency: 2000000000}
            """
        ),
        host=HOST,
    )
    assert edge.feature_gates.module_restart
    assert edge.modules.event_bus.mqtt_mode is config.MqttMode.INTERNAL
    assert edge.modules.event_bus.mqtt_qos is config.MqttQOS.AT_LEAST_ONCE
    assert edge.modules.edge_hub.protocol is config.HubProtocol.QUIC
    kubelet = edge.modules.edged.tailored_kubelet_config
    assert kubelet.sync_frequency == timedelta(seconds=90)
    assert kubelet.cgroup_driver is config.CgroupDriver.SYSTEMD
    assert kubelet.register_with_taints[0].key == "dedicated"
    assert kubelet.logging.flush_frequency == timedelta(seconds=2)


def test_host_facts_are_detected_when_not_given(tmp_path: Path) -> None:
    loaded = config.load_edgecore(write(tmp_path, EDGE_HEAD))
    assert loaded.modules.edged.hostname_override
    assert loaded.modules.edge_hub.websocket.server.endswith(":10000")


# -- errors -------------------------------------------------------------------------------------


def test_config_error_is_permanent() -> None:
    assert issubclass(ConfigError, PermanentError)


def test_out_of_range_port() -> None:
    message = cloud_error("modules: {cloudHub: {websocket: {port: 70000}}}")
    assert message == "cloudcore.yaml: `modules.cloudHub.websocket.port` must be between 1 and 65535, got 70000"


def test_unknown_key_with_suggestion() -> None:
    message = cloud_error("modules: {cloudHub: {websockt: {port: 1}}}")
    assert message == "cloudcore.yaml: unknown key `modules.cloudHub.websockt` — did you mean `websocket`?"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("modules: {cloud_hub: {}}", "unknown key `modules.cloud_hub` — did you mean `cloudHub`?"),
        ("modules: {cloudHub: {tlsCaFile: x}}", "unknown key `modules.cloudHub.tlsCaFile` — did you mean `tlsCAFile`?"),
        ("modules: {edgecontroller: {}}", "unknown key `modules.edgecontroller` — did you mean `edgeController`?"),
        ("modules: {zzz: {}}", "unknown key `modules.zzz`"),
        (
            "featureGates: {requireAuth: true}",
            "unknown key `featureGates.requireAuth` — did you mean `requireAuthorization`?",
        ),
        ("kubeAPIConfig: {qps: 1, 7: x}", "unknown key `kubeAPIConfig.7`"),
    ],
)
def test_unknown_keys(body: str, problem: str) -> None:
    assert cloud_error(body) == f"cloudcore.yaml: {problem}"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("modules: {cloudHub: {nodeLimit: lots}}", '`modules.cloudHub.nodeLimit` must be an integer, got "lots"'),
        ("modules: {cloudHub: {nodeLimit: -1}}", "`modules.cloudHub.nodeLimit` must be at least 0, got -1"),
        ("modules: {cloudHub: {enable: 'yes'}}", '`modules.cloudHub.enable` must be true or false, got "yes"'),
        ("kubeAPIConfig: {kubeConfig: 5}", "`kubeAPIConfig.kubeConfig` must be a string, got 5"),
        ("modules: {cloudHub: [1]}", "`modules.cloudHub` must be a mapping, got a list"),
        ("modules: {cloudHub: }", "`modules.cloudHub` must be a mapping, got null"),
        ("modules: {cloudHub: {dnsNames: x}}", '`modules.cloudHub.dnsNames` must be a list, got "x"'),
        (
            "modules: {cloudHub: {advertiseAddress: [nope]}}",
            '`modules.cloudHub.advertiseAddress[0]` must be an IP address, got "nope"',
        ),
        (
            "modules: {cloudHub: {tokenRefreshDuration: 0}}",
            "`modules.cloudHub.tokenRefreshDuration` must be at least 1, got 0",
        ),
        (
            "modules: {cloudHub: {unixsocket: {address: /tmp/s}}}",
            '`modules.cloudHub.unixsocket.address` must start with "unix://", got "/tmp/s"',
        ),
        (
            "modules: {iptablesManager: {mode: both}}",
            '`modules.iptablesManager.mode` must be one of "internal", "external", got "both"',
        ),
        (
            "commonConfig: {monitorServer: {bindAddress: ':9091'}}",
            '`commonConfig.monitorServer.bindAddress` must be IP:port with a port between 1 and 65535, got ":9091"',
        ),
        (
            "modules: {cloudHub: {authorization: {modes: [{node: {enable: 1}}]}}}",
            "`modules.cloudHub.authorization.modes[0].node.enable` must be true or false, got 1",
        ),
        (
            "modules: {cloudHub: {advertiseAddress: []}}",
            "`modules.cloudHub.advertiseAddress` must list at least one IP address when cloudHub is enabled",
        ),
    ],
)
def test_cloudcore_value_problems(body: str, problem: str) -> None:
    assert cloud_error(body) == f"cloudcore.yaml: {problem}"


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("modules: {eventBus: {mqttMode: 3}}", "`modules.eventBus.mqttMode` must be one of 0, 1, 2, got 3"),
        ("modules: {eventBus: {mqttQOS: '1'}}", '`modules.eventBus.mqttQOS` must be one of 0, 1, 2, got "1"'),
        (
            "modules: {edgeHub: {websocket: {enable: false}}}",
            "`modules.edgeHub` must enable exactly one of websocket and quic (websocket.enable, quic.enable)",
        ),
        (
            "modules: {edged: {hostnameOverride: ''}}",
            "`modules.edged.hostnameOverride` must not be empty when edged is enabled",
        ),
        (
            "modules: {edged: {hostnameOverride: My_Node}}",
            "`modules.edged.hostnameOverride` must be a lowercase RFC 1123 subdomain (a valid node name), "
            'got "My_Node"',
        ),
        ("modules: {edged: {maxContainerCount: -2}}", "`modules.edged.maxContainerCount` must be at least -1, got -2"),
        ("modules: {edged: {nodeLabels: {zone: 5}}}", "`modules.edged.nodeLabels.zone` must be a string, got 5"),
        ("modules: {edged: {nodeLabels: {5: a}}}", "`modules.edged.nodeLabels` has a key that must be a string, got 5"),
        (
            "modules: {edged: {tailoredKubeletConfig: {syncFrequency: 60}}}",
            '`modules.edged.tailoredKubeletConfig.syncFrequency` must be a duration such as "10s" or "1m30s", got 60',
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {evictionHard: {memory.available: 5}}}}",
            "`modules.edged.tailoredKubeletConfig.evictionHard[memory.available]` must be a string, got 5",
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {cgroupDriver: docker}}}",
            '`modules.edged.tailoredKubeletConfig.cgroupDriver` must be one of "cgroupfs", "systemd", got "docker"',
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {readOnlyPort: 65536}}}",
            "`modules.edged.tailoredKubeletConfig.readOnlyPort` must be between 0 and 65535, got 65536",
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {memoryThrottlingFactor: 1.5}}}",
            "`modules.edged.tailoredKubeletConfig.memoryThrottlingFactor` must be greater than 0 and at most 1, "
            "got 1.5",
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {registerWithTaints: [{key: a}]}}}",
            "`modules.edged.tailoredKubeletConfig.registerWithTaints[0].effect` is required",
        ),
        ("modules: {serviceBus: {port: 0}}", "`modules.serviceBus.port` must be between 1 and 65535, got 0"),
        ("modules: {edgeHub: {heartbeat: 1.5}}", "`modules.edgeHub.heartbeat` must be an integer, got 1.5"),
        ("modules: {edgeStream: {server: [a]}}", "`modules.edgeStream.server` must be a string, got a list"),
        (
            "modules: {metaManager: {metaServr: {}}}",
            "unknown key `modules.metaManager.metaServr` — did you mean `metaServer`?",
        ),
        (
            "modules: {edged: {tailoredKubeletConfig: {readOnlyPor: 1}}}",
            "unknown key `modules.edged.tailoredKubeletConfig.readOnlyPor` — did you mean `readOnlyPort`?",
        ),
    ],
)
def test_edgecore_value_problems(body: str, problem: str) -> None:
    assert edge_error(body) == f"edgecore.yaml: {problem}"


def test_several_problems_in_one_message() -> None:
    message = cloud_error(
        """
        modules:
          cloudHub:
            websocket: {port: 70000}
            websockt: {}
          router: {port: 0}
        """
    )
    assert message == (
        "cloudcore.yaml: 3 problems:\n"
        "  - `modules.cloudHub.websocket.port` must be between 1 and 65535, got 70000\n"
        "  - unknown key `modules.cloudHub.websockt` — did you mean `websocket`?\n"
        "  - `modules.router.port` must be between 1 and 65535, got 0"
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "kind: CloudCore\n",
            '`apiVersion` is missing; it must be "cloudcore.config.kubeedge.io/v1alpha1"',
        ),
        (
            "apiVersion: cloudcore.config.kubeedge.io/v1alpha2\nkind: CloudCore\n",
            '`apiVersion` must be "cloudcore.config.kubeedge.io/v1alpha1", got "cloudcore.config.kubeedge.io/v1alpha2"',
        ),
        (
            "apiVersion: cloudcore.config.kubeedge.io/v1alpha1\nkind: Cloudcore\n",
            '`kind` must be "CloudCore", got "Cloudcore"',
        ),
        (
            "",
            '2 problems:\n  - `apiVersion` is missing; it must be "cloudcore.config.kubeedge.io/v1alpha1"\n'
            '  - `kind` is missing; it must be "CloudCore"',
        ),
        ("- a\n- b\n", "the top level must be a mapping, got a list"),
        ("just text\n", 'the top level must be a mapping, got "just text"'),
    ],
)
def test_wrong_api_version_or_kind(text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.parse_cloudcore(text, source="c.yaml", host=HOST)
    assert str(info.value) == f"c.yaml: {problem}"


def test_edgecore_file_given_to_cloudcore_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, config.render_default_edgecore(HOST))
    with pytest.raises(ConfigError) as info:
        config.load_cloudcore(path, host=HOST)
    assert str(info.value) == (
        f"{path}: 2 problems:\n"
        '  - `apiVersion` must be "cloudcore.config.kubeedge.io/v1alpha1", '
        'got "edgecore.config.kubeedge.io/v1alpha2" (this file is for edgecore)\n'
        '  - `kind` must be "CloudCore", got "EdgeCore" (this file is for edgecore)'
    )


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            EDGE_HEAD + "modules:\n  edged: {\n",
            "invalid YAML at line 5, column 1: expected the node content, but found '<stream end>'",
        ),
        (
            EDGE_HEAD + "modules:\n  edged:\n enable: true\n",
            "invalid YAML at line 5, column 2: expected <block end>, but found '<block mapping start>'",
        ),
        (EDGE_HEAD + "database: {a: 1: 2}\n", "invalid YAML at line 3, column 16: expected ',' or '}', but got ':'"),
        (EDGE_HEAD + "database: a: b\n", "invalid YAML at line 3, column 12: mapping values are not allowed here"),
        (EDGE_HEAD + "kind: EdgeCore\n", 'invalid YAML at line 3, column 1: duplicate key "kind"'),
        (
            EDGE_HEAD + "modules: !!python/object:os.system {}\n",
            "invalid YAML at line 3, column 10: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
        (
            EDGE_HEAD + "---\n" + EDGE_HEAD,
            "invalid YAML at line 3, column 1: expected a single document in the stream but found another document",
        ),
    ],
)
def test_malformed_yaml_names_line_and_column(text: str, problem: str) -> None:
    with pytest.raises(ConfigError) as info:
        config.parse_edgecore(text, source="edgecore.yaml", host=HOST)
    assert str(info.value) == f"edgecore.yaml: {problem}"


def test_yaml_merge_keys_are_not_duplicates() -> None:
    edge = config.parse_edgecore(
        EDGE_HEAD
        + textwrap.dedent(
            """
            x-timeouts: &timeouts {handshakeTimeout: 5, readDeadline: 6}
            """
        ).replace("x-timeouts: &timeouts", "modules:\n  edgeStream: &timeouts")
        + "  edgeHub:\n    websocket:\n      <<: *timeouts\n      readDeadline: 7\n",
        host=HOST,
    )
    assert edge.modules.edge_hub.websocket.handshake_timeout == 5
    assert edge.modules.edge_hub.websocket.read_deadline == 7


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(ConfigError) as info:
        config.load_cloudcore(path, host=HOST)
    assert str(info.value) == f"{path}: cannot read config file: No such file or directory"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        config.load_edgecore(tmp_path, host=HOST)
    assert str(info.value) == f"{tmp_path}: cannot read config file: Is a directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, EDGE_HEAD)
    path.chmod(0)
    with pytest.raises(ConfigError) as info:
        config.load_edgecore(path, host=HOST)
    assert str(info.value) == f"{path}: cannot read config file: Permission denied"


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "edgecore.yaml"
    path.write_bytes(EDGE_HEAD.encode() + b"token: \xff\n")
    with pytest.raises(ConfigError) as info:
        config.load_edgecore(path, host=HOST)
    assert str(info.value) == f"{path}: cannot read config file: not UTF-8 text (byte {len(EDGE_HEAD) + 7})"


def test_errors_chain_their_cause(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        config.load_cloudcore(tmp_path / "missing.yaml", host=HOST)
    assert isinstance(info.value.__cause__, FileNotFoundError)
