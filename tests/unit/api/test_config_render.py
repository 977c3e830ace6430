"""Rendering configs as KubeEdge prints them (--defaultconfig, --minconfig) and round trips."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kubeedge.api import config
from kubeedge.api.config import edgecore, kubelet, render

HOST = config.HostFacts(hostname="edge-1", node_ip="192.168.1.10", advertise_ip="10.0.0.5")

MIN_CLOUDCORE = (
    "# With --minconfig , you can easily used this configurations as reference.\n"
    "# It's useful to users who are new to KubeEdge, and you can modify/create your own configs accordingly. \n"
    "# This configuration is suitable for beginners.\n"
    """
apiVersion: cloudcore.config.kubeedge.io/v1alpha1
kind: CloudCore
modules:
  cloudHub:
    advertiseAddress:
    - 10.0.0.5
    enable: true
    https:
      address: 0.0.0.0
      enable: true
      port: 10002
    nodeLimit: 1000
    tlsCAFile: /etc/kubeedge/ca/rootCA.crt
    tlsCAKeyFile: /etc/kubeedge/ca/rootCA.key
    tlsCertFile: /etc/kubeedge/certs/server.crt
    tlsPrivateKeyFile: /etc/kubeedge/certs/server.key
    unixsocket:
      address: unix:///var/lib/kubeedge/kubeedge.sock
      enable: true
    websocket:
      address: 0.0.0.0
      enable: true
      port: 10000
  iptablesManager:
    enable: true
    mode: internal
  router:
    address: 0.0.0.0
    enable: false
    port: 9443
    restTimeout: 60


