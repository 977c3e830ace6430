"""The public surface of kubeedge.api.config, pinned so a change to it is deliberate."""

from __future__ import annotations

import kubeedge.api
from kubeedge.api import config


def test_config_exports() -> None:
    assert sorted(config.__all__) == [
        "CgroupDriver",
        "CloudCore",
        "EdgeCore",
        "FeatureGates",
        "HostFacts",
        "HubProtocol",
        "IptablesMode",
        "MqttMode",
        "MqttQOS",
        "adjust_for_node_limit",
        "default_cloudcore",
        "default_edgecore",
        "detect_host_facts",
        "load_cloudcore",
        "load_edgecore",
        "parse_cloudcore",
        "parse_edgecore",
        "render_default_cloudcore",
        "render_default_edgecore",
        "render_min_cloudcore",
        "render_min_edgecore",
        "render_yaml",
        "to_kubeedge_dict",
    ]
    for name in config.__all__:
        assert getattr(config, name) is not None


def test_api_package_exports_nothing() -> None:
    assert kubeedge.api.__all__ == []
