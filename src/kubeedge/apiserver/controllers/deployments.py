"""The Deployment controller's shell: route events to Deployments, read, plan, write.

Keys are ``namespace/name`` of Deployments. A ReplicaSet event enqueues its controlling
Deployment (or, for an orphan, the Deployments of its namespace whose selector matches it); a
pod that goes away or finishes enqueues the Deployment above its ReplicaSet, because
``Recreate`` waits for the old pods to be gone. A pass reads the Deployment, the ReplicaSets it
may claim (its own, the namespace's orphans, and whatever holds the name its new ReplicaSet
would get — the planner detects hash collisions on it), the pods of its ReplicaSets for
``Recreate``, and performs :func:`rollout.plan_rollout`'s actions in order: at most one write per
ReplicaSet, each a PUT carrying the observed ``resourceVersion`` (a concurrent change is a 409,
retried), then the status through ``/status``.

The status action also carries the ``deployment.kubernetes.io/revision`` annotation, which kube's
Deployment status strategy keeps (it only resets the spec and labels). When the registry's
status write drops metadata changes, the annotation is written afterwards on the main resource,
so ``kubectl describe``/``rollout history`` still see the revision.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers import rollout
from kubeedge.apiserver.controllers._deployment import REVISION
from kubeedge.apiserver.controllers._indexes import owners_to_wake
from kubeedge.apiserver.controllers._objects import meta, spec
from kubeedge.apiserver.controllers._writes import adopt, check_uid, delete, release
from kubeedge.apiserver.controllers.runtime import ControllerLoop, split_key
from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._indexes import Facts, ResourceIndex
    from kubeedge.apiserver.controllers._recorder import EventRecorder
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["DeploymentController"]

COMPONENT = "deployment-controller"


class DeploymentController:
    """Rolls Deployments out through their ReplicaSets."""

    name = "deployment"

    def __init__(
        self,
        client: InternalClient,
        *,
        pods: ResourceIndex,
        replica_sets: ResourceIndex,
        deployments: ResourceIndex,
        recorder: EventRecorder,
        workers: int = 4,
    ) -> None:
        self.client = client
        self.pods = pods
        self.replica_sets = replica_sets
        self.deployments = deployments
        self.recorder = recorder
        self.resource = deployments.resource
        self.loop = ControllerLoop(self.name, self.reconcile, workers=workers)

    def start(self) -> None:
        for index in (self.pods, self.replica_sets, self.deployments):
            index.start()
        self.deployments.subscribe(self._on_deployment)
        self.replica_sets.subscribe(self._on_replica_set)
        self.pods.subscribe(self._on_pod)
        self.loop.enqueue_all(self.deployments.facts)

    async def run(self) -> None:
        await self.loop.run()

    # --- routing ------------------------------------------------------------------------------

    def _on_deployment(self, old: Facts | None, new: Facts | None) -> None:
        self.loop.enqueue((new or old).key)  # type: ignore[union-attr]

    def _on_replica_set(self, old: Facts | None, new: Facts | None) -> None:
        for key in owners_to_wake(old, new, kind="Deployment", owners=self.deployments):
            self.loop.enqueue(key)

    def _on_pod(self, old: Facts | None, new: Facts | None) -> None:
        if new is not None and new.phase not in ("Succeeded", "Failed"):
            return  # only pods going away matter (Recreate waits for them)
        facts = new or old
        if facts is None or facts.controller is None or facts.controller.kind != "ReplicaSet":
            return
        rs = self.replica_sets.facts.get(f"{facts.namespace}/{facts.controller.name}")
        if rs is not None and rs.controller is not None and rs.controller.kind == "Deployment":
            self.loop.enqueue(f"{facts.namespace}/{rs.controller.name}")

    # --- the pass -----------------------------------------------------------------------------

    async def reconcile(self, key: str) -> float | None:
        namespace, name = split_key(key)
        deployment = self.client.get(self.resource, namespace, name)
        if deployment is None:
            return None
        uid = deployment["metadata"]["uid"]
        replica_sets = self.replica_sets.candidates(uid, namespace)
        # The new ReplicaSet's name may be held by an object another owner controls.
        target = f"{namespace}/{name}-{rollout.pod_template_hash(deployment)}"
        if target in self.replica_sets.facts and all(
            meta(rs)["name"] != target.partition("/")[2] for rs in replica_sets
        ):
            replica_sets += self.replica_sets.objects([self.replica_sets.facts[target]])
        pods: list[dict[str, Any]] = []
        if (spec(deployment).get("strategy") or {}).get("type") == "Recreate":
            for rs in self.replica_sets.controlled_by(uid):
                pods += self.pods.objects(list(self.pods.controlled_by(rs.uid)))
        plan = rollout.plan_rollout(deployment, replica_sets, pods=pods, now=self.client.now())
        rs_resource = self.replica_sets.resource
        for action in plan.actions:
            if isinstance(action, rollout.Adopt):
                await adopt(self.client, rs_resource, action)
            elif isinstance(action, rollout.Release):
                await release(self.client, rs_resource, action)
            elif isinstance(action, rollout.CreateReplicaSet):
                await self.client.create(rs_resource, namespace, action.replica_set)
            elif isinstance(action, rollout.ScaleReplicaSet | rollout.UpdateReplicaSet):
                await self.client.update(rs_resource, action.replica_set)
            elif isinstance(action, rollout.DeleteReplicaSet):
                await delete(self.client, rs_resource, action.target)
            elif isinstance(action, rollout.RecordEvent):
                await self.recorder.record(action.regarding, action.type, action.reason, action.message)
            elif isinstance(action, rollout.UpdateDeploymentStatus):
                await self._write_status(action.deployment)
        return plan.requeue_after

    async def _write_status(self, deployment: dict[str, Any]) -> None:
        written = await self.client.update(self.resource, deployment, subresource="status")
        wanted = (meta(deployment).get("annotations") or {}).get(REVISION)
        if wanted is None or (meta(written).get("annotations") or {}).get(REVISION) == wanted:
            return
        uid = meta(deployment).get("uid", "")
        version = meta(written).get("resourceVersion")

        def annotate(current: dict[str, Any]) -> dict[str, Any]:
            check_uid(self.resource, current, uid)
            if meta(current).get("resourceVersion") != version:
                # Changed since our status write: the next pass will annotate it.
                raise StatusError.conflict(self.resource.plural, self.resource.group, meta(current)["name"], "changed")
            current["metadata"].setdefault("annotations", {})[REVISION] = wanted
            return current

        await self.client.mutate(self.resource, meta(deployment)["namespace"], meta(deployment)["name"], annotate)