"""
)


def _body(text: str) -> dict[str, Any]:
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def _key_order_is_sorted(data: Any) -> bool:
    if isinstance(data, dict):
        return list(data) == sorted(data) and all(_key_order_is_sorted(v) for v in data.values())
    if isinstance(data, list):
        return all(_key_order_is_sorted(v) for v in data)
    return True


def _leaves(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out |= _leaves(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_min_cloudcore_text_is_kubeedges() -> None:
    assert config.render_min_cloudcore(HOST) == MIN_CLOUDCORE


def test_default_output_has_kubeedges_header_and_layout() -> None:
    text = config.render_default_cloudcore(HOST)
    assert text.startswith(
        "# With --defaultconfig flag, users can easily get a default full config file as reference, with all "
        "fields (and field descriptions) included and default values set. \n"
        "# Users can modify/create their own configs accordingly as reference. \n"
        "# Because it is a full configuration, it is more suitable for advanced users.\n\n"
        "apiVersion: cloudcore.config.kubeedge.io/v1alpha1\ncommonConfig:\n"
    )
    assert text.endswith("      taskWorkers: 1\n\n\n")
    for rendered in (text, config.render_default_edgecore(HOST), config.render_min_edgecore(HOST)):
        assert _key_order_is_sorted(_body(rendered))


def test_default_output_drops_go_omitempty_zero_fields() -> None:
    cloud = _body(config.render_default_cloudcore(HOST))
    assert cloud["commonConfig"]["monitorServer"] == {"bindAddress": "127.0.0.1:9091"}
    assert "featureGates" not in cloud
    assert cloud["kubeAPIConfig"]["master"] == ""  # not omitempty in Go
    edge = _body(config.render_default_edgecore(HOST))
    edged = edge["modules"]["edged"]
    for omitted in ("customInterfaceName", "nodeIP", "nodeLabels", "runtimeCgroups", "windowsService"):
        assert omitted not in edged
    kubelet_config = edged["tailoredKubeletConfig"]
    for omitted in ("clusterDNS", "podCIDR", "evictionSoft", "maxParallelImagePulls", "enableSystemLogQuery"):
        assert omitted not in kubelet_config
    assert kubelet_config["failSwapOn"] is False  # a pointer in Go: printed even when false
    assert kubelet_config["nodeStatusMaxImages"] == 0
    assert kubelet_config["memorySwap"] == {}
    assert kubelet_config["shutdownGracePeriod"] == "0s"
    assert "edgecoreVersion" not in edge
    assert edge["modules"]["eventBus"]["mqttPassword"] == ""


def test_quoting_follows_go_yaml() -> None:
    text = config.render_default_edgecore(HOST)
    assert '    token: ""\n' in text
    assert '            infoBufferSize: "0"\n' in text
    assert "      streamingConnectionIdleTimeout: 4h0m0s\n" in text
    assert "      evictionHard:\n        imagefs.available: 15%\n" in text
    assert "'" not in text.split("\n\n", 1)[1]


def test_min_configs_are_kubeedges_subsets() -> None:
    edge = _body(config.render_min_edgecore(HOST))
    assert set(edge) == {"apiVersion", "kind", "database", "modules"}
    assert edge["database"] == {"dataSource": "/var/lib/kubeedge/edgecore.db"}
    modules = edge["modules"]
    assert set(modules) == {"deviceTwin", "edged", "edgeHub", "eventBus"}
    assert set(modules["edgeHub"]) == {
        "enable", "heartbeat", "httpServer", "tlsCaFile", "tlsCertFile", "tlsPrivateKeyFile", "token", "websocket",
    }  # fmt: skip
    assert set(modules["eventBus"]) == {
        "enable", "mqttMode", "mqttPassword", "mqttPubClientID", "mqttQOS", "mqttRetain", "mqttServerExternal",
        "mqttServerInternal", "mqttSubClientID", "mqttUsername",
    }  # fmt: skip
    assert modules["edged"] == _body(config.render_default_edgecore(HOST))["modules"]["edged"]
    # KubeEdge leaves these unset (false) in its min config; ours keeps the real defaults.
    assert all(modules[name]["enable"] is True for name in ("deviceTwin", "edgeHub", "eventBus"))


def test_default_configs_round_trip() -> None:
    cloud_text = config.render_default_cloudcore(HOST)
    cloud = config.parse_cloudcore(cloud_text, host=HOST)
    assert cloud == config.default_cloudcore(HOST)
    assert config.render_yaml(cloud, omit_empty=True) == cloud_text.split("\n\n", 1)[1].rstrip("\n") + "\n"
    edge_text = config.render_default_edgecore(HOST)
    edge = config.parse_edgecore(edge_text, host=HOST)
    assert edge == config.default_edgecore(HOST)
    assert config.render_default_edgecore(HOST) == edge_text


def test_min_configs_round_trip_unchanged() -> None:
    for text, parse in (
        (config.render_min_cloudcore(HOST), config.parse_cloudcore),
        (config.render_min_edgecore(HOST), config.parse_edgecore),
    ):
        loaded = config.to_kubeedge_dict(parse(text, host=HOST), omit_empty=True)
        written = _leaves(_body(text))
        assert {path: _leaves(loaded)[path] for path in written} == written


def test_to_kubeedge_dict_uses_kubeedge_spelling_and_types() -> None:
    data = config.to_kubeedge_dict(config.default_edgecore(HOST))
    kubelet_config = data["modules"]["edged"]["tailoredKubeletConfig"]
    assert kubelet_config["syncFrequency"] == "1m0s"
    assert kubelet_config["cgroupDriver"] == "cgroupfs"
    assert kubelet_config["enforceNodeAllocatable"] == ["pods"]
    assert data["modules"]["eventBus"]["mqttMode"] == 2
    assert data["modules"]["edgeHub"]["messageQPS"] == 30
    assert data["modules"]["edged"]["nodeIP"] == ""  # every key by default
    assert yaml.safe_load(yaml.safe_dump(data)) == data


def test_written_files_are_lossless_unlike_go_omitempty() -> None:
    hub = edgecore.EdgeHub(rotate_certificates=False, websocket=edgecore.EdgeHubWebSocket(server="cloud:10000"))
    base = config.default_edgecore(HOST)
    custom = base.model_copy(update={"modules": base.modules.model_copy(update={"edge_hub": hub})})
    assert config.parse_edgecore(config.render_yaml(custom), host=HOST) == custom
    # Go's marshaller drops `rotateCertificates: false` (omitempty), so its files flip it back to true.
    lossy = config.parse_edgecore(config.render_yaml(custom, omit_empty=True), host=HOST)
    assert lossy.modules.edge_hub.rotate_certificates is True


durations = st.integers(min_value=0, max_value=10**12).map(lambda us: timedelta(microseconds=us))


@settings(max_examples=50, deadline=None)
@given(
    port=st.integers(1, 65535),
    sync=durations,
    labels=st.dictionaries(st.from_regex(r"[a-z][a-z0-9./-]{0,20}", fullmatch=True), st.text(max_size=10), max_size=3),
    qos=st.sampled_from(list(config.MqttQOS)),
    token=st.text(max_size=20),
)
def test_any_valid_edgecore_round_trips(
    port: int, sync: timedelta, labels: dict[str, str], qos: config.MqttQOS, token: str
) -> None:
    base = config.default_edgecore(HOST)
    modules = base.modules
    kubelet_config = kubelet.TailoredKubeletConfiguration(read_only_port=port, sync_frequency=sync)
    edged = modules.edged.model_copy(update={"tailored_kubelet_config": kubelet_config, "node_labels": labels})
    custom = base.model_copy(
        update={
            "modules": modules.model_copy(
                update={
                    "edged": edged,
                    "event_bus": modules.event_bus.model_copy(update={"mqtt_qos": qos}),
                    "edge_hub": modules.edge_hub.model_copy(update={"token": token}),
                }
            )
        }
    )
    assert config.parse_edgecore(config.render_yaml(custom), host=HOST) == custom


def test_render_detects_the_host_when_not_given() -> None:
    assert config.parse_cloudcore(config.render_default_cloudcore()).modules.cloud_hub.advertise_address
    assert render.DEFAULT_HEADER.count("\n") == render.MIN_HEADER.count("\n") == 3
