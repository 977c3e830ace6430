"""The Endpoints controller's shell: keep each selecting Service's Endpoints current.

Keys are ``namespace/name`` of Services (an Endpoints object shares its Service's name). A pod
event enqueues every Service of its namespace whose selector matched the pod before or after the
change (a relabelled pod leaves one Service and joins another); a deleted Endpoints object
enqueues its Service so that it is written again. A pass reads the Service, its Endpoints and the
pods its selector picks, and writes what :func:`endpoints_plan.plan_endpoints` says: create, a
PUT carrying the observed ``resourceVersion``, or a delete once the Service is gone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubeedge.apiserver.controllers import endpoints_plan
from kubeedge.apiserver.controllers._indexes import observe_raw
from kubeedge.apiserver.controllers._objects import map_matches
from kubeedge.apiserver.controllers._pacing import Pacing
from kubeedge.apiserver.controllers._writes import delete
from kubeedge.apiserver.controllers.runtime import ControllerLoop, split_key
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._indexes import Facts, ResourceIndex
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.storage.mvcc import Event

__all__ = ["EndpointsController"]


class EndpointsController:
    """Writes ``v1.Endpoints`` for Services with a selector."""

    name = "endpoint"

    def __init__(
        self, client: InternalClient, *, pods: ResourceIndex, services: ResourceIndex, workers: int = 4
    ) -> None:
        self.client = client
        self.pods = pods
        self.services = services
        self.endpoints = client.resource("", "endpoints")
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)
        self.pacing = Pacing(self.loop)

    def start(self) -> None:
        self.pods.start()
        self.services.start()
        self.services.subscribe(self._on_service)
        self.pods.subscribe(self._on_pod)
        observe_raw(self.client, self.endpoints, self._on_endpoints)
        self.loop.enqueue_all(self.services.facts)

    async def run(self) -> None:
        await self.loop.run()

    # --- routing ------------------------------------------------------------------------------

    def _on_service(self, old: Facts | None, new: Facts | None) -> None:
        self.loop.enqueue((new or old).key)  # type: ignore[union-attr]

    def _on_pod(self, old: Facts | None, new: Facts | None) -> None:
        namespace = (new or old).namespace  # type: ignore[union-attr]
        for service in self.services.in_namespace(namespace):
            selector = service.selector
            if not selector:
                continue
            if any(facts is not None and map_matches(selector, facts.labels) for facts in (old, new)):
                self.pacing.enqueue(service.key)

    def _on_endpoints(self, event: Event) -> None:
        if event.type is EventType.DELETED:
            key = event.key.removeprefix(self.endpoints.storage_prefix())
            if key in self.services.facts:
                self.loop.enqueue(key)

    # --- the pass -----------------------------------------------------------------------------

    async def reconcile(self, key: str) -> float | None:
        namespace, name = split_key(key)
        started = self.pacing.started()
        service = self.client.get(self.services.resource, namespace, name)
        current = self.client.get(self.endpoints, namespace, name)
        pods = []
        facts = self.services.facts.get(key)
        if service is not None and facts is not None and facts.selector:
            selector = facts.selector
            pods = self.pods.objects([p for p in self.pods.in_namespace(namespace) if map_matches(selector, p.labels)])
        action = endpoints_plan.plan_endpoints(service, pods, current)
        self.pacing.finished(key, started)
        if service is None:
            self.pacing.forget(key)
        if isinstance(action, endpoints_plan.CreateEndpoints):
            await self.client.create(self.endpoints, namespace, action.endpoints)
        elif isinstance(action, endpoints_plan.UpdateEndpoints):
            await self.client.update(self.endpoints, action.endpoints)
        elif isinstance(action, endpoints_plan.DeleteEndpoints):
            await delete(self.client, self.endpoints, action.target)
        return None
