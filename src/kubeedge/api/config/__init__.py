"""KubeEdge's component configs: ``cloudcore.yaml`` (v1alpha1) and ``edgecore.yaml`` (v1alpha2).

The composition roots use this package in three steps::

    from kubeedge.api import config

    cfg = config.load_edgecore("/etc/kubeedge/config/edgecore.yaml")   # or ConfigError
    if cfg.modules.edge_hub.enable: ...                                 # build what is enabled
    print(config.render_default_edgecore(), end="")                     # --defaultconfig

Models are frozen and closed (``extra="forbid"``) at every level; attributes are snake_case and the
YAML keys are KubeEdge's camelCase. Defaults are KubeEdge's (spec §13); the few KubeEdge derives
from the machine (host name, host IP) come from a :class:`HostFacts` passed in, so
``CloudCore()``/``EdgeCore()`` are pure and :func:`default_cloudcore`/:func:`default_edgecore` add
the host's values. Modules:

- :mod:`.cloudcore`, :mod:`.edgecore`, :mod:`.kubelet`: the models;
- :mod:`.loader`: YAML → model, with one :class:`~kubeedge.errors.ConfigError` naming file, key
  and problem;
- :mod:`.render`: model → KubeEdge's YAML (``--defaultconfig``, ``--minconfig``, written files);
- :mod:`.host`: the only code that looks at the machine.
"""

from kubeedge.api.config._base import FeatureGates
from kubeedge.api.config.cloudcore import CloudCore, IptablesMode, adjust_for_node_limit, default_cloudcore
from kubeedge.api.config.edgecore import EdgeCore, HubProtocol, MqttMode, MqttQOS, default_edgecore
from kubeedge.api.config.host import HostFacts, detect_host_facts
from kubeedge.api.config.kubelet import CgroupDriver
from kubeedge.api.config.loader import load_cloudcore, load_edgecore, parse_cloudcore, parse_edgecore
from kubeedge.api.config.render import (
    render_default_cloudcore,
    render_default_edgecore,
    render_min_cloudcore,
    render_min_edgecore,
    render_yaml,
    to_kubeedge_dict,
)

__all__ = [
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
