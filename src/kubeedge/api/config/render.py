"""Config models back to KubeEdge's YAML: ``--defaultconfig``, ``--minconfig`` and written files.

KubeEdge prints its default and minimal configs with ``sigs.k8s.io/yaml``: keys sorted, Go's
``omitempty`` fields left out when zero, strings double-quoted only where YAML needs quotes, three
comment lines on top. :func:`render_default_cloudcore` and friends reproduce that text, and it loads
back through :mod:`kubeedge.api.config.loader` to the same model.

One deliberate difference: KubeEdge's ``NewMinCloudCoreConfig``/``NewMinEdgeCoreConfig`` leave
``enable`` unset on ``cloudHub``, ``edgeHub``, ``eventBus`` and ``deviceTwin``, so its ``--minconfig``
prints ``enable: false`` and a core started from it runs without its hub. Ours prints the real
defaults (``true``). ``metaServer``'s empty lists print as ``[]`` where Go prints ``null``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

import yaml

from kubeedge.api.config import cloudcore, edgecore
from kubeedge.api.config._schema import Kind, field_specs
from kubeedge.api.config.host import HostFacts, detect_host_facts

if TYPE_CHECKING:
    from collections.abc import Mapping

    from pydantic import BaseModel

__all__ = [
    "render_default_cloudcore",
    "render_default_edgecore",
    "render_min_cloudcore",
    "render_min_edgecore",
    "render_yaml",
    "to_kubeedge_dict",
]

DEFAULT_HEADER: Final = (
    "# With --defaultconfig flag, users can easily get a default full config file as reference, "
    "with all fields (and field descriptions) included and default values set. \n"
    "# Users can modify/create their own configs accordingly as reference. \n"
    "# Because it is a full configuration, it is more suitable for advanced users.\n"
)
MIN_HEADER: Final = (
    "# With --minconfig , you can easily used this configurations as reference.\n"
    "# It's useful to users who are new to KubeEdge, and you can modify/create your own configs "
    "accordingly. \n"
    "# This configuration is suitable for beginners.\n"
)

_WHOLE: Final = True
"""In a min-config shape: keep this key with everything below it."""

_MIN_CLOUDCORE_SHAPE: Final[Mapping[str, Any]] = {
    "apiVersion": _WHOLE,
    "kind": _WHOLE,
    "modules": {
        "cloudHub": {
            "enable": _WHOLE,
            "nodeLimit": _WHOLE,
            "tlsCAFile": _WHOLE,
            "tlsCAKeyFile": _WHOLE,
            "tlsCertFile": _WHOLE,
            "tlsPrivateKeyFile": _WHOLE,
            "advertiseAddress": _WHOLE,
            "unixsocket": _WHOLE,
            "websocket": _WHOLE,
            "https": _WHOLE,
        },
        "router": _WHOLE,
        "iptablesManager": _WHOLE,
    },
}
_MIN_CLOUDCORE_NODE_LIMIT: Final = 1000

_MIN_EDGECORE_SHAPE: Final[Mapping[str, Any]] = {
    "apiVersion": _WHOLE,
    "kind": _WHOLE,
    "database": {"dataSource": _WHOLE},
    "modules": {
        "deviceTwin": {"enable": _WHOLE, "dmiSockPath": _WHOLE},
        "edged": _WHOLE,
        "edgeHub": {
            "enable": _WHOLE,
            "heartbeat": _WHOLE,
            "tlsCaFile": _WHOLE,
            "tlsCertFile": _WHOLE,
            "tlsPrivateKeyFile": _WHOLE,
            "websocket": _WHOLE,
            "httpServer": _WHOLE,
            "token": _WHOLE,
        },
        "eventBus": {
            "enable": _WHOLE,
            "mqttQOS": _WHOLE,
            "mqttRetain": _WHOLE,
            "mqttServerExternal": _WHOLE,
            "mqttServerInternal": _WHOLE,
            "mqttSubClientID": _WHOLE,
            "mqttPubClientID": _WHOLE,
            "mqttUsername": _WHOLE,
            "mqttPassword": _WHOLE,
            "mqttMode": _WHOLE,
        },
    },
}


def _is_zero(value: object) -> bool:
    return value is False or value == 0 or value in ("", [], {})


def _drop_empty(model: type[BaseModel], data: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, spec in field_specs(model).items():
        value = data[key]
        if spec.model is not None and spec.kind is Kind.STRUCT and isinstance(value, dict):
            value = _drop_empty(spec.model, value)
        elif spec.model is not None and spec.kind is Kind.LIST and isinstance(value, list):
            value = [_drop_empty(spec.model, item) for item in value]
        if value is None or (spec.omit_empty and not isinstance(value, float) and _is_zero(value)):
            continue
        result[key] = value
    return result


def to_kubeedge_dict(model: BaseModel, *, omit_empty: bool = False) -> dict[str, Any]:
    """The config as plain data with KubeEdge's keys, ready for a YAML or JSON file.

    Durations become Go duration strings, enums their values, tuples lists. By default every key is
    present, so writing and reading back loses nothing. With ``omit_empty`` the keys Go's marshaller
    would drop (``omitempty`` fields holding zero) are left out, as KubeEdge's own output does.
    """
    data = model.model_dump(mode="json", by_alias=True)
    return _drop_empty(type(model), data) if omit_empty else data


class _GoStyleDumper(yaml.SafeDumper):
    """PyYAML's emitter with go-yaml's habit of double quotes where quoting is needed."""

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


def _dump(data: Mapping[str, Any]) -> str:
    text: str = yaml.dump(
        dict(data),
        Dumper=_GoStyleDumper,
        sort_keys=True,
        default_flow_style=False,
        allow_unicode=True,
        width=1 << 30,
    )
    return text


def render_yaml(model: BaseModel, *, omit_empty: bool = False) -> str:
    """The config as YAML text in KubeEdge's layout (sorted keys, block style)."""
    return _dump(to_kubeedge_dict(model, omit_empty=omit_empty))


