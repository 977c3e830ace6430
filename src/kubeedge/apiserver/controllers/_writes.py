"""Carrying out the actions several controllers share, with kube's preconditions and pacing.

Adopting and releasing (``ControllerRefManager``'s patches, guarded by the target's uid), creating
pods in slow-start batches (1, 2, 4, ... at once, stopping at the first failing batch, as
``slowStartBatch`` does so that a quota or a terminating namespace costs one error, not 500),
deleting with a uid precondition, finding the served resource of an ``apiVersion``/``kind``, and a
periodic ticker whose failures are logged and survived.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Sequence

    from kubeedge.apiserver.controllers._objects import Adopt, CreatePod, ObjectRef, Release
    from kubeedge.apiserver.controllers.runtime import InternalClient
    from kubeedge.apiserver.registry.options import Propagation
    from kubeedge.apiserver.registry.resources import ResourceInfo

__all__ = [
    "adopt",
    "check_uid",
    "create_pods",
    "delete",
    "every",
    "is_gone",
    "release",
    "resource_for",
]

logger = logging.getLogger(__name__)


def is_gone(exc: StatusError) -> bool:
    """The target no longer exists (or was replaced): the action has nothing left to do."""
    return exc.code == 404


def resource_for(client: InternalClient, api_version: str, kind: str) -> ResourceInfo | None:
    """The served resource of ``apiVersion``/``kind`` (any served version of the group)."""
    group = api_version.rpartition("/")[0]
    return client.catalog.by_kind(group, kind)


def check_uid(resource: ResourceInfo, obj: dict[str, Any], uid: str) -> None:
    """A uid precondition inside a read-modify-write, worded as the apiserver's."""
    current = (obj.get("metadata") or {}).get("uid")
    if uid and current != uid:
        name = (obj.get("metadata") or {}).get("name", "")
        raise StatusError.conflict(
            resource.plural,
            resource.group,
            name,
            f"Precondition failed: UID in precondition: {uid}, UID in object meta: {current}",
        )


async def adopt(client: InternalClient, resource: ResourceInfo, action: Adopt) -> None:
    """Add the controller reference, unless someone else controls the object by now."""
    target = action.target

    def change(obj: dict[str, Any]) -> dict[str, Any]:
        check_uid(resource, obj, target.uid)
        refs = list(obj["metadata"].get("ownerReferences") or [])
        if any(ref.get("controller") for ref in refs):
            raise StatusError.conflict(resource.plural, resource.group, target.name, "already controlled")
        obj["metadata"]["ownerReferences"] = [*refs, dict(action.owner_reference)]
        return obj

    try:
        await client.mutate(resource, target.namespace, target.name, change)
    except StatusError as exc:
        if not is_gone(exc):
            raise


async def release(client: InternalClient, resource: ResourceInfo, action: Release) -> None:
    """Remove the owner's reference from an object that no longer matches its selector."""
    target = action.target

    def change(obj: dict[str, Any]) -> dict[str, Any]:
        check_uid(resource, obj, target.uid)
        refs = [r for r in obj["metadata"].get("ownerReferences") or [] if r.get("uid") != action.owner_uid]
        if refs:
            obj["metadata"]["ownerReferences"] = refs
        else:
            obj["metadata"].pop("ownerReferences", None)
        return obj

    try:
        await client.mutate(resource, target.namespace, target.name, change)
    except StatusError as exc:
        if not is_gone(exc):
            raise


async def delete(
    client: InternalClient,
    resource: ResourceInfo,
    target: ObjectRef,
    *,
    propagation: Propagation | None = None,
    grace_period: int | None = None,
) -> bool:
    """DELETE with a uid precondition; False when it was already gone or replaced."""
    return await client.delete(
        resource,
        target.namespace,
        target.name,
        uid=target.uid or None,
        propagation=propagation,
        grace_period=grace_period,
    )


async def create_pods(
    client: InternalClient,
    actions: Sequence[CreatePod],
    *,
    on_created: Callable[[dict[str, Any]], Awaitable[None]],
) -> StatusError | None:
    """Create the pods in slow-start batches; returns the first error (remaining ones skipped)."""
    pods = client.resource("", "pods")
    index, batch = 0, 1
    while index < len(actions):
        chunk = actions[index : index + batch]
        results = await asyncio.gather(
            *(client.create(pods, action.pod["metadata"]["namespace"], action.pod) for action in chunk),
            return_exceptions=True,
        )
        failure: StatusError | None = None
        for result in results:
            if isinstance(result, StatusError):
                failure = failure or result
            elif isinstance(result, BaseException):
                raise result
            else:
                await on_created(result)
        if failure is not None:
            return failure
        index += len(chunk)
        batch *= 2
    return None


async def every(seconds: float, tick: Callable[[], Awaitable[object] | None], *, what: str) -> None:
    """Call ``tick`` every ``seconds`` until cancelled; a failing tick is logged, not fatal."""
    while True:
        await asyncio.sleep(seconds)
        try:
            result = tick()
            if result is not None:
                await result
        except Exception:
            logger.exception("%s failed; trying again in %.0fs", what, seconds)
