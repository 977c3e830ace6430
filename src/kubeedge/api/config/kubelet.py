"""``modules.edged`` of ``edgecore.yaml``: the embedded kubelet's settings.

KubeEdge's ``Edged`` section has three parts: its own keys (``enable``, ``reportEvent``...), the
``TailoredKubeletFlag`` fields inlined beside them (``hostnameOverride``, ``podSandboxImage``...), and
``tailoredKubeletConfig``, a trimmed ``KubeletConfiguration``. Every key of those Go structs is
here with the defaults of ``SetDefaultsKubeletConfiguration`` (Linux), so a stock edgecore.yaml
written by ``keadm join`` or ``edgecore --defaultconfig`` loads with ``extra="forbid"``; most keys are
carried for that compatibility and the composition root reads only what edged implements.
"""

from __future__ import annotations

import enum
import ipaddress
from datetime import timedelta
from typing import Annotated, Final

from pydantic import BeforeValidator, Field

from kubeedge.api.config._base import (
    OMIT_EMPTY,
    Bool,
    BoolMap,
    ConfigModel,
    Count,
    Duration,
    Positive,
    Quantity,
    Str,
    StrList,
    StrMap,
    choice,
    describe,
    fail,
    int_range,
    key,
)
from kubeedge.api.config.host import is_node_name

__all__ = [
    "DEFAULT_EVICTION_HARD",
    "CgroupDriver",
    "ChangeDetectionStrategy",
    "Edged",
    "FormatOptions",
    "LoggingConfiguration",
    "MemoryReservation",
    "MemorySwap",
    "OutputRoutingOptions",
    "ShutdownGracePeriodByPodPriority",
    "TailoredKubeletConfiguration",
    "Taint",
    "TaintEffect",
    "VModuleItem",
]

DEFAULT_EVICTION_HARD: Final = {
    "memory.available": "100Mi",
    "nodefs.available": "10%",
    "nodefs.inodesFree": "5%",
    "imagefs.available": "15%",
}
DEFAULT_RUNTIME_ENDPOINT: Final = "unix:///run/containerd/containerd.sock"


class CgroupDriver(enum.StrEnum):
    CGROUPFS = "cgroupfs"
    SYSTEMD = "systemd"


class ChangeDetectionStrategy(enum.StrEnum):
    """How edged watches ConfigMaps and Secrets (``configMapAndSecretChangeDetectionStrategy``)."""

    GET = "Get"
    CACHE = "Cache"
    WATCH = "Watch"


class TaintEffect(enum.StrEnum):
    NO_SCHEDULE = "NoSchedule"
    PREFER_NO_SCHEDULE = "PreferNoSchedule"
    NO_EXECUTE = "NoExecute"


