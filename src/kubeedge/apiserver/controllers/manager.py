"""The built-in controllers, built and run together: kube-controller-manager, kube-scheduler,
and the controllers kube-apiserver runs itself, in this process.

:func:`run_controllers` is the composition root of this package: it builds the shared indexes
(pods, ReplicaSets, Deployments, DaemonSets, ControllerRevisions, Services, nodes), every
controller with the field manager kube uses for it, registers their observers, and runs them in
one TaskGroup until cancelled. A controller's reconcile failures are retried per key by its
:class:`~.runtime.ControllerLoop`; a controller whose ``run`` fails anyway is logged and
restarted after a backoff, so one broken controller never stops the others.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Protocol

from kubeedge.apiserver.controllers import (
    apiservice,
    crds,
    daemonsets,
    deployments,
    endpoints,
    events,
    gc,
    namespaces,
    nodelifecycle,
    podgc,
    replicasets,
    scheduler,
    serviceaccounts,
)
from kubeedge.apiserver.controllers._indexes import NodeCache, ResourceIndex
from kubeedge.apiserver.controllers._recorder import EventRecorder

if TYPE_CHECKING:
    from collections.abc import Callable

    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["CONTROLLER_MANAGER", "SCHEDULER", "Controller", "build_controllers", "run_controllers"]

logger = logging.getLogger(__name__)

CONTROLLER_MANAGER = "kube-controller-manager"
SCHEDULER = "kube-scheduler"
APISERVER = "kube-apiserver"
_RESTART_DELAY = 1.0
_MAX_RESTART_DELAY = 60.0


class Controller(Protocol):
    name: str

    def start(self) -> None:
        """Register observers and enqueue what exists (synchronous: nothing is missed)."""

    async def run(self) -> None:
        """Work until cancelled."""


def build_controllers(
    client_factory: Callable[[str], InternalClient],
    *,
    ca_pem: bytes,
    secure_port: int,
    bind_address: str,
    node_monitor_grace_period: float = 40.0,
) -> list[Controller]:
    """Every built-in controller, wired to shared indexes (not started)."""
    manager = client_factory(CONTROLLER_MANAGER)
    scheduling_client = client_factory(SCHEDULER)
    apiserver_client = client_factory(APISERVER)
    pods = ResourceIndex(manager, manager.resource("", "pods"))
    replica_sets = ResourceIndex(manager, manager.resource("apps", "replicasets"))
    nodes = NodeCache(manager)

    def recorder(component: str, client: InternalClient = manager) -> EventRecorder:
        return EventRecorder(client, component)

    return [
        scheduler.Scheduler(scheduling_client, nodes=nodes, recorder=recorder(scheduler.COMPONENT, scheduling_client)),
        deployments.DeploymentController(
            manager,
            pods=pods,
            replica_sets=replica_sets,
            deployments=ResourceIndex(manager, manager.resource("apps", "deployments")),
            recorder=recorder(deployments.COMPONENT),
        ),
        replicasets.ReplicaSetController(
            manager, pods=pods, replica_sets=replica_sets, recorder=recorder(replicasets.COMPONENT)
        ),
        daemonsets.DaemonSetController(
            manager,
            pods=pods,
            daemon_sets=ResourceIndex(manager, manager.resource("apps", "daemonsets")),
            revisions=ResourceIndex(manager, manager.resource("apps", "controllerrevisions")),
            nodes=nodes,
            recorder=recorder(daemonsets.COMPONENT),
        ),
        endpoints.EndpointsController(
            manager, pods=pods, services=ResourceIndex(manager, manager.resource("", "services"))
        ),
        gc.GarbageCollector(manager),
        namespaces.NamespaceController(manager),
        nodelifecycle.NodeLifecycleController(
            manager,
            nodes=nodes,
            pods=pods,
            recorder=recorder("node-controller"),
            grace_period=node_monitor_grace_period,
        ),
        podgc.PodGCController(manager, pods=pods, nodes=nodes),
        serviceaccounts.ServiceAccountsController(manager, ca_pem=ca_pem),
        events.EventTTLController(apiserver_client),
        crds.CRDController(apiserver_client),
        apiservice.KubernetesServiceController(apiserver_client, secure_port=secure_port, bind_address=bind_address),
    ]


async def run_controllers(
    client_factory: Callable[[str], InternalClient],
    *,
    ca_pem: bytes,
    secure_port: int,
    bind_address: str,
    node_monitor_grace_period: float = 40.0,
) -> None:
    """Build every built-in controller and run them until cancelled.

    Args:
        client_factory: makes an in-process client acting as the given field manager.
        ca_pem: the apiserver's CA bundle (published as ``kube-root-ca.crt``).
        secure_port: the port the apiserver serves on (the ``kubernetes`` Service's targetPort).
        bind_address: the address it binds (the ``kubernetes`` Endpoints; loopback for a wildcard).
        node_monitor_grace_period: seconds without a heartbeat before a node is Unknown.
    """
    controllers = build_controllers(
        client_factory,
        ca_pem=ca_pem,
        secure_port=secure_port,
        bind_address=bind_address,
        node_monitor_grace_period=node_monitor_grace_period,
    )
    started = []
    for controller in controllers:
        try:
            controller.start()
        except Exception:
            # Its observers may be half registered: leave it out rather than run it blind.
            logger.exception("Controller %s could not start; it will not run", controller.name)
        else:
            started.append(controller)
    async with asyncio.TaskGroup() as tasks:
        for controller in started:
            tasks.create_task(_keep_running(controller), name=f"controller-{controller.name}")


async def _keep_running(controller: Controller) -> None:
    """Run a controller; if it fails (or returns), log it and start it again after a backoff."""
    delay = _RESTART_DELAY
    while True:
        try:
            await controller.run()
        except Exception:
            logger.exception("Controller %s failed; restarting in %.0fs", controller.name, delay)
        else:
            logger.error("Controller %s stopped unexpectedly; restarting in %.0fs", controller.name, delay)
        await asyncio.sleep(delay)
        delay = min(delay * 2, _MAX_RESTART_DELAY)
