"""Event expiry: kube-apiserver's ``--event-ttl`` (1 h by default).

kube stores each Event under an etcd lease of the TTL, renewed on every write, so an Event
disappears an hour after it was last written. Here the time of the last write of every Event is
kept from the store's change stream (Events present at startup count from their newest
timestamp), and a periodic sweep deletes those past the TTL. The sweep reads no objects: the
index holds a time and a uid per Event.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kubeedge.apiserver.controllers._objects import meta, parse_time
from kubeedge.apiserver.controllers._writes import every
from kubeedge.apiserver.controllers.runtime import object_key_of, split_key
from kubeedge.apiserver.storage.mvcc import EventType

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers.runtime import InternalClient

__all__ = ["DEFAULT_TTL", "EventTTLController", "last_written"]

DEFAULT_TTL = 3600.0
DEFAULT_INTERVAL = 60.0


def last_written(event: dict[str, Any]) -> datetime | None:
    """The newest time an Event says it was written (for Events stored before we started)."""
    series = event.get("series") or {}
    candidates = (
        event.get("lastTimestamp"),
        event.get("eventTime"),
        series.get("lastObservedTime"),
        meta(event).get("creationTimestamp"),
    )
    times = [moment for moment in map(parse_time, candidates) if moment is not None]
    return max(times, default=None)


class EventTTLController:
    """Deletes core/v1 Events not written for ``ttl`` seconds, checking every ``interval``."""

    name = "event-ttl"

    def __init__(self, client: InternalClient, *, ttl: float = DEFAULT_TTL, interval: float = DEFAULT_INTERVAL) -> None:
        self.client = client
        self.ttl = timedelta(seconds=ttl)
        self.interval = interval
        self.resource = client.resource("", "events")
        self._written: dict[str, tuple[datetime, str]] = {}  # key → (last write, uid)

    def start(self) -> None:
        now = self.client.now()
        for event in self.client.list(self.resource):
            self._written[object_key_of(event)] = (last_written(event) or now, meta(event).get("uid", ""))
        self.client.observe(self.resource, self._on_event)

    async def run(self) -> None:
        await every(self.interval, self.sweep, what="event expiry")

    def _on_event(self, kind: EventType, event: dict[str, Any]) -> None:
        key = object_key_of(event)
        if kind is EventType.DELETED:
            self._written.pop(key, None)
        else:
            self._written[key] = (self.client.now(), meta(event).get("uid", ""))

    async def sweep(self) -> int:
        """Delete the expired Events now; returns how many were deleted."""
        deadline = self.client.now() - self.ttl
        expired = [(key, uid) for key, (moment, uid) in self._written.items() if moment < deadline]
        deleted = 0
        for start in range(0, len(expired), 64):
            results = await asyncio.gather(
                *(
                    self.client.delete(self.resource, *split_key(key), uid=uid or None)
                    for key, uid in expired[start : start + 64]
                )
            )
            deleted += sum(1 for result in results if result)
        return deleted
