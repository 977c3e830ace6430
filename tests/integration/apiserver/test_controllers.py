"""The built-in controllers, seen as users see them: a real server, kubectl and the Python client.

The test plays the kubelet: it creates Node objects (allocatable resources, a Ready condition),
marks the pods bound to them Running and Ready with a pod IP, and finishes the deletion of pods
being terminated (a kubelet confirms with a zero-grace delete). Everything else — ReplicaSets,
pods, scheduling, rollouts, Endpoints, garbage collection, namespace cleanup, node health — is
the apiserver's controllers at work. Waits poll the API briefly, with timeouts; nothing sleeps.
"""

from __future__ import annotations

import itertools
import shutil
import time
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pytest
from kubernetes import client, config
from kubernetes.client.rest import ApiException

from kubeedge.testing.apiserver import RunningApiServer, start_apiserver

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

pytestmark = pytest.mark.integration

NODES = ("edge-1", "edge-2")
TAINTED = "edge-tainted"
_ips = itertools.count(2)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def wait_until(
    check: Callable[[], Any], *, timeout: float = 15.0, what: str = "condition", step: Callable[[], None] | None = None
) -> Any:
    """Poll ``check`` (after ``step``, e.g. one kubelet pass) until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while True:
        if step is not None:
            step()
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(0.05)


class Cluster:
    """The API clients, plus the kubelet's part for the test's nodes."""

    def __init__(self, server: RunningApiServer) -> None:
        self.server = server
        self.api = config.new_client_from_config(config_file=str(server.kubeconfig))
        self.core = client.CoreV1Api(self.api)
        self.apps = client.AppsV1Api(self.api)
        self.coordination = client.CoordinationV1Api(self.api)
        self.extensions = client.ApiextensionsV1Api(self.api)
        self.custom = client.CustomObjectsApi(self.api)

    def close(self) -> None:
        self.api.close()

    # --- the kubelet's part ---------------------------------------------------------------------

    def add_node(self, name: str, *, taints: list[dict[str, str]] | None = None) -> None:
        resources = {"cpu": "4", "memory": "8Gi", "pods": "110"}
        ready = {
            "type": "Ready",
            "status": "True",
            "reason": "KubeletReady",
            "message": "kubelet is posting ready status",
            "lastHeartbeatTime": _now(),
            "lastTransitionTime": _now(),
        }
        body: dict[str, Any] = {
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name}},
            "spec": {"taints": taints} if taints else {},
            "status": {"capacity": resources, "allocatable": resources, "conditions": [ready]},
        }
        self.core.create_node(body)

    def pods(self, namespace: str, selector: str = "") -> list[client.V1Pod]:
        return list(self.core.list_namespaced_pod(namespace, label_selector=selector).items)

    def run_pods(self, namespace: str) -> None:
        """One kubelet pass: start bound pods, finish terminating ones."""
        for pod in self.pods(namespace):
            if pod.metadata.deletion_timestamp is not None:
                self._finish(pod)
            elif pod.spec.node_name and not _is_ready(pod):
                self.set_ready(pod, True)

    def finish_terminating(self, namespace: str) -> None:
        for pod in self.pods(namespace):
            if pod.metadata.deletion_timestamp is not None:
                self._finish(pod)

    def _finish(self, pod: client.V1Pod) -> None:
        try:
            self.core.delete_namespaced_pod(pod.metadata.name, pod.metadata.namespace, grace_period_seconds=0)
        except ApiException as exc:
            if exc.status != 404:
                raise

    def set_ready(self, pod: client.V1Pod, ready: bool) -> None:
        state = "True" if ready else "False"
        ip = pod.status.pod_ip if pod.status and pod.status.pod_ip else f"10.244.0.{next(_ips)}"
        status = {
            "phase": "Running",
            "podIP": ip,
            "podIPs": [{"ip": ip}],
            "hostIP": "192.0.2.10",
            "startTime": _now(),
            "conditions": [
                {"type": "Initialized", "status": "True", "lastTransitionTime": _now()},
                {"type": "Ready", "status": state, "lastTransitionTime": _now()},
                {"type": "ContainersReady", "status": state, "lastTransitionTime": _now()},
                {"type": "PodScheduled", "status": "True", "lastTransitionTime": _now()},
            ],
            "containerStatuses": [
                {
                    "name": c.name,
                    "image": c.image,
                    "imageID": "",
                    "ready": ready,
                    "restartCount": 0,
                    "started": True,
                    "state": {"running": {"startedAt": _now()}},
                }
                for c in pod.spec.containers
            ],
        }
        try:
            self.core.patch_namespaced_pod_status(pod.metadata.name, pod.metadata.namespace, {"status": status})
        except ApiException as exc:
            if exc.status != 404:
                raise

    # --- helpers ----------------------------------------------------------------------------------

    def namespace(self, name: str) -> str:
        self.core.create_namespace({"metadata": {"name": name}})
        return name

    def deployment(self, namespace: str, name: str, *, replicas: int, image: str = "nginx:1.27", **spec: Any) -> None:
        labels = {"app": name}
        body = {
            "metadata": {"name": name},
            "spec": {
                "replicas": replicas,
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {
                        "containers": [
                            {"name": "web", "image": image, "ports": [{"name": "http", "containerPort": 80}]}
                        ]
                    },
                },
                **spec,
            },
        }
        self.apps.create_namespaced_deployment(namespace, body)

    def available(self, namespace: str, name: str) -> int:
        status = self.apps.read_namespaced_deployment_status(name, namespace).status
        return int(status.available_replicas or 0) if status else 0

    def daemons_ready(self, namespace: str, name: str) -> int:
        status = self.apps.read_namespaced_daemon_set_status(name, namespace).status
        return int(status.number_ready or 0) if status else 0

    def exists(self, read: Callable[[], Any]) -> bool:
        try:
            read()
        except ApiException as exc:
            if exc.status == 404:
                return False
            raise
        return True


def _is_ready(pod: client.V1Pod) -> bool:
    return any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []) if pod.status)


def _alive(pods: list[client.V1Pod]) -> list[client.V1Pod]:
    return [p for p in pods if p.metadata.deletion_timestamp is None]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed (scripts/setup --test installs it)")
    # No Lease renewals here: a long grace period keeps the test's nodes Ready.
    with start_apiserver(
        tmp_path_factory.mktemp("controllers"), extra_args=["--node-monitor-grace-period=1h"]
    ) as server:
        cluster = Cluster(server)
        try:
            for name in NODES:
                cluster.add_node(name)
            cluster.add_node(TAINTED, taints=[{"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}])
            yield cluster
        finally:
            cluster.close()


# --- deployments ------------------------------------------------------------------------------------


def test_deployment_creates_replicaset_and_scheduled_pods(cluster: Cluster) -> None:
    ns = cluster.namespace("deploy-basic")
    cluster.deployment(ns, "web", replicas=3)
    replica_sets = wait_until(lambda: cluster.apps.list_namespaced_replica_set(ns).items, what="the ReplicaSet")
    assert len(replica_sets) == 1
    rs = replica_sets[0]
    assert rs.metadata.owner_references[0].kind == "Deployment"
    assert rs.metadata.name.startswith("web-")
    pods = wait_until(
        lambda: (p := cluster.pods(ns)) and len(p) == 3 and all(x.spec.node_name for x in p) and p,
        what="3 scheduled pods",
    )
    assert {p.spec.node_name for p in pods} <= set(NODES)  # never the tainted node
    assert all(p.metadata.owner_references[0].name == rs.metadata.name for p in pods)
    scheduled = [c for c in pods[0].status.conditions if c.type == "PodScheduled"]
    assert scheduled
    assert scheduled[0].status == "True"

    wait_until(
        lambda: cluster.available(ns, "web") == 3,
        step=lambda: cluster.run_pods(ns),
        what="3 available replicas",
    )
    cluster.server.kubectl("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")
    status = cluster.apps.read_namespaced_deployment_status("web", ns).status
    assert (status.replicas, status.updated_replicas, status.ready_replicas) == (3, 3, 3)
    assert {c.type: c.status for c in status.conditions} == {"Available": "True", "Progressing": "True"}
    events = cluster.core.list_namespaced_event(ns).items
    assert {"ScalingReplicaSet", "SuccessfulCreate", "Scheduled"} <= {e.reason for e in events}


def test_rolling_update_respects_surge_and_unavailability(cluster: Cluster) -> None:
    ns = cluster.namespace("deploy-roll")
    strategy = {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": 1, "maxUnavailable": 1}}
    cluster.deployment(ns, "web", replicas=4, strategy=strategy)
    wait_until(
        lambda: cluster.available(ns, "web") == 4,
        step=lambda: cluster.run_pods(ns),
        what="the first rollout",
    )
    patch = {"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.28"}]}}}}
    cluster.apps.patch_namespaced_deployment("web", ns, patch)

    seen_new = 0

    def rolled_out() -> bool:
        nonlocal seen_new
        pods = _alive(cluster.pods(ns))
        # At any moment: at most replicas + maxSurge pods, at least replicas - maxUnavailable ready.
        assert len(pods) <= 5, [p.metadata.name for p in pods]
        assert sum(1 for p in pods if _is_ready(p)) >= 3
        new = [p for p in pods if p.spec.containers[0].image == "nginx:1.28"]
        seen_new = max(seen_new, len(new))
        d = cluster.apps.read_namespaced_deployment_status("web", ns)
        return (
            len(pods) == 4
            and len(new) == 4
            and d.status.updated_replicas == 4
            and d.status.available_replicas == 4
            and d.status.observed_generation == d.metadata.generation
        )

    wait_until(rolled_out, step=lambda: cluster.run_pods(ns), timeout=30, what="the rolling update")
    cluster.server.kubectl("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")
    replica_sets = cluster.apps.list_namespaced_replica_set(ns).items
    assert sorted(rs.spec.replicas for rs in replica_sets) == [0, 4]
    newest = next(rs for rs in replica_sets if rs.spec.replicas == 4)
    assert newest.metadata.annotations["deployment.kubernetes.io/revision"] == "2"


def test_kubectl_scale(cluster: Cluster) -> None:
    ns = cluster.namespace("deploy-scale")
    cluster.deployment(ns, "web", replicas=2)
    cluster.server.kubectl("scale", "deployment/web", "-n", ns, "--replicas=5")
    wait_until(
        lambda: cluster.available(ns, "web") == 5,
        step=lambda: cluster.run_pods(ns),
        what="5 available replicas",
    )
    cluster.server.kubectl("scale", "deployment/web", "-n", ns, "--replicas=1")
    wait_until(
        lambda: (
            len(cluster.pods(ns)) == 1
            and cluster.apps.read_namespaced_deployment_status("web", ns).status.replicas == 1
        ),
        step=lambda: cluster.run_pods(ns),
        what="1 replica",
    )
    cluster.server.kubectl("rollout", "status", "deployment/web", "-n", ns, "--timeout=30s")


# --- daemonsets and services ------------------------------------------------------------------------


def test_daemonset_runs_one_pod_per_untainted_node(cluster: Cluster) -> None:
    ns = cluster.namespace("daemons")
    labels = {"app": "agent"}
    cluster.apps.create_namespaced_daemon_set(
        ns,
        {
            "metadata": {"name": "agent"},
            "spec": {
                "selector": {"matchLabels": labels},
                "template": {
                    "metadata": {"labels": labels},
                    "spec": {"containers": [{"name": "agent", "image": "busybox:1.36"}]},
                },
            },
        },
    )
    pods = wait_until(
        lambda: (p := cluster.pods(ns)) and len(p) == 2 and all(x.spec.node_name for x in p) and p,
        what="a daemon pod on each untainted node",
    )
    assert sorted(p.spec.node_name for p in pods) == sorted(NODES)
    wait_until(
        lambda: cluster.daemons_ready(ns, "agent") == 2,
        step=lambda: cluster.run_pods(ns),
        what="2 ready daemon pods",
    )
    status = cluster.apps.read_namespaced_daemon_set_status("agent", ns).status
    assert (status.desired_number_scheduled, status.current_number_scheduled, status.number_misscheduled) == (2, 2, 0)
    cluster.server.kubectl("rollout", "status", "daemonset/agent", "-n", ns, "--timeout=30s")
    revisions = cluster.server.kubectl_json("get", "controllerrevisions", "-n", ns)["items"]
    assert [r["revision"] for r in revisions] == [1]
    assert all(p.metadata.labels["controller-revision-hash"] for p in pods)


def test_service_endpoints_follow_ready_pods(cluster: Cluster) -> None:
    ns = cluster.namespace("endpoints")
    cluster.deployment(ns, "web", replicas=2)
    cluster.core.create_namespaced_service(
        ns,
        {
            "metadata": {"name": "web"},
            "spec": {"selector": {"app": "web"}, "ports": [{"name": "http", "port": 80, "targetPort": "http"}]},
        },
    )
    wait_until(
        lambda: len([p for p in cluster.pods(ns) if _is_ready(p)]) == 2,
        step=lambda: cluster.run_pods(ns),
        what="2 ready pods",
    )
    pods = cluster.pods(ns)
    ips = sorted(p.status.pod_ip for p in pods)

    def addresses() -> tuple[list[str], list[str]]:
        subsets = cluster.core.read_namespaced_endpoints("web", ns).subsets or []
        ready = sorted(a.ip for s in subsets for a in s.addresses or [])
        not_ready = sorted(a.ip for s in subsets for a in s.not_ready_addresses or [])
        return ready, not_ready

    wait_until(lambda: addresses() == (ips, []), what="both pod IPs in the Endpoints")
    subset = cluster.core.read_namespaced_endpoints("web", ns).subsets[0]
    assert [(p.name, p.port, p.protocol) for p in subset.ports] == [("http", 80, "TCP")]
    assert {a.target_ref.name for a in subset.addresses} == {p.metadata.name for p in pods}

    cluster.set_ready(pods[0], False)
    wait_until(
        lambda: addresses() == ([pods[1].status.pod_ip], [pods[0].status.pod_ip]), what="the unready pod to move"
    )


# --- garbage collection -------------------------------------------------------------------------------


def _ready_deployment(cluster: Cluster, ns: str, name: str, replicas: int = 2) -> None:
    cluster.deployment(ns, name, replicas=replicas)
    wait_until(
        lambda: cluster.available(ns, name) == replicas,
        step=lambda: cluster.run_pods(ns),
        what=f"{name} available",
    )


def test_delete_deployment_background_cascade(cluster: Cluster) -> None:
    ns = cluster.namespace("gc-background")
    _ready_deployment(cluster, ns, "web")
    cluster.server.kubectl("delete", "deployment/web", "-n", ns, "--cascade=background")
    wait_until(
        lambda: not cluster.apps.list_namespaced_replica_set(ns).items and not cluster.pods(ns),
        step=lambda: cluster.finish_terminating(ns),
        what="the ReplicaSet and pods to be collected",
    )


def test_delete_deployment_foreground_cascade(cluster: Cluster) -> None:
    ns = cluster.namespace("gc-foreground")
    _ready_deployment(cluster, ns, "web")
    cluster.server.kubectl("delete", "deployment/web", "-n", ns, "--cascade=foreground", "--wait=false")
    # The Deployment stays, marked, while its dependents go (pods wait for their "kubelet").
    deployment = cluster.apps.read_namespaced_deployment("web", ns)
    assert deployment.metadata.deletion_timestamp is not None
    assert "foregroundDeletion" in deployment.metadata.finalizers
    wait_until(lambda: all(p.metadata.deletion_timestamp for p in cluster.pods(ns)), what="pods to be terminating")
    assert cluster.exists(lambda: cluster.apps.read_namespaced_deployment("web", ns))
    wait_until(
        lambda: not cluster.exists(lambda: cluster.apps.read_namespaced_deployment("web", ns)),
        step=lambda: cluster.finish_terminating(ns),
        what="the Deployment to go last",
    )
    assert not cluster.apps.list_namespaced_replica_set(ns).items
    assert not cluster.pods(ns)


def test_delete_deployment_orphan_cascade(cluster: Cluster) -> None:
    ns = cluster.namespace("gc-orphan")
    _ready_deployment(cluster, ns, "web")
    cluster.server.kubectl("delete", "deployment/web", "-n", ns, "--cascade=orphan")
    assert not cluster.exists(lambda: cluster.apps.read_namespaced_deployment("web", ns))
    replica_sets = wait_until(
        lambda: (
            (items := cluster.apps.list_namespaced_replica_set(ns).items)
            and not items[0].metadata.owner_references
            and items
        ),
        what="the ReplicaSet to be orphaned",
    )
    assert len(replica_sets) == 1
    pods = cluster.pods(ns)
    assert len(_alive(pods)) == 2
    assert all(p.metadata.owner_references[0].name == replica_sets[0].metadata.name for p in pods)


def _terminating_namespace(cluster: Cluster, ns: str) -> None:
    _ready_deployment(cluster, ns, "web")
    cluster.core.create_namespaced_config_map(ns, {"metadata": {"name": "settings"}, "data": {"a": "1"}})
    cluster.server.kubectl("delete", "namespace", ns, "--wait=false")
    assert cluster.core.read_namespace(ns).status.phase == "Terminating"


def _condition(cluster: Cluster, ns: str, kind: str) -> Any:
    conditions = cluster.core.read_namespace(ns).status.conditions or []
    return next((c for c in conditions if c.type == kind), None)


def test_delete_namespace_deletes_its_content_first(cluster: Cluster) -> None:
    ns = cluster.namespace("doomed")
    _terminating_namespace(cluster, ns)
    # Running pods hold the namespace until their kubelet confirms; the conditions say so.
    remaining = wait_until(lambda: _condition(cluster, ns, "NamespaceContentRemaining"), what="the condition")
    assert remaining.status == "True"
    assert remaining.message == "Some resources are remaining: pods. has 2 resource instances"
    assert not cluster.exists(lambda: cluster.core.read_namespaced_config_map("settings", ns))
    assert not cluster.apps.list_namespaced_deployment(ns).items
    assert cluster.core.read_namespace(ns).spec.finalizers == ["kubernetes"]
    # Once the last pod is gone the controller finalizes the namespace, and it is removed.
    wait_until(
        lambda: not cluster.pods(ns) and not cluster.exists(lambda: cluster.core.read_namespace(ns)),
        step=lambda: cluster.finish_terminating(ns),
        what="the content to go and the namespace to be finalized and removed",
    )


def test_deleted_namespace_goes_once_empty(cluster: Cluster) -> None:
    ns = cluster.namespace("doomed-too")
    _terminating_namespace(cluster, ns)
    wait_until(
        lambda: not cluster.exists(lambda: cluster.core.read_namespace(ns)),
        step=lambda: cluster.finish_terminating(ns),
        timeout=5,
        what="the namespace to go",
    )


# --- cluster bootstrap objects and CRDs -----------------------------------------------------------------


def test_kubernetes_service_and_namespace_defaults(cluster: Cluster) -> None:
    service = cluster.core.read_namespaced_service("kubernetes", "default")
    assert service.spec.cluster_ip == "10.96.0.1"
    assert [(p.name, p.port, p.target_port) for p in service.spec.ports] == [("https", 443, cluster.server.port)]
    endpoints = wait_until(
        lambda: cluster.core.read_namespaced_endpoints("kubernetes", "default").subsets, what="Endpoints"
    )
    assert endpoints[0].ports[0].port == cluster.server.port
    ns = cluster.namespace("fresh")
    wait_until(
        lambda: cluster.exists(lambda: cluster.core.read_namespaced_service_account("default", ns)), what="the SA"
    )
    root_ca = wait_until(
        lambda: (
            cluster.exists(lambda: cluster.core.read_namespaced_config_map("kube-root-ca.crt", ns))
            and cluster.core.read_namespaced_config_map("kube-root-ca.crt", ns)
        ),
        what="kube-root-ca.crt",
    )
    assert root_ca.data["ca.crt"] == (cluster.server.data_dir / "pki" / "ca.crt").read_text()


def test_crd_is_established_and_cleaned_up(cluster: Cluster) -> None:
    crd = {
        "metadata": {"name": "widgets.example.com"},
        "spec": {
            "group": "example.com",
            "scope": "Namespaced",
            "names": {"plural": "widgets", "singular": "widget", "kind": "Widget", "shortNames": ["wd"]},
            "versions": [
                {
                    "name": "v1",
                    "served": True,
                    "storage": True,
                    "schema": {"openAPIV3Schema": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}},
                }
            ],
        },
    }
    cluster.extensions.create_custom_resource_definition(crd)

    def established() -> Any:
        got = cluster.extensions.read_custom_resource_definition("widgets.example.com")
        conditions = {c.type: c for c in got.status.conditions or []} if got.status else {}
        return "Established" in conditions and conditions["Established"].status == "True" and got

    got = wait_until(established, what="the CRD to be established")
    conditions = {c.type: (c.status, c.reason) for c in got.status.conditions}
    assert conditions["NamesAccepted"] == ("True", "NoConflicts")
    assert conditions["Established"] == ("True", "InitialNamesAccepted")
    assert got.status.accepted_names.plural == "widgets"
    assert got.status.accepted_names.list_kind == "WidgetList"
    assert got.status.stored_versions == ["v1"]
    assert "customresourcecleanup.apiextensions.k8s.io" in got.metadata.finalizers

    ns = cluster.namespace("widgets")
    cluster.custom.create_namespaced_custom_object(
        "example.com",
        "v1",
        ns,
        "widgets",
        {"apiVersion": "example.com/v1", "kind": "Widget", "metadata": {"name": "w1"}},
    )
    cluster.server.kubectl("delete", "crd", "widgets.example.com", "--wait=false")
    wait_until(
        lambda: not cluster.exists(lambda: cluster.extensions.read_custom_resource_definition("widgets.example.com")),
        what="the CRD to go after its custom resources",
    )
    resources = cluster.server.kubectl("api-resources", "-o", "name").stdout.split()
    assert "widgets.example.com" not in resources


# --- node lifecycle (a server of its own, with a short grace period) --------------------------------


@pytest.fixture
def quick_cluster(tmp_path: Path) -> Iterator[Cluster]:
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl is not installed (scripts/setup --test installs it)")
    with start_apiserver(tmp_path, extra_args=["--node-monitor-grace-period=3s"]) as server:
        cluster = Cluster(server)
        try:
            yield cluster
        finally:
            cluster.close()


def test_silent_node_becomes_unknown_and_keeps_its_pods(quick_cluster: Cluster) -> None:
    cluster = quick_cluster
    cluster.add_node("edge-silent")
    cluster.coordination.create_namespaced_lease(
        "kube-node-lease",
        {
            "metadata": {"name": "edge-silent"},
            "spec": {
                "holderIdentity": "edge-silent",
                "leaseDurationSeconds": 40,
                "renewTime": datetime.now(UTC).isoformat(),
            },
        },
    )
    cluster.core.create_namespaced_pod(
        "default",
        {
            "metadata": {"name": "resident"},
            "spec": {"nodeName": "edge-silent", "containers": [{"name": "c", "image": "busybox:1.36"}]},
        },
    )
    cluster.set_ready(cluster.core.read_namespaced_pod("resident", "default"), True)
    started = time.monotonic()

    def unknown() -> Any:
        node = cluster.core.read_node("edge-silent")
        ready = next(c for c in node.status.conditions if c.type == "Ready")
        taints = {(t.key, t.effect) for t in node.spec.taints or []}
        return ready.status == "Unknown" and ("node.kubernetes.io/unreachable", "NoExecute") in taints and node

    node = wait_until(unknown, timeout=12, what="Ready=Unknown and the unreachable taint")
    assert time.monotonic() - started >= 2.0  # not before the grace period
    ready = next(c for c in node.status.conditions if c.type == "Ready")
    assert ready.reason == "NodeStatusUnknown"
    assert ready.message == "Kubelet stopped posting node status."
    assert ("node.kubernetes.io/unreachable", "NoSchedule") in {(t.key, t.effect) for t in node.spec.taints}
    # Edge autonomy: nothing is evicted; the pod is only marked not ready.
    pod = wait_until(
        lambda: (p := cluster.core.read_namespaced_pod("resident", "default")) and not _is_ready(p) and p,
        what="pod not ready",
    )
    assert pod.metadata.deletion_timestamp is None
    events = cluster.core.list_namespaced_event("default").items
    assert any(e.reason == "NodeNotReady" and e.involved_object.name == "edge-silent" for e in events)

    # The kubelet is back: its Ready heartbeat clears the controller's taints.
    heartbeat = {
        "type": "Ready",
        "status": "True",
        "reason": "KubeletReady",
        "message": "kubelet is posting ready status",
    }
    heartbeat |= {"lastHeartbeatTime": _now(), "lastTransitionTime": _now()}
    cluster.core.patch_node_status("edge-silent", {"status": {"conditions": [heartbeat]}})
    wait_until(lambda: not cluster.core.read_node("edge-silent").spec.taints, what="the taints to be removed")
    assert cluster.exists(lambda: cluster.core.read_namespaced_pod("resident", "default"))
