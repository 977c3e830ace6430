"""Writing ``core/v1`` Events the way client-go's event recorder does.

``kubectl describe`` shows what the controllers did through Events: ``ScalingReplicaSet``,
``SuccessfulCreate``, ``Scheduled``, ``FailedScheduling``, ``NodeNotReady``... An Event is named
``<involved name>.<hex nanoseconds>``, lives in the involved object's namespace (``default`` for
cluster-scoped objects), carries ``source.component`` and ``reportingComponent``, and a repeat of
the same (object, type, reason, message) bumps ``count`` and ``lastTimestamp`` of the previous
Event instead of writing a new one — the correlator's aggregation, kept in a bounded LRU.

Events are best effort, as in kube: a failure to record one is logged and never fails the
reconcile that produced it (a namespace being deleted refuses new Events, for example).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import format_time
from kubeedge.apiserver.errors import StatusError

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers._objects import ObjectRef
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["EventRecorder"]

logger = logging.getLogger(__name__)

_REMEMBERED = 4096  # distinct events whose repeats are aggregated


class EventRecorder:
    """Records Events about objects as ``component`` (``deployment-controller``...)."""

    def __init__(self, client: InternalClient, component: str) -> None:
        self.client = client
        self.component = component
        self._resource = client.resource("", "events")
        self._recent: OrderedDict[tuple[str, ...], tuple[str, str]] = OrderedDict()
        self._last_nanos = 0

    async def record(self, regarding: ObjectRef, type_: str, reason: str, message: str) -> None:
        """Write (or aggregate into) an Event; never raises a StatusError."""
        namespace = regarding.namespace or "default"
        identity = (regarding.uid, regarding.kind, regarding.name, namespace, type_, reason, message)
        now = self.client.now()
        stamp = format_time(now)
        try:
            previous = self._recent.get(identity)
            if previous is not None and await self._bump(previous, stamp):
                self._recent.move_to_end(identity)
                return
            # Names must differ even for two events within one clock tick.
            self._last_nanos = max(int(now.timestamp() * 1e9), self._last_nanos + 1)
            event = self._event(regarding, namespace, type_, reason, message, stamp, self._last_nanos)
            created = await self.client.create(self._resource, namespace, event)
        except StatusError as exc:
            logger.debug("Event %s %s about %s/%s not recorded: %s", type_, reason, namespace, regarding.name, exc)
            return
        self._recent[identity] = (namespace, created["metadata"]["name"])
        if len(self._recent) > _REMEMBERED:
            self._recent.popitem(last=False)

    async def _bump(self, where: tuple[str, str], stamp: str) -> bool:
        namespace, name = where

        def change(event: dict[str, Any]) -> dict[str, Any]:
            event["count"] = int(event.get("count") or 1) + 1
            event["lastTimestamp"] = stamp
            return event

        try:
            await self.client.mutate(self._resource, namespace, name, change)
        except StatusError as exc:
            if exc.code == 404:
                return False  # expired or deleted: write a new one
            raise
        return True

    def _event(
        self,
        regarding: ObjectRef,
        namespace: str,
        type_: str,
        reason: str,
        message: str,
        stamp: str,
        nanos: int,
    ) -> dict[str, Any]:
        return {
            "apiVersion": "v1",
            "kind": "Event",
            "metadata": {"name": f"{regarding.name}.{nanos:x}", "namespace": namespace},
            "involvedObject": regarding.as_object_reference(),
            "reason": reason,
            "message": message,
            "source": {"component": self.component},
            "firstTimestamp": stamp,
            "lastTimestamp": stamp,
            "count": 1,
            "type": type_,
            "eventTime": None,
            "reportingComponent": self.component,
            "reportingInstance": "",
        }