def _select(data: Mapping[str, Any], shape: Mapping[str, Any]) -> dict[str, Any]:
    return {key: data[key] if sub is _WHOLE else _select(data[key], sub) for key, sub in shape.items() if key in data}


def _print(header: str, data: Mapping[str, Any]) -> str:
    # KubeEdge: three Println comment lines, then Printf("\n%v\n\n", yaml).
    return f"{header}\n{_dump(data)}\n\n"


def render_default_cloudcore(host: HostFacts | None = None) -> str:
    """What ``cloudcore --defaultconfig`` prints; ``host`` defaults to :func:`detect_host_facts`."""
    config = cloudcore.default_cloudcore(host or detect_host_facts())
    return _print(DEFAULT_HEADER, to_kubeedge_dict(config, omit_empty=True))


def render_min_cloudcore(host: HostFacts | None = None) -> str:
    """What ``cloudcore --minconfig`` prints: KubeEdge's ``NewMinCloudCoreConfig`` subset."""
    config = cloudcore.default_cloudcore(host or detect_host_facts())
    hub = config.modules.cloud_hub.model_copy(update={"node_limit": _MIN_CLOUDCORE_NODE_LIMIT})
    config = config.model_copy(update={"modules": config.modules.model_copy(update={"cloud_hub": hub})})
    return _print(MIN_HEADER, _select(to_kubeedge_dict(config, omit_empty=True), _MIN_CLOUDCORE_SHAPE))


def render_default_edgecore(host: HostFacts | None = None) -> str:
    """What ``edgecore --defaultconfig`` prints; ``host`` defaults to :func:`detect_host_facts`."""
    config = edgecore.default_edgecore(host or detect_host_facts())
    return _print(DEFAULT_HEADER, to_kubeedge_dict(config, omit_empty=True))


def render_min_edgecore(host: HostFacts | None = None) -> str:
    """What ``edgecore --minconfig`` prints: KubeEdge's ``NewMinEdgeCoreConfig`` subset."""
    config = edgecore.default_edgecore(host or detect_host_facts())
    return _print(MIN_HEADER, _select(to_kubeedge_dict(config, omit_empty=True), _MIN_EDGECORE_SHAPE))
