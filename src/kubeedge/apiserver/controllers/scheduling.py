"""kube-scheduler's decision for one pod, as a pure function of the cluster snapshot.

``schedule(pod, nodes, pods_on_nodes)`` runs the default profile's filters in kube's order
(NodeUnschedulable, TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit) over every
node, then scores the feasible ones and picks the best. When nothing fits it returns kube's
``FitError`` text, the one ``kubectl describe pod`` shows under ``PodScheduled=False`` /
``FailedScheduling``::

    0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint
    {node.kubernetes.io/unreachable: }. preemption: 0/3 nodes are available: 1 No preemption
    victims found for incoming pod, 2 Preemption is not helpful for scheduling.

Each node contributes the reasons of the *first* filter that rejects it (NodeResourcesFit may
give several, "Insufficient cpu" and "Insufficient memory"); the histogram is sorted as strings.
The preemption part follows DefaultPreemption's classification: nodes rejected as
"unresolvable" (taints, affinity, unschedulable, a request larger than the whole node) are not
helped by preemption; the others find no victims, because we never preempt.

Scoring uses the default weights: TaintToleration 3 (PreferNoSchedule), NodeAffinity 2
(preferred terms), NodeResourcesFit 1 (least allocated, with kube's 100m/200Mi stand-ins for
missing requests) and BalancedAllocation 1. PodTopologySpread's system default (soft spreading
over hostnames) is approximated, weight 2, by counting pods with the same controller on the
node; ImageLocality, inter-pod affinity and volumes are not modelled. Ties are broken by an FNV
hash of pod and node names, so the choice is deterministic for a given snapshot (kube picks at
random) yet spreads pods. The node's Ready condition is not a filter: the node lifecycle
controller expresses it as taints.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import _quantity, hashing
from kubeedge.apiserver.controllers._objects import (
    EMPTY,
    KubeObject,
    controller_ref,
    format_time,
    is_pod_terminal,
    meta,
    spec,
    status,
)
from kubeedge.apiserver.controllers._placement import (
    find_untolerated_taint,
    node_affinity_preference,
    required_affinity_matches,
    tolerates,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from datetime import datetime

__all__ = [
    "DEFAULT_SCHEDULER",
    "NodeUsage",
    "PodShare",
    "ScheduleResult",
    "is_terminal",
    "needs_scheduling",
    "pod_requests",
    "schedule",
]

DEFAULT_SCHEDULER = "default-scheduler"
MAX_NODE_SCORE = 100
# schedutil.DefaultMilliCPURequest / DefaultMemoryRequest: stand-ins used only for scoring.
_DEFAULT_MILLI_CPU = 100
_DEFAULT_MEMORY = 200 * 1024 * 1024

_UNSCHEDULABLE = "node(s) were unschedulable"
_AFFINITY = "node(s) didn't match Pod's node affinity/selector"
_PORTS = "node(s) didn't have free ports for the requested pod ports"
_NOT_HELPFUL = "Preemption is not helpful for scheduling"
_NO_VICTIMS = "No preemption victims found for incoming pod"
_UNSCHEDULABLE_TAINT = {"key": "node.kubernetes.io/unschedulable", "effect": "NoSchedule"}
_NO_SCHEDULE = ("NoSchedule", "NoExecute")


def is_terminal(pod: Mapping[str, Any]) -> bool:
    """The pod has finished (``Succeeded`` or ``Failed``) and holds no node resources."""
    return is_pod_terminal(pod)


def needs_scheduling(pod: Mapping[str, Any], *, scheduler_name: str = DEFAULT_SCHEDULER) -> bool:
    """Whether the default scheduler should try this pod: unbound, ours, alive."""
    pod_spec = spec(pod)
    return (
        not pod_spec.get("nodeName")
        and (pod_spec.get("schedulerName") or DEFAULT_SCHEDULER) == scheduler_name
        and not is_pod_terminal(pod)
        and not meta(pod).get("deletionTimestamp")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class ScheduleResult:
    """The node chosen, or why none was: ``reason`` is the PodScheduled condition reason."""

    node_name: str | None = None
    reason: str = ""
    message: str = ""
    already_assigned: bool = False
    scores: Mapping[str, int] = field(default_factory=dict)

    @property
    def is_scheduled(self) -> bool:
        return self.node_name is not None

    def binding(self, pod: Mapping[str, Any]) -> KubeObject:
        """The ``v1.Binding`` to POST to ``pods/<name>/binding`` (DefaultBinder's form)."""
        if self.node_name is None:
            raise ValueError("an unschedulable result has no binding")
        metadata = meta(pod)
        return {
            "apiVersion": "v1",
            "kind": "Binding",
            "metadata": {
                "name": metadata.get("name", ""),
                "namespace": metadata.get("namespace", ""),
                "uid": metadata.get("uid", ""),
            },
            "target": {"kind": "Node", "name": self.node_name},
        }

    def condition(self, pod: Mapping[str, Any], *, now: datetime) -> KubeObject:
        """The ``PodScheduled=False`` condition for a failure, keeping ``lastTransitionTime``
        when the status does not change (``podutil.UpdatePodCondition``).
        """
        transition = format_time(now)
        for previous in status(pod).get("conditions") or ():
            if previous.get("type") == "PodScheduled" and previous.get("status") == "False":
                transition = previous.get("lastTransitionTime") or transition
        return {
            "type": "PodScheduled",
            "status": "False",
            "lastProbeTime": None,
            "lastTransitionTime": transition,
            "reason": self.reason,
            "message": self.message,
        }


# --- resources --------------------------------------------------------------------------------


def _container_requests(container: Mapping[str, Any], *, non_zero: bool) -> Counter[str]:
    resources = container.get("resources") or EMPTY
    # API defaulting copies limits into missing requests; do the same for undefaulted input.
    merged = {**(resources.get("limits") or EMPTY), **(resources.get("requests") or EMPTY)}
    amounts: Counter[str] = Counter({name: _amount(name, raw) for name, raw in merged.items()})
    if non_zero:
        amounts.setdefault("cpu", _DEFAULT_MILLI_CPU)
        amounts.setdefault("memory", _DEFAULT_MEMORY)
    return amounts


def _amount(name: str, raw: Any) -> int:
    return _quantity.milli_value(raw) if name == "cpu" else _quantity.value(raw)


def _maximum(into: Counter[str], other: Mapping[str, int]) -> None:
    for name, amount in other.items():
        into[name] = max(into[name], amount)


def pod_requests(pod_spec: Mapping[str, Any], *, non_zero: bool = False) -> dict[str, int]:
    """``resource.PodRequests``: cpu in millicores, everything else in units.

    The sum over containers, raised to the largest init container (each init container also
    needs the sidecars started before it; sidecars, ``restartPolicy: Always``, add to the sum),
    plus ``spec.overhead``. ``non_zero`` substitutes kube's 100m/200Mi for missing cpu/memory.
    """
    total: Counter[str] = Counter()
    for container in pod_spec.get("containers") or ():
        total.update(_container_requests(container, non_zero=non_zero))
    sidecars: Counter[str] = Counter()
    init_peak: Counter[str] = Counter()
    for container in pod_spec.get("initContainers") or ():
        own = _container_requests(container, non_zero=non_zero)
        if container.get("restartPolicy") == "Always":
            total.update(own)
            sidecars.update(own)
            _maximum(init_peak, sidecars)
        else:
            _maximum(init_peak, own + sidecars)
    _maximum(total, init_peak)
    for name, raw in (pod_spec.get("overhead") or EMPTY).items():
        total[name] += _amount(name, raw)
    return dict(total)


@dataclass(slots=True)
class NodeUsage:
    """What the pods bound to one node take from it, as the filters and scores read it.

    ``add``/``remove`` keep it current pod by pod, so a shell scheduling many pods need not
    recount every node's pods for each decision (pass the totals as ``schedule(usages=...)``).
    """

    requested: Counter[str] = field(default_factory=Counter)
    non_zero: Counter[str] = field(default_factory=Counter)
    pods: int = 0
    host_ports: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    owners: Counter[str] = field(default_factory=Counter)

    def add(self, pod: Mapping[str, Any], *, sign: int = 1) -> None:
        """Count ``pod`` (``sign=-1`` uncounts it); terminal pods hold nothing."""
        share = PodShare.of(pod)
        if share is not None:
            self.apply(share, sign=sign)

    def remove(self, pod: Mapping[str, Any]) -> None:
        """Uncount a pod counted with :meth:`add` (pass the same object)."""
        self.add(pod, sign=-1)

    def apply(self, share: PodShare, *, sign: int = 1) -> None:
        """Count (``sign=1``) or uncount (``-1``) a pod's precomputed share."""
        self.pods += sign
        for name, amount in share.requested:
            self.requested[name] += sign * amount
        for name, amount in share.non_zero:
            self.non_zero[name] += sign * amount
        for port in share.host_ports:
            self.host_ports[port] += sign
            if self.host_ports[port] <= 0:
                del self.host_ports[port]
        if share.owner:
            self.owners[share.owner] += sign


@dataclass(frozen=True, slots=True)
class PodShare:
    """What one pod takes from its node, worked out once (the scheduler keeps one per bound pod)."""

    requested: tuple[tuple[str, int], ...]
    non_zero: tuple[tuple[str, int], ...]
    host_ports: frozenset[tuple[str, str, int]]
    owner: str

    @classmethod
    def of(cls, pod: Mapping[str, Any]) -> PodShare | None:
        """The share of ``pod``; None for a terminal pod, which holds nothing."""
        if is_pod_terminal(pod):
            return None
        pod_spec = spec(pod)
        ref = controller_ref(pod)
        return cls(
            requested=tuple(pod_requests(pod_spec).items()),
            non_zero=tuple(pod_requests(pod_spec, non_zero=True).items()),
            host_ports=frozenset(_host_ports(pod_spec)),
            owner=str(ref.get("uid")) if ref is not None else "",
        )


def _host_ports(pod_spec: Mapping[str, Any]) -> set[tuple[str, str, int]]:
    ports = set()
    for container in pod_spec.get("containers") or ():
        for port in container.get("ports") or ():
            if port.get("hostPort"):
                ports.add((port.get("hostIP") or "0.0.0.0", port.get("protocol") or "TCP", port["hostPort"]))
    return ports


def _ports_conflict(wanted: set[tuple[str, str, int]], used: Iterable[tuple[str, str, int]]) -> bool:
    # HostPortInfo: the wildcard address conflicts with every address on the same port/protocol.
    return any(
        protocol == used_protocol and port == used_port and (ip == used_ip or "0.0.0.0" in (ip, used_ip))
        for ip, protocol, port in wanted
        for used_ip, used_protocol, used_port in used
    )


def _usage(pods: Iterable[Mapping[str, Any]]) -> NodeUsage:
    usage = NodeUsage()
    for pod in pods:
        usage.add(pod)
    return usage


def _allocatable(node: Mapping[str, Any]) -> dict[str, int]:
    return {name: _amount(name, raw) for name, raw in (status(node).get("allocatable") or EMPTY).items()}


# --- filters ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rejection:
    reasons: tuple[str, ...]
    unresolvable: bool


def _fit(request: Mapping[str, int], allocatable: Mapping[str, int], usage: NodeUsage) -> _Rejection | None:
    reasons: list[str] = []
    unresolvable = False
    if usage.pods + 1 > allocatable.get("pods", 0):
        reasons.append("Too many pods")
    for name, amount in request.items():
        if amount <= 0 or name == "pods":
            continue
        capacity = allocatable.get(name, 0)
        if amount > capacity - usage.requested[name]:
            reasons.append(f"Insufficient {name}")
            # A request larger than the whole node cannot be helped by preemption.
            unresolvable = unresolvable or amount > capacity
    return _Rejection(tuple(reasons), unresolvable) if reasons else None


def _filter(
    pod_spec: Mapping[str, Any],
    node: Mapping[str, Any],
    usage: NodeUsage,
    request: Mapping[str, int],
) -> _Rejection | None:
    tolerations = pod_spec.get("tolerations") or ()
    node_spec = spec(node)
    if node_spec.get("unschedulable") and not any(tolerates(t, _UNSCHEDULABLE_TAINT) for t in tolerations):
        return _Rejection((_UNSCHEDULABLE,), True)
    taint = find_untolerated_taint(node_spec.get("taints") or (), tolerations, _NO_SCHEDULE)
    if taint is not None:
        reason = f"node(s) had untolerated taint {{{taint.get('key', '')}: {taint.get('value', '')}}}"
        return _Rejection((reason,), True)
    if not required_affinity_matches(pod_spec, node):
        return _Rejection((_AFFINITY,), True)
    if _ports_conflict(_host_ports(pod_spec), usage.host_ports):
        return _Rejection((_PORTS,), False)
    return _fit(request, _allocatable(node), usage)


# --- scoring ----------------------------------------------------------------------------------


def _least_allocated(requested: int, capacity: int) -> int:
    if capacity == 0 or requested > capacity:
        return 0
    return (capacity - requested) * MAX_NODE_SCORE // capacity


def _resource_scores(request: Mapping[str, int], allocatable: Mapping[str, int], usage: NodeUsage) -> tuple[int, int]:
    fractions, least = [], []
    for name in ("cpu", "memory"):
        capacity = allocatable.get(name, 0)
        requested = usage.non_zero[name] + request.get(name, 0)
        least.append(_least_allocated(requested, capacity))
        if capacity:
            fractions.append(min(requested / capacity, 1.0))
    deviation = abs(fractions[0] - fractions[1]) / 2 if len(fractions) == 2 else 0.0
    return sum(least) // len(least), int((1 - deviation) * MAX_NODE_SCORE)


def _normalize(raw: Mapping[str, int], *, reverse: bool) -> dict[str, int]:
    """``helper.DefaultNormalizeScore``: scale to 0..100 by the maximum, optionally reversed."""
    top = max(raw.values(), default=0)
    if top == 0:
        return {name: MAX_NODE_SCORE if reverse else 0 for name in raw}
    scaled = {name: MAX_NODE_SCORE * value // top for name, value in raw.items()}
    return {name: MAX_NODE_SCORE - value for name, value in scaled.items()} if reverse else scaled


def _scores(
    pod: Mapping[str, Any],
    feasible: list[Mapping[str, Any]],
    usages: Mapping[str, NodeUsage],
) -> dict[str, int]:
    pod_spec = spec(pod)
    request = pod_requests(pod_spec, non_zero=True)
    prefer_tolerations = [
        t for t in pod_spec.get("tolerations") or () if t.get("effect") in (None, "", "PreferNoSchedule")
    ]
    owner = controller_ref(pod)
    taints, affinity, spread, totals = {}, {}, {}, {}
    for node in feasible:
        name = meta(node)["name"]
        untolerated = [
            taint
            for taint in spec(node).get("taints") or ()
            if taint.get("effect") == "PreferNoSchedule" and not any(tolerates(t, taint) for t in prefer_tolerations)
        ]
        taints[name] = len(untolerated)
        affinity[name] = node_affinity_preference(pod_spec, node)
        spread[name] = usages[name].owners[str(owner.get("uid"))] if owner is not None else 0
        least, balanced = _resource_scores(request, _allocatable(node), usages[name])
        totals[name] = least + balanced
    for weight, normalized in (
        (3, _normalize(taints, reverse=True)),
        (2, _normalize(affinity, reverse=False)),
        (2, _normalize(spread, reverse=True)),
    ):
        for name, value in normalized.items():
            totals[name] += weight * value
    return totals


def _tie_break(pod: Mapping[str, Any], node_name: str) -> int:
    key = meta(pod).get("uid") or f"{meta(pod).get('namespace', '')}/{meta(pod).get('name', '')}"
    return hashing.fnv32a(f"{key}/{node_name}".encode())


# --- the decision -----------------------------------------------------------------------------


def _histogram(reasons: Iterable[str]) -> str:
    return ", ".join(sorted(f"{count} {reason}" for reason, count in Counter(reasons).items()))


def schedule(
    pod: Mapping[str, Any],
    nodes: Iterable[Mapping[str, Any]],
    pods_on_nodes: Mapping[str, Iterable[Mapping[str, Any]]],
    *,
    usages: Mapping[str, NodeUsage] | None = None,
) -> ScheduleResult:
    """Choose a node for ``pod`` or explain, in kube's words, why none fits.

    Args:
        pod: the pod as served.
        nodes: every node.
        pods_on_nodes: the pods bound to each node, by node name (terminal pods are ignored).
        usages: the same pods already counted per node; when given, ``pods_on_nodes`` is not read.

    Returns:
        The chosen node (``already_assigned`` when ``spec.nodeName`` was preset, which the
        scheduler leaves alone), or ``node_name=None`` with the PodScheduled reason
        (``Unschedulable`` or ``SchedulingGated``) and message.
    """
    pod_spec = spec(pod)
    if pod_spec.get("nodeName"):
        return ScheduleResult(node_name=pod_spec["nodeName"], already_assigned=True)
    if pod_spec.get("schedulingGates"):
        return ScheduleResult(
            reason="SchedulingGated", message="Scheduling is blocked due to non-empty scheduling gates"
        )
    nodes = list(nodes)
    if not nodes:
        return ScheduleResult(reason="Unschedulable", message="no nodes available to schedule pods")
    request = pod_requests(pod_spec)
    if usages is None:
        usages = {meta(node)["name"]: _usage(pods_on_nodes.get(meta(node)["name"], ())) for node in nodes}
    else:
        usages = {meta(node)["name"]: usages.get(meta(node)["name"]) or NodeUsage() for node in nodes}
    feasible, rejections = [], []
    for node in nodes:
        rejection = _filter(pod_spec, node, usages[meta(node)["name"]], request)
        if rejection is None:
            feasible.append(node)
        else:
            rejections.append(rejection)
    if feasible:
        scores = _scores(pod, feasible, usages)
        best = max(scores.values())
        winners = [name for name, score in scores.items() if score == best]
        chosen = min(winners, key=lambda name: (_tie_break(pod, name), name))
        return ScheduleResult(node_name=chosen, scores=scores)
    total = len(nodes)
    message = f"0/{total} nodes are available: {_histogram(r for rej in rejections for r in rej.reasons)}."
    if pod_spec.get("preemptionPolicy") == "Never":
        preemption = "not eligible due to preemptionPolicy=Never."
    else:
        outcome = (_NOT_HELPFUL if rej.unresolvable else _NO_VICTIMS for rej in rejections)
        preemption = f"0/{total} nodes are available: {_histogram(outcome)}."
    return ScheduleResult(reason="Unschedulable", message=f"{message} preemption: {preemption}")
