"""Requests waiting for their responses, keyed by the request's message id.

KubeEdge's beehive parks a one-shot channel per synchronous request in a map keyed by
``msg_id`` and matches a response purely by ``parent_msg_id`` (spec §1.5). This is the same
idea with futures, and with the parts Go leaves out:

- delivering a response never blocks and never raises: it completes a future or is counted;
- a response for a request that already timed out or was cancelled is told apart from one
  nobody ever asked for (``late`` versus ``unmatched``), using a bounded memory of recently
  abandoned ids; each kind is logged at WARNING the first time and counted every time;
- a request to a group waits for ``expected`` responses (one per member); responses beyond
  that count as late.
"""

from __future__ import annotations

import asyncio
import collections
import logging
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from kubeedge.beehive.envelope import Envelope

__all__ = ["PendingResponses", "PendingStatistics", "Waiter"]

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=Envelope)


@dataclass(frozen=True, slots=True, kw_only=True)
class PendingStatistics:
    pending: int
    """Requests currently waiting."""
    delivered: int
    """Responses handed to a waiting request."""
    late: int
    """Responses to a request that had already timed out, been cancelled or been fully answered."""
    unmatched: int
    """Responses whose parent id matches no request we know of (or is empty)."""


@dataclass(slots=True, kw_only=True)
class Waiter(Generic[M]):
    """One request's slot: completes with ``expected`` responses, in arrival order."""

    msg_id: str
    expected: int
    future: asyncio.Future[list[M]]
    responses: list[M] = field(default_factory=list)


class PendingResponses(Generic[M]):
    """The table of requests waiting for responses.

    Args:
        late_memory: how many abandoned request ids to remember for telling late responses
            from unmatched ones.
    """

    def __init__(self, *, late_memory: int = 1024) -> None:
        self._waiters: dict[str, Waiter[M]] = {}
        self._abandoned: collections.OrderedDict[str, None] = collections.OrderedDict()
        self._late_memory = late_memory
        self._delivered = 0
        self._late = 0
        self._unmatched = 0

    def __contains__(self, msg_id: object) -> bool:
        return msg_id in self._waiters

    def open(self, msg_id: str, *, expected: int = 1) -> Waiter[M]:
        """Register a request that waits for ``expected`` responses; pair with :meth:`close`.

        Raises:
            ValueError: ``msg_id`` is empty, already waiting, or ``expected`` < 1.
        """
        if not msg_id:
            raise ValueError("a request needs a non-empty msg_id")
        if msg_id in self._waiters:
            raise ValueError(f"message {msg_id} is already waiting for a response")
        if expected < 1:
            raise ValueError(f"a request waits for at least one response, not {expected}")
        future: asyncio.Future[list[M]] = asyncio.get_running_loop().create_future()
        waiter = Waiter(msg_id=msg_id, expected=expected, future=future)
        self._waiters[msg_id] = waiter
        return waiter

    def close(self, waiter: Waiter[M]) -> None:
        """Forget a request; responses arriving for it from now on count as late."""
        if self._waiters.get(waiter.msg_id) is waiter:
            del self._waiters[waiter.msg_id]
        waiter.future.cancel()  # no-op if already answered
        self._abandoned[waiter.msg_id] = None
        while len(self._abandoned) > self._late_memory:
            self._abandoned.popitem(last=False)

    def deliver(self, response: M) -> bool:
        """Hand ``response`` to the request named by its ``parent_msg_id``; never blocks.

        Returns:
            Whether a waiting request took the response.
        """
        parent = response.parent_msg_id
        waiter = self._waiters.get(parent) if parent else None
        if waiter is None or waiter.future.done():
            if parent and (waiter is not None or parent in self._abandoned):
                self._late += 1
                self._log_drop("late", response, first=self._late == 1)
            else:
                self._unmatched += 1
                self._log_drop("unmatched", response, first=self._unmatched == 1)
            return False
        waiter.responses.append(response)
        self._delivered += 1
        if len(waiter.responses) >= waiter.expected:
            waiter.future.set_result(list(waiter.responses))
        return True

    def statistics(self) -> PendingStatistics:
        return PendingStatistics(
            pending=len(self._waiters), delivered=self._delivered, late=self._late, unmatched=self._unmatched
        )

    @staticmethod
    def _log_drop(kind: str, response: Envelope, *, first: bool) -> None:
        level = logging.WARNING if first else logging.DEBUG
        suffix = " (further ones are counted and logged at DEBUG)" if first else ""
        logger.log(
            level,
            "Dropped %s response %s to message %s%s",
            kind,
            response.msg_id,
            response.parent_msg_id or "<none>",
            suffix,
        )
