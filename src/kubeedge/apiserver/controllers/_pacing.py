"""Pacing the passes that a stream of dependent changes triggers.

A ReplicaSet with 10,000 pods sees a pod change many times a second (binding, status reports),
and each change asks for a pass over all its pods. kube's controllers run those passes on their
own goroutines; ours share the apiserver's event loop, so back-to-back passes over a large owner
would starve everything else. :class:`Pacing` delays a *dependent-triggered* pass of a key by
twice the time its previous pass spent planning (capped at one second): a small owner is still
handled at once, a large one is handled in batches, using at most about a third of the loop.
Changes to the owner itself are enqueued at once as usual.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubeedge.apiserver.controllers.runtime import ControllerLoop

__all__ = ["Pacing"]

_FACTOR = 2.0
_MAX_DELAY = 1.0
_UNNOTICEABLE = 0.005  # passes cheaper than this are not delayed at all


class Pacing:
    """Remembers how long each key's passes take and delays dependent-triggered ones."""

    def __init__(self, loop: ControllerLoop) -> None:
        self.loop = loop
        self._cost: dict[str, float] = {}

    def enqueue(self, key: str) -> None:
        """Enqueue ``key`` because something it depends on changed."""
        cost = self._cost.get(key, 0.0)
        if cost < _UNNOTICEABLE:
            self.loop.enqueue(key)
        else:
            self.loop.queue.add_after(key, min(cost * _FACTOR, _MAX_DELAY))

    def started(self) -> float:
        return time.perf_counter()

    def finished(self, key: str, started: float) -> None:
        """Record the synchronous (loop-blocking) part of a pass that began at ``started``."""
        self._cost[key] = time.perf_counter() - started

    def forget(self, key: str) -> None:
        self._cost.pop(key, None)
