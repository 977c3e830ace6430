"""The ReplicaSet controller's shell: route events to ReplicaSets, read, plan, write.

Keys are ``namespace/name`` of ReplicaSets. A pod event enqueues its controlling ReplicaSet (the
old and the new one when the reference changed) or, for an orphan, every ReplicaSet of its
namespace whose selector matches it (it may be adopted). A pass reads the ReplicaSet, the pods
it controls plus the namespace's orphans (what ``claim`` can act on), and, when it belongs to a
Deployment, the pods of its sibling ReplicaSets (the deletion ranking prefers crowded nodes);
then it carries out :func:`replicas.plan_replica_set`'s actions in order.

The planner's one rule for the shell — plan again only once the previous creates and deletes
are visible — holds by construction: writes await their commit, after which the store (which
these reads come from) shows them, and one key is never reconciled twice at once. A create that
fails stops the pass with a ``FailedCreate`` warning and the ``ReplicaFailure`` condition, as
``manageReplicas`` does; the key is retried with backoff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import replicas
from kubeedge.apiserver.controllers._indexes import owners_to_wake
from kubeedge.apiserver.controllers._objects import (
    ObjectRef,
    claim,
    is_pod_active,
    new_controller_ref,
    spec,
)
from kubeedge.apiserver.controllers._pacing import Pacing
from kubeedge.apiserver.controllers._writes import adopt, create_pods, delete, release
from kubeedge.apiserver.controllers.runtime import ControllerLoop, split_key

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._indexes import Facts, ResourceIndex
    from kubeedge.apiserver.controllers._recorder import EventRecorder
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["ReplicaSetController"]

COMPONENT = "replicaset-controller"


class ReplicaSetController:
    """Keeps each ReplicaSet's pods at ``spec.replicas`` and its status current."""

    name = "replicaset"

    def __init__(
        self,
        client: InternalClient,
        *,
        pods: ResourceIndex,
        replica_sets: ResourceIndex,
        recorder: EventRecorder,
        workers: int = 4,
    ) -> None:
        self.client = client
        self.pods = pods
        self.replica_sets = replica_sets
        self.recorder = recorder
        self.resource = replica_sets.resource
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)
        self.pacing = Pacing(self.loop)

    def start(self) -> None:
        self.pods.start()
        self.replica_sets.start()
        self.replica_sets.subscribe(self._on_replica_set)
        self.pods.subscribe(self._on_pod)
        self.loop.enqueue_all(self.replica_sets.facts)

    async def run(self) -> None:
        await self.loop.run()

    # --- routing ------------------------------------------------------------------------------

    def _on_replica_set(self, old: Facts | None, new: Facts | None) -> None:
        self.loop.enqueue((new or old).key)  # type: ignore[union-attr]

    def _on_pod(self, old: Facts | None, new: Facts | None) -> None:
        for key in owners_to_wake(old, new, kind="ReplicaSet", owners=self.replica_sets):
            self.pacing.enqueue(key)

    # --- the pass -----------------------------------------------------------------------------

    async def reconcile(self, key: str) -> float | None:
        namespace, name = split_key(key)
        rs = self.client.get(self.resource, namespace, name)
        if rs is None:
            self.pacing.forget(key)
            return None  # its pods are the garbage collector's
        started = self.pacing.started()
        uid = rs["metadata"]["uid"]
        pods = self.pods.candidates(uid, namespace)
        plan = replicas.plan_replica_set(rs, pods, now=self.client.now(), related_pods=self._related(rs, pods))
        self.pacing.finished(key, started)
        ref = ObjectRef.of(rs, api_version="apps/v1", kind="ReplicaSet")
        pods_resource = self.pods.resource
        creates = [action for action in plan.actions if isinstance(action, replicas.CreatePod)]
        for action in plan.actions:
            if isinstance(action, replicas.Adopt):
                await adopt(self.client, pods_resource, action)
            elif isinstance(action, replicas.Release):
                await release(self.client, pods_resource, action)
            elif isinstance(action, replicas.CreatePod):
                if creates:  # the planner lists them together: create them as one paced batch
                    await self._create(rs, ref, pods, creates)
                    creates = []
            elif isinstance(action, replicas.DeletePod):
                if await delete(self.client, pods_resource, action.target):
                    await self.recorder.record(ref, "Normal", "SuccessfulDelete", f"Deleted pod: {action.target.name}")
            elif isinstance(action, replicas.RecordEvent):
                await self.recorder.record(action.regarding, action.type, action.reason, action.message)
            elif isinstance(action, replicas.UpdateReplicaSetStatus):
                await self.client.update(self.resource, action.replica_set, subresource="status")
        return plan.requeue_after

    async def _create(
        self, rs: dict[str, Any], ref: ObjectRef, pods: list[dict[str, Any]], creates: list[replicas.CreatePod]
    ) -> None:
        async def created(pod: dict[str, Any]) -> None:
            await self.recorder.record(ref, "Normal", "SuccessfulCreate", f"Created pod: {pod['metadata']['name']}")

        failure = await create_pods(self.client, creates, on_created=created)
        if failure is None:
            return
        message = str(failure)
        await self.recorder.record(ref, "Warning", "FailedCreate", f"Error creating: {message}")
        # calculateStatus with the manageReplicas error: the ReplicaFailure condition.
        owned = claim(
            rs,
            spec(rs).get("selector"),
            (pod for pod in pods if is_pod_active(pod)),
            owner_ref=new_controller_ref(rs, api_version="apps/v1", kind="ReplicaSet"),
            target_kind="Pod",
            target_api_version="v1",
        ).owned
        current = self.client.get(self.resource, ref.namespace, ref.name)
        if current is not None and current["metadata"]["uid"] == ref.uid:
            status = replicas.replica_set_status(
                current, owned, now=self.client.now(), failure=("FailedCreate", message)
            )
            await self.client.update(self.resource, {**current, "status": status}, subresource="status")
        raise failure

    def _related(self, rs: dict[str, Any], pods: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
        """Pods of the ReplicaSets that share this one's controller (``getIndirectlyRelatedPods``)."""
        owner = self.replica_sets.facts.get(f"{rs['metadata']['namespace']}/{rs['metadata']['name']}")
        if owner is None or owner.controller is None:
            return None
        siblings = [f for f in self.replica_sets.controlled_by(owner.controller.uid) if f.uid != owner.uid]
        if not siblings:
            return None
        related = list(pods)
        for sibling in siblings:
            related += self.pods.objects(list(self.pods.controlled_by(sibling.uid)))
        return related
