"""The DaemonSet controller's shell: route events to DaemonSets, read, plan, write.

Keys are ``namespace/name`` of DaemonSets. Pod and ControllerRevision events enqueue their
controlling DaemonSet (orphans: the DaemonSets whose selector matches them); any node change
enqueues every DaemonSet, since a new node, label or taint can change where daemons belong. A
pass reads the DaemonSet, every node, the pods and revisions it may claim, and performs
:func:`daemons.plan_daemon_set`'s actions in order: history first (the new pods are labelled with
the current revision's hash), then adoption, pod creation (paced like the ReplicaSet
controller's) and deletion, events, and the status through ``/status``.

New daemon pods are created unscheduled but pinned to their node by a required node affinity on
``metadata.name``; the scheduler binds them, as in kube.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import daemons
from kubeedge.apiserver.controllers._indexes import owners_to_wake
from kubeedge.apiserver.controllers._objects import ObjectRef
from kubeedge.apiserver.controllers._pacing import Pacing
from kubeedge.apiserver.controllers._writes import adopt, create_pods, delete, release
from kubeedge.apiserver.controllers.runtime import ControllerLoop, split_key

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._indexes import Facts, NodeCache, ResourceIndex
    from kubeedge.apiserver.controllers._recorder import EventRecorder
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["DaemonSetController"]

COMPONENT = "daemonset-controller"


class DaemonSetController:
    """Runs one pod of each DaemonSet on every node that should have one."""

    name = "daemonset"

    def __init__(
        self,
        client: InternalClient,
        *,
        pods: ResourceIndex,
        daemon_sets: ResourceIndex,
        revisions: ResourceIndex,
        nodes: NodeCache,
        recorder: EventRecorder,
        workers: int = 2,
    ) -> None:
        self.client = client
        self.pods = pods
        self.daemon_sets = daemon_sets
        self.revisions = revisions
        self.nodes = nodes
        self.recorder = recorder
        self.resource = daemon_sets.resource
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)
        self.pacing = Pacing(self.loop)

    def start(self) -> None:
        for index in (self.pods, self.daemon_sets, self.revisions):
            index.start()
        self.nodes.start()
        self.daemon_sets.subscribe(self._on_daemon_set)
        self.pods.subscribe(self._on_owned)
        self.revisions.subscribe(self._on_owned)
        self.nodes.subscribe(self._on_node)
        self.loop.enqueue_all(self.daemon_sets.facts)

    async def run(self) -> None:
        await self.loop.run()

    # --- routing ------------------------------------------------------------------------------

    def _on_daemon_set(self, old: Facts | None, new: Facts | None) -> None:
        self.loop.enqueue((new or old).key)  # type: ignore[union-attr]

    def _on_owned(self, old: Facts | None, new: Facts | None) -> None:
        for key in owners_to_wake(old, new, kind="DaemonSet", owners=self.daemon_sets):
            self.pacing.enqueue(key)

    def _on_node(self, _name: str) -> None:
        self.loop.enqueue_all(self.daemon_sets.facts)

    # --- the pass -----------------------------------------------------------------------------

    async def reconcile(self, key: str) -> float | None:
        namespace, name = split_key(key)
        ds = self.client.get(self.resource, namespace, name)
        if ds is None:
            self.pacing.forget(key)
            return None
        started = self.pacing.started()
        uid = ds["metadata"]["uid"]
        plan = daemons.plan_daemon_set(
            ds,
            self.nodes.all(),
            self.pods.candidates(uid, namespace),
            revisions=self.client.list(self.revisions.resource, namespace),
            now=self.client.now(),
        )
        self.pacing.finished(key, started)
        ref = ObjectRef.of(ds, api_version="apps/v1", kind="DaemonSet")
        creates = [action for action in plan.actions if isinstance(action, daemons.CreatePod)]
        for action in plan.actions:
            if isinstance(action, daemons.CreateControllerRevision):
                await self.client.create(self.revisions.resource, namespace, action.revision)
            elif isinstance(action, daemons.UpdateControllerRevision):
                await self.client.update(self.revisions.resource, action.revision)
            elif isinstance(action, daemons.DeleteControllerRevision):
                await delete(self.client, self.revisions.resource, action.target)
            elif isinstance(action, daemons.Adopt | daemons.Release):
                target = self.pods.resource if action.target.kind == "Pod" else self.revisions.resource
                if isinstance(action, daemons.Adopt):
                    await adopt(self.client, target, action)
                else:
                    await release(self.client, target, action)
            elif isinstance(action, daemons.CreatePod):
                if creates:  # listed together: one paced batch
                    await self._create(ref, creates)
                    creates = []
            elif isinstance(action, daemons.DeletePod):
                if await delete(self.client, self.pods.resource, action.target):
                    message = f"Deleted pod: {action.target.name}"
                    await self.recorder.record(ref, "Normal", "SuccessfulDelete", message)
            elif isinstance(action, daemons.RecordEvent):
                await self.recorder.record(action.regarding, action.type, action.reason, action.message)
            elif isinstance(action, daemons.UpdateDaemonSetStatus):
                await self.client.update(self.resource, action.daemon_set, subresource="status")
        return plan.requeue_after

    async def _create(self, ref: ObjectRef, creates: list[daemons.CreatePod]) -> None:
        async def created(pod: dict[str, Any]) -> None:
            await self.recorder.record(ref, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")

        failure = await create_pods(self.client, creates, on_created=created)
        if failure is not None:
            await self.recorder.record(ref, "Warning", "FailedCreate", f"Error creating: {failure}")
            raise failure