def _flush_frequency(value: object) -> object:
    # component-base's TimeOrMetaDuration also accepts a plain number of nanoseconds.
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0 and value % 1000 == 0:
        return timedelta(microseconds=value // 1000)
    return value


def _throttling_factor(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        fail(f"must be a number, got {describe(value)}")
    if not 0 < value <= 1:
        fail(f"must be greater than 0 and at most 1, got {describe(value)}")
    return float(value)


def _node_name_or_empty(value: object) -> str:
    if not isinstance(value, str):
        fail(f"must be a string, got {describe(value)}")
    if value and not is_node_name(value):
        fail(f"must be a lowercase RFC 1123 subdomain (a valid node name), got {describe(value)}")
    return value


def _ip_or_empty(value: object) -> str:
    if not isinstance(value, str):
        fail(f"must be a string, got {describe(value)}")
    if value:
        try:
            ipaddress.ip_address(value)
        except ValueError:
            fail(f"must be an IP address, got {describe(value)}")
    return value


class MemorySwap(ConfigModel):
    swap_behavior: Annotated[Str, OMIT_EMPTY] = ""


class OutputRoutingOptions(ConfigModel):
    split_stream: Annotated[Bool, OMIT_EMPTY] = False
    info_buffer_size: Quantity = "0"


class FormatOptions(ConfigModel):
    text: OutputRoutingOptions = Field(default_factory=OutputRoutingOptions)
    json_: OutputRoutingOptions = key("json", factory=OutputRoutingOptions)


class VModuleItem(ConfigModel):
    file_pattern: Str = ""
    verbosity: Count = 0


class LoggingConfiguration(ConfigModel):
    format: Annotated[Str, OMIT_EMPTY] = "text"
    flush_frequency: Annotated[Duration, BeforeValidator(_flush_frequency)] = timedelta(seconds=5)
    verbosity: Count = 0
    vmodule: Annotated[tuple[VModuleItem, ...], OMIT_EMPTY] = ()
    options: FormatOptions = Field(default_factory=FormatOptions)


class ShutdownGracePeriodByPodPriority(ConfigModel):
    priority: Annotated[int, int_range()] = 0
    shutdown_grace_period_seconds: Count = 0


class MemoryReservation(ConfigModel):
    numa_node: Annotated[int, int_range(0)] = key("numaNode", 0)
    limits: StrMap = Field(default_factory=dict)


class Taint(ConfigModel):
    key: Str
    value: Annotated[Str, OMIT_EMPTY] = ""
    effect: Annotated[TaintEffect, choice(TaintEffect)]
    time_added: Annotated[Str, OMIT_EMPTY] = ""


def _eviction_hard() -> dict[str, str]:
    return dict(DEFAULT_EVICTION_HARD)


class TailoredKubeletConfiguration(ConfigModel):
    """KubeEdge's trimmed ``KubeletConfiguration`` (``modules.edged.tailoredKubeletConfig``)."""

    static_pod_path: Annotated[Str, OMIT_EMPTY] = "/etc/kubeedge/manifests"
    pod_logs_dir: Annotated[Str, OMIT_EMPTY] = "/var/log/pods"
    sync_frequency: Duration = timedelta(minutes=1)
    file_check_frequency: Duration = timedelta(seconds=20)
    address: Annotated[Str, OMIT_EMPTY] = "127.0.0.1"
    read_only_port: Annotated[int, int_range(0, 65535), OMIT_EMPTY] = 10350
    """0 disables the read-only server."""
    registry_pull_qps: Count = key("registryPullQPS", 5)
    registry_burst: Annotated[Count, OMIT_EMPTY] = 10
    event_record_qps: Count = key("eventRecordQPS", 50)
    event_burst: Annotated[Count, OMIT_EMPTY] = 100
    enable_debugging_handlers: Bool = True
    enable_contention_profiling: Annotated[Bool, OMIT_EMPTY] = False
    oom_score_adj: Annotated[int, int_range(-1000, 1000)] = key("oomScoreAdj", -999)
    cluster_domain: Annotated[Str, OMIT_EMPTY] = "cluster.local"
    cluster_dns: Annotated[StrList, OMIT_EMPTY] = key("clusterDNS", ())
    streaming_connection_idle_timeout: Duration = timedelta(hours=4)
    node_status_update_frequency: Duration = timedelta(seconds=10)
    node_status_report_frequency: Duration = timedelta(minutes=5)
    node_lease_duration_seconds: Annotated[Positive, OMIT_EMPTY] = 40
    image_minimum_gc_age: Duration = key("imageMinimumGCAge", timedelta(minutes=2))
    image_maximum_gc_age: Duration = key("imageMaximumGCAge", timedelta(0))
    image_gc_high_threshold_percent: Annotated[int, int_range(0, 100)] = key("imageGCHighThresholdPercent", 85)
    image_gc_low_threshold_percent: Annotated[int, int_range(0, 100)] = key("imageGCLowThresholdPercent", 80)
    volume_stats_agg_period: Duration = timedelta(minutes=1)
    kubelet_cgroups: Annotated[Str, OMIT_EMPTY] = ""
    system_cgroups: Annotated[Str, OMIT_EMPTY] = ""
    cgroup_root: Annotated[Str, OMIT_EMPTY] = ""
    cgroups_per_qos: Bool = key("cgroupsPerQOS", True)
    cgroup_driver: Annotated[CgroupDriver, choice(CgroupDriver), OMIT_EMPTY] = CgroupDriver.CGROUPFS
    cpu_manager_policy: Annotated[Str, OMIT_EMPTY] = key("cpuManagerPolicy", "none")
    cpu_manager_policy_options: Annotated[StrMap, OMIT_EMPTY] = key("cpuManagerPolicyOptions", factory=dict)
    cpu_manager_reconcile_period: Duration = key("cpuManagerReconcilePeriod", timedelta(seconds=10))
    memory_manager_policy: Annotated[Str, OMIT_EMPTY] = "None"
    topology_manager_policy: Annotated[Str, OMIT_EMPTY] = "none"
    topology_manager_scope: Annotated[Str, OMIT_EMPTY] = "container"
    topology_manager_policy_options: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    qos_reserved: Annotated[StrMap, OMIT_EMPTY] = key("qosReserved", factory=dict)
    runtime_request_timeout: Duration = timedelta(minutes=2)
    hairpin_mode: Annotated[Str, OMIT_EMPTY] = "promiscuous-bridge"
    max_pods: Annotated[Count, OMIT_EMPTY] = 110
    pod_cidr: Annotated[Str, OMIT_EMPTY] = key("podCIDR", "")
    pod_pids_limit: Annotated[int, int_range(-1)] = -1
    resolv_conf: Str = "/etc/resolv.conf"
    cpu_cfs_quota: Bool = key("cpuCFSQuota", True)
    cpu_cfs_quota_period: Duration = key("cpuCFSQuotaPeriod", timedelta(milliseconds=100))
    node_status_max_images: Annotated[int, int_range(-1)] = 0
    max_open_files: Annotated[Count, OMIT_EMPTY] = 1000000
    content_type: Annotated[Str, OMIT_EMPTY] = "application/json"
    serialize_image_pulls: Bool = True
    max_parallel_image_pulls: Positive | None = None
    eviction_hard: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=_eviction_hard)
    eviction_soft: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    eviction_soft_grace_period: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    eviction_pressure_transition_period: Duration = timedelta(minutes=5)
    eviction_max_pod_grace_period: Annotated[Count, OMIT_EMPTY] = 0
    eviction_minimum_reclaim: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    pods_per_core: Annotated[Count, OMIT_EMPTY] = 0
    enable_controller_attach_detach: Bool = True
    protect_kernel_defaults: Annotated[Bool, OMIT_EMPTY] = False
    make_iptables_util_chains: Bool = key("makeIPTablesUtilChains", True)
    iptables_masquerade_bit: Annotated[int, int_range(0, 31)] = 14
    iptables_drop_bit: Annotated[int, int_range(0, 31)] = 15
    feature_gates: Annotated[BoolMap, OMIT_EMPTY] = Field(default_factory=dict)
    """Kubernetes kubelet feature gates (any name), unlike the typed top-level KubeEdge gates."""
    fail_swap_on: Bool = False
    memory_swap: MemorySwap = Field(default_factory=MemorySwap)
    container_log_max_size: Annotated[Quantity, OMIT_EMPTY] = "10Mi"
    container_log_max_files: Annotated[int, int_range(1)] = 5
    container_log_max_workers: Positive = 1
    container_log_monitor_interval: Duration = timedelta(seconds=10)
    config_map_and_secret_change_detection_strategy: Annotated[
        ChangeDetectionStrategy, choice(ChangeDetectionStrategy), OMIT_EMPTY
    ] = ChangeDetectionStrategy.GET
    system_reserved: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    kube_reserved: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    reserved_system_cpus: Annotated[Str, OMIT_EMPTY] = key("reservedSystemCPUs", "")
    show_hidden_metrics_for_version: Annotated[Str, OMIT_EMPTY] = ""
    system_reserved_cgroup: Annotated[Str, OMIT_EMPTY] = ""
    kube_reserved_cgroup: Annotated[Str, OMIT_EMPTY] = ""
    enforce_node_allocatable: Annotated[StrList, OMIT_EMPTY] = ("pods",)
    allowed_unsafe_sysctls: Annotated[StrList, OMIT_EMPTY] = ()
    volume_plugin_dir: Annotated[Str, OMIT_EMPTY] = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec/"
    kernel_memcg_notification: Annotated[Bool, OMIT_EMPTY] = False
    logging: LoggingConfiguration = Field(default_factory=LoggingConfiguration)
    enable_system_log_handler: Bool = True
    enable_system_log_query: Bool | None = None
    shutdown_grace_period: Duration = timedelta(0)
    shutdown_grace_period_critical_pods: Duration = timedelta(0)
    shutdown_grace_period_by_pod_priority: Annotated[tuple[ShutdownGracePeriodByPodPriority, ...], OMIT_EMPTY] = ()
    reserved_memory: Annotated[tuple[MemoryReservation, ...], OMIT_EMPTY] = ()
    enable_profiling_handler: Bool = True
    enable_debug_flags_handler: Bool = True
    seccomp_default: Bool = False
    memory_throttling_factor: Annotated[float, BeforeValidator(_throttling_factor)] = 0.9
    register_with_taints: Annotated[tuple[Taint, ...], OMIT_EMPTY] = ()
    register_node: Bool = True
    local_storage_capacity_isolation: Bool = True
    container_runtime_endpoint: Str = DEFAULT_RUNTIME_ENDPOINT
    image_service_endpoint: Annotated[Str, OMIT_EMPTY] = DEFAULT_RUNTIME_ENDPOINT


class Edged(ConfigModel):
    """``modules.edged``, with KubeEdge's ``TailoredKubeletFlag`` keys inlined as in Go."""

    enable: Bool = True
    report_event: Bool = False
    tailored_kubelet_config: TailoredKubeletConfiguration = Field(default_factory=TailoredKubeletConfiguration)
    hostname_override: Annotated[str, BeforeValidator(_node_name_or_empty), OMIT_EMPTY] = ""
    """The node name. Computed from the host in KubeEdge (see ``default_edgecore``)."""
    node_ip: Annotated[str, BeforeValidator(_ip_or_empty), OMIT_EMPTY] = key("nodeIP", "")
    runtime_cgroups: Annotated[Str, OMIT_EMPTY] = ""
    pod_sandbox_image: Annotated[Str, OMIT_EMPTY] = "kubeedge/pause:3.6"
    root_directory: Annotated[Str, OMIT_EMPTY] = "/var/lib/kubelet"
    windows_service: Annotated[Bool, OMIT_EMPTY] = False
    windows_priority_class: Annotated[Str, OMIT_EMPTY] = ""
    experimental_mounter_path: Annotated[Str, OMIT_EMPTY] = ""
    experimental_node_allocatable_ignore_eviction_threshold: Annotated[Bool, OMIT_EMPTY] = False
    node_labels: Annotated[StrMap, OMIT_EMPTY] = Field(default_factory=dict)
    minimum_gc_age: Duration = key("minimumGCAge", timedelta(0))
    max_per_pod_container_count: Annotated[Count, OMIT_EMPTY] = 1
    max_container_count: Annotated[int, int_range(-1), OMIT_EMPTY] = -1
    """-1 means no global limit."""
    register_schedulable: Annotated[Bool, OMIT_EMPTY] = True
    keep_terminated_pod_volumes: Annotated[Bool, OMIT_EMPTY] = False
    seccomp_default: Annotated[Bool, OMIT_EMPTY] = False
    custom_interface_name: Annotated[Str, OMIT_EMPTY] = ""
    register_node_namespace: Annotated[Str, OMIT_EMPTY] = "default"
